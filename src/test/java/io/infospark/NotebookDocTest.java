package io.infospark;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.infospark.testing.SparkTestSession;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;

/**
 * Runs every {@code ```java} cell of {@code docs/notebook.md}, in order, in one JShell (the engine
 * of Java notebook kernels) on the test classpath, in this JVM ("local" execution engine), so the
 * cells share the suite's SparkSession. A rejected snippet, a compile error or an exception fails
 * with the cell's text: the documentation cannot rot.
 */
class NotebookDocTest {
  static final Path DOC = Path.of("docs", "notebook.md");

  /** The ```java fenced blocks of a markdown file. */
  static List<String> javaCells(Path markdown) throws IOException {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = null;
    for (String line : Files.readAllLines(markdown, StandardCharsets.UTF_8)) {
      if (cell == null && line.strip().equals("```java")) {
        cell = new StringBuilder();
      } else if (cell != null && line.strip().equals("```")) {
        cells.add(cell.toString());
        cell = null;
      } else if (cell != null) {
        cell.append(line).append('\n');
      }
    }
    return cells;
  }

  @Test
  void everyJavaCellRuns() throws IOException {
    SparkTestSession.get(); // the cells pick it up
    List<String> cells = javaCells(DOC);
    assertFalse(cells.isEmpty(), "no ```java cells in " + DOC);
    try (JShell shell = JShell.builder().executionEngine("local").build()) {
      for (String entry : classpath()) {
        shell.addToClasspath(entry);
      }
      for (int i = 0; i < cells.size(); i++) {
        run(shell, i + 1, cells.get(i));
      }
    }
  }

  /** The class Javadoc example of the facade, the first {@code <pre>{@code …}</pre>} block, runs too. */
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
      run(shell, 1, example);
    }
  }

  @Test
  void aBrokenCellFailsWithItsText() {
    try (JShell shell = JShell.builder().executionEngine("local").build()) {
      AssertionError e = assertThrows(AssertionError.class, () -> run(shell, 1, "int x = \"text\";\n"));
      assertTrue(e.getMessage().contains("cell 1: rejected") && e.getMessage().contains("int x"), e.getMessage());
      e = assertThrows(AssertionError.class, () -> run(shell, 2, "Integer.parseInt(\"nope\");\n"));
      assertTrue(e.getMessage().contains("cell 2") && e.getMessage().contains("NumberFormatException"), e.getMessage());
    }
  }

  private static void run(JShell shell, int number, String cell) {
    SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
    String rest = cell;
    while (!rest.isBlank()) {
      SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
      if (!info.completeness().isComplete()) {
        fail("cell " + number + ": incomplete Java at '" + rest.strip() + "'\n--- cell\n" + cell);
      }
      for (SnippetEvent e : shell.eval(info.source())) {
        if (e.status() == Snippet.Status.REJECTED) {
          StringBuilder why = new StringBuilder();
          shell.diagnostics(e.snippet()).forEach(d -> why.append(d.getMessage(null)).append('\n'));
          fail("cell " + number + ": rejected: " + e.snippet().source().strip() + "\n" + why + "--- cell\n" + cell);
        }
        if (e.exception() != null) {
          String type = e.exception() instanceof jdk.jshell.EvalException ee ? ee.getExceptionClassName()
              : e.exception().getClass().getName();
          fail("cell " + number + ": " + e.snippet().source().strip() + "\nthrew " + type + ": "
              + e.exception().getMessage() + "\n--- cell\n" + cell, e.exception());
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
