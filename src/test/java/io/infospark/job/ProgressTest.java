package io.infospark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress on stderr: a line rewritten in place at a terminal (forced here), nothing at all
 * otherwise, so a scheduler's log gets only what it got before.
 */
class ProgressTest {
  private static final String LINE = "infospark: stage \\d+( \\([^)$]+\\))?: \\d+/\\d+ tasks, \\d+:\\d\\d elapsed(, \\S+ rows/s)?";
  private final SparkSession spark = SparkTestSession.get();

  @TempDir
  Path dir;

  /** A job of a few seconds' work over 344 rows: the filter sleeps. */
  private long slowCount() {
    return spark.read().option("header", "true").csv("data/penguins.csv").repartition(4)
        .filter((FilterFunction<Row>) r -> {
          Thread.sleep(3);
          return true;
        }).count();
  }

  private static String waitFor(Progress p, String regex) throws InterruptedException {
    String line = p.line();
    for (int i = 0; i < 300 && (line == null || !line.matches(regex)); i++) {
      Thread.sleep(100); // the listener bus delivers events after the job returns
      line = p.line();
    }
    return line;
  }

  @Test
  void atATerminalALineRewrittenInPlaceThenALineBreak() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Progress p = Progress.forTest(spark.sparkContext(), err, System::nanoTime, Duration.ofMillis(20));
    try (p) {
      assertEquals(344, slowCount());
      waitFor(p, ".*: 1/1 tasks.*");
      Thread.sleep(100);
    }
    String shown = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(shown.startsWith("\r") && shown.endsWith(System.lineSeparator()), shown);
    List<String> lines = List.of(shown.strip().split("\r"));
    assertTrue(lines.size() >= 2, shown);
    for (String line : lines) {
      assertTrue(line.strip().matches(LINE), "'" + line + "' in " + shown);
    }
    assertTrue(lines.stream().anyMatch(l -> l.matches("infospark: stage \\d+( \\(count\\))?: \\d/4 tasks.*")), "the 4-task stage: " + shown);
    int before = bytes.size();
    slowCount();
    Thread.sleep(200);
    assertEquals(before, bytes.size(), "closed: nothing more");
  }

  @Test
  void theLineSaysStageTasksElapsedAndRowsPerSecond() throws Exception {
    AtomicLong clock = new AtomicLong();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Progress p = Progress.forTest(spark.sparkContext(), new PrintStream(bytes, true, StandardCharsets.UTF_8),
        clock::get, Duration.ofDays(1))) {
      slowCount();
      clock.set(65_000_000_000L);
      // 344 data rows (345 with the header line) read in 65 s: 5.3 rows/s
      String line = waitFor(p, "infospark: stage \\d+( \\(count\\))?: 1/1 tasks, 1:05 elapsed, 5 rows/s");
      assertTrue(line.matches("infospark: stage \\d+( \\(count\\))?: 1/1 tasks, 1:05 elapsed, 5 rows/s"), line);
    }
  }

  @Test
  void rowsPerSecondReadBriefly() {
    assertEquals("950", Progress.rows(950));
    assertEquals("12.3k", Progress.rows(12_345));
    assertEquals("1.2M", Progress.rows(1_234_567));
    assertEquals("3.0G", Progress.rows(3e9));
  }

  @Test
  void notATerminalNothingExtra() {
    Path summary = dir.resolve("s.json");
    for (List<String> extra : List.of(List.<String>of(), List.of("--progress", "false"))) {
      List<String> args = new java.util.ArrayList<>(List.of("profile", "--input", "data/penguins.csv",
          "--summary", summary.toString(), "--show", "false"));
      args.addAll(extra);
      JobRun r = JobRun.of(args.toArray(new String[0]));
      assertEquals(0, r.code(), r.toString());
      assertEquals("", r.err(), r.toString());
    }
  }

  @Test
  void wantedWhenAskedOrAtATerminal() {
    String before = System.getProperty(Progress.TERMINAL_PROPERTY);
    try {
      System.setProperty(Progress.TERMINAL_PROPERTY, "true");
      assertTrue(Progress.wanted(JobConfig.parse(new String[] {"profile", "--input", "data/penguins.csv"}, Jobs.standard())));
      assertFalse(Progress.wanted(JobConfig.parse(new String[] {"profile", "--input", "data/penguins.csv", "--progress", "false"}, Jobs.standard())));
      System.setProperty(Progress.TERMINAL_PROPERTY, "false");
      assertFalse(Progress.wanted(JobConfig.parse(new String[] {"profile", "--input", "data/penguins.csv"}, Jobs.standard())));
      assertTrue(Progress.wanted(JobConfig.parse(new String[] {"profile", "--input", "data/penguins.csv", "--progress", "true"}, Jobs.standard())));
    } finally {
      if (before == null) {
        System.clearProperty(Progress.TERMINAL_PROPERTY);
      } else {
        System.setProperty(Progress.TERMINAL_PROPERTY, before);
      }
    }
  }
}
