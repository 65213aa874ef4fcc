package io.infospark.api;

import static io.infospark.testing.Approx.PARTITION_INVARIANT;
import static io.infospark.testing.Approx.assertSameRows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.infospark.engine.StateWindow;
import io.infospark.measure.Binning;
import io.infospark.measure.CompareOptions;
import io.infospark.measure.MutualInfoOptions;
import io.infospark.measure.NullPolicy;
import io.infospark.measure.ProfileOptions;
import io.infospark.measure.StateTarget;
import io.infospark.testing.SparkTestSession;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduled-ETL flow through the facade: each daily run saves its counts beside its results;
 * the week's profile, today's drift against the last days as a whole, and mutual information over
 * the week come from the states, equal to the analyses of the union of the daily inputs.
 */
class StatesApiTest {
  private final SparkSession spark = SparkTestSession.get();
  @TempDir Path tmp;
  private static final LocalDate D0 = LocalDate.of(2026, 11, 1);
  private static final StructType SCHEMA = new StructType().add("country", DataTypes.StringType)
      .add("device", DataTypes.StringType).add("items", DataTypes.LongType);

  private Dataset<Row> day(int d) {
    Random r = new Random(77 + d);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      rows.add(RowFactory.create(r.nextInt(12) == 0 ? null : "c" + r.nextInt(8 + d), "d" + r.nextInt(3),
          (long) r.nextInt(5 + d)));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  private Dataset<Row> days(int from, int to) {
    Dataset<Row> u = day(from);
    for (int d = from + 1; d <= to; d++) {
      u = u.union(day(d));
    }
    return u;
  }

  @Test
  void aWeekOfDailyRunsFromTheirStates() {
    String profiles = tmp.resolve("profile-states").toString();
    String pairs = tmp.resolve("mi-states").toString();
    ProfileOptions po = ProfileOptions.defaults().withNulls(NullPolicy.CATEGORY);
    MutualInfoOptions mo = MutualInfoOptions.defaults().withColumns("country", "device", "items");
    for (int d = 0; d < 7; d++) {
      InfoSpark.profile(day(d), po, new StateTarget(profiles, "day-" + d, D0.plusDays(d)));
      InfoSpark.mutualInformation(day(d), mo, new StateTarget(pairs, "day-" + d, D0.plusDays(d)));
    }
    assertEquals(7, InfoSpark.states(spark, profiles).size());
    // "what is this week's entropy, given the seven daily runs?"
    assertSameRows(InfoSpark.profile(days(0, 6), po).rows(),
        InfoSpark.profileStates(spark, profiles, StateWindow.last(7), po).rows(), PARTITION_INVARIANT);
    assertSameRows(InfoSpark.mutualInformation(days(0, 6), mo).rows(),
        InfoSpark.mutualInformationStates(spark, pairs, StateWindow.between(D0, D0.plusDays(6)), mo).rows(),
        PARTITION_INVARIANT);
    // "has today's table drifted against the last days as a whole?"
    CompareOptions co = CompareOptions.defaults().withNulls(NullPolicy.CATEGORY);
    Dataset<Row> today = day(9);
    assertSameRows(InfoSpark.compare(today, days(2, 6), co).rows(),
        InfoSpark.compareToStates(today, profiles, StateWindow.between(D0.plusDays(2), D0.plusDays(6)), co).rows(),
        PARTITION_INVARIANT);
    assertSameRows(InfoSpark.compare(days(5, 6), today, co).rows(),
        InfoSpark.compareStates(profiles, StateWindow.last(2), today, co).rows(), PARTITION_INVARIANT);
    assertSameRows(InfoSpark.compare(days(5, 6), days(0, 4), co).rows(),
        InfoSpark.compareStates(spark, profiles, StateWindow.last(2), profiles,
            StateWindow.between(D0, D0.plusDays(4)), co).rows(), PARTITION_INVARIANT);
    // a compacted week gives the same week
    InfoSpark.compactStates(spark, profiles, StateWindow.between(D0, D0.plusDays(6)), "week-44");
    assertEquals(List.of("week-44"), InfoSpark.states(spark, profiles).stream().map(r -> r.id()).toList());
    assertSameRows(InfoSpark.profile(days(0, 6), po).rows(),
        InfoSpark.profileStates(spark, profiles, StateWindow.runs(List.of("week-44")), po).rows(), PARTITION_INVARIANT);
  }

  @Test
  void aComparisonSavesTheRunUnderTest() {
    String states = tmp.resolve("compare-states").toString();
    CompareOptions co = CompareOptions.defaults().withBinning(Binning.EXACT);
    InfoSpark.compare(day(1), day(0), co, new StateTarget(states, "day-1", D0.plusDays(1)));
    InfoSpark.compare(day(2), day(0), co, new StateTarget(states, "day-2", D0.plusDays(2)));
    ProfileOptions po = ProfileOptions.defaults();
    assertSameRows(InfoSpark.profile(days(1, 2), po).rows(),
        InfoSpark.profileStates(spark, states, StateWindow.last(2), po).rows(), PARTITION_INVARIANT);
  }
}
