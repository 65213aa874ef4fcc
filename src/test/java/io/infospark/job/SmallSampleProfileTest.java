package io.infospark.job;

import static io.infospark.testing.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.infospark.api.InfoSpark;
import io.infospark.core.EntropyEstimate;
import io.infospark.measure.EntropyProfile;
import io.infospark.measure.ProfileOptions;
import io.infospark.testing.SparkTestSession;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small-sample estimators in the profile job and the Java API, on real tables of {@code data/}
 * (DESIGN.md §5.1, §5.6). Expected values from {@code src/test/python/estimators_reference.py}
 * (sections estimators, nsb, profile_columns): scipy's digamma for Grassberger, numpy for
 * James–Stein, mpmath quadrature of the textbook moments for NSB; see the core tests
 * ({@code SmallSampleEntropyTest}, {@code NsbTest}) for the code.
 */
class SmallSampleProfileTest {
  private static final double REF = 1e-9;
  private static final double NSB = 1e-7;
  private static SparkSession spark;

  @TempDir
  Path dir;

  @BeforeAll
  static void session() {
    spark = SparkTestSession.get();
  }

  private static JsonNode column(JsonNode summary, String name) {
    for (JsonNode c : summary.get("columns")) {
      if (c.get("column").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no column " + name);
  }

  private static void relative(double expected, JsonNode actual, double tol, String what) {
    assertEquals(1.0, actual.asDouble() / expected, tol, what + ": " + actual);
  }

  /**
   * birdstrikes.csv with declared alphabets: "Flight Date" (3,625 dates of 4,583 possible days,
   * coverage 0.8928: undersampled) and "Time of day" (4); "Wildlife Size" without one (NSB null
   * with the reason).
   */
  @Test
  void declaredAlphabetsOnARealTable() throws Exception {
    Path summary = dir.resolve("s.json");
    JobRun r = JobRun.of("profile", "--input", "data/birdstrikes.csv", "--columns",
        "Flight Date,Time of day,Wildlife Size", "--alphabet", "Flight Date=4583, Time of day=4",
        "--summary", summary.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("undersampled"), r.out());
    JsonNode s = SummaryWriter.JSON.readTree(summary.toFile());
    JsonNode date = column(s, "Flight Date");
    relative(8.238387479841924, date.get("grassberger"), REF, "grassberger");
    relative(8.35426006235522, date.get("james_stein"), REF, "james_stein");
    relative(8.2522755205631062, date.get("nsb"), NSB, "nsb");
    relative(0.0075643046770742422, date.get("nsb_sd"), NSB, "nsb_sd");
    assertClose(0.8928, date.get("coverage").asDouble(), 1e-15);
    assertTrue(date.get("undersampled").asBoolean());
    assertEquals(4583, date.get("alphabet").asLong());
    assertFalse(date.has("reason"), date.toString());
    JsonNode time = column(s, "Time of day");
    relative(0.99126886638296074, time.get("nsb"), NSB, "nsb");
    relative(0.0070690323312537931, time.get("nsb_sd"), NSB, "nsb_sd");
    relative(0.9913370861131447, time.get("grassberger"), REF, "grassberger");
    assertFalse(time.get("undersampled").asBoolean());
    JsonNode size = column(s, "Wildlife Size");
    assertTrue(size.get("nsb").isNull() && size.get("nsb_sd").isNull() && size.get("alphabet").isNull());
    assertTrue(size.get("reason").asText().contains("alphabet size unknown"), size.toString());
    relative(0.9047320914558359, size.get("grassberger"), REF, "grassberger");
    relative(0.9049951587592803, size.get("james_stein"), REF, "james_stein, target 1/K");
  }

  /** In bits every entropy estimate is divided by ln 2; coverage is unit-free. */
  @Test
  void bits() throws Exception {
    Path summary = dir.resolve("bits.json");
    JobRun r = JobRun.of("profile", "--input", "data/birdstrikes.csv", "--columns", "Time of day", "--alphabet",
        "Time of day=4", "--base", "2", "--summary", summary.toString());
    assertEquals(0, r.code(), r.toString());
    JsonNode time = column(SummaryWriter.JSON.readTree(summary.toFile()), "Time of day");
    relative(0.99126886638296074 / Math.log(2), time.get("nsb"), NSB, "nsb in bits");
    assertEquals(1.0, time.get("coverage").asDouble());
  }

  /**
   * A binned double knows its alphabet: seattle-weather.csv "precipitation" in the default 20
   * equal-width bins, A = 20 (bin counts 1090, 123, 68, 48, 35, 22, 21, 15, 5, 12, 4, 7, 3, 2, 0, 1,
   * 2, 0, 0, 3; numpy's histogram on the same edges agrees).
   */
  @Test
  void binnedNumbersKnowTheirAlphabet() throws Exception {
    Path summary = dir.resolve("bins.json");
    JobRun r = JobRun.of("profile", "--input", "data/seattle-weather.csv", "--columns", "precipitation",
        "--summary", summary.toString());
    assertEquals(0, r.code(), r.toString());
    JsonNode p = column(SummaryWriter.JSON.readTree(summary.toFile()), "precipitation");
    assertEquals(20, p.get("alphabet").asLong());
    relative(1.0979725304149, p.get("grassberger"), REF, "grassberger");
    relative(1.0941712843320572, p.get("james_stein"), REF, "james_stein, target 1/20");
    relative(1.1000757665379148, p.get("nsb"), NSB, "nsb");
    relative(0.038296036210432341, p.get("nsb_sd"), NSB, "nsb_sd");
    assertClose(0.999315537303217, p.get("coverage").asDouble(), 1e-15);
  }

  /**
   * A boolean knows its alphabet (2), through the Java API: penguins.csv "Sex = MALE", 168 true
   * and 166 false among the non-null rows.
   */
  @Test
  void booleansKnowTheirAlphabet() {
    Dataset<Row> penguins = spark.read().option("header", "true").option("inferSchema", "true")
        .csv("data/penguins.csv").withColumn("male", functions.col("Sex").equalTo("MALE"));
    EntropyProfile p = InfoSpark.profile(penguins, ProfileOptions.defaults().withColumns("male"));
    EntropyEstimate e = p.column("male").estimate();
    assertEquals(2L, e.alphabet());
    assertEquals(1.0, e.nsb() / 0.69173061167312549, NSB);
    assertEquals(1.0, e.nsbSd() / 0.0020303195942767339, NSB);
    assertEquals(1.0, e.grassberger() / 0.6931232761012982, REF);
    assertEquals(1.0, e.jamesStein() / 0.6931471805599453, REF);
    assertTrue(p.toString().contains("0.6917 ± 0.0020"), p.toString());
    Row row = p.toDataFrame(spark).first();
    assertEquals(2L, row.getLong(row.fieldIndex("alphabet")));
    assertEquals(e.nsb(), row.getDouble(row.fieldIndex("nsb")));
    assertFalse(row.getBoolean(row.fieldIndex("undersampled")));
  }

  /** A declared alphabet smaller than the values seen: exit 2 naming the column, the declared and the seen. */
  @Test
  void declaredAlphabetTooSmall() {
    JobRun r = JobRun.of("profile", "--input", "data/birdstrikes.csv", "--columns", "Time of day", "--alphabet",
        "Time of day=3");
    assertTrue(r.isOneLineBadInput(), r.toString());
    assertTrue(r.err().contains("'Time of day'") && r.err().contains("4 distinct values")
        && r.err().contains("declared alphabet size is 3"), r.err());
  }

  /** Switched off, the small-sample fields are null with the reason (the benchmark's baseline). */
  @Test
  void switchedOff() {
    Dataset<Row> weather = spark.read().option("header", "true").option("inferSchema", "true")
        .csv("data/seattle-weather.csv");
    EntropyEstimate e = InfoSpark.profile(weather, ProfileOptions.defaults().withColumns("weather")
        .withSmallSampleEstimators(false)).column("weather").estimate();
    assertTrue(e.grassberger() == null && e.coverage() == null && e.nsb() == null);
    assertTrue(e.reason().contains("not computed"), e.reason());
    assertTrue(e.entropy() > 0);
  }
}
