package io.infospark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.logistic.LogisticResult;
import io.infospark.logistic.LogisticScoring;
import io.infospark.logistic.ModelSaveLoop;
import io.infospark.logistic.ScoreReport;
import io.infospark.logistic.ml.BayesianLogisticRegressionModel;
import io.infospark.testing.LocalCluster;
import io.infospark.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models are never lost, with real processes killed by SIGKILL: a separate JVM saves models over
 * an earlier one and is killed at many different moments (in the middle of writing model.json,
 * of a Spark ML model's metadata, between two renames, …); after every kill the model there
 * loads — the earlier one or the new one, whole — and scores. The same for {@code fit-logistic
 * --model} over an existing model, killed around its save.
 */
@Tag("line-independent")
class ModelSafetyTest {
  private static final String SPECTOR = "src/test/resources/spector.csv";
  /** Kills of the save loop; each costs a JVM start (a few seconds). */
  private static final int KILLS = 6;
  /** Kills of fit-logistic; each costs a JVM start and a fit. */
  private static final int FIT_KILLS = 3;

  @TempDir
  static Path dir;

  private static SparkSession spark;
  private static LogisticResult a;
  private static LogisticResult b;

  @BeforeAll
  static void models() {
    spark = SparkTestSession.get();
    fit("a", "flat");
    fit("b", "gaussian:1");
    a = LogisticResult.load(spark, dir.resolve("a").toString());
    b = LogisticResult.load(spark, dir.resolve("b").toString());
  }

  private static void fit(String name, String prior) {
    JobRun r = JobRun.of("fit-logistic", "--input", SPECTOR, "--label", "GRADE", "--features", "GPA,TUCE,PSI",
        "--prior", prior, "--model", dir.resolve(name).toString(), "--show", "false");
    assertEquals(0, r.code(), r.toString());
  }

  private static List<String> java(String mainClass) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(LocalCluster.moduleOptions());
    cmd.addAll(List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", LocalCluster.CLASSPATH, mainClass));
    return cmd;
  }

  /** Starts cmd, waits until its output has a line starting with {@code marker}, then kills it after {@code delayMs}. */
  private static void killAfter(List<String> cmd, String marker, long delayMs, Path log) throws Exception {
    LocalCluster.killAfter(cmd, marker, delayMs, log, Duration.ofMinutes(3));
  }

  /** The model loaded is a or b exactly (never a mixture, never missing) and scores the data. */
  private static void assertWhole(LogisticResult m, String what) {
    double[] beta = m.coefficientArray();
    assertTrue(Arrays.equals(beta, a.coefficientArray()) || Arrays.equals(beta, b.coefficientArray()),
        what + ": " + Arrays.toString(beta));
    Dataset<Row> data = spark.read().option("header", "true").option("inferSchema", "true").csv(SPECTOR);
    ScoreReport s = LogisticScoring.evaluate(m, data);
    assertEquals(32, s.rows(), what);
    assertEquals(0, s.unscored(), what);
  }

  private static long savesIn(Path log) throws Exception {
    return Files.readAllLines(log).stream().filter(l -> l.startsWith("saved ")).count();
  }

  /**
   * A process saving both kinds of model in turn (ModelSaveLoop), killed after its first round
   * plus a random 0 to 1.5 s, six times: both models load and score after every kill.
   */
  @Test
  void modelsSurviveKillsAtAnyMoment() throws Exception {
    Path file = dir.resolve("file-target");
    Path ml = dir.resolve("ml-target");
    a.save(spark, file.toString());
    new BayesianLogisticRegressionModel("blr", a).write().overwrite().save(ml.toString());
    Random random = new Random(42);
    long rounds = 0;
    for (int i = 0; i < KILLS; i++) {
      Path log = dir.resolve("loop-" + i + ".log");
      List<String> cmd = java(ModelSaveLoop.class.getName());
      cmd.addAll(List.of(file.toString(), ml.toString(), dir.resolve("a").toString(), dir.resolve("b").toString()));
      killAfter(cmd, "saved 0", random.nextInt(1500), log);
      rounds += savesIn(log);
      assertWhole(LogisticResult.load(spark, file.toString()), "kill " + i + ", model.json");
      assertWhole(BayesianLogisticRegressionModel.load(ml.toString()).result(), "kill " + i + ", Spark ML model");
    }
    assertTrue(rounds >= 2 * KILLS, "the kills landed while saving (" + rounds + " rounds)");
    // the next save after the kills replaces whatever is there
    new BayesianLogisticRegressionModel("blr", b).write().overwrite().save(ml.toString());
    assertTrue(Arrays.equals(b.coefficientArray(), BayesianLogisticRegressionModel.load(ml.toString()).result()
        .coefficientArray()));
  }

  /**
   * fit-logistic --model over an existing model, killed once the fit has printed its result (just
   * before it saves) plus 0 to 60 ms: the model there is always the earlier one or the new one.
   */
  @Test
  void fitKilledAroundItsSaveKeepsAModel() throws Exception {
    Path target = dir.resolve("job-target");
    a.save(spark, target.toString());
    Random random = new Random(3);
    for (int i = 0; i < FIT_KILLS; i++) {
      List<String> cmd = java(Main.class.getName());
      cmd.addAll(List.of("fit-logistic", "--input", SPECTOR, "--label", "GRADE", "--features", "GPA,TUCE,PSI",
          "--prior", "gaussian:1", "--model", target.toString(), "--master", "local[1]"));
      killAfter(cmd, "J = ", random.nextInt(60), dir.resolve("fit-" + i + ".log"));
      assertWhole(LogisticResult.load(spark, target.toString()), "kill " + i);
    }
  }
}
