package io.infospark.engine.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.infospark.core.BadInputException;
import io.infospark.engine.CountRequest;
import io.infospark.engine.CountResult;
import io.infospark.engine.CountedColumn;
import io.infospark.engine.EnginePath;
import io.infospark.engine.ValueCounter;
import io.infospark.testing.LogCapture;
import io.infospark.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.AdditionalAnswers;
import org.mockito.Mockito;

/**
 * The engine's two paths and the fallback between them: the setting chooses a path; where the fast
 * path cannot run — a Dataset that is not a classic one (what a Spark Connect client holds),
 * internals that differ from this build's (at planning, or in the tasks), reflection that fails —
 * the counts are still exact, the same as the fast path's, and the reason is logged once.
 */
class EnginePathTest {
  private static final String PATH = "spark.infospark.engine.path";
  private static SparkSession spark;
  private static Dataset<Row> parquet;
  private static List<CountedColumn> columns;
  private static List<String> fastValues;
  @TempDir
  static Path dir;

  @BeforeAll
  static void data() {
    spark = SparkTestSession.get();
    String p = dir.resolve("data").toString();
    spark.range(0, 20_000).repartition(2).select(
        functions.col("id").mod(13).as("small"),
        functions.concat(functions.lit("v"), functions.col("id").mod(3001).cast("string")).as("text"),
        functions.when(functions.col("id").mod(7).equalTo(0), null).otherwise(functions.col("id").mod(5).divide(2.0))
            .as("x"))
        .write().parquet(p);
    parquet = spark.read().parquet(p);
    columns = new ArrayList<>();
    for (StructField f : parquet.schema().fields()) {
      columns.add(CountedColumn.of(f.name(), f.dataType(), null));
    }
    spark.conf().set(PATH, "fast");
    fastValues = values(parquet, EnginePath.FAST);
    spark.conf().unset(PATH);
  }

  @AfterEach
  void reset() {
    spark.conf().unset(PATH);
    InternalInput.internalsDifferForTests = false;
    InternalInput.tasksFailToLinkForTests = false;
    Dictionaries.disabledForTests = false;
    Dictionaries.resetForTests();
  }

  /** The value table of a count, sorted (keys, counts, displayed values), checking which path counted. */
  private static List<String> values(Dataset<Row> df, EnginePath expectedPath) {
    List<String> out = new ArrayList<>();
    try (CountResult counts = ValueCounter.count(df, CountRequest.of(columns))) {
      assertEquals(expectedPath, counts.path(), "the path that counted");
      for (Row r : counts.values().collectAsList()) {
        out.add(r.getString(0) + "|" + r.get(1) + "|" + r.get(2) + "|" + r.get(3) + "|"
            + (r.isNullAt(4) ? "null" : java.util.HexFormat.of().formatHex((byte[]) r.get(4))) + "|" + r.get(5) + "|"
            + r.get(6));
      }
    }
    out.sort(null);
    return out;
  }

  @Test
  void theSettingChoosesThePublicPathWithoutAMessage() {
    spark.conf().set(PATH, "public");
    try (LogCapture log = LogCapture.of("io.infospark")) {
      assertEquals(fastValues, values(parquet, EnginePath.PUBLIC));
      assertEquals(List.of(), log.matching("infospark:"));
    }
  }

  @Test
  void aBadSettingIsBadInput() {
    spark.conf().set(PATH, "quick");
    BadInputException e = assertThrows(BadInputException.class, () -> values(parquet, EnginePath.FAST));
    assertEquals("spark.infospark.engine.path: expected auto, fast or public but got 'quick'", e.getMessage());
  }

  /** A Dataset of another implementation than the classic one (a Spark Connect client's is one). */
  @Test
  void aDatasetThatIsNotClassicCountsOnThePublicPath() {
    assumeTrue(SparkLine.LINE.equals("4"), "Spark 3.5 has one Dataset class in a JVM");
    @SuppressWarnings("unchecked")
    Dataset<Row> notClassic = Mockito.mock(Dataset.class, AdditionalAnswers.delegatesTo(parquet));
    try (LogCapture log = LogCapture.of("io.infospark")) {
      assertEquals(fastValues, values(notClassic, EnginePath.PUBLIC));
      assertEquals(fastValues, values(notClassic, EnginePath.PUBLIC));
      List<String> said = log.matching("the Dataset is not a classic one");
      assertEquals(1, said.size(), "logged once: " + said);
      assertTrue(said.get(0).startsWith("infospark: counting on the public-API path because the fast path cannot run "
          + "here: the Dataset is not a classic one ("), said.get(0));
      assertTrue(said.get(0).endsWith("The counts are the same; counting is slower. Set spark.infospark.engine.path=public "
          + "to choose this path (and silence this message)."), said.get(0));
    }
    spark.conf().set(PATH, "fast");
    BadInputException e = assertThrows(BadInputException.class, () -> values(notClassic, EnginePath.FAST));
    assertTrue(e.getMessage().startsWith("spark.infospark.engine.path=fast: the fast path cannot run here: the Dataset is "
        + "not a classic one"), e.getMessage());
  }

  @Test
  void internalsThatDifferFallBackToThePublicPath() {
    InternalInput.internalsDifferForTests = true;
    try (LogCapture log = LogCapture.of("io.infospark")) {
      assertEquals(fastValues, values(parquet, EnginePath.PUBLIC));
      assertEquals(fastValues, values(parquet.select("text", "small", "x"), EnginePath.PUBLIC));
      List<String> said = log.matching("internals made to differ by a test");
      assertEquals(1, said.size(), "logged once: " + said);
      assertTrue(said.get(0).contains("Spark's internals differ from the ones of this build (NoSuchMethodError"),
          said.get(0));
    }
  }

  /** A linkage error in the tasks (the executors' Spark lacks a member): the count starts over on the public path. */
  @Test
  void tasksThatFailToLinkFallBackToThePublicPath() {
    InternalInput.tasksFailToLinkForTests = true;
    try (LogCapture log = LogCapture.of("io.infospark")) {
      assertEquals(fastValues, values(parquet, EnginePath.PUBLIC));
      assertEquals(fastValues, values(parquet, EnginePath.PUBLIC));
      List<String> said = log.matching("made to fail by a test");
      assertEquals(1, said.size(), "logged once: " + said);
    }
  }

  /** Without the reflection on Parquet dictionaries the fast path counts dictionary ids batch by batch. */
  @Test
  void reflectionThatFailsCountsDictionariesBatchByBatch() {
    Dictionaries.disabledForTests = true;
    Dictionaries.resetForTests();
    spark.conf().set(PATH, "fast");
    try (LogCapture log = LogCapture.of("io.infospark")) {
      assertEquals(fastValues, values(parquet, EnginePath.FAST));
      assertEquals(fastValues, values(parquet, EnginePath.FAST));
      List<String> said = log.matching("counting dictionary-encoded Parquet columns batch by batch");
      assertEquals(1, said.size(), "logged once: " + said);
      assertTrue(said.get(0).contains("reflection disabled for a test"), said.get(0));
    }
  }
}
