package io.infospark.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The user documentation as tests read it: README.md and every markdown file under docs/, and
 * their fenced code blocks. Tests that run the examples take them from here, so a new page or a
 * new example is covered without a change to the tests.
 */
public final class Markdown {
  private Markdown() {}

  /** A fenced block: its file, the line of its opening fence, its language and its text. */
  public record Block(Path file, int line, String language, String text) {
    /** Where the block is, for failure messages: {@code README.md:120}. */
    public String where() {
      return file + ":" + line;
    }
  }

  /** README.md and docs/**.md, in a fixed order (README first, then by path). */
  public static List<Path> documents() {
    List<Path> docs = new ArrayList<>();
    docs.add(Path.of("README.md"));
    if (Files.isDirectory(Path.of("docs"))) {
      try (Stream<Path> s = Files.walk(Path.of("docs"))) {
        s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return docs;
  }

  /** Every fenced block of a file (``` or ~~~ fences; the language is the word after the fence, or ""). */
  public static List<Block> blocks(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Block> out = new ArrayList<>();
    String fence = null;
    String language = null;
    int start = 0;
    StringBuilder text = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String stripped = line.strip();
      if (fence == null) {
        Matcher m = Pattern.compile("^(```+|~~~+)\\s*([\\w+-]*).*$").matcher(stripped);
        if (m.matches()) {
          fence = m.group(1);
          language = m.group(2).toLowerCase(java.util.Locale.ROOT);
          start = i + 1;
          text = new StringBuilder();
        }
      } else if (stripped.equals(fence)) {
        out.add(new Block(file, start, language, text.toString()));
        fence = null;
      } else {
        text.append(line).append('\n');
      }
    }
    return out;
  }

  /** The blocks of one language in every document. */
  public static List<Block> blocks(String language) {
    List<Block> out = new ArrayList<>();
    for (Path doc : documents()) {
      blocks(doc).stream().filter(b -> b.language().equals(language)).forEach(out::add);
    }
    return out;
  }

  /**
   * The SQL statements of a block: each ends with {@code ;} at the end of a line, or the block is
   * one statement. Comment-only lines are dropped.
   */
  public static List<String> sqlStatements(String block) {
    List<String> out = new ArrayList<>();
    for (String s : block.split(";[ \\t]*(--[^\\n]*)?(\\R|$)")) {
      String statement = s.lines().filter(l -> !l.strip().startsWith("--"))
          .collect(java.util.stream.Collectors.joining("\n")).strip();
      if (!statement.isEmpty()) {
        out.add(statement);
      }
    }
    return out;
  }

  /**
   * The SQL a Python block sends to Spark: the strings of {@code spark.sql("…")} /
   * {@code spark.sql("""…""")} and of {@code F.expr("…")} (an expression, not a statement). Python
   * f-strings are left out: their text is not the SQL until Python fills it in.
   */
  public record PythonSql(List<String> statements, List<String> expressions) {}

  public static PythonSql pythonSql(String block) {
    List<String> statements = new ArrayList<>();
    Matcher m = Pattern.compile("spark\\.sql\\(\\s*(\"\"\"(.*?)\"\"\"|\"([^\"]*)\")", Pattern.DOTALL).matcher(block);
    while (m.find()) {
      statements.add((m.group(2) != null ? m.group(2) : m.group(3)).strip());
    }
    List<String> expressions = new ArrayList<>();
    Matcher e = Pattern.compile("F\\.expr\\(\"([^\"]+)\"\\)").matcher(block);
    while (e.find()) {
      expressions.add(e.group(1));
    }
    return new PythonSql(statements, expressions);
  }
}
