package io.infospark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.core.BadInputException;
import io.infospark.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.function.ForeachFunction;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and error messages of the command line (DESIGN.md §3). */
class MainTest {
  private static SparkSession spark;

  @TempDir
  Path dir;

  @BeforeAll
  static void session() {
    spark = SparkTestSession.get();
  }

  /** A job that runs {@code body}. */
  private static Jobs jobThat(ThrowingBody body) {
    return new Jobs(new Job() {
      @Override public String name() { return "test"; }
      @Override public String description() { return "test"; }
      @Override public List<JobConfig.Key<?>> keys() { return List.of(); }
      @Override public void run(JobContext c) throws Exception { body.run(c); }
    });
  }

  interface ThrowingBody {
    void run(JobContext c) throws Exception;
  }

  private Path csv(String... lines) throws IOException {
    Path f = dir.resolve("small.csv");
    Files.write(f, List.of(lines));
    return f;
  }

  @Test
  void success() {
    JobRun r = JobRun.with(jobThat(c -> c.out().println("ran " + c.config().jobName())), "test");
    assertEquals(0, r.code(), r.toString());
    assertEquals("ran test", r.out().strip());
    assertFalse(spark.sparkContext().isStopped(), "a session the job did not create must not be stopped");
  }

  @Test
  void noArguments() {
    JobRun r = JobRun.of();
    assertTrue(r.isOneLineBadInput() && r.err().contains("usage:"), r.toString());
  }

  @Test
  void help() {
    JobRun r = JobRun.of("--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("--columns"), r.out());
  }

  /** profile --help, --help profile, help profile, profile -h: that job's keys; -h alone: every job's. */
  @Test
  void helpForOneJob() {
    for (String[] args : List.of(new String[] {"profile", "--help"}, new String[] {"--help", "profile"},
        new String[] {"help", "profile"}, new String[] {"profile", "-h"},
        new String[] {"profile", "--input", "x.csv", "--help"})) {
      JobRun r = JobRun.of(args);
      assertEquals(0, r.code(), String.join(" ", args) + "\n" + r);
      assertTrue(r.out().startsWith("usage: infospark profile"), String.join(" ", args) + "\n" + r.out());
      assertTrue(r.out().contains("--columns") && r.out().contains("--summary"), r.out());
      assertFalse(r.out().contains("--target"), "only profile's keys: " + r.out());
    }
    JobRun all = JobRun.of("-h");
    assertEquals(0, all.code(), all.toString());
    assertTrue(all.out().contains("--target") && all.out().contains("--columns"), all.out());
  }

  /** A column listed twice was profiled twice, and mutual-info paired it with itself. */
  @Test
  void columnListedTwiceIsRefused() throws IOException {
    Path f = csv("x1,x2", "a,1", "b,2");
    for (String job : List.of("profile", "mutual-info", "compare")) {
      List<String> args = new java.util.ArrayList<>(List.of(job, "--input", f.toString(), "--columns", "x1,x2,x1"));
      if (job.equals("compare")) {
        args.addAll(List.of("--reference", f.toString()));
      }
      JobRun r = JobRun.of(args.toArray(new String[0]));
      assertTrue(r.isOneLineBadInput() && r.err().contains("'x1'") && r.err().contains("twice"), job + "\n" + r);
    }
  }

  @Test
  void unknownJob() {
    JobRun r = JobRun.of("profiles", "--input", "x.csv");
    assertTrue(r.isOneLineBadInput() && r.err().contains("unknown job 'profiles'"), r.toString());
  }

  @Test
  void malformedJobFile() throws IOException {
    Path f = dir.resolve("bad.properties");
    Files.write(f, List.of("job = profile", "this is not a key value line"));
    JobRun r = JobRun.of(f.toString());
    assertTrue(r.isOneLineBadInput() && r.err().contains(f + ":2:"), r.toString());
  }

  @Test
  void unknownKeyInJobFile() throws IOException {
    Path f = dir.resolve("typo.properties");
    Files.write(f, List.of("job = profile", "input = x.csv", "bsae = 2"));
    JobRun r = JobRun.of(f.toString());
    assertTrue(r.isOneLineBadInput() && r.err().contains("'bsae'") && r.err().contains(f.toString())
        && r.err().contains("did you mean 'base'?"), r.toString());
  }

  @Test
  void missingInputPath() {
    String missing = dir.resolve("no-such-file.csv").toString();
    JobRun r = JobRun.of("profile", "--input", missing);
    assertTrue(r.isOneLineBadInput() && r.err().contains(missing), r.toString());
  }

  @Test
  void missingColumnIsNamedWithTheAvailableOnes() throws IOException {
    Path f = csv("city,size", "Oslo,1", "Rome,2");
    JobRun r = JobRun.of("profile", "--input", f.toString(), "--columns", "city,sise");
    assertTrue(r.isOneLineBadInput(), r.toString());
    assertTrue(r.err().contains("'sise'") && r.err().contains("available: city, size")
        && r.err().contains("did you mean 'size'?"), r.err());
  }

  @Test
  void missingWeightColumn() throws IOException {
    Path f = csv("city,size", "Oslo,1");
    JobRun r = JobRun.of("profile", "--input", f.toString(), "--weight", "w");
    assertTrue(r.isOneLineBadInput() && r.err().startsWith("infospark: weight: no column 'w'"), r.toString());
  }

  @Test
  void missingTable() {
    JobRun r = JobRun.of("profile", "--table", "no_such_table_here");
    assertTrue(r.isOneLineBadInput() && r.err().contains("no_such_table_here"), r.toString());
  }

  @Test
  void unreadableInput() throws IOException {
    Path f = dir.resolve("broken.parquet");
    Files.writeString(f, "this is not parquet");
    JobRun r = JobRun.of("profile", "--input", f.toString());
    assertTrue(r.isOneLineBadInput() && r.err().contains("cannot read") && r.err().contains(f.toString()),
        r.toString());
  }

  @Test
  void corruptFileMetByATaskIsBadInput() throws IOException {
    Path folder = dir.resolve("table");
    spark.range(3).write().parquet(folder.toString());
    Files.writeString(folder.resolve("part-99999-corrupt.parquet"), "not parquet at all");
    JobRun r = JobRun.with(jobThat(c -> c.spark().read().parquet(folder.toString()).count()), "test");
    assertTrue(r.isOneLineBadInput() && r.err().contains("part-99999-corrupt.parquet"), r.toString());
  }

  @Test
  void csvEmptyFieldIsNullAndTypesAreInferred() throws IOException {
    Path f = csv("name,score,answer", "a,1.5,yes", ",2,no", "c,,yes");
    JobConfig config = JobConfig.parse(new String[] {"profile", "--input", f.toString()}, Jobs.standard());
    org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> df = Inputs.read(spark, config);
    assertEquals("double", df.schema().apply("score").dataType().simpleString());
    assertEquals("string", df.schema().apply("answer").dataType().simpleString());
    assertEquals(1, df.where("name is null").count());
    assertEquals(1, df.where("score is null").count());
  }

  @Test
  void analysisExceptionIsBadInput() {
    JobRun r = JobRun.with(jobThat(c -> c.spark().range(1).select("no_such_column").count()), "test");
    assertTrue(r.isOneLineBadInput() && r.err().contains("no_such_column"), r.toString());
  }

  @Test
  void badInputInsideASparkTaskIsUnwrapped() {
    JobRun r = JobRun.with(jobThat(c -> c.spark().range(3).foreach(
        (ForeachFunction<Long>) x -> {
          throw new BadInputException("weight: negative weight -1 in column w");
        })), "test");
    assertTrue(r.isOneLineBadInput(), r.toString());
    assertEquals("infospark: weight: negative weight -1 in column w", r.err().strip());
  }

  @Test
  void thresholdExceededIsExit3() {
    JobRun r = JobRun.with(jobThat(c -> {
      throw new ThresholdExceededException("kl of city 0.31 nats > max-kl 0.1");
    }), "test");
    assertEquals(Main.THRESHOLD_EXCEEDED, r.code(), r.toString());
    assertEquals("infospark: kl of city 0.31 nats > max-kl 0.1", r.err().strip());
  }

  @Test
  void bugIsExit1WithStackTrace() {
    JobRun r = JobRun.with(jobThat(c -> {
      throw new IllegalStateException("a bug");
    }), "test");
    assertEquals(Main.FAILED, r.code(), r.toString());
    assertTrue(r.err().contains("a bug") && r.err().contains("\tat "), r.err());
  }
}
