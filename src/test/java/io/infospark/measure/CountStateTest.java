package io.infospark.measure;

import static io.infospark.testing.Approx.PARTITION_INVARIANT;
import static io.infospark.testing.Approx.assertSameRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.core.BadInputException;
import io.infospark.core.LogBase;
import io.infospark.engine.CountRequest;
import io.infospark.engine.CountResult;
import io.infospark.engine.CountState;
import io.infospark.engine.StateWindow;
import io.infospark.engine.ValueCounter;
import io.infospark.testing.SparkTestSession;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Saved count states: the analyses of merged states equal the analyses of the union of the runs'
 * inputs (the independent reference: the batch analysis over the union, which never sees a state),
 * to {@link io.infospark.testing.Approx#PARTITION_INVARIANT} (1e-12 relative) on every field.
 */
class CountStateTest {
  private final SparkSession spark = SparkTestSession.get();
  @TempDir Path tmp;

  static final StructType SCHEMA = new StructType().add("city", DataTypes.StringType).add("n", DataTypes.IntegerType)
      .add("flag", DataTypes.BooleanType).add("x", DataTypes.DoubleType).add("w", DataTypes.DoubleType);

  /** A day's rows: overlapping and new values from day to day, nulls, NaN, weights. */
  static Dataset<Row> day(SparkSession spark, int day, int rows) {
    Random r = new Random(1000 + day);
    List<Row> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      String city = r.nextInt(10) == 0 ? null : "c" + (r.nextInt(20 + 5 * day));
      Integer n = r.nextInt(15) == 0 ? null : (int) Math.round(Math.abs(r.nextGaussian()) * 7) + day;
      Boolean flag = r.nextInt(20) == 0 ? null : r.nextInt(3 + day) == 0;
      Double x = r.nextInt(30) == 0 ? Double.NaN : Math.floor(r.nextGaussian() * 4) / 2;
      out.add(RowFactory.create(city, n, flag, x, 0.25 + r.nextInt(8) / 4.0));
    }
    return spark.createDataFrame(out, SCHEMA);
  }

  private static final LocalDate D0 = LocalDate.of(2026, 11, 1);

  private String states() {
    return tmp.resolve("states").toString();
  }

  /** Profiles each day with the options' request and saves its counts as run day-i of date D0 + i. */
  private void saveDays(int days, ProfileOptions o) {
    for (int d = 0; d < days; d++) {
      saveProfileState(day(spark, d, 300), o, "day-" + d, D0.plusDays(d));
    }
  }

  private void saveProfileState(Dataset<Row> df, ProfileOptions o, String run, LocalDate date) {
    List<String> names = ColumnNames.orAll(df, o.columns(), o.weight());
    CountRequest request = CountRequest.of(Profiler.columns(df, names, o, Map.of())).withWeight(o.weight())
        .withNullsAsValue(o.nulls() == NullPolicy.CATEGORY);
    try (CountResult counts = ValueCounter.count(df, request)) {
      CountState.save(counts, CountState.Side.ALL, states(), run, date);
    }
  }

  private Dataset<Row> union(int from, int to) {
    Dataset<Row> u = day(spark, from, 300);
    for (int d = from + 1; d <= to; d++) {
      u = u.union(day(spark, d, 300));
    }
    return u;
  }

  private EntropyProfile profileOfStates(StateWindow w, ProfileOptions o) {
    try (CountResult merged = CountState.merge(spark, states(), w)) {
      return Profiler.profile(merged, o);
    }
  }

  @Test
  void profileOfMergedStatesEqualsProfileOfTheUnion() {
    ProfileOptions o = ProfileOptions.defaults().withColumns("city", "n", "flag", "x").withBinning(Binning.EXACT);
    saveDays(3, o);
    EntropyProfile expected = Profiler.profile(union(0, 2), o);
    EntropyProfile actual = profileOfStates(StateWindow.runs(List.of("day-0", "day-1", "day-2")), o);
    assertSameRows(expected.rows(), actual.rows(), PARTITION_INVARIANT);
    // one run alone is that day's profile
    assertSameRows(Profiler.profile(day(spark, 1, 300), o).rows(),
        profileOfStates(StateWindow.runs(List.of("day-1")), o).rows(), PARTITION_INVARIANT);
  }

  @Test
  void weightedNullsAsValueInBitsEqualsTheUnion() {
    ProfileOptions o = ProfileOptions.defaults().withColumns("city", "n", "flag", "x").withBinning(Binning.EXACT)
        .withWeight("w").withNulls(NullPolicy.CATEGORY).withBase(LogBase.TWO);
    saveDays(3, o);
    assertSameRows(Profiler.profile(union(0, 2), o).rows(),
        profileOfStates(StateWindow.last(3), o).rows(), PARTITION_INVARIANT);
  }

  @Test
  void lastRunsAndDatesSelectTheirRuns() {
    ProfileOptions o = ProfileOptions.defaults().withColumns("city", "n", "flag").withAlphabet("flag", 2);
    saveDays(4, o);
    List<String> ids = CountState.runs(spark, states()).stream().map(CountState.Run::id).toList();
    assertEquals(List.of("day-0", "day-1", "day-2", "day-3"), ids);
    EntropyProfile expected = Profiler.profile(union(2, 3), o);
    assertSameRows(expected.rows(), profileOfStates(StateWindow.last(2), o).rows(), PARTITION_INVARIANT);
    assertSameRows(expected.rows(), profileOfStates(StateWindow.between(D0.plusDays(2), null), o).rows(),
        PARTITION_INVARIANT);
    assertSameRows(Profiler.profile(union(1, 2), o).rows(),
        profileOfStates(StateWindow.between(D0.plusDays(1), D0.plusDays(2)), o).rows(), PARTITION_INVARIANT);
  }

  @Test
  void mutualInformationOfMergedStatesEqualsTheUnion() {
    MutualInfoOptions o = MutualInfoOptions.defaults().withColumns("city", "n", "flag").withNulls(NullPolicy.DROP);
    for (int d = 0; d < 3; d++) {
      Dataset<Row> df = day(spark, d, 300);
      List<String> names = List.of("city", "n", "flag");
      CountRequest request = CountRequest.of(Profiler.columns(df, names, o.binningOptions(), Map.of()))
          .withPairs(new int[][] {{0, 1}, {0, 2}, {1, 2}});
      try (CountResult counts = ValueCounter.count(df, request)) {
        CountState.save(counts, CountState.Side.ALL, states(), "day-" + d, D0.plusDays(d));
      }
    }
    MutualInfoTable expected = MutualInfo.measure(union(0, 2), o);
    try (CountResult merged = CountState.merge(spark, states(), StateWindow.last(3))) {
      assertSameRows(expected.rows(), MutualInfo.measure(merged, o).rows(), PARTITION_INVARIANT);
    }
  }

  @Test
  void compareAgainstMergedStatesEqualsCompareAgainstTheUnion() {
    ProfileOptions po = ProfileOptions.defaults().withColumns("city", "n", "flag", "x").withBinning(Binning.EXACT)
        .withNulls(NullPolicy.CATEGORY);
    saveDays(3, po);
    CompareOptions o = CompareOptions.defaults().withColumns(List.of("city", "n", "flag", "x"))
        .withBinning(Binning.EXACT).withNulls(NullPolicy.CATEGORY);
    Dataset<Row> today = day(spark, 5, 400);
    Comparison expected = DistributionComparison.compare(today, union(0, 2), o);
    try (CountResult reference = CountState.merge(spark, states(), StateWindow.last(3));
        CountResult p = DistributionComparison.countLike(today, reference.request(), o)) {
      assertSameRows(expected.rows(), DistributionComparison.compare(p, reference, o).rows(), PARTITION_INVARIANT);
      // the state as the side under test, the data as the reference
      Comparison reversed = DistributionComparison.compare(union(0, 2), today, o);
      try (CountResult q = DistributionComparison.countLike(today, reference.request(), o)) {
        assertSameRows(reversed.rows(), DistributionComparison.compare(reference, q, o).rows(), PARTITION_INVARIANT);
      }
    }
  }

  @Test
  void theSidesOfAComparisonAreSavedApart() {
    CompareOptions o = CompareOptions.defaults().withColumns(List.of("city", "n")).withNulls(NullPolicy.CATEGORY);
    Dataset<Row> p = day(spark, 1, 300);
    Dataset<Row> q = day(spark, 2, 300);
    CountRequest request = CountRequest.of(Profiler.columns(q, List.of("city", "n"), o.binningOptions(), Map.of()))
        .withNullsAsValue(true);
    try (CountResult sides = ValueCounter.countSides(p, q, request)) {
      CountState.save(sides, CountState.Side.FIRST, states(), "p", D0);
      CountState.save(sides, CountState.Side.SECOND, states(), "q", D0.plusDays(1));
    }
    ProfileOptions po = ProfileOptions.defaults().withColumns("city", "n").withNulls(NullPolicy.CATEGORY);
    assertSameRows(Profiler.profile(p, po).rows(), profileOfStates(StateWindow.runs(List.of("p")), po).rows(),
        PARTITION_INVARIANT);
    assertSameRows(Profiler.profile(q, po).rows(), profileOfStates(StateWindow.runs(List.of("q")), po).rows(),
        PARTITION_INVARIANT);
  }

  @Test
  void compactionReplacesItsRunsAndKeepsTheirCounts() {
    ProfileOptions o = ProfileOptions.defaults().withColumns("city", "n", "flag", "x").withBinning(Binning.EXACT);
    saveDays(4, o);
    CountState.Run week = CountState.compact(spark, states(), StateWindow.between(D0, D0.plusDays(2)), "week-1");
    assertEquals("2026-11-01..2026-11-03", week.dates());
    assertEquals(List.of("week-1", "day-3"), CountState.runs(spark, states()).stream().map(CountState.Run::id).toList());
    assertTrue(!tmp.resolve("states/run_id=day-0").toFile().exists(), "replaced runs are deleted");
    assertSameRows(Profiler.profile(union(0, 2), o).rows(),
        profileOfStates(StateWindow.runs(List.of("week-1")), o).rows(), PARTITION_INVARIANT);
    assertSameRows(Profiler.profile(union(0, 3), o).rows(), profileOfStates(StateWindow.last(2), o).rows(),
        PARTITION_INVARIANT);
    BadInputException cut = assertThrows(BadInputException.class,
        () -> profileOfStates(StateWindow.between(D0.plusDays(1), null), o));
    assertTrue(cut.getMessage().contains("run 'week-1' covers 2026-11-01..2026-11-03, partly inside"), cut.getMessage());
  }

  @Test
  void unknownRunsEmptyWindowsAndDifferentCountsAreNamed() {
    ProfileOptions o = ProfileOptions.defaults().withColumns("city", "n");
    saveDays(1, o);
    BadInputException unknown = assertThrows(BadInputException.class,
        () -> profileOfStates(StateWindow.runs(List.of("day-0", "day-9")), o));
    assertTrue(unknown.getMessage().startsWith("states: run 'day-9' not found in ") && unknown.getMessage()
        .endsWith("; runs there: day-0"), unknown.getMessage());
    BadInputException empty = assertThrows(BadInputException.class,
        () -> profileOfStates(StateWindow.between(D0.plusDays(5), D0.plusDays(9)), o));
    assertTrue(empty.getMessage().startsWith("states: the window 2026-11-06 .. 2026-11-10 holds no saved run"),
        empty.getMessage());
    saveProfileState(day(spark, 1, 100), ProfileOptions.defaults().withColumns("city", "flag"), "other", D0.plusDays(1));
    BadInputException columns = assertThrows(BadInputException.class, () -> profileOfStates(StateWindow.last(2), o));
    assertEquals("states: run 'other' was counted differently from run 'day-0': columns city, flag against city, n",
        columns.getMessage());
    saveProfileState(day(spark, 2, 100), o.withWeight("w"), "weighted", D0.plusDays(2));
    BadInputException weight = assertThrows(BadInputException.class,
        () -> profileOfStates(StateWindow.runs(List.of("day-0", "weighted")), o));
    assertEquals("states: run 'weighted' was counted differently from run 'day-0': weight column 'w' against none",
        weight.getMessage());
    assertThrows(BadInputException.class, () -> CountState.merge(spark, states(), StateWindow.runs(List.of())));
    // a run id is a folder name: no ':' (a path scheme to Hadoop), no '/'
    BadInputException id = assertThrows(BadInputException.class,
        () -> saveProfileState(day(spark, 3, 10), o, "2026-11-01T00:00", D0));
    assertEquals("run id '2026-11-01T00:00': expected letters, digits, '.', '_' or '-' (starting with a letter or "
        + "digit, at most 200)", id.getMessage());
  }

  @Test
  void binnedStatesMergeOnlyWithTheSameBins() {
    // equal-width bins from each day's own range differ from day to day
    ProfileOptions o = ProfileOptions.defaults().withColumns("x").withBinning(Binning.EQUAL_WIDTH).withBins(4);
    saveDays(2, o);
    BadInputException e = assertThrows(BadInputException.class, () -> profileOfStates(StateWindow.last(2), o));
    assertTrue(e.getMessage().startsWith("states: run 'day-1' was counted differently from run 'day-0': column 'x' is "
        + "binned "), e.getMessage());
  }

  @Test
  void binnedStatesWithFixedRangesMergeLikeTheUnion() {
    // the same bins every day: 4 on [-3, 3] (the days' x reach beyond it: the end bins take them)
    ProfileOptions o = ProfileOptions.defaults().withColumns("x", "city").withBins(4)
        .withBinRanges(Map.of("x", new double[] {-3, 3}));
    saveDays(3, o);
    EntropyProfile merged = profileOfStates(StateWindow.last(3), o);
    assertSameRows(Profiler.profile(union(0, 2), o).rows(), merged.rows(), PARTITION_INVARIANT);
    assertEquals("equal-width: 4 bins on [-3, 3]; NaN and ±Infinity binned apart", merged.column("x").binning());
  }
}
