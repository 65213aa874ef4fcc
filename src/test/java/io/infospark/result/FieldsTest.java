package io.infospark.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.infospark.core.TextWidth;
import io.infospark.measure.Comparison;
import io.infospark.measure.EntropyProfile;
import io.infospark.measure.MutualInfoTable;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/** One description gives the table's schema and rows, the summary's objects and the text table; no Spark session. */
class FieldsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Item(String name, double count, Double value, Long size, List<String> examples, String reason) {}

  private static final Fields<Item> FIELDS = Fields.<Item>builder()
      .text("name", Item::name).shown("name")
      .count("count", Item::count).shown("n")
      .number("value", Item::value).shown("value")
      .whole("size", Item::size).orNull().nullWithoutReason()
      .texts("examples", Item::examples)
      .reason(Item::reason)
      .shownOnly(Fields.MAIN, "size or -", i -> i.size() == null ? "-" : i.size().toString())
      .build();

  @Test
  void schemaHasTheTableFieldsInOrder() {
    assertEquals(List.of("name", "count", "value", "size", "examples", "reason"), List.of(FIELDS.schema().fieldNames()));
    assertEquals(DataTypes.DoubleType, FIELDS.schema().apply("count").dataType());
    assertFalse(FIELDS.schema().apply("count").nullable());
    assertTrue(FIELDS.schema().apply("size").nullable());
    assertEquals(DataTypes.createArrayType(DataTypes.StringType, false), FIELDS.schema().apply("examples").dataType());
  }

  @Test
  void rowFollowsTheSchema() {
    Row r = FIELDS.row(new Item("a", 3, 0.5, null, List.of("x", "y"), null));
    assertEquals("a", r.getString(0));
    assertEquals(3.0, r.getDouble(1));
    assertEquals(0.5, r.getDouble(2));
    assertTrue(r.isNullAt(3));
    assertEquals(List.of("x", "y"), r.getList(4));
  }

  @Test
  void summaryWritesCountsWholeInfinityAsTextAndListsTheUndefined() throws Exception {
    JsonNode o = JSON.readTree(JSON.writeValueAsString(
        FIELDS.summary(new Item("a", 4, Double.POSITIVE_INFINITY, null, List.of(), null), JSON.createObjectNode())));
    assertTrue(o.get("count").isIntegralNumber());
    assertEquals("Infinity", o.get("value").asText());
    assertTrue(o.get("size").isNull());
    assertFalse(o.has("reason"), "a size that may be unknown is not a reason");
    JsonNode undefined = JSON.readTree(JSON.writeValueAsString(
        FIELDS.summary(new Item("b", 2.5, null, 7L, List.of(), null), JSON.createObjectNode())));
    assertEquals(2.5, undefined.get("count").asDouble());
    assertTrue(undefined.get("value").isNull());
    assertEquals("undefined for this input: value", undefined.get("reason").asText());
    JsonNode own = JSON.readTree(JSON.writeValueAsString(
        FIELDS.summary(new Item("c", 0, null, 7L, List.of(), "empty input"), JSON.createObjectNode())));
    assertEquals("empty input", own.get("reason").asText());
  }

  @Test
  void textTableLinesUpWideCharacters() {
    String t = FIELDS.table(List.of(new Item("東京", 12, 0.123456, 3L, List.of(), null),
        new Item("b", 1.5, null, null, List.of(), null)), Fields.MAIN);
    List<String> lines = t.lines().toList();
    assertEquals(3, lines.size());
    assertEquals("name      n   value  size or -", lines.get(0));
    assertEquals("東京     12  0.1235          3", lines.get(1));
    assertEquals("b     1.500       -          -", lines.get(2));
    for (String line : lines) {
      assertEquals(TextWidth.of(lines.get(0)), TextWidth.of(line), t);
    }
  }

  @Test
  void twoFieldsOfOneNameAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Fields.<Item>builder().text("a", Item::name)
        .number("a", Item::value));
  }

  /** The summary names DESIGN.md §3 and §5.6 fix are fields of the results' descriptions. */
  @Test
  void theContractsSummaryNamesAreDescribed() {
    assertTrue(EntropyProfile.FIELDS.summaryNames().containsAll(List.of("column", "count", "nulls", "distinct",
        "entropy", "miller_madow", "chao_shen", "std_error", "grassberger", "james_stein", "nsb", "nsb_sd",
        "coverage", "undersampled")));
    assertTrue(Comparison.FIELDS.summaryNames().containsAll(List.of("column", "entropy_p", "entropy_q",
        "cross_entropy", "kl", "kl_reverse", "js", "psi", "n_p", "n_q", "g_statistic", "df", "p_value", "js_null",
        "kl_null", "psi_null", "hellinger")));
    assertTrue(MutualInfoTable.FIELDS.summaryNames().containsAll(List.of("x", "y", "mutual_information",
        "joint_entropy", "conditional_entropy_y_given_x", "g_statistic", "p_value")));
  }
}
