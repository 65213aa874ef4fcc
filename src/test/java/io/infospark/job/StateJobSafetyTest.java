package io.infospark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.infospark.testing.FaultPlugin;
import io.infospark.testing.LocalCluster;
import io.infospark.testing.Summaries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A state saved by the {@code profile} job is never seen half-written, with real processes killed by
 * SIGKILL: a child JVM runs {@code profile --save-state} (its tasks slowed so that the write takes a
 * while) and is killed at a random moment after its state write began. Each time, the run it was
 * replacing reads as a whole state — the old one or the new one — and a run saved for the first
 * time is either absent or whole; a later {@code profile} from the states (all runs, no window)
 * sees nothing partial. A rerun afterwards completes.
 */
@Tag("line-independent")
class StateJobSafetyTest {
  private static final int KILLS = 3;
  private static final double SAME = 1e-12;
  @TempDir Path dir;

  private static List<String> profile(String input, Path states, String runId) {
    return List.of("profile", "--input", input, "--columns", "Species,Island,Sex", "--save-state", states.toString(),
        "--run-id", runId, "--state-date", "2026-01-01", "--show", "false");
  }

  /** The per-column results of {@code profile} from states (its summary's {@code columns}); it must exit 0. */
  private JsonNode fromStates(Path states, String... window) throws Exception {
    Path summary = Files.createTempFile(dir, "summary", ".json");
    List<String> args = new ArrayList<>(List.of("profile", "--states", states.toString(), "--summary",
        summary.toString(), "--show", "false"));
    args.addAll(List.of(window));
    JobRun r = JobRun.of(args.toArray(new String[0]));
    assertEquals(0, r.code(), r.toString());
    com.fasterxml.jackson.databind.node.ObjectNode results = SummaryWriter.JSON.createObjectNode();
    results.set("columns", SummaryWriter.JSON.readTree(summary.toFile()).get("columns"));
    return results;
  }

  private static boolean same(JsonNode a, JsonNode b) {
    try {
      Summaries.assertSameResults(a, b, SAME, SAME);
      return true;
    } catch (AssertionError e) {
      return false;
    }
  }

  @Test
  void killedSaveLeavesTheOldStateOrNone() throws Exception {
    // the new data: the first 120 penguins, so that the old and the new state of a run differ
    Path part = dir.resolve("penguins-part.csv");
    Files.write(part, Files.readAllLines(Path.of("data/penguins.csv")).subList(0, 121));
    Path states = dir.resolve("states");
    Path reference = dir.resolve("reference");
    assertEquals(0, JobRun.of(profile("data/penguins.csv", states, "d1").toArray(new String[0])).code());
    assertEquals(0, JobRun.of(profile(part.toString(), reference, "d1").toArray(new String[0])).code());
    JsonNode old = fromStates(states, "--state-runs", "d1");
    JsonNode fresh = fromStates(reference, "--state-runs", "d1");
    assertTrue(!same(old, fresh), "the two versions of run d1 differ");

    Random random = new Random(16);
    for (int i = 0; i < KILLS; i++) {
      String runId = i % 2 == 0 ? "d1" : "new" + i;
      killWhileWritingState(profile(part.toString(), states, runId), states, random.nextInt(2500),
          dir.resolve("killed-" + i + ".log"));
      List<String> runs = visibleRuns(states);
      assertTrue(runs.contains("run_id=d1"), "kill " + i + ": run d1 is gone: " + runs);
      JsonNode d1 = fromStates(states, "--state-runs", "d1");
      assertTrue(same(old, d1) || same(fresh, d1), "kill " + i + ": run d1 is neither its old nor its new state");
      if (!runId.equals("d1") && runs.contains("run_id=" + runId)) {
        assertTrue(same(fresh, fromStates(states, "--state-runs", runId)), "kill " + i + ": run " + runId
            + " is visible but not whole");
      }
      fromStates(states); // every visible run merges: nothing partial is visible
    }
    // a rerun after the kills completes and replaces run d1
    assertEquals(0, JobRun.of(profile(part.toString(), states, "d1").toArray(new String[0])).code());
    assertTrue(same(fresh, fromStates(states, "--state-runs", "d1")), "the rerun saved the new state");
  }

  /** The run folders of the states folder (hidden folders of writers left out). */
  private static List<String> visibleRuns(Path states) throws Exception {
    return entries(states).stream().filter(n -> n.startsWith("run_id=")).toList();
  }

  /**
   * Runs the job in a child JVM, every task slowed, and kills it with SIGKILL {@code delayMs} after
   * its state write began: once anything in the states folder changed (whatever the writer does
   * first: a hidden folder appears, or the run's folder goes).
   */
  private static void killWhileWritingState(List<String> args, Path states, long delayMs, Path log)
      throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(LocalCluster.moduleOptions());
    cmd.addAll(List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-Dspark.plugins=" + FaultPlugin.class.getName(), "-D" + FaultPlugin.TASK_DELAY_MS + "=700",
        "-cp", LocalCluster.CLASSPATH, Main.class.getName()));
    cmd.addAll(args);
    cmd.addAll(List.of("--master", "local[2]"));
    List<String> before = entries(states);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      Instant end = Instant.now().plus(Duration.ofMinutes(4));
      while (entries(states).equals(before)) {
        if (!p.isAlive()) {
          throw new AssertionError("the run ended before it wrote its state:\n" + Files.readString(log));
        }
        if (Instant.now().isAfter(end)) {
          throw new AssertionError("the run did not start writing its state:\n" + Files.readString(log));
        }
        Thread.sleep(5);
      }
      Thread.sleep(delayMs);
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the process outlived SIGKILL by 30 s");
    } finally {
      LocalCluster.stopTree(p);
    }
  }

  /** What the states folder holds, hidden folders of writers included. */
  private static List<String> entries(Path states) throws Exception {
    try (Stream<Path> s = Files.list(states)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
