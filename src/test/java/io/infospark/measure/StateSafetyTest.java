package io.infospark.measure;

import static io.infospark.testing.Approx.PARTITION_INVARIANT;
import static io.infospark.testing.Approx.assertSameRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.core.BadInputException;
import io.infospark.engine.CountResult;
import io.infospark.engine.CountState;
import io.infospark.engine.StateWindow;
import io.infospark.testing.LocalCluster;
import io.infospark.testing.SparkTestSession;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * States are never lost nor counted twice, with real processes killed by SIGKILL: a separate JVM
 * ({@link StateSaveLoop}) replaces a run and compacts pairs of daily runs, and is killed at random
 * moments; after every kill the replaced run reads as one of its two versions, and each pair of
 * days is visible either as its daily runs (those saved so far) or as its compacted run, never both.
 */
@Tag("line-independent")
class StateSafetyTest {
  private static final int KILLS = 4;
  private final SparkSession spark = SparkTestSession.get();
  @TempDir Path dir;

  @Test
  void killedSavesAndCompactionsLeaveWholeStates() throws Exception {
    String states = dir.resolve("states").toString();
    EntropyProfile day0 = Profiler.profile(CountStateTest.day(spark, 0, 200), StateSaveLoop.OPTIONS);
    EntropyProfile day1 = Profiler.profile(CountStateTest.day(spark, 1, 200), StateSaveLoop.OPTIONS);
    EntropyProfile pair = Profiler.profile(CountStateTest.day(spark, 2, 200).union(CountStateTest.day(spark, 3, 200)),
        StateSaveLoop.OPTIONS);
    Random random = new Random(16);
    for (int i = 0; i < KILLS; i++) {
      Path log = dir.resolve("loop-" + i + ".log");
      killAfter(List.of(String.valueOf(states), String.valueOf(1000 * i)), log, random.nextInt(4000));
      List<CountState.Run> runs = CountState.runs(spark, states);
      List<String> ids = runs.stream().map(CountState.Run::id).toList();
      assertTrue(ids.contains("same"), "kill " + i + ": " + ids);
      EntropyProfile same = profile(states, StateWindow.runs(List.of("same")));
      assertTrue(sameRows(day0, same) || sameRows(day1, same), "kill " + i + ": run 'same' is day 0 or day 1");
      for (String id : ids) {
        if (id.startsWith("w")) {
          String n = id.substring(1);
          assertFalse(ids.contains("d" + n + "-0") || ids.contains("d" + n + "-1"),
              "kill " + i + ": " + id + " and its days are both visible: " + ids);
          assertSameRows(pair.rows(), profile(states, StateWindow.runs(List.of(id))).rows(), PARTITION_INVARIANT);
        }
      }
      // everything visible merges (no partial state is visible)
      List<String> all = new ArrayList<>(ids);
      all.remove("same");
      if (!all.isEmpty()) {
        profile(states, StateWindow.runs(all));
      }
    }
    // a compacted run's days cannot be saved again (they would be hidden)
    BadInputException e = assertThrows(BadInputException.class, () -> StateSaveLoop.save(spark,
        CountStateTest.day(spark, 2, 10), states, "d0-0", LocalDate.of(2026, 1, 1)));
    assertEquals("run id 'd0-0': that run was compacted into run 'w0' in " + states + "; expected a new run id",
        e.getMessage());
  }

  private EntropyProfile profile(String states, StateWindow w) {
    try (CountResult c = CountState.merge(spark, states, w)) {
      return Profiler.profile(c, StateSaveLoop.OPTIONS);
    }
  }

  private static boolean sameRows(EntropyProfile a, EntropyProfile b) {
    try {
      assertSameRows(a.rows(), b.rows(), PARTITION_INVARIANT);
      return true;
    } catch (AssertionError e) {
      return false;
    }
  }

  /** Runs the loop until its first round is done, then kills it after {@code delayMs}. */
  private static void killAfter(List<String> args, Path log, long delayMs) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(LocalCluster.moduleOptions());
    cmd.addAll(List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", LocalCluster.CLASSPATH,
        StateSaveLoop.class.getName()));
    cmd.addAll(args);
    LocalCluster.killAfter(cmd, "saved ", delayMs, log, Duration.ofMinutes(4));
  }
}
