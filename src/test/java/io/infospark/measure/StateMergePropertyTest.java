package io.infospark.measure;

import static io.infospark.testing.Approx.PARTITION_INVARIANT;
import static io.infospark.testing.Approx.assertSameRows;

import io.infospark.engine.CountResult;
import io.infospark.engine.CountState;
import io.infospark.engine.StateWindow;
import io.infospark.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Merging saved states is counting the union: for random runs (sizes, values, nulls, NaN, weights,
 * a floating-point column in fixed bins, nulls dropped or a value, some runs compacted first), the
 * profile of the merged states equals the profile of the union of the runs' rows, to 1e-12 on
 * every field. The reference never sees a state.
 */
class StateMergePropertyTest {
  private static final String[] CITIES = {"a", "b", "c", "dd", "e", "ü", ""};

  @Property(tries = 8)
  void mergedStatesProfileLikeTheirUnion(@ForAll @IntRange(min = 1, max = 4) int runs,
      @ForAll @IntRange(min = 1, max = 60) int rows, @ForAll long seed, @ForAll boolean nullsAsValue,
      @ForAll boolean weighted, @ForAll boolean compactFirstTwo) throws IOException {
    SparkSession spark = SparkTestSession.get();
    Path dir = Files.createTempDirectory("state-merge");
    String states = dir.resolve("states").toString();
    ProfileOptions options = ProfileOptions.defaults().withColumns("city", "n", "x")
        .withNulls(nullsAsValue ? NullPolicy.CATEGORY : NullPolicy.DROP)
        .withWeight(weighted ? "w" : null)
        .withBins(4).withBinRanges(Map.of("x", new double[] {-3, 3}));
    Random random = new Random(seed);
    Dataset<Row> union = null;
    for (int r = 0; r < runs; r++) {
      Dataset<Row> run = rows(spark, random, 1 + random.nextInt(rows));
      Profiler.profile(run, options, new StateTarget(states, "r" + r, LocalDate.of(2026, 1, 1 + r)));
      union = union == null ? run : union.union(run);
    }
    if (compactFirstTwo && runs >= 2) {
      CountState.compact(spark, states, StateWindow.runs(List.of("r0", "r1")), "c01");
    }
    EntropyProfile expected = Profiler.profile(union, options);
    try (CountResult merged = CountState.merge(spark, states, StateWindow.between(null, null))) {
      assertSameRows(expected.rows(), Profiler.profile(merged, options).rows(), PARTITION_INVARIANT);
    }
  }

  /** Random rows: cities with nulls, small integers with nulls, doubles inside and outside the range, NaN. */
  private static Dataset<Row> rows(SparkSession spark, Random random, int n) {
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String city = random.nextInt(8) == 0 ? null : CITIES[random.nextInt(CITIES.length)];
      Integer k = random.nextInt(10) == 0 ? null : random.nextInt(6) - 2;
      int shape = random.nextInt(12);
      Double x = (random.nextInt(25) - 12) / 4.0;
      if (shape == 0) {
        x = Double.NaN;
      } else if (shape == 1) {
        x = null;
      } else if (shape == 2) {
        x = 7.5;
      }
      out.add(RowFactory.create(city, k, x, 0.25 * (1 + random.nextInt(8))));
    }
    return spark.createDataFrame(out, new StructType().add("city", DataTypes.StringType)
        .add("n", DataTypes.IntegerType).add("x", DataTypes.DoubleType).add("w", DataTypes.DoubleType));
  }
}
