package io.infospark.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.api.InfoSpark;
import io.infospark.core.TextWidth;
import io.infospark.testing.SparkTestSession;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The readable tables results print line up on a terminal whatever the column names: CJK names
 * (two cells per character) pushed the rest of their rows to the right.
 */
class TextTablesTest {
  private final SparkSession spark = SparkTestSession.get();

  private Dataset<Row> table() {
    return spark.sql("SELECT * FROM VALUES ('東京', 1, 'a'), ('大阪', 2, 'b'), ('東京', 2, 'b')"
        + " AS t(`城市`, price, `ねだん区分`)");
  }

  /** Every row of the table (the lines before the notes) takes the same number of terminal cells. */
  static void assertAligned(String table, int rows) {
    List<String> lines = table.lines().toList().subList(0, rows + 1);
    int header = TextWidth.of(lines.get(0));
    for (String line : lines) {
      assertEquals(header, TextWidth.of(line), "misaligned:\n" + table);
    }
  }

  @Test
  void profile() {
    EntropyProfile p = InfoSpark.profile(table(), ProfileOptions.defaults());
    assertAligned(p.toString(), 3);
    assertTrue(p.toString().contains("城市"), p.toString());
  }

  @Test
  void comparison() {
    Comparison c = InfoSpark.compare(table(), table(), CompareOptions.defaults());
    assertAligned(c.toString(), 3);
  }

  @Test
  void mutualInformation() {
    MutualInfoTable m = InfoSpark.mutualInformation(table(), MutualInfoOptions.defaults());
    assertAligned(m.toString(), 3);
  }

  @Test
  void longNamesAreCutByCells() {
    String name = "非常に長い列の名前".repeat(6);
    EntropyProfile p = InfoSpark.profile(spark.sql("SELECT 1 AS `" + name + "`, 2 AS x"), ProfileOptions.defaults());
    assertAligned(p.toString(), 2);
    String row = p.toString().lines().toList().get(1);
    assertTrue(row.contains("…") && TextWidth.of(row.substring(0, row.indexOf('…') + 1)) <= 40, p.toString());
  }

  /** A column listed twice was measured twice, and paired with itself for mutual information. */
  @Test
  void columnListedTwiceIsRefused() {
    for (Runnable r : List.<Runnable>of(() -> ProfileOptions.defaults().withColumns("price", "price"),
        () -> CompareOptions.defaults().withColumns("price", "x", "price"),
        () -> MutualInfoOptions.defaults().withColumns("price", "price"))) {
      io.infospark.core.BadInputException e =
          org.junit.jupiter.api.Assertions.assertThrows(io.infospark.core.BadInputException.class, r::run);
      assertTrue(e.getMessage().contains("'price'") && e.getMessage().contains("twice"), e.getMessage());
    }
  }
}
