package io.infospark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.infospark.testing.FaultPlugin;
import io.infospark.testing.LocalCluster;
import io.infospark.testing.SparkTestSession;
import io.infospark.testing.Summaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output that is never lost, with the real engine and real processes: a run killed with SIGKILL
 * while it writes leaves the earlier results (history partition and summary) intact; reruns stay
 * idempotent afterwards; concurrent runs with different run ids do not disturb each other. The
 * plumbing cases with a stand-in profiler are in {@link ProfileJobTest}.
 */
@Tag("line-independent")
class OutputSafetyTest {
  @TempDir
  Path dir;

  private static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SparkTestSession.get();
  }

  private List<String> args(Path history, Path summary, String runId) {
    return List.of("profile", "--input", "data/penguins.csv", "--output", history.toString(),
        "--summary", summary.toString(), "--run-id", runId, "--show", "false");
  }

  private Set<String> runIds(Path history) {
    return spark.read().parquet(history.toString()).select("run_id").distinct().collectAsList().stream()
        .map(r -> r.get(0).toString()).collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<String> entries(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void runKilledWhileWritingLeavesTheEarlierResults() throws Exception {
    Path history = dir.resolve("history");
    Path summary = dir.resolve("summary.json");
    JobRun first = JobRun.of(args(history, summary, "r1").toArray(new String[0]));
    assertEquals(0, first.code(), first.toString());
    String summaryBefore = Files.readString(summary);
    List<Row> before = spark.read().parquet(history.toString()).orderBy("column").collectAsList();

    // a second JVM reruns r1, slowly (every task sleeps), and is killed once its write has begun
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(LocalCluster.moduleOptions());
    cmd.addAll(List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-Dspark.plugins=" + FaultPlugin.class.getName(), "-D" + FaultPlugin.TASK_DELAY_MS + "=1500",
        "-cp", LocalCluster.CLASSPATH, Main.class.getName()));
    cmd.addAll(args(history, summary, "r1"));
    cmd.addAll(List.of("--master", "local[2]"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("killed.log").toFile()).start();
    try {
      awaitTmpFolder(history, p, Duration.ofMinutes(4));
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    } finally {
      LocalCluster.stopTree(p);
    }

    assertEquals(summaryBefore, Files.readString(summary), "the summary of the earlier run is untouched");
    assertEquals(List.of("run_id=r1"), entries(history).stream().filter(n -> !n.startsWith(".")).toList());
    assertEquals(before, spark.read().parquet(history.toString()).orderBy("column").collectAsList(),
        "the earlier partition is intact and readable");

    // the rerun after the crash completes and replaces only r1; a new run adds r2
    JobRun rerun = JobRun.of(args(history, summary, "r1").toArray(new String[0]));
    assertEquals(0, rerun.code(), rerun.toString());
    JobRun second = JobRun.of(args(history, dir.resolve("s2.json"), "r2").toArray(new String[0]));
    assertEquals(0, second.code(), second.toString());
    Dataset<Row> h = spark.read().parquet(history.toString());
    assertEquals(Set.of("r1", "r2"), runIds(history));
    assertEquals(2L * before.size(), h.count(), "no duplicate rows after the crash and the rerun");
    Summaries.assertSameResults(SummaryWriter.JSON.readTree(summaryBefore),
        SummaryWriter.JSON.readTree(summary.toFile()), 0, 0);
  }

  /** The hidden temporary folder of a run writing into history, once it exists. */
  private Path awaitTmpFolder(Path history, Process p, Duration timeout) throws Exception {
    Instant end = Instant.now().plus(timeout);
    while (Instant.now().isBefore(end)) {
      if (Files.isDirectory(history)) {
        try (Stream<Path> s = Files.list(history)) {
          Optional<Path> tmp = s.filter(x -> x.getFileName().toString().startsWith(".tmp-r1-")).findFirst();
          if (tmp.isPresent()) {
            return tmp.get();
          }
        }
      }
      if (!p.isAlive()) {
        throw new AssertionError("the run ended before it wrote:\n" + Files.readString(dir.resolve("killed.log")));
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the run did not start writing in " + timeout);
  }

  @Test
  void concurrentRunsWithDifferentIds() throws Exception {
    Path history = dir.resolve("history");
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<JobRun>> runs = new ArrayList<>();
      for (String id : List.of("a", "b", "c")) {
        runs.add(pool.submit(() -> JobRun.of(args(history, dir.resolve(id + ".json"), id).toArray(new String[0]))));
      }
      for (Future<JobRun> f : runs) {
        JobRun r = f.get(5, TimeUnit.MINUTES);
        assertEquals(0, r.code(), r.toString());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(Set.of("a", "b", "c"), runIds(history));
    Dataset<Row> h = spark.read().parquet(history.toString());
    long perRun = h.where("run_id = 'a'").count();
    assertEquals(7, perRun);
    assertEquals(3 * perRun, h.count());
    JsonNode a = SummaryWriter.JSON.readTree(dir.resolve("a.json").toFile());
    for (String id : List.of("b", "c")) {
      Summaries.assertSameResults(a, SummaryWriter.JSON.readTree(dir.resolve(id + ".json").toFile()), 0, 0);
    }
    assertFalse(entries(history).stream().anyMatch(n -> n.startsWith(".tmp") || n.startsWith(".old")),
        entries(history).toString());
  }
}
