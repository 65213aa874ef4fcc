package io.infospark.job;

import static io.infospark.testing.Approx.REFERENCE;
import static io.infospark.testing.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.infospark.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The profile job end to end on the real engine ({@code Profiler}): numbers in the summary match
 * hand-computed entropies (DESIGN.md §1), and the quickstart job file runs.
 */
class ProfileJobEngineTest {
  private static final double LN2 = Math.log(2);

  @TempDir
  Path dir;

  @BeforeAll
  static void session() {
    SparkTestSession.get();
  }

  private Path letters() throws IOException {
    Path f = dir.resolve("letters.csv");
    Files.write(f, List.of("letter,constant,maybe", "a,k,x", "b,k,", "c,k,x", "d,k,y"));
    return f;
  }

  private Map<String, JsonNode> profile(String... extra) throws IOException {
    Path summary = dir.resolve("summary.json");
    List<String> args = new java.util.ArrayList<>(List.of("profile", "--input", letters().toString(),
        "--base", "2", "--summary", summary.toString()));
    args.addAll(List.of(extra));
    JobRun r = JobRun.of(args.toArray(new String[0]));
    assertEquals(0, r.code(), r.toString());
    JsonNode s = SummaryWriter.JSON.readTree(summary.toFile());
    assertEquals("bits", s.get("unit").asText());
    Map<String, JsonNode> byColumn = new HashMap<>();
    s.get("columns").forEach(c -> byColumn.put(c.get("column").asText(), c));
    return byColumn;
  }

  @Test
  void fourEqualValuesAreTwoBits() throws IOException {
    JsonNode c = profile().get("letter");
    assertEquals(4.0, c.get("count").asDouble());
    assertEquals(0.0, c.get("nulls").asDouble());
    assertEquals(4, c.get("distinct").asLong());
    assertClose(2.0, c.get("entropy").asDouble(), REFERENCE, "entropy");
    // Miller-Madow: H + (K - 1) / (2N) nats, here in bits
    assertClose(2.0 + 3.0 / 8.0 / LN2, c.get("miller_madow").asDouble(), REFERENCE, "miller_madow");
    assertClose(0.0, c.get("std_error").asDouble(), REFERENCE, "std_error");
  }

  @Test
  void oneValueIsZeroBits() throws IOException {
    JsonNode c = profile().get("constant");
    assertClose(0.0, c.get("entropy").asDouble(), REFERENCE, "entropy");
    assertTrue(c.get("normalized_entropy").isNull() && c.has("reason"), c.toString());
  }

  @Test
  void nullsDroppedOrCounted() throws IOException {
    // python: from scipy.stats import entropy; entropy([2, 1], base=2) = 0.9182958340544896
    JsonNode dropped = profile("--columns", "maybe").get("maybe");
    assertEquals(3.0, dropped.get("count").asDouble());
    assertEquals(1.0, dropped.get("nulls").asDouble());
    assertClose(0.9182958340544896, dropped.get("entropy").asDouble(), REFERENCE, "entropy, nulls dropped");
    JsonNode category = profile("--columns", "maybe", "--nulls", "category").get("maybe");
    assertEquals(3, category.get("distinct").asLong());
    assertClose(1.5, category.get("entropy").asDouble(), REFERENCE, "entropy, null a category");
  }

  @Test
  void fromATable() throws IOException {
    SparkTestSession.get().read().option("header", "true").csv(letters().toString())
        .createOrReplaceTempView("letters_view");
    JobRun r = JobRun.of("profile", "--table", "letters_view", "--columns", "letter", "--base", "2");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("2.0000"), r.out());
  }

  @Test
  void quickstartJobFile() throws IOException {
    Path out = dir.resolve("out");
    JobRun r = JobRun.of("jobs/profile-birdstrikes.properties", "--output", out.resolve("history").toString(),
        "--summary", out.resolve("summary.json").toString(), "--run-id", "quickstart");
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("Wildlife Species") && r.out().contains("unit: bits"), r.out());
    JsonNode s = SummaryWriter.JSON.readTree(out.resolve("summary.json").toFile());
    assertEquals(14, s.get("columns").size());
    assertEquals(14, SparkTestSession.get().read().parquet(out.resolve("history").toString()).count());
  }
}
