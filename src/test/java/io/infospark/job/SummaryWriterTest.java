package io.infospark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infospark.core.EntropyEstimate;
import io.infospark.core.LogBase;
import io.infospark.measure.ColumnProfile;
import io.infospark.measure.EntropyProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary JSON's shape, read back with Jackson; no Spark. */
class SummaryWriterTest {
  @TempDir
  Path dir;

  private static JsonNode column(ColumnProfile p) throws IOException {
    ObjectNode o = EntropyProfile.FIELDS.summary(p, SummaryWriter.JSON.createObjectNode());
    return SummaryWriter.JSON.readTree(SummaryWriter.JSON.writeValueAsString(o));
  }

  @Test
  void everyFieldOfAColumn() throws IOException {
    JsonNode c = column(new ColumnProfile("price", "double", 10, 2,
        new EntropyEstimate(LogBase.TWO, 8, 4, 1.5, 1.6875, 1.7, 0.25, 1.8, 1.6, 1.75, 0.3, 0.875, 20L, null),
        "20 equal-width bins"));
    for (String f : List.of("column", "type", "rows", "count", "nulls", "distinct", "entropy", "miller_madow",
        "chao_shen", "std_error", "max_entropy", "normalized_entropy", "coding_bound_bits", "binning",
        "grassberger", "james_stein", "nsb", "nsb_sd", "coverage", "undersampled", "alphabet")) {
      assertTrue(c.has(f), f);
    }
    assertEquals(8.0, c.get("count").asDouble());
    assertEquals(2.0, c.get("max_entropy").asDouble(), 1e-15);
    assertEquals(0.75, c.get("normalized_entropy").asDouble(), 1e-15);
    assertEquals(12.0, c.get("coding_bound_bits").asDouble(), 1e-12);
    assertEquals("20 equal-width bins", c.get("binning").asText());
    assertEquals(0.875, c.get("coverage").asDouble());
    assertTrue(c.get("undersampled").asBoolean());
    assertEquals(20, c.get("alphabet").asLong());
    assertFalse(c.has("reason"));
  }

  @Test
  void infinityIsAString() throws IOException {
    JsonNode c = column(new ColumnProfile("x", "string", 3, 0,
        new EntropyEstimate(LogBase.E, 3, 2, 0.5, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1, null), null));
    assertTrue(c.get("miller_madow").isTextual());
    assertEquals("Infinity", c.get("miller_madow").asText());
    assertEquals("-Infinity", c.get("chao_shen").asText());
    assertEquals("none", c.get("binning").asText());
  }

  @Test
  void undefinedIsNullWithAReason() throws IOException {
    String why = "no values to count (empty input, or every value null and nulls dropped)";
    JsonNode c = column(new ColumnProfile("x", "string", 2, 2,
        new EntropyEstimate(LogBase.E, 0, 0, null, null, null, null, why), null));
    assertTrue(c.get("entropy").isNull());
    assertTrue(c.get("chao_shen").isNull());
    assertTrue(c.get("max_entropy").isNull());
    assertEquals(why, c.get("reason").asText());
  }

  @Test
  void nullWithoutAReasonGetsOne() throws IOException {
    JsonNode c = column(new ColumnProfile("x", "string", 3, 0,
        new EntropyEstimate(LogBase.E, 3, 1, 0.0, 0.0, 0.0, Double.NaN, null), null));
    assertTrue(c.get("std_error").isNull());
    assertTrue(c.get("normalized_entropy").isNull());
    assertTrue(c.get("reason").asText().contains("std_error"), c.toString());
  }

  @Test
  void writtenAtomicallyAndReplaced() throws IOException {
    Path target = dir.resolve("a/b/summary.json");
    ObjectNode first = SummaryWriter.JSON.createObjectNode().put("n", 1);
    SummaryWriter.write(first, target);
    SummaryWriter.write(SummaryWriter.JSON.createObjectNode().put("n", 2), target);
    assertEquals(2, SummaryWriter.JSON.readTree(target.toFile()).get("n").asInt());
    try (Stream<Path> s = Files.list(target.getParent())) {
      assertEquals(List.of("summary.json"), s.map(p -> p.getFileName().toString()).toList());
    }
  }

  /** The summary was written with mode 0600 (a private temporary file renamed into place). */
  @Test
  void writtenWithTheModeOfAnyNewFile() throws IOException {
    Path target = dir.resolve("summary.json");
    SummaryWriter.write(SummaryWriter.JSON.createObjectNode().put("n", 1), target);
    Path plain = Files.createFile(dir.resolve("plain.txt")); // 0666 less this process's umask
    assertEquals(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)),
        java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
  }

  /** Temporary files of killed runs: deleted once a day old, never a fresh one (a live run's). */
  @Test
  void abandonedTemporaryFilesAreDeleted() throws IOException {
    Path target = dir.resolve("summary.json");
    Path old = Files.writeString(dir.resolve(".summary.json1234567890.tmp"), "{");
    Path fresh = Files.writeString(dir.resolve(".summary.json." + java.util.UUID.randomUUID() + ".tmp"), "{");
    Path other = Files.writeString(dir.resolve(".other.json.tmp"), "{");
    java.nio.file.attribute.FileTime twoDaysAgo = java.nio.file.attribute.FileTime.from(
        Instant.now().minus(java.time.Duration.ofDays(2)));
    Files.setLastModifiedTime(old, twoDaysAgo);
    Files.setLastModifiedTime(other, twoDaysAgo);
    SummaryWriter.write(SummaryWriter.JSON.createObjectNode().put("n", 1), target);
    assertFalse(Files.exists(old));
    assertTrue(Files.exists(fresh), "a fresh temporary file may be a live run's");
    assertTrue(Files.exists(other), "another file's temporary file is not this one's to delete");
  }

  @Test
  void parametersAndTimings() throws IOException {
    JobConfig config = JobConfig.parse(new String[] {"profile", "--input", "s3a://AKIAXX:s3cr3t@bucket/in",
        "--base", "2"}, Jobs.standard());
    JobContext context = new JobContext(null, config, System.out, System.err, Instant.parse("2026-01-02T03:04:05Z"));
    ObjectNode root = SummaryWriter.begin(context);
    SummaryWriter.finish(root, context, dir.resolve("s.json").toString());
    JsonNode s = SummaryWriter.JSON.readTree(dir.resolve("s.json").toFile());
    assertEquals("profile", s.get("job").asText());
    assertEquals("2026-01-02T03:04:05Z", s.get("started").asText());
    assertTrue(s.get("finished").isTextual() && s.get("seconds").isNumber());
    assertEquals("s3a://***@bucket/in", s.get("parameters").get("input").asText());
    assertFalse(Files.readString(dir.resolve("s.json")).contains("s3cr3t"));
  }
}
