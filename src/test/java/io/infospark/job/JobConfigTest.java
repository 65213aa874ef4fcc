package io.infospark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.core.BadInputException;
import io.infospark.core.LogBase;
import io.infospark.measure.Binning;
import io.infospark.measure.NullPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing and validation of job files and flags; no Spark. */
class JobConfigTest {
  private static final Jobs JOBS = Jobs.standard();

  @TempDir
  Path dir;

  private String jobFile(String... lines) throws IOException {
    Path f = dir.resolve("job.properties");
    Files.write(f, List.of(lines));
    return f.toString();
  }

  private static JobConfig parse(String... args) {
    return JobConfig.parse(args, JOBS);
  }

  private static String error(String... args) {
    return assertThrows(BadInputException.class, () -> parse(args)).getMessage();
  }

  @Test
  void defaults() {
    JobConfig c = parse("profile", "--input", "x.csv");
    assertEquals("profile", c.jobName());
    assertEquals(LogBase.E, c.get(JobConfig.BASE));
    assertEquals(NullPolicy.DROP, c.get(JobConfig.NULLS));
    assertEquals(Binning.EQUAL_WIDTH, c.get(JobConfig.BINNING));
    assertEquals(20, c.get(JobConfig.BINS));
    assertEquals(List.of(), c.get(JobConfig.COLUMNS));
    assertEquals(true, c.get(JobConfig.SHOW));
    assertEquals("parquet", c.get(JobConfig.OUTPUT_FORMAT));
    assertTrue(c.runId().matches("\\d{8}T\\d{6}Z"), c.runId());
    assertEquals(c.runId(), c.resolved().get("run-id"));
  }

  @Test
  void jobFileWithCommentsAndFlagOverride() throws IOException {
    String f = jobFile(
        "# a comment",
        "   # an indented comment",
        "",
        "job = profile",
        "input = data/x.csv",
        "base=2",
        "columns = a, b ,c",
        "bins = 7");
    JobConfig c = parse(f, "--base", "10", "--nulls=category");
    assertEquals("data/x.csv", c.get(JobConfig.INPUT));
    assertEquals(LogBase.TEN, c.get(JobConfig.BASE));
    assertEquals(NullPolicy.CATEGORY, c.get(JobConfig.NULLS));
    assertEquals(List.of("a", "b", "c"), c.get(JobConfig.COLUMNS));
    assertEquals(7, c.get(JobConfig.BINS));
    assertEquals("10", c.resolved().get("base"));
  }

  @Test
  void valuesAreNotExpanded() throws IOException {
    String f = jobFile("job = profile", "input = ${HOME}/x#y.csv");
    assertEquals("${HOME}/x#y.csv", parse(f).get(JobConfig.INPUT));
  }

  @Test
  void unknownKeyInFileNamesKeyFileAndValidKeys() throws IOException {
    String f = jobFile("job = profile", "input = x.csv", "colour = red");
    String m = error(f);
    assertTrue(m.contains("'colour'") && m.contains(f) && m.contains("valid keys for profile:")
        && m.contains("columns") && m.contains("binning"), m);
  }

  @Test
  void misspeltKeySuggestsTheClosest() throws IOException {
    String f = jobFile("job = profile", "input = x.csv", "colums = a");
    String m = error(f);
    assertTrue(m.contains("'colums'") && m.contains("did you mean 'columns'?") && m.contains(f), m);
    String flag = error("profile", "--input", "x.csv", "--bnis", "3");
    assertTrue(flag.contains("'bnis'") && flag.contains("on the command line")
        && flag.contains("did you mean 'bins'?"), flag);
  }

  @Test
  void badValuesNameTheKey() throws IOException {
    assertTrue(error("profile", "--input", "x", "--base", "3").startsWith("base: expected e, 2 or 10"));
    assertTrue(error("profile", "--input", "x", "--bins", "0").startsWith("bins: expected a whole number"));
    assertTrue(error("profile", "--input", "x", "--bins", "ten").startsWith("bins:"));
    assertTrue(error("profile", "--input", "x", "--nulls", "keep").startsWith("nulls: expected drop or category"));
    assertTrue(error("profile", "--input", "x", "--format", "xlsx").startsWith("format: expected csv, parquet"));
    assertTrue(error("profile", "--input", "x", "--output-format", "txt").startsWith("output-format:"));
    assertTrue(error("profile", "--input", "x", "--binning", "log").startsWith("binning:"));
    assertTrue(error("profile", "--input", "x", "--show", "maybe").startsWith("show:"));
    assertTrue(error("profile", "--input", "x", "--run-id", "a/b").startsWith("run-id:"));
    String f = jobFile("job = profile", "input = x", "base = 3");
    String m = error(f);
    assertTrue(m.startsWith("base:") && m.contains(f), m);
  }

  /** '.' alone is refused (a path, not a partition name): the message says why. */
  @Test
  void runIdMustStartWithALetterOrDigit() {
    for (String id : List.of(".", "..", "-x", "_x")) {
      String m = error("profile", "--input", "x", "--run-id", id);
      assertTrue(m.startsWith("run-id: expected a letter or digit followed by"), m);
    }
    assertEquals("2026-01-31", parse("profile", "--input", "x", "--run-id", "2026-01-31").runId());
  }

  /** Windows editors save UTF-8 with a byte order mark: the first line is still the job line. */
  @Test
  void jobFileWithAByteOrderMark() throws IOException {
    Path f = dir.resolve("bom.properties");
    Files.write(f, ("\uFEFFjob = profile\ninput = x.csv\nbase = 2\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    JobConfig c = parse(f.toString());
    assertEquals("profile", c.jobName());
    assertEquals(LogBase.TWO, c.get(JobConfig.BASE));
  }

  @Test
  void delimiterValues() {
    assertEquals(";", parse("profile", "--input", "x.csv", "--delimiter", ";").get(JobConfig.DELIMITER));
    assertEquals("\t", parse("profile", "--input", "x.csv", "--delimiter", "\\t").get(JobConfig.DELIMITER));
    assertEquals("\t", parse("profile", "--input", "x.csv", "--delimiter", "tab").get(JobConfig.DELIMITER));
    assertTrue(error("profile", "--input", "x.csv", "--delimiter", ";;").startsWith("delimiter: expected one character"));
    assertTrue(error("profile", "--input", "x.csv", "--delimiter", "\"").startsWith("delimiter:"));
    assertTrue(error("profile", "--input", "x.parquet", "--delimiter", ";").startsWith("delimiter: only for CSV"));
    assertTrue(error("profile", "--input", "x.csv", "--merge-schema", "true").startsWith("merge-schema: only for"));
    assertEquals(true, parse("profile", "--input", "x", "--merge-schema", "true").get(JobConfig.MERGE_SCHEMA));
  }

  @Test
  void inputOrTable() {
    assertTrue(error("profile").startsWith("input: missing"));
    assertTrue(error("profile", "--input", "x", "--table", "t").contains("not both"));
    assertFalse(parse("profile", "--table", "t").has(JobConfig.INPUT));
  }

  @Test
  void unknownJob() {
    String m = error("profil", "--input", "x");
    assertTrue(m.contains("unknown job 'profil'") && m.contains("did you mean 'profile'?"), m);
  }

  @Test
  void malformedJobFiles() throws IOException {
    String noEquals = jobFile("job = profile", "input x.csv");
    assertTrue(error(noEquals).startsWith(noEquals + ":2: expected 'key = value'"));
    String twice = jobFile("job = profile", "input = a", "input = b");
    assertTrue(error(twice).startsWith(twice + ":3: key 'input' is given twice"));
    String noJob = jobFile("input = a");
    assertTrue(error(noJob).contains("no 'job = <name>' line"));
    String badJob = jobFile("job = profiel", "input = a");
    assertTrue(error(badJob).contains("unknown job 'profiel'"));
    assertTrue(error(dir.resolve("missing.properties").toString()).endsWith("no such file"));
  }

  @Test
  void malformedFlags() {
    assertTrue(error("profile", "input", "x").contains("expected --key value"));
    assertTrue(error("profile", "--input").contains("--input needs a value"));
    assertTrue(error("profile", "--job", "profile").contains("first argument"));
  }

  @Test
  void usageListsEveryKeyOfEveryJob() {
    String u = JobConfig.usage(JOBS);
    for (Job j : JOBS.all()) {
      for (JobConfig.Key<?> k : j.keys()) {
        assertTrue(u.contains("--" + k.name()), k.name());
      }
    }
  }
}
