package io.infospark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.infospark.testing.JShellSession;
import io.infospark.testing.Markdown;
import io.infospark.testing.SparkTestSession;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java of the docs runs as a user pastes it. Every {@code ```java} cell of README.md and of each
 * page under docs/ (found anew each run, so new pages are covered) is pasted, in order, into a
 * JShell of its own started by {@code scripts/jshell} from the repository root, the way the docs
 * say to: a cell that does not compile, throws, or breaks when pasted line by line (a statement
 * continued on a line starting with {@code .method()}) fails with the cell, and so does a session
 * that prints Spark's INFO logging (thousands of lines) despite the documented quiet setting.
 */
@Tag("line-independent")
class NotebookDocTest {
  private static final Duration TIMEOUT = Duration.ofMinutes(8);
  /** A session logs a few INFO lines of infospark's own at most; Spark's INFO logging is thousands. */
  private static final int MAX_INFO_LINES = 40;

  @TempDir
  Path dir;

  /** The ```java cells of a markdown file, with where each starts. */
  static List<JShellSession.Cell> javaCells(Path markdown) {
    List<JShellSession.Cell> cells = new ArrayList<>();
    for (Markdown.Block b : Markdown.blocks(markdown)) {
      if (b.language().equals("java")) {
        cells.add(new JShellSession.Cell(b.where(), b.text()));
      }
    }
    return cells;
  }

  @TestFactory
  Stream<DynamicTest> javaCellsOfEveryDocRunInJShell() {
    List<Path> docs = Markdown.documents().stream().filter(d -> !javaCells(d).isEmpty()).toList();
    assertTrue(docs.contains(Path.of("docs", "notebook.md")), "docs/notebook.md has Java cells: " + docs);
    return docs.stream().map(doc -> DynamicTest.dynamicTest(doc.toString(), () -> {
      Path work = Files.createDirectories(dir.resolve(doc.toString().replace(File.separatorChar, '_')));
      JShellSession.Result r = JShellSession.run(javaCells(doc), work, TIMEOUT);
      assertEquals(List.of(), r.problems(), doc + "\n" + r);
      assertEquals(0, r.code(), r.toString());
      assertTrue(r.output().contains("@@cell " + javaCells(doc).size()), "every cell ran:\n" + r);
      assertTrue(r.infoLines() <= MAX_INFO_LINES, r.infoLines() + " INFO lines: logging is not quiet\n" + r);
    }));
  }

  /** Test-only classes are not for users: no doc's Java uses them. */
  @Test
  void docsUseNoTestClass() {
    for (Path doc : Markdown.documents()) {
      for (JShellSession.Cell c : javaCells(doc)) {
        assertFalse(c.text().contains("io.infospark.testing"), c.where() + " uses a test class:\n" + c.text());
      }
    }
  }

  /** The harness sees what a user sees: a statement continued on a '.method()' line fails when pasted. */
  @Test
  void aCellThatBreaksWhenPastedIsReported() throws Exception {
    JShellSession.Result r = JShellSession.run(List.of(
        new JShellSession.Cell("first", "String s = \"a\".concat(\"b\");\n"),
        new JShellSession.Cell("chained", "String t = \"a\".concat(\"b\")\n    .concat(\"c\");\n")), dir, TIMEOUT);
    assertEquals(1, r.problems().size(), r.toString());
    assertTrue(r.problems().get(0).startsWith("cell 2 chained: Error:"), r.toString());
  }

  /** The class Javadoc example of the facade, the first {@code <pre>{@code …}</pre>} block, pastes and runs too. */
  @Test
  void theFacadeExampleRuns() throws IOException {
    SparkTestSession.get(); // the example's getOrCreate() returns it
    String source = Files.readString(Path.of("src/main/java/io/infospark/api/InfoSpark.java"), StandardCharsets.UTF_8);
    int start = source.indexOf("<pre>{@code");
    int end = source.indexOf("}</pre>", start);
    assertTrue(start >= 0 && end > start, "no example in the facade's Javadoc");
    String example = source.substring(start + "<pre>{@code".length(), end).lines()
        .map(l -> l.replaceFirst("^\\s*\\* ?", "")).collect(java.util.stream.Collectors.joining("\n"));
    try (JShell shell = JShell.builder().executionEngine("local").build()) {
      for (String entry : classpath()) {
        shell.addToClasspath(entry);
      }
      paste(shell, "the facade's example", example);
    }
  }

  @Test
  void aBrokenLineFailsWithItsText() {
    try (JShell shell = JShell.builder().executionEngine("local").build()) {
      AssertionError e = assertThrows(AssertionError.class, () -> paste(shell, "cell 1", "int x = \"text\";\n"));
      assertTrue(e.getMessage().contains("cell 1: rejected") && e.getMessage().contains("int x"), e.getMessage());
      e = assertThrows(AssertionError.class, () -> paste(shell, "cell 2", "Integer.parseInt(\"nope\");\n"));
      assertTrue(e.getMessage().contains("cell 2") && e.getMessage().contains("NumberFormatException"), e.getMessage());
      e = assertThrows(AssertionError.class, () -> paste(shell, "cell 3", "String s = \"a\"\n    .concat(\"b\");\n"));
      assertTrue(e.getMessage().contains("cell 3: rejected"), e.getMessage());
    }
  }

  /**
   * Pastes text into an in-process JShell as the jshell tool reads it: line by line, running what
   * has been read as soon as it is a complete snippet.
   */
  static void paste(JShell shell, String where, String text) {
    SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
    String src = "";
    for (String line : text.lines().toList()) {
      src = src.isEmpty() ? line : src + "\n" + line;
      SourceCodeAnalysis.Completeness c = analysis.analyzeCompletion(src).completeness();
      if (c.isComplete() || c == SourceCodeAnalysis.Completeness.EMPTY) {
        evaluate(shell, where, src, text);
        src = "";
      }
    }
    if (!src.isBlank()) {
      fail(where + ": incomplete Java at the end: '" + src.strip() + "'\n--- text\n" + text);
    }
  }

  private static void evaluate(JShell shell, String where, String source, String text) {
    SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
    String rest = source;
    while (!rest.isBlank()) {
      SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
      for (SnippetEvent e : shell.eval(info.source())) {
        if (e.status() == Snippet.Status.REJECTED) {
          StringBuilder why = new StringBuilder();
          shell.diagnostics(e.snippet()).forEach(d -> why.append(d.getMessage(null)).append('\n'));
          fail(where + ": rejected: " + e.snippet().source().strip() + "\n" + why + "--- text\n" + text);
        }
        if (e.exception() != null) {
          String type = e.exception() instanceof jdk.jshell.EvalException ee ? ee.getExceptionClassName()
              : e.exception().getClass().getName();
          fail(where + ": " + e.snippet().source().strip() + "\nthrew " + type + ": "
              + e.exception().getMessage() + "\n--- text\n" + text, e.exception());
        }
      }
      rest = info.remaining();
    }
  }

  /** The test classpath (surefire hides it behind a manifest-only jar). */
  static List<String> classpath() {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return List.of(cp.split(File.pathSeparator)).stream().filter(s -> !s.isBlank()).toList();
  }
}
