package io.infospark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.infospark.testing.Approx;
import io.infospark.sql.SqlScript;
import io.infospark.testing.FaultPlugin;
import io.infospark.testing.Jars;
import io.infospark.testing.LocalCluster;
import io.infospark.testing.SparkSubmitRun;
import io.infospark.testing.SparkTestSession;
import io.infospark.testing.SqlScriptApp;
import io.infospark.testing.Summaries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster tier: jobs submitted through {@code scripts/submit.sh} to a Spark standalone
 * master with two workers (separate JVMs on 127.0.0.1) give the local-mode results, also when
 * every task fails once and when a worker is killed mid-job. Run alone with
 * {@code mvn -B test -Dtest.excludedGroups=bench -Dtest.groups=cluster}.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {
  private static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(6);
  /**
   * What executors have on their class path: Spark and the test classes (the fault plugin), not
   * infospark's classes, which reach them only as users ship them: the application jar of a job,
   * {@code --jars} for the SQL functions.
   */
  private static final String EXECUTOR_CLASSPATH = Jars.withoutInfospark(LocalCluster.CLASSPATH);
  @TempDir
  static Path dir;
  private static Path jar;
  private static Path submitWrapper;
  private static LocalCluster cluster;

  @BeforeAll
  static void start() throws IOException, InterruptedException {
    jar = Jars.thin(dir.resolve("infospark-test.jar"));
    submitWrapper = submitWrapper(dir.resolve("spark-submit"));
    cluster = LocalCluster.start(dir.resolve("cluster"), 2, Duration.ofMinutes(3));
    SparkTestSession.get();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** One job to run on the cluster and locally: its arguments (the summary is added). */
  record JobSpec(String name, List<String> args) {}

  static Path penguins() throws IOException {
    // a path with a space, a literal $HOME and a literal '*' (a Hadoop glob matching itself):
    // the scripts must pass it through unexpanded
    Path folder = Files.createDirectories(dir.resolve("in put/$HOME"));
    Path f = folder.resolve("pen*guins.csv");
    if (!Files.exists(f)) {
      Files.copy(Path.of("data/penguins.csv"), f);
    }
    return f;
  }

  /** The model fit-logistic saves on the cluster (everyTaskFailingOnce) and score-logistic reads. */
  static Path model() {
    return dir.resolve("model-from-cluster");
  }

  static final String SPECTOR = "src/test/resources/spector.csv";

  static List<JobSpec> jobs() throws IOException {
    String in = penguins().toString();
    return List.of(
        new JobSpec("profile", List.of("profile", "--input", in, "--base", "2", "--nulls", "category")),
        new JobSpec("compare", List.of("compare", "--input", "data/seattle-weather-2015.csv",
            "--reference", "data/seattle-weather-2012.csv", "--columns", "weather,precipitation,temp_max,wind",
            "--smoothing", "0.5")),
        new JobSpec("mutual-info", List.of("mutual-info", "--input", in, "--target", "Species")),
        new JobSpec("fit-logistic", List.of("fit-logistic", "--input", SPECTOR,
            "--label", "GRADE", "--features", "GPA,TUCE,PSI", "--prior", "gaussian:2")),
        // the model fit-logistic saved on the cluster just before (the same model in both modes)
        new JobSpec("score-logistic", List.of("score-logistic", "--input", SPECTOR,
            "--model", model().toString())));
  }

  /** The job's summary from a run in this JVM, local mode (the shared test session). */
  static JsonNode local(JobSpec job) throws IOException {
    Path summary = dir.resolve("local-" + job.name() + ".json");
    List<String> args = new ArrayList<>(job.args());
    args.addAll(List.of("--summary", summary.toString(), "--show", "false"));
    JobRun r = JobRun.of(args.toArray(new String[0]));
    assertEquals(0, r.code(), r.toString());
    return SummaryWriter.JSON.readTree(summary.toFile());
  }

  /**
   * The first job through submit.sh as it is, with nothing set: no Spark installed, so submit.sh
   * runs SparkSubmit with java itself. (Every job goes through submit.sh, faulty, below; a
   * fault-free run of each is what the local-mode results are.)
   */
  @Test
  @Order(1)
  void jobsThroughSubmitShEqualLocalMode() throws Exception {
    for (JobSpec job : jobs().subList(0, 1)) {
      Path summary = dir.resolve("cluster-" + job.name() + ".json");
      Path history = dir.resolve("history-" + job.name());
      List<String> args = new ArrayList<>(job.args());
      args.addAll(List.of("--summary", summary.toString(), "--output", history.toString(), "--run-id", "c1"));
      // no SPARK_SUBMIT, no SPARK_HOME: submit.sh runs SparkSubmit with java on the Maven classpath
      Submitted s = submit(Map.of(), List.of("--conf", "spark.hadoop.fs.s3a.secret.key=CLUSTER-SECRET-42"), args);
      assertEquals(0, s.code, s.toString());
      JsonNode cluster = SummaryWriter.JSON.readTree(summary.toFile());
      Summaries.assertSameResults(local(job), cluster, Approx.PARTITION_INVARIANT, Approx.REFERENCE);
      assertFalse(Files.readString(summary).contains("CLUSTER-SECRET-42"), "no Spark credentials in the summary");
      assertTrue(Files.isDirectory(history.resolve("run_id=c1")), s.toString());
    }
  }

  /**
   * The prior's scale chosen by cross-validation on the cluster, as the README shows it: the same
   * chosen scale, path and coefficients as in local mode (the folds do not depend on the
   * partitioning), the report with the path and the CV curve, and the model saved.
   */
  @Test
  @Order(1)
  void laplaceScaleByCrossValidationThroughSubmitSh() throws Exception {
    JobSpec job = new JobSpec("fit-logistic", List.of("fit-logistic", "--input", "data/penguins-sexed.csv",
        "--label", "Sex", "--positive", "MALE", "--features", "Species,Beak Length (mm),Beak Depth (mm)",
        "--prior", "laplace:cv"));
    Path summary = dir.resolve("cluster-cv.json");
    Path report = dir.resolve("cluster-cv.html");
    Path model = dir.resolve("cluster-cv-model");
    List<String> args = new ArrayList<>(job.args());
    args.addAll(List.of("--summary", summary.toString(), "--report", report.toString(), "--model", model.toString()));
    Submitted s = submit(Map.of("INFOSPARK_VERBOSE", "0"), List.of(), args);
    assertEquals(0, s.code, s.toString());
    // the solver's line per iteration is DEBUG: not on a user's terminal unless INFOSPARK_VERBOSE=1
    assertFalse(s.err.contains(" iteration "), s.toString());
    JsonNode cluster = SummaryWriter.JSON.readTree(summary.toFile());
    assertEquals("cv-min", cluster.get("selection").asText(), s.toString());
    assertEquals(20, cluster.get("path").size());
    Summaries.assertSameResults(local(job), cluster, Approx.PARTITION_INVARIANT, Approx.REFERENCE);
    String html = Files.readString(report);
    assertTrue(html.contains("Path of coefficients by prior scale") && html.contains("Cross-validation"), report.toString());
    assertTrue(Files.isRegularFile(model.resolve("model.json")), model.toString());
  }

  @Test
  void verboseShowsTheSolversIterations() throws Exception {
    Submitted s = submit(Map.of("INFOSPARK_VERBOSE", "1"), List.of(), List.of("fit-logistic", "--input",
        "data/penguins-sexed.csv", "--label", "Sex", "--positive", "MALE", "--features", "Beak Length (mm)"));
    assertEquals(0, s.code, s.toString());
    assertTrue(s.err.contains("newton iteration 1: J = "), s.toString());
  }

  @Test
  @Order(2)
  void everyTaskFailingOnceGivesTheSameResults() throws Exception {
    Path markers = dir.resolve("markers-flaky");
    for (JobSpec job : jobs()) {
      Path summary = dir.resolve("flaky-" + job.name() + ".json");
      Path history = dir.resolve("history-flaky-" + job.name());
      List<String> args = new ArrayList<>(job.args());
      args.addAll(List.of("--summary", summary.toString(), "--output", history.toString(), "--run-id", "f1"));
      if (job.name().equals("fit-logistic")) {
        args.addAll(List.of("--model", model().toString()));
      }
      Submitted s = submit(Map.of("SPARK_SUBMIT", submitWrapper.toString()), List.of(
          "--conf", "spark.plugins=" + FaultPlugin.class.getName(),
          "--conf", FaultPlugin.FAIL_FIRST_ATTEMPT + "=true",
          "--conf", FaultPlugin.MARKER_DIR + "=" + markers), args);
      assertEquals(0, s.code, s.toString());
      assertTrue(count(markers, "failed-") > 0, "no task failed: the fault was not injected\n" + s);
      Summaries.assertSameResults(local(job), SummaryWriter.JSON.readTree(summary.toFile()),
          Approx.PARTITION_INVARIANT, Approx.REFERENCE);
      if (job.name().equals("profile")) {
        long rows = SparkTestSession.get().read().parquet(history.toString()).count();
        assertEquals(SummaryWriter.JSON.readTree(summary.toFile()).get("columns").size(), rows,
            "one history row per column: no task output committed twice");
      }
      if (job.name().equals("score-logistic")) {
        long rows = SparkTestSession.get().read().parquet(history.toString()).count();
        assertEquals(32, SummaryWriter.JSON.readTree(summary.toFile()).get("rows").asLong());
        assertEquals(32, rows, "one scored row per input row: no task output committed twice");
      }
    }
  }

  /**
   * A worker and its executor killed (SIGKILL) while a task of the job runs: the tasks move to the
   * other worker, and the results are the same. profile is killed in its first task (the CSV's
   * schema inference); fit-logistic in a pass of the fit, after its training blocks were cached on
   * the executors, so the lost blocks must be recomputed. A new worker replaces each killed one.
   */
  /**
   * The SQL functions on the cluster with the jar added by {@code --jars} (and the extension
   * setting), as docs/sql.md says: a user's application (no infospark inside) runs every function
   * and every SQL example of the docs; the executors have no infospark class but those of the jar.
   * Before the aggregates read their state with infospark's class loader, every aggregate failed
   * with {@code ClassNotFoundException: io.infospark.sql.Tally}.
   */
  @Test
  @Order(3)
  void sqlFunctionsWithTheJarAddedByJars() throws Exception {
    Path app = Jars.application(dir.resolve("sql-app.jar"), SqlScriptApp.class);
    SqlScript script = SqlScript.write(Files.createDirectories(dir.resolve("sql")));
    SparkSubmitRun run = SparkSubmitRun.run(SparkSubmitRun.sparkClasspath(), List.of(
        "--master", cluster.masterUrl(), "--class", SqlScriptApp.class.getName(),
        "--jars", jar.toString(), "--conf", "spark.sql.extensions=io.infospark.sql.InfoSparkExtensions",
        "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1",
        "--conf", "spark.executor.memory=512m", "--conf", "spark.sql.shuffle.partitions=4",
        "--conf", "spark.executor.extraClassPath=" + SparkSubmitRun.sparkClasspath(),
        "--conf", "spark.executor.extraJavaOptions=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
        app.toString(), script.file().toString()), dir.resolve("sql-submit.log"), SUBMIT_TIMEOUT);
    script.check(new SparkSubmitRun(run.code(), run.out(), run.err() + "\n" + cluster.logs()), "cluster --jars");
  }

  @Test
  @Order(4)
  void workerKilledMidJob() throws Exception {
    killAWorkerDuring(jobs().get(0), 0, 1500);
    cluster.addWorker(Duration.ofMinutes(2));
    // fit-logistic (markers of a run): stages 0-4 read the CSV, find the label's classes and build
    // the training blocks (cached on the executor that built them); the passes of the fit follow
    killAWorkerDuring(jobs().get(3), 5, 800);
  }

  private void killAWorkerDuring(JobSpec job, int stage, int taskDelayMs) throws Exception {
    Path markers = dir.resolve("markers-kill-" + job.name());
    Path summary = dir.resolve("killed-" + job.name() + ".json");
    List<String> args = new ArrayList<>(job.args());
    args.addAll(List.of("--summary", summary.toString()));
    Process p = start(Map.of("SPARK_SUBMIT", submitWrapper.toString()), List.of(
        "--conf", "spark.plugins=" + FaultPlugin.class.getName(),
        "--conf", FaultPlugin.TASK_DELAY_MS + "=" + taskDelayMs,
        "--conf", FaultPlugin.MARKER_DIR + "=" + markers), args, "killed-" + job.name());
    try {
      // the first task of the stage tells which executor (pid) is busy: kill its worker
      long pid = awaitTaskPid(markers, stage, p, job.name());
      Process victim = cluster.workers().stream().filter(w -> w.isAlive() && LocalCluster.treeHas(w, pid))
          .findFirst().orElseThrow(() -> new AssertionError("no worker runs executor " + pid + "\n" + cluster.logs()));
      cluster.kill(victim);
      assertTrue(p.waitFor(SUBMIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the job hangs after a worker was lost");
      Submitted s = finished(p, "killed-" + job.name());
      assertEquals(0, s.code, s.toString());
      Summaries.assertSameResults(local(job), SummaryWriter.JSON.readTree(summary.toFile()),
          Approx.PARTITION_INVARIANT, Approx.REFERENCE);
      assertTrue(count(markers, "started-") > 1);
      assertTrue(ranElsewhere(markers, pid, stage), "no task of stage >= " + stage
          + " ran on another executor: " + markerNames(markers) + "\n" + s);
    } finally {
      LocalCluster.stopTree(p);
    }
  }

  /**
   * A merge whose input exceeds its memory budget on an executor: a profile of a near-unique column
   * with {@code spark.infospark.counter.maxBytes} far below a merge partition's entries spills on
   * the executors (Spark's own task metrics, read from the event log, say so) and gives the
   * local-mode results.
   */
  @Test
  @Order(4)
  void aMergeOverItsBudgetSpillsOnTheExecutorsWithTheSameResults() throws Exception {
    Path csv = dir.resolve("near-unique.csv");
    List<String> lines = new ArrayList<>(List.of("user,group"));
    for (int i = 0; i < 60_000; i++) {
      lines.add("user-" + (i * 7919L % 100_003) + "," + (i % 13));
    }
    Files.write(csv, lines);
    JobSpec job = new JobSpec("profile-over-budget", List.of("profile", "--input", csv.toString()));
    Path summary = dir.resolve("over-budget.json");
    Path events = Files.createDirectories(dir.resolve("event-log"));
    List<String> args = new ArrayList<>(job.args());
    args.addAll(List.of("--summary", summary.toString()));
    Submitted s = submit(Map.of(), List.of(
        "--conf", "spark.infospark.counter.maxBytes=60000",
        "--conf", "spark.infospark.merge.partitions=4",
        "--conf", "spark.eventLog.enabled=true",
        // plain JSON lines in one file (Spark 4 compresses and rolls event logs by default)
        "--conf", "spark.eventLog.compress=false",
        "--conf", "spark.eventLog.rolling.enabled=false",
        "--conf", "spark.eventLog.dir=" + events.toUri()), args);
    assertEquals(0, s.code, s.toString());
    Summaries.assertSameResults(local(job), SummaryWriter.JSON.readTree(summary.toFile()),
        Approx.PARTITION_INVARIANT, Approx.REFERENCE);
    long spilled = 0;
    // a file per application, or a folder of rolling files (Spark 4's default)
    try (Stream<Path> logs = Files.walk(events)) {
      for (Path log : logs.filter(Files::isRegularFile).toList()) {
        for (String line : Files.readAllLines(log)) {
          if (line.contains("\"Event\":\"SparkListenerTaskEnd\"")) {
            JsonNode metrics = SummaryWriter.JSON.readTree(line).path("Task Metrics");
            spilled += metrics.path("Disk Bytes Spilled").asLong(0);
          }
        }
      }
    }
    assertTrue(spilled > 0, "no task spilled to disk (event log in " + events + ")\n" + s);
  }

  // ---- submitting ----

  record Submitted(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- out\n" + out + "\n--- err (tail)\n"
          + (err.length() > 6000 ? err.substring(err.length() - 6000) : err);
    }
  }

  static Submitted submit(Map<String, String> env, List<String> sparkOpts, List<String> jobArgs) throws Exception {
    Process p = start(env, sparkOpts, jobArgs, "submit");
    try {
      if (!p.waitFor(SUBMIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("submit.sh timed out after " + SUBMIT_TIMEOUT + "\n" + finished(p, "submit"));
      }
      return finished(p, "submit");
    } finally {
      LocalCluster.stopTree(p);
    }
  }

  static Process start(Map<String, String> env, List<String> sparkOpts, List<String> jobArgs, String name)
      throws IOException {
    List<String> cmd = new ArrayList<>(List.of("bash", "scripts/submit.sh"));
    cmd.addAll(sparkOpts);
    cmd.addAll(List.of("--conf", "spark.ui.enabled=false",
        "--conf", "spark.executor.extraClassPath=" + EXECUTOR_CLASSPATH,
        "--conf", "spark.executor.extraJavaOptions=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
        "--conf", "spark.sql.shuffle.partitions=4",
        "--"));
    cmd.addAll(jobArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectOutput(dir.resolve(name + ".out").toFile())
        .redirectError(dir.resolve(name + ".err").toFile());
    Map<String, String> e = pb.environment();
    e.remove("SPARK_HOME");
    e.remove("SPARK_SUBMIT");
    e.put("SPARK_MASTER", cluster.masterUrl());
    e.put("INFOSPARK_JAR", jar.toString());
    e.put("SPARK_DRIVER_MEMORY", "512m");
    e.put("SPARK_EXECUTOR_MEMORY", "512m");
    e.put("SPARK_LOCAL_IP", "127.0.0.1");
    e.putAll(env);
    return pb.start();
  }

  static Submitted finished(Process p, String name) throws IOException {
    return new Submitted(p.isAlive() ? -1 : p.exitValue(),
        Files.readString(dir.resolve(name + ".out"), StandardCharsets.UTF_8),
        new String(Files.readAllBytes(dir.resolve(name + ".err")), StandardCharsets.UTF_8) + "\n" + cluster.logs());
  }

  /** The executor pid of the first task started in a stage ≥ {@code stage} (markers started-pid-stage-…). */
  private static long awaitTaskPid(Path markers, int stage, Process job, String name) throws Exception {
    Instant end = Instant.now().plus(SUBMIT_TIMEOUT);
    while (Instant.now().isBefore(end)) {
      if (Files.isDirectory(markers)) {
        try (Stream<Path> s = Files.list(markers)) {
          var first = s.map(x -> x.getFileName().toString().split("-"))
              .filter(n -> n[0].equals("started") && Integer.parseInt(n[2]) >= stage).findFirst();
          if (first.isPresent()) {
            return Long.parseLong(first.get()[1]);
          }
        }
      }
      if (!job.isAlive()) {
        throw new AssertionError("the job ended before a task of stage " + stage + " started: "
            + (Files.isDirectory(markers) ? markerNames(markers) : "no markers") + "\n" + finished(job, "killed-" + name));
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no task of stage " + stage + " started\n" + finished(job, "killed-" + name));
  }

  /** Whether an executor other than the killed one started a task of a stage ≥ {@code stage}. */
  private static boolean ranElsewhere(Path markers, long killed, int stage) throws IOException {
    try (Stream<Path> s = Files.list(markers)) {
      return s.map(x -> x.getFileName().toString().split("-"))
          .anyMatch(n -> n[0].equals("started") && Long.parseLong(n[1]) != killed && Integer.parseInt(n[2]) >= stage);
    }
  }

  private static List<String> markerNames(Path markers) throws IOException {
    try (Stream<Path> s = Files.list(markers)) {
      return s.map(x -> x.getFileName().toString()).sorted().toList();
    }
  }

  private static long count(Path markers, String prefix) throws IOException {
    if (!Files.isDirectory(markers)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(markers)) {
      return s.filter(x -> x.getFileName().toString().startsWith(prefix)).count();
    }
  }

  // ---- the application jar and the spark-submit stand-in ----

  /**
   * A spark-submit for jobs whose driver needs the test classes (the fault plugin): SparkSubmit
   * run with java on this JVM's classpath without infospark's classes (the job's jar brings them).
   */
  static Path submitWrapper(Path file) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add("exec");
    cmd.add(quote(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    LocalCluster.moduleOptions().forEach(o -> cmd.add(quote(o)));
    cmd.addAll(List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
        quote(EXECUTOR_CLASSPATH), "org.apache.spark.deploy.SparkSubmit", "\"$@\""));
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, "#!/usr/bin/env bash\n" + String.join(" ", cmd) + "\n");
    tmp.toFile().setExecutable(true);
    return Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
