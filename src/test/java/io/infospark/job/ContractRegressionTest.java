package io.infospark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.infospark.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Counterexamples the property tier ({@link JobContractPropertyTest}) found, shrunk, kept as
 * ordinary tests: each failed before its fix.
 */
class ContractRegressionTest {
  @TempDir
  static Path dir;

  @BeforeAll
  static void session() {
    SparkTestSession.get();
  }

  static Path csv(String name, String... lines) throws IOException {
    return Files.write(dir.resolve(name), List.of(lines));
  }

  static JsonNode summary(JobRun r, Path summary) throws IOException {
    assertEquals(0, r.code(), r.toString());
    return SummaryWriter.JSON.readTree(summary.toFile()).get("columns").get(0);
  }

  /**
   * compare of an empty input (p) with a reference (q) of values: the comparison is undefined, but
   * H(q) is not; it was reported null with the rest. Shrunk sample: p = parquet, 0 rows of column
   * 'a'; q = ['Oslo', 'Oslo'].
   * <pre>
   * from scipy.stats import entropy
   * entropy([3, 1])      # 0.5623351446188083, q = Oslo x3, Lyon x1
   * entropy([3.5, 1.5])  # 0.6108643020548935, the same with 0.5 added to each value
   * </pre>
   */
  @Test
  void compareWithAnEmptyInputReportsTheReferencesEntropy() throws IOException {
    Path p = csv("empty.csv", "a");
    Path q = csv("q.csv", "a", "Oslo", "Oslo", "Lyon", "Oslo");
    Path s = dir.resolve("s.json");
    JsonNode c = summary(JobRun.of("compare", "--input", p.toString(), "--reference", q.toString(), "--summary",
        s.toString(), "--show", "false"), s);
    assertEquals(0.5623351446188083, c.get("entropy_q").asDouble(), 1e-15, c.toString());
    assertTrue(c.get("entropy_p").isNull() && c.get("kl").isNull() && c.get("js").isNull(), c.toString());
    assertTrue(c.get("reason").asText().contains("the input (p)"), c.toString());
    JsonNode smoothed = summary(JobRun.of("compare", "--input", p.toString(), "--reference", q.toString(),
        "--smoothing", "0.5", "--summary", s.toString(), "--show", "false"), s);
    assertEquals(0.6108643020548935, smoothed.get("entropy_q").asDouble(), 1e-15, smoothed.toString());
    // and the other way round
    JsonNode reverse = summary(JobRun.of("compare", "--input", q.toString(), "--reference", p.toString(),
        "--summary", s.toString(), "--show", "false"), s);
    assertEquals(0.5623351446188083, reverse.get("entropy_p").asDouble(), 1e-15, reverse.toString());
    assertTrue(reverse.get("entropy_q").isNull(), reverse.toString());
  }

  /**
   * mutual-info of a table with one column: exit 2 said "got 1" without naming the column. Shrunk
   * sample: parquet, 0 rows, one boolean column 'Name'.
   */
  @Test
  void mutualInfoOfOneColumnNamesIt() throws IOException {
    Path one = csv("one.csv", "Name", "true", "false");
    JobRun r = JobRun.of("mutual-info", "--input", one.toString());
    assertTrue(r.isOneLineBadInput() && r.err().contains("'Name'"), r.toString());
  }
}
