package io.infospark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infospark.testing.Approx;
import io.infospark.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saved count states on the command line, as a scheduler runs the jobs: each day's run saves its
 * counts ({@code save-state}); a later run reads a window of them ({@code states}, {@code state-*})
 * instead of the data or besides it. The reference of every equality is the same job run on the
 * union of the days' files (one scan of the data): every number of the summary's items agrees to
 * 1e-12 (relative), every text exactly.
 */
class StatesJobTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The counting keys every run here shares: price in fixed bins, so the days' states merge. */
  private static final List<String> COUNTING = List.of("--columns", "country,device,price", "--bin-range",
      "price=0:100", "--bins", "10", "--show", "false", "--progress", "false");

  @TempDir static Path dir;

  @BeforeAll
  static void session() {
    SparkTestSession.get();
  }

  /** Day d of a small events table: its own mix of countries, devices and prices (d shifts the prices). */
  static Path day(int d) {
    Path out = dir.resolve("events/day" + d);
    if (!Files.exists(out)) {
      SparkTestSession.get().range(150 + 40 * d).selectExpr(
          "element_at(array('DE','FR','US','BR','JP'), cast((id * 7 + " + d + ") % " + (2 + d) + " + 1 as int)) "
              + "as country",
          "case when id % " + (3 + d) + " = 0 then 'ios' when id % 3 = 1 then 'android' when id % 11 = 0 then null "
              + "else 'web' end as device",
          "case when id % 17 = 0 then cast('NaN' as double) else cast((id * 13) % 90 as double) * 1.1 + " + (4 * d)
              + " end as price")
          .coalesce(1).write().parquet(out.toString());
    }
    return out;
  }

  private static JsonNode run(String job, String summaryName, List<String> counting, String... flags) throws IOException {
    Path summary = dir.resolve(summaryName + ".json");
    List<String> args = new ArrayList<>(List.of(job));
    args.addAll(List.of(flags));
    args.addAll(counting);
    args.addAll(List.of("--summary", summary.toString()));
    JobRun r = JobRun.of(args.toArray(new String[0]));
    assertEquals(Main.OK, r.code(), String.join(" ", args) + "\n" + r);
    return JSON.readTree(summary.toFile());
  }

  private static JsonNode run(String job, String summaryName, String... flags) throws IOException {
    return run(job, summaryName, COUNTING, flags);
  }

  /** The days' files as one input (a glob). */
  private static String days(int... ds) {
    StringBuilder sb = new StringBuilder();
    for (int d : ds) {
      day(d);
      sb.append(sb.length() == 0 ? "" : ",").append(d);
    }
    return dir.resolve("events").toString() + "/day{" + sb + "}";
  }

  /** Saves days as runs d1, d2, … dated 2026-01-0d of a states folder, by the job with save-state. */
  private static String saveDays(String job, String folder, List<String> counting, int... ds) throws IOException {
    String states = dir.resolve(folder).toString();
    for (int d : ds) {
      run(job, folder + "-save-" + d, counting, "--input", day(d).toString(), "--save-state", states, "--run-id", "d" + d,
          "--state-date", "2026-01-0" + d);
    }
    return states;
  }

  @Test
  void profileFromStatesEqualsTheProfileOfTheUnion() throws IOException {
    String states = saveDays("profile", "profile-states", COUNTING, 1, 2, 3);
    JsonNode union = run("profile", "union-123", "--input", days(1, 2, 3));

    JsonNode merged = run("profile", "states-last-3", List.of("--show", "false"), "--states", states, "--state-last", "3");
    assertSameItems(union, merged, "columns");
    assertEquals(List.of("d1", "d2", "d3"), texts(merged.get("states").get("runs")));
    // today's input besides the states of the days before
    JsonNode besides = run("profile", "input-and-states", List.of("--show", "false"), "--input", day(3).toString(),
        "--states", states, "--state-runs", "d1,d2");
    assertSameItems(union, besides, "columns");
    assertEquals(List.of("d1", "d2"), texts(besides.get("states").get("runs")));
    // a window of dates
    JsonNode union23 = run("profile", "union-23", "--input", days(2, 3));
    JsonNode dates = run("profile", "states-dates", List.of("--show", "false"), "--states", states, "--state-from",
        "2026-01-02", "--state-to", "2026-01-03");
    assertSameItems(union23, dates, "columns");

    // compaction on the command line: d1 and d2 become one run; the profile of all is unchanged
    JsonNode compacted = run("compact-states", "compact", List.of("--show", "false"), "--states", states,
        "--state-runs", "d1,d2", "--into", "w1");
    assertEquals("w1", compacted.get("compacted").get("run").asText());
    assertEquals("2026-01-01", compacted.get("compacted").get("first_date").asText());
    assertEquals(List.of("d1", "d2"), texts(compacted.get("states").get("runs")));
    assertFalse(Files.exists(Path.of(states, "run_id=d1")), "the replaced runs are deleted");
    JsonNode all = run("profile", "after-compaction", List.of("--show", "false"), "--states", states);
    assertSameItems(union, all, "columns");
    assertEquals(List.of("w1", "d3"), texts(all.get("states").get("runs")));
  }

  @Test
  void compareWithStatesOnEitherSideEqualsTheComparisonOfTheUnion() throws IOException {
    String states = saveDays("profile", "compare-states", COUNTING, 1, 2);
    // today (day 3) against the merged states of the days before, as the reference
    JsonNode expected = run("compare", "compare-3-vs-12", "--input", day(3).toString(), "--reference", days(1, 2));
    JsonNode actual = run("compare", "compare-3-vs-states", List.of("--show", "false"), "--input",
        day(3).toString(), "--reference-states", states);
    assertSameItems(expected, actual, "columns");
    assertEquals(List.of("d1", "d2"), texts(actual.get("reference_states").get("runs")));
    // the states under test against day 3 as the reference
    JsonNode reverse = run("compare", "compare-12-vs-3", "--input", days(1, 2), "--reference", day(3).toString());
    JsonNode reverseStates = run("compare", "compare-states-vs-3", List.of("--show", "false"), "--states", states,
        "--state-last", "2", "--reference", day(3).toString());
    assertSameItems(reverse, reverseStates, "columns");
    // day 1 plus states of day 2 against day 3 plus the states of day 2: both sides mixed
    String other = saveDays("profile", "compare-states-2", COUNTING, 2);
    JsonNode mixed = run("compare", "compare-13-vs-23", "--input", days(1, 2), "--reference", days(2, 3));
    JsonNode mixedStates = run("compare", "compare-mixed", List.of("--show", "false"), "--input", day(1).toString(),
        "--states", other, "--reference", day(3).toString(), "--reference-states", other);
    assertSameItems(mixed, mixedStates, "columns");
  }

  @Test
  void mutualInformationFromStatesEqualsTheUnion() throws IOException {
    String states = saveDays("mutual-info", "mi-states", COUNTING, 1, 2, 3);
    JsonNode expected = run("mutual-info", "mi-union", "--input", days(1, 2, 3));
    JsonNode actual = run("mutual-info", "mi-from-states", List.of("--show", "false"), "--states", states);
    assertSameItems(expected, actual, "pairs");
    assertEquals(List.of("d1", "d2", "d3"), texts(actual.get("states").get("runs")));
  }

  @Test
  void theStateIsReadableJsonAndKilledWritesAreCleanedLater() throws IOException {
    String states = saveDays("profile", "json-states", COUNTING, 1);
    JsonNode meta = JSON.readTree(Path.of(states, "run_id=d1", "_state.json").toFile());
    assertEquals("infospark-count-state/3", meta.get("format").asText());
    // the layout: the engine's merge partitions, their groups, and each Parquet file's group
    JsonNode layout = meta.get("layout");
    assertTrue(layout.get("buckets").asInt() >= 1 && layout.get("groups").asInt() >= 1, layout.toString());
    for (JsonNode f : layout.get("files")) {
      assertTrue(f.get(0).asInt() < layout.get("groups").asInt(), f.toString());
      assertTrue(Files.exists(Path.of(states, "run_id=d1", f.get(1).asText())), f.toString());
    }
    JsonNode price = meta.get("request").get("columns").get(2);
    assertEquals("price", price.get("name").asText());
    assertEquals("double", price.get("type").asText());
    assertEquals("equal-width", price.get("bins").get("kind").asText());
    assertEquals(11, price.get("bins").get("edges").size());
    assertEquals(0.0, price.get("bins").get("edges").get(0).asDouble());
    assertEquals(100.0, price.get("bins").get("edges").get(10).asDouble());

    // what a killed write left two days ago is deleted by the next save; a live write's is not
    Path killed = Path.of(states, "_tmp-d7-" + UUID.randomUUID());
    Path live = Path.of(states, "_tmp-d8-" + UUID.randomUUID());
    for (Path p : List.of(killed, live)) {
      Files.createDirectories(p);
      Files.writeString(p.resolve("part-0.parquet"), "partial");
    }
    long twoDaysAgo = System.currentTimeMillis() - 48L * 3600 * 1000;
    assertTrue(killed.resolve("part-0.parquet").toFile().setLastModified(twoDaysAgo));
    assertTrue(killed.toFile().setLastModified(twoDaysAgo));
    saveDays("profile", "json-states", COUNTING, 2);
    assertFalse(Files.exists(killed), "an abandoned _tmp- folder is deleted");
    assertTrue(Files.exists(live), "a recent _tmp- folder may be a live run's: kept");
  }

  @Test
  void badKeysAndStatesAreOneLineExit2() throws IOException {
    String states = saveDays("profile", "bad-states", COUNTING, 1, 2);
    // floating-point bins from each day's own range: the states do not merge, and say why
    String own = saveDays("profile", "own-range-states", List.of("--columns", "country,price", "--show", "false"), 1, 2);
    Map<List<String>, String> cases = new java.util.LinkedHashMap<>();
    cases.put(List.of("profile", "--states", own), "infospark: states: run 'd2' was counted differently from run 'd1': "
        + "column 'price' is binned equal-width");
    cases.put(List.of("profile", "--states", states, "--bins", "5"), "infospark: bins: with saved states");
    cases.put(List.of("profile", "--input", day(1).toString(), "--state-last", "2"), "infospark: state-last: ");
    cases.put(List.of("profile", "--states", states, "--state-last", "2", "--state-runs", "d1"),
        "infospark: state-runs, state-last, state-from/state-to: give one window");
    cases.put(List.of("profile", "--states", states, "--state-runs", "nope"), "infospark: states: run 'nope' not found");
    cases.put(List.of("profile", "--states", states, "--save-state", states), "infospark: save-state: ");
    cases.put(List.of("profile", "--states", states, "--columns", "country"), "infospark: columns: the states in ");
    cases.put(List.of("profile", "--states", states, "--nulls", "category"), "infospark: nulls: the states in ");
    cases.put(List.of("profile", "--input", day(1).toString(), "--bin-range", "price=5"), "infospark: bin-range: ");
    cases.put(List.of("profile", "--input", day(1).toString(), "--bin-range", "country=0:1"),
        "infospark: bin-range: column 'country' has type string");
    cases.put(List.of("profile", "--states", states, "--state-from", "2026-01-05", "--state-to", "2026-01-02"),
        "infospark: state-to: ");
    cases.put(List.of("profile", "--states", states, "--state-from", "2027-01-01"), "infospark: states: the window ");
    cases.put(List.of("compare", "--input", day(1).toString()), "infospark: reference: missing");
    cases.put(List.of("compact-states", "--states", states), "infospark: into: missing");
    cases.put(List.of("compact-states", "--states", states, "--state-runs", "d1", "--into", "d1"),
        "infospark: compact: the compacted run 'd1' is one of the runs it replaces");
    cases.put(List.of("mutual-info", "--states", states), "infospark: states: the counts hold no pairs");
    for (Map.Entry<List<String>, String> c : cases.entrySet()) {
      List<String> args = new ArrayList<>(c.getKey());
      args.addAll(List.of("--show", "false", "--progress", "false"));
      JobRun r = JobRun.of(args.toArray(new String[0]));
      assertTrue(r.isOneLineBadInput(), c.getKey() + ": " + r);
      assertTrue(r.err().startsWith(c.getValue()), c.getKey() + ": expected " + c.getValue() + "\n" + r);
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** The items of two summaries alike: numbers to 1e-12 relative, everything else exactly. */
  static void assertSameItems(JsonNode expected, JsonNode actual, String items) {
    assertTrue(expected.get(items).size() > 0, items + " is empty");
    assertSame(expected.get(items), actual.get(items), items);
  }

  private static void assertSame(JsonNode e, JsonNode a, String where) {
    if (e.isNumber() && a != null && a.isNumber()) {
      Approx.assertClose(e.asDouble(), a.asDouble(), Approx.PARTITION_INVARIANT, where);
    } else if (e.isObject() && a != null && a.isObject()) {
      Iterator<String> names = e.fieldNames();
      while (names.hasNext()) {
        String f = names.next();
        assertSame(e.get(f), a.get(f), where + "." + f);
      }
      assertEquals(e.size(), a.size(), where + ": fields");
    } else if (e.isArray() && a != null && a.isArray()) {
      assertEquals(e.size(), a.size(), where + ": length");
      for (int i = 0; i < e.size(); i++) {
        assertSame(e.get(i), a.get(i), where + "[" + i + "]");
      }
    } else {
      assertEquals(e, a, where);
    }
  }
}
