package io.infospark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.infospark.core.EntropyEstimate;
import io.infospark.core.LogBase;
import io.infospark.measure.ColumnProfile;
import io.infospark.measure.EntropyProfile;
import io.infospark.measure.ProfileOptions;
import io.infospark.testing.SparkTestSession;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plumbing of the profile job with a stand-in profiler (fixed numbers): printing, the history
 * table (history kept, reruns idempotent, failures harmless) and the summary file.
 */
class ProfileJobTest {
  private static SparkSession spark;

  @TempDir
  Path dir;

  @BeforeAll
  static void session() {
    spark = SparkTestSession.get();
  }

  /** Every profiled column: 4 values, 2 distinct of an alphabet of 2, 1 bit; no engine needed. */
  static EntropyProfile fixedProfile(Dataset<Row> df, ProfileOptions o) {
    List<String> names = o.columns().isEmpty() ? Arrays.asList(df.columns()) : o.columns();
    List<ColumnProfile> columns = new ArrayList<>();
    for (String n : names) {
      columns.add(new ColumnProfile(n, "string", 5, 1,
          new EntropyEstimate(o.base(), 4, 2, 1.0, 1.125, 1.25, 0.5, 1.1, 1.0, 0.9, 0.2, 0.5, 2L, null), null));
    }
    return new EntropyProfile(o.base(), columns);
  }

  private static final Jobs FIXED = new Jobs(new ProfileJob(ProfileJobTest::fixedProfile));
  private static final Jobs FAILING = new Jobs(new ProfileJob((df, o) -> {
    throw new IllegalStateException("the profiler broke");
  }));

  private String input() throws IOException {
    Path f = dir.resolve("in.csv");
    Files.write(f, List.of("city,size", "Oslo,1", "Rome,2", "Oslo,", "Rome,2", ",1"));
    return f.toString();
  }

  private String out() {
    return dir.resolve("history").toString();
  }

  private JobRun run(Jobs jobs, String runId, String... more) throws IOException {
    List<String> args = new ArrayList<>(List.of("profile", "--input", input(), "--output", out(),
        "--run-id", runId, "--base", "2"));
    args.addAll(List.of(more));
    return JobRun.with(jobs, args.toArray(new String[0]));
  }

  private Dataset<Row> history() {
    return spark.read().parquet(out());
  }

  private Set<String> runIds() {
    return history().select("run_id").distinct().collectAsList().stream()
        .map(r -> r.getString(0)).collect(Collectors.toCollection(TreeSet::new));
  }

  private List<String> visibleEntries() throws IOException {
    try (Stream<Path> s = Files.list(Path.of(out()))) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
    }
  }

  @Test
  void printsTheTableAndWritesAPartition() throws IOException {
    JobRun r = run(FIXED, "r1");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("unit: bits") && r.out().contains("city"), r.out());
    Dataset<Row> h = history();
    assertEquals(2, h.count());
    Set<String> fields = new TreeSet<>(Arrays.asList(h.columns()));
    assertTrue(fields.containsAll(List.of("column", "entropy", "miller_madow", "chao_shen", "std_error",
        "unit", "run_id", "run_date")), fields.toString());
    assertEquals(DataTypes.DateType, h.schema().apply("run_date").dataType());
    assertEquals(List.of("run_id=r1"), visibleEntries());
  }

  @Test
  void showFalsePrintsNoTable() throws IOException {
    JobRun r = run(FIXED, "r1", "--show", "false");
    assertEquals(0, r.code(), r.toString());
    assertFalse(r.out().contains("unit: bits"), r.out());
  }

  @Test
  void historyIsKeptAndRerunsAreIdempotent() throws IOException {
    assertEquals(0, run(FIXED, "r1").code());
    assertEquals(0, run(FIXED, "r2", "--columns", "city").code());
    assertEquals(Set.of("r1", "r2"), runIds());
    assertEquals(3, history().count());
    assertEquals(0, run(FIXED, "r1").code());
    assertEquals(0, run(FIXED, "r1").code());
    assertEquals(3, history().count(), "a rerun replaces its own partition only");
    assertEquals(1, history().where("run_id = 'r2'").count());
    assertEquals(List.of("run_id=r1", "run_id=r2"), visibleEntries());
  }

  @Test
  void failedRunLeavesEarlierRunsReadable() throws IOException {
    assertEquals(0, run(FIXED, "r1").code());
    JobRun failed = run(FAILING, "r2");
    assertEquals(Main.FAILED, failed.code(), failed.toString());
    JobRun failedRerun = run(FAILING, "r1");
    assertEquals(Main.FAILED, failedRerun.code());
    assertEquals(Set.of("r1"), runIds());
    assertEquals(2, history().count());
  }

  /** A write that dies inside a Spark task, after the earlier partition of the same id exists. */
  @Test
  void writeFailingMidwayLeavesTheEarlierPartition() throws IOException {
    assertEquals(0, run(FIXED, "r1").code());
    spark.udf().register("explode_on_oslo", (UDF1<String, String>) s -> {
      if ("Oslo".equals(s)) {
        throw new IllegalStateException("disk full, say");
      }
      return s;
    }, DataTypes.StringType);
    Dataset<Row> poisoned = spark.read().option("header", "true").csv(input())
        .withColumn("city", functions.callUDF("explode_on_oslo", functions.col("city")));
    assertThrows(Exception.class, () -> HistoryTable.writeRun(poisoned, out(), "r1", "parquet"));
    assertThrows(Exception.class, () -> HistoryTable.writeRun(poisoned, out(), "r2", "parquet"));
    assertEquals(Set.of("r1"), runIds());
    assertEquals(2, history().count());
    assertEquals("city", history().orderBy("column").first().getString(0));
    File[] leftovers = new File(out()).listFiles(f -> f.getName().startsWith(".tmp") || f.getName().startsWith(".old"));
    assertEquals(0, leftovers.length, Arrays.toString(leftovers));
  }

  /** A rerun killed between moving the old partition aside and renaming the new one in. */
  @Test
  void partitionMovedAsideByAKilledRerunIsPutBack() throws IOException {
    assertEquals(0, run(FIXED, "r1").code());
    Path aside = Path.of(out(), ".old-r1-" + java.util.UUID.randomUUID());
    Files.move(Path.of(out(), "run_id=r1"), aside);
    JobRun failed = run(FAILING, "r1");
    assertEquals(Main.FAILED, failed.code(), failed.toString());
    assertEquals(Set.of("r1"), runIds());
    assertEquals(2, history().count());
    assertFalse(Files.exists(aside));
  }

  private static void age(Path p, java.time.Duration age) throws IOException {
    java.nio.file.attribute.FileTime t = java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(age));
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.toList()) {
        Files.setLastModifiedTime(x, t);
      }
    }
  }

  /**
   * The README promised that the next run of any job puts back a partition a killed rerun left
   * aside; only a run of the same id did. A run of another id does, once it has been aside for
   * longer than a live run would keep it there.
   */
  @Test
  void partitionMovedAsideIsPutBackByARunOfAnotherId() throws IOException {
    assertEquals(0, run(FIXED, "r1").code());
    Path aside = Path.of(out(), ".old-r1-" + java.util.UUID.randomUUID());
    Files.move(Path.of(out(), "run_id=r1"), aside);
    age(aside, java.time.Duration.ofMinutes(15));
    assertEquals(0, run(FIXED, "r2").code());
    assertEquals(Set.of("r1", "r2"), runIds());
    assertFalse(Files.exists(aside));
  }

  /** A partition moved aside moments ago may be between the two renames of a live run: left alone. */
  @Test
  void partitionJustMovedAsideByAnotherRunIsLeftAlone() throws IOException {
    assertEquals(0, run(FIXED, "r1").code());
    Path aside = Path.of(out(), ".old-r1-" + java.util.UUID.randomUUID());
    Files.move(Path.of(out(), "run_id=r1"), aside);
    Files.setLastModifiedTime(aside, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
    assertEquals(0, run(FIXED, "r2").code());
    assertTrue(Files.exists(aside));
    assertEquals(Set.of("r2"), runIds());
  }

  /** Leftovers of killed runs were never cleaned; abandoned ones are, never a live run's. */
  @Test
  void abandonedLeftoversAreDeleted() throws IOException {
    assertEquals(0, run(FIXED, "r1").code());
    Path deadTmp = Files.createDirectories(Path.of(out(), ".tmp-r0-" + java.util.UUID.randomUUID(), "run_id=r0"));
    Files.writeString(deadTmp.resolve("part-0.parquet"), "x");
    age(deadTmp.getParent(), java.time.Duration.ofDays(2));
    Path liveTmp = Files.createDirectories(Path.of(out(), ".tmp-r9-" + java.util.UUID.randomUUID(), "_temporary"));
    age(liveTmp.getParent(), java.time.Duration.ofDays(2));
    Files.writeString(liveTmp.resolve("part-0.parquet"), "being written"); // a live write, an old folder
    Path swapped = Files.createDirectories(Path.of(out(), ".old-r1-" + java.util.UUID.randomUUID()));
    age(swapped, java.time.Duration.ofHours(1));
    Path unknown = Files.createDirectories(Path.of(out(), ".tmp-not-a-leftover"));
    age(unknown, java.time.Duration.ofDays(2));
    assertEquals(0, run(FIXED, "r2").code());
    assertFalse(Files.exists(deadTmp.getParent()), "abandoned temporary folder");
    assertFalse(Files.exists(swapped), "partition aside whose swap completed");
    assertTrue(Files.exists(liveTmp), "a temporary folder being written to is a live run's");
    assertTrue(Files.exists(unknown), "not infospark's");
    assertEquals(Set.of("r1", "r2"), runIds());
  }

  @Test
  void csvHistoryReadsBackWithRunId() throws IOException {
    assertEquals(0, run(FIXED, "r1", "--output-format", "csv").code());
    assertEquals(0, run(FIXED, "r2", "--output-format", "csv").code());
    Dataset<Row> h = spark.read().option("header", "true").csv(out());
    assertEquals(4, h.count());
    assertEquals(2, h.select("run_id").distinct().count());
  }

  private static JsonNode city0(JsonNode s) {
    return s.get("columns").get(0);
  }

  @Test
  void summaryFile() throws IOException {
    Path summary = dir.resolve("sub/summary.json");
    JobRun r = run(FIXED, "r1", "--summary", summary.toString(), "--columns", "city,size", "--nulls", "category");
    assertEquals(0, r.code(), r.toString());
    JsonNode s = SummaryWriter.JSON.readTree(summary.toFile());
    assertEquals("profile", s.get("job").asText());
    assertEquals("bits", s.get("unit").asText());
    assertEquals("r1", s.get("run_id").asText());
    JsonNode p = s.get("parameters");
    assertEquals("2", p.get("base").asText());
    assertEquals("category", p.get("nulls").asText());
    assertEquals("[\"city\",\"size\"]", p.get("columns").toString());
    assertTrue(p.get("show").isBoolean());
    assertEquals("r1", p.get("run-id").asText());
    assertEquals(20, p.get("bins").asInt(), "defaults are resolved into the parameters");
    assertTrue(city0(s).get("count").isIntegralNumber(), "unweighted counts are integers");
    assertTrue(s.get("started").isTextual() && s.get("finished").isTextual() && s.get("seconds").isNumber());
    assertEquals(2, s.get("columns").size());
    JsonNode city = s.get("columns").get(0);
    assertEquals("city", city.get("column").asText());
    assertEquals(4.0, city.get("count").asDouble());
    assertEquals(1.0, city.get("nulls").asDouble());
    assertEquals(2, city.get("distinct").asLong());
    assertEquals(1.0, city.get("entropy").asDouble());
    assertEquals(1.125, city.get("miller_madow").asDouble());
    assertEquals(1.25, city.get("chao_shen").asDouble());
    assertEquals(0.5, city.get("std_error").asDouble());
    assertEquals(1.1, city.get("grassberger").asDouble());
    assertEquals(1.0, city.get("james_stein").asDouble());
    assertEquals(0.9, city.get("nsb").asDouble());
    assertEquals(0.2, city.get("nsb_sd").asDouble());
    assertEquals(0.5, city.get("coverage").asDouble());
    assertTrue(city.get("undersampled").asBoolean());
    assertEquals(2, city.get("alphabet").asLong());
    assertFalse(city.has("reason"));
    String text = Files.readString(summary);
    assertFalse(text.contains("spark."), "no Spark configuration in the summary");
    try (Stream<Path> s2 = Files.list(summary.getParent())) {
      assertEquals(List.of("summary.json"), s2.map(x -> x.getFileName().toString()).toList());
    }
  }
}
