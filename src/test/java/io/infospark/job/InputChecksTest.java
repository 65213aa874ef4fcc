package io.infospark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.infospark.testing.LogCapture;
import io.infospark.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs that are not what their format says, or that Spark would read wrongly without a word,
 * through the command line: each is refused with exit 2 and one line naming the file or column
 * (nothing logged with a stack trace), or read correctly by an explicit option.
 */
class InputChecksTest {
  @TempDir
  static Path dir;
  private static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SparkTestSession.get();
  }

  /** A run of the command line, with what Spark logged meanwhile. */
  record Logged(JobRun run, List<String> traces) {
    @Override
    public String toString() {
      return run + "--- logged with a stack trace\n" + String.join("\n", traces);
    }
  }

  static Logged run(String... args) {
    try (LogCapture log = LogCapture.start()) {
      JobRun r = JobRun.of(args);
      return new Logged(r, log.traces());
    }
  }

  static void assertRefused(Logged r, String... mentions) {
    assertTrue(r.run().isOneLineBadInput(), r.toString());
    for (String m : mentions) {
      assertTrue(r.run().err().contains(m), "should mention '" + m + "':\n" + r);
    }
    assertEquals(List.of(), r.traces(), "nothing logged with a stack trace");
  }

  static Path write(Path file, String... lines) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.write(file, List.of(lines));
  }

  static JsonNode summary(Path file) throws IOException {
    return SummaryWriter.JSON.readTree(file.toFile());
  }

  static JsonNode column(JsonNode summary, String name) {
    for (JsonNode c : summary.get("columns")) {
      if (c.get("column").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no column " + name + " in " + summary);
  }

  /** A glob that matches files was looked up as a file first: Spark logged a FileNotFoundException trace. */
  @Test
  void globMatchingFilesRunsWithoutATrace() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("glob"));
    Files.copy(Path.of("data/penguins.csv"), folder.resolve("penguins-1.csv"));
    Files.copy(Path.of("data/penguins.csv"), folder.resolve("penguins-2.csv"));
    Path s = dir.resolve("glob.json");
    Logged r = run("profile", "--input", folder + "/pen*.csv", "--columns", "Species", "--show", "false",
        "--summary", s.toString());
    assertEquals(0, r.run().code(), r.toString());
    assertEquals(List.of(), r.traces(), "nothing logged with a stack trace");
    // data/penguins.csv: 344 rows, every one with a species; twice
    assertEquals(688, column(summary(s), "Species").get("count").asLong());
  }

  /** CSV, JSON and text in one folder: 185 lines of Spark errors before; now one line naming each kind. */
  @Test
  void mixedFormatFolderIsRefused() throws IOException {
    Path folder = dir.resolve("mixed");
    write(folder.resolve("a.csv"), "x,y", "1,a", "2,b");
    write(folder.resolve("b.json"), "{\"x\": 3, \"y\": \"c\"}");
    write(folder.resolve("c.txt"), "some notes");
    assertRefused(run("profile", "--input", folder.toString(), "--format", "csv"),
        "a.csv", "b.json", "c.txt", "csv");
    assertRefused(run("profile", "--input", folder.toString()), "a.csv", "b.json", "c.txt", "parquet");
  }

  /** JSON lines read as CSV became columns named after the JSON text. */
  @Test
  void jsonFilesReadAsCsvAreRefused() throws IOException {
    Path folder = dir.resolve("json-as-csv");
    write(folder.resolve("a.json"), "{\"x\": 1, \"y\": \"a\"}", "{\"x\": 2, \"y\": \"b\"}");
    write(folder.resolve("b.json"), "{\"x\": 3, \"y\": \"c\"}");
    assertRefused(run("profile", "--input", folder.toString(), "--format", "csv"), "a.json", "--format json");
    Path one = folder.resolve("a.json");
    assertRefused(run("profile", "--input", one.toString(), "--format", "csv"), one.toString(), "--format json");
  }

  /** A malformed JSON line was profiled as a column named _corrupt_record. */
  @Test
  void malformedJsonLineIsNamed() throws IOException {
    Path file = write(dir.resolve("bad.json"), "{\"x\": 1, \"y\": \"a\"}", "{\"x\": 2, \"y\": ", "{\"x\": 3, \"y\": \"c\"}");
    assertRefused(run("profile", "--input", file.toString()), "bad.json", "{\"x\": 2, \"y\":", "JSON");
  }

  /** Parquet files with different columns: the schema came from one file and a column was silently missing. */
  @Test
  void parquetFilesWithDifferentColumns() throws IOException {
    String folder = dir.resolve("parquet-drift").toString();
    spark.sql("SELECT * FROM VALUES (1, 'x'), (2, 'y') AS t(a, b)").coalesce(1).write().parquet(folder);
    spark.sql("SELECT * FROM VALUES (3, 'p'), (4, 'q'), (5, 'q') AS t(a, c)").coalesce(1).write().mode("append")
        .parquet(folder);
    Logged refused = run("profile", "--input", folder);
    assertRefused(refused, "--merge-schema true");
    assertTrue(refused.run().err().contains("'b'") || refused.run().err().contains("'c'"), refused.toString());
    Path s = dir.resolve("merged.json");
    JobRun merged = JobRun.of("profile", "--input", folder, "--merge-schema", "true", "--show", "false",
        "--summary", s.toString());
    assertEquals(0, merged.code(), merged.toString());
    JsonNode summary = summary(s);
    assertEquals(5, column(summary, "a").get("count").asLong());
    assertEquals(2, column(summary, "b").get("count").asLong());
    assertEquals(3, column(summary, "b").get("nulls").asLong());
    assertEquals(3, column(summary, "c").get("count").asLong());
    assertEquals(2, column(summary, "c").get("nulls").asLong());
  }

  /** A semicolon-separated file was read as one column named 'a;b;c'. */
  @Test
  void semicolonSeparatedCsv() throws IOException {
    Path file = write(dir.resolve("semi.csv"), "a;b;c", "1;x;2.5", "2;y;3.5");
    assertRefused(run("profile", "--input", file.toString()), "semi.csv", "--delimiter ';'");
    Path s = dir.resolve("semi.json");
    JobRun r = JobRun.of("profile", "--input", file.toString(), "--delimiter", ";", "--show", "false",
        "--summary", s.toString());
    assertEquals(0, r.code(), r.toString());
    JsonNode summary = summary(s);
    assertEquals(3, summary.get("columns").size());
    assertEquals("int", column(summary, "a").get("type").asText());
    assertEquals(2, column(summary, "b").get("distinct").asLong());
    Path tabs = write(dir.resolve("tabs.tsv"), "a\tb", "1\tx");
    JobRun t = JobRun.of("profile", "--input", tabs.toString(), "--format", "csv", "--delimiter", "\\t",
        "--show", "false", "--summary", s.toString());
    assertEquals(0, t.code(), t.toString());
    assertEquals(2, summary(s).get("columns").size());
  }

  @Test
  void delimiterIsForCsvOnly() {
    JobRun r = JobRun.of("profile", "--input", "data/penguins.parquet", "--delimiter", ";");
    assertTrue(r.isOneLineBadInput() && r.err().contains("delimiter"), r.toString());
    r = JobRun.of("profile", "--input", "data/penguins.csv", "--delimiter", ";;");
    assertTrue(r.isOneLineBadInput() && r.err().contains("delimiter"), r.toString());
  }

  /** Spark renamed repeated header names (a → a0, a2) without a word. */
  @Test
  void repeatedHeaderNamesAreRefused() throws IOException {
    Path file = write(dir.resolve("dup.csv"), "a,b,a", "1,2,3");
    assertRefused(run("profile", "--input", file.toString()), "dup.csv", "'a'", "twice");
    Path cased = write(dir.resolve("dup-case.csv"), "Name,name", "1,2");
    assertRefused(run("profile", "--input", cased.toString()), "'Name'", "'name'");
  }

  /** CSV files whose headers disagree: Spark took the first header and read the others' columns under it. */
  @Test
  void csvFilesWithDifferentHeadersAreRefused() throws IOException {
    Path folder = dir.resolve("headers");
    write(folder.resolve("1.csv"), "x,y", "1,a");
    write(folder.resolve("2.csv"), "y,x", "b,2");
    JobRun r = JobRun.of("profile", "--input", folder.toString(), "--format", "csv");
    assertTrue(r.isOneLineBadInput(), r.toString());
    assertTrue(r.err().contains("2.csv") || r.err().contains("1.csv"), r.toString());
  }

  /** An unnamed column (pandas writes its index so) is read as Spark names it, _c<i>. */
  @Test
  void emptyHeaderNameIsReadAsSparkNamesIt() throws IOException {
    Path file = write(dir.resolve("unnamed.csv"), ",a", "0,x", "1,y");
    Path s = dir.resolve("unnamed.json");
    JobRun r = JobRun.of("profile", "--input", file.toString(), "--show", "false", "--summary", s.toString());
    assertEquals(0, r.code(), r.toString());
    assertEquals(2, column(summary(s), "_c0").get("distinct").asLong());
  }

  static List<String> args(String... a) {
    return new ArrayList<>(List.of(a));
  }
}
