package io.infospark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.infospark.core.LogBase;
import io.infospark.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.spark.sql.SparkSession;

/**
 * The property tier: tables and options nobody listed, generated (jqwik), run through the command
 * line ({@link Main#run}) for every job, each run held to the contract of {@link ContractCase}
 * (exit 0, 2 or 3, or 4 for a fit that did not converge; on 2 one line naming the culprit; no
 * stack trace; no input or earlier output changed) and, where a plain reference exists, to it:
 * counts and entropies from a plain Java count of the generated values, mutual information as
 * H(X) + H(Y) − H(X,Y) of those counts, KL and JS of two generated tables. Known bad input
 * (a column that is not there, a CSV header naming a column twice, bad weights, a target with one
 * value) must be exit 2 naming it.
 *
 * <p>Budget: CI runs each property's {@code tries} from a fixed seed ({@link PropertyBudget});
 * {@code -Dinfospark.properties.tries=500 -Dinfospark.properties.seed=random} runs longer. A
 * counterexample it finds becomes an ordinary test in {@link ContractRegressionTest}.
 */
@AddLifecycleHook(PropertyBudget.class)
class JobContractPropertyTest {
  private static final double TOLERANCE = 1e-12;
  private static final AtomicInteger CASES = new AtomicInteger();
  private static Path root;
  private static SparkSession spark;
  private static final Map<String, Path> EARLIER = new HashMap<>();

  @BeforeContainer
  static void setUp() throws IOException {
    spark = SparkTestSession.get();
    root = Files.createTempDirectory("infospark-properties");
  }

  @AfterContainer
  static void tearDown() throws IOException {
    if (root != null) {
      try (Stream<Path> s = Files.walk(root)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The history folder of a job with one earlier run in it (run id 'earlier'): its partition. */
  static Path earlier(String job, String... args) throws IOException {
    Path known = EARLIER.get(job);
    if (known != null) {
      return known;
    }
    Path history = root.resolve("history-" + job);
    List<String> a = new ArrayList<>(List.of(args));
    a.addAll(List.of("--output", history.toString(), "--run-id", "earlier", "--show", "false"));
    JobRun r = JobRun.of(a.toArray(new String[0]));
    assertEquals(0, r.code(), "the earlier run: " + r);
    Path partition = history.resolve("run_id=earlier");
    assertTrue(Files.isDirectory(partition));
    EARLIER.put(job, partition);
    return partition;
  }

  static Path caseDir() throws IOException {
    return Files.createDirectories(root.resolve("case-" + CASES.incrementAndGet()));
  }

  // ---- profile ----

  record ProfileCase(GeneratedTable table, String base, String nulls, String binning, int bins, List<String> columns,
      String weight, String outputFormat) {}

  @Provide
  Arbitrary<ProfileCase> profileCases() {
    return GeneratedTable.tables(25, 4).flatMap(t -> Combinators.combine(
        Arbitraries.of("e", "2", "10"), Arbitraries.of("drop", "category"),
        Arbitraries.of("equal-width", "quantile", "exact"), Arbitraries.integers().between(1, 25),
        columnChoice(t), weightChoice(t), Arbitraries.of("parquet", "csv", "json", "orc"))
        .as((base, nulls, binning, bins, cols, weight, fmt) -> new ProfileCase(t, base, nulls, binning, bins, cols,
            weight, fmt)));
  }

  /** No --columns (every column), or some of the table's columns, sometimes with one that is not there. */
  static Arbitrary<List<String>> columnChoice(GeneratedTable t) {
    Arbitrary<List<String>> some = Arbitraries.of(t.names()).list().ofMinSize(1).ofMaxSize(3).uniqueElements();
    return Arbitraries.oneOf(Arbitraries.just(List.of()), some,
        some.map(l -> { List<String> m = new ArrayList<>(l); m.add("no_such_column"); return m; }));
  }

  static Arbitrary<String> weightChoice(GeneratedTable t) {
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, Arbitraries.just((String) null)),
        net.jqwik.api.Tuple.of(1, Arbitraries.of(t.names())));
  }

  @Property(tries = 14)
  void profile(@ForAll("profileCases") ProfileCase c) throws IOException {
    Path dir = caseDir();
    GeneratedTable t = c.table();
    Path input = t.write(spark, dir.resolve("in"));
    List<String> args = new ArrayList<>(List.of("profile", "--input", input.toString(), "--base", c.base(),
        "--nulls", c.nulls(), "--binning", c.binning(), "--bins", String.valueOf(c.bins()),
        "--output-format", c.outputFormat(), "--run-id", dir.getFileName().toString(), "--show", "true"));
    addColumns(args, c.columns());
    if (c.weight() != null) {
      args.addAll(List.of("--weight", c.weight()));
    }
    Path earlier = earlier("profile", "profile", "--input", "data/penguins.csv");
    args.addAll(List.of("--output", earlier.getParent().toString(), "--summary", dir.resolve("summary.json").toString()));
    ContractCase.Result r = ContractCase.run(args, List.of(input), earlier, dir.resolve("summary.json"),
        culprits(t, input, args), List.of(0, 2));
    List<String> bad = knownProblems(t, c.columns(), c.weight(), input);
    if (refused(r, bad, c)) {
      return;
    }
    assertEquals(0, r.run().code(), "a good table and options: " + c + "\n" + r.run());
    LogBase base = LogBase.parse(c.base(), "base");
    boolean category = c.nulls().equals("category");
    for (JsonNode col : r.summary().get("columns")) {
      GeneratedTable.Column g = t.column(col.get("column").asText());
      if (g == null || !(g.categorical() || c.binning().equals("exact"))) {
        continue; // binned: no plain reference
      }
      Counts counts = Counts.of(g.values(), c.weight() == null ? null : t.column(c.weight()).values(), category);
      String what = "column '" + g.name() + "' of " + c;
      assertNumber(counts.total(), col.get("count"), what + ": count");
      assertNumber(counts.nulls(), col.get("nulls"), what + ": nulls");
      assertEquals(counts.distinct(), col.get("distinct").asLong(), what + ": distinct");
      assertNumber(counts.entropy(base), col.get("entropy"), what + ": entropy");
    }
  }

  /**
   * What must make a run on this table exit 2, as words of which its message must name one (a run
   * may meet any of them first); empty when nothing must.
   */
  static List<String> knownProblems(GeneratedTable t, List<String> columns, String weight, Path input) {
    List<String> out = new ArrayList<>();
    if (t.format().equals("json") && t.rows() == 0) {
      out.add(input.toString()); // an empty file: no columns
    }
    if (t.format().equals("csv")) {
      Set<String> seen = new LinkedHashSet<>();
      for (String n : t.names()) {
        if (!n.isEmpty() && !seen.add(n.toLowerCase(Locale.ROOT))) {
          out.add("'" + n + "'");
        }
      }
    }
    for (String c : columns) {
      if (t.column(c) == null) {
        out.add(c);
      } else if (c.contains(",") || !c.equals(c.strip())) {
        out.add("columns"); // --columns splits at commas and strips each name
      }
    }
    if (weight != null) {
      GeneratedTable.Column w = t.column(weight);
      boolean numeric = w.kind() == GeneratedTable.Kind.LONG || w.kind() == GeneratedTable.Kind.DOUBLE;
      boolean inferredNumeric = numeric && !(t.format().equals("csv") || t.format().equals("json"))
          || numeric && w.values().stream().anyMatch(Objects::nonNull);
      boolean valid = inferredNumeric && w.values().stream().allMatch(v -> v != null
          && ((Number) v).doubleValue() >= 0 && !Double.isInfinite(((Number) v).doubleValue()));
      if (!valid) {
        out.add("weight");
      }
    }
    return out;
  }

  // ---- mutual-info ----

  record MutualInfoCase(GeneratedTable table, String base, String nulls, String binning, List<String> columns,
      String target) {}

  @Provide
  Arbitrary<MutualInfoCase> mutualInfoCases() {
    return GeneratedTable.tables(25, 4).flatMap(t -> Combinators.combine(Arbitraries.of("e", "2"),
        Arbitraries.of("drop", "category"), Arbitraries.of("equal-width", "exact"), columnChoice(t),
        Arbitraries.oneOf(Arbitraries.just((String) null), Arbitraries.of(t.names())))
        .as((base, nulls, binning, cols, target) -> new MutualInfoCase(t, base, nulls, binning, cols, target)));
  }

  @Property(tries = 10)
  void mutualInfo(@ForAll("mutualInfoCases") MutualInfoCase c) throws IOException {
    Path dir = caseDir();
    GeneratedTable t = c.table();
    Path input = t.write(spark, dir.resolve("in"));
    List<String> args = new ArrayList<>(List.of("mutual-info", "--input", input.toString(), "--base", c.base(),
        "--nulls", c.nulls(), "--binning", c.binning(), "--run-id", dir.getFileName().toString()));
    addColumns(args, c.columns());
    if (c.target() != null) {
      args.addAll(List.of("--target", c.target()));
    }
    Path earlier = earlier("mutual-info", "mutual-info", "--input", "data/penguins.csv", "--target", "Species");
    args.addAll(List.of("--output", earlier.getParent().toString(), "--summary", dir.resolve("summary.json").toString()));
    ContractCase.Result r = ContractCase.run(args, List.of(input), earlier, dir.resolve("summary.json"),
        culprits(t, input, args), List.of(0, 2));
    List<String> bad = knownProblems(t, c.columns(), null, input);
    if (refused(r, bad, c)) {
      return;
    }
    if (r.run().code() != 0) {
      return; // fewer than two columns, a target with one value: exit 2 with one line (checked)
    }
    LogBase base = LogBase.parse(c.base(), "base");
    boolean category = c.nulls().equals("category");
    for (JsonNode pair : r.summary().get("pairs")) {
      GeneratedTable.Column x = t.column(pair.get("x").asText());
      GeneratedTable.Column y = t.column(pair.get("y").asText());
      if (x == null || y == null || !(x.categorical() || c.binning().equals("exact"))
          || !(y.categorical() || c.binning().equals("exact"))) {
        continue;
      }
      List<Object> xs = new ArrayList<>();
      List<Object> ys = new ArrayList<>();
      List<Object> xys = new ArrayList<>();
      for (int i = 0; i < t.rows(); i++) {
        Object a = x.values().get(i);
        Object b = y.values().get(i);
        if (!category && (a == null || b == null)) {
          continue; // each pair over its complete cases
        }
        xs.add(a);
        ys.add(b);
        xys.add(java.util.Arrays.asList(Counts.key(a), Counts.key(b)));
      }
      Counts cx = Counts.of(xs, null, true);
      Counts cy = Counts.of(ys, null, true);
      Counts cxy = Counts.of(xys, null, true);
      String what = "pair '" + x.name() + "', '" + y.name() + "' of " + c;
      assertEquals(xs.size(), pair.get("count").asLong(), what + ": count");
      Double mi = cx.total() == 0 ? null
          : cx.entropy(base) + cy.entropy(base) - cxy.entropy(base);
      assertNumber(mi, pair.get("mutual_information"), what + ": mutual information");
    }
  }

  // ---- compare ----

  record CompareCase(GeneratedTable p, GeneratedTable q, String base, String nulls, double smoothing,
      List<String> columns, Double maxJs) {}

  @Provide
  Arbitrary<CompareCase> compareCases() {
    return GeneratedTable.tables(25, 3).flatMap(t -> Combinators.combine(Arbitraries.integers().between(0, 25),
        Arbitraries.longs(), Arbitraries.of("e", "2"), Arbitraries.of("drop", "category"), Arbitraries.of(0.0, 0.5),
        columnChoice(t), Arbitraries.of(null, 0.01, 0.2))
        .as((rows, seed, base, nulls, smoothing, cols, maxJs) -> new CompareCase(t, t.resample(rows, seed), base, nulls,
            smoothing, cols, maxJs)));
  }

  @Property(tries = 10)
  void compare(@ForAll("compareCases") CompareCase c) throws IOException {
    Path dir = caseDir();
    Path p = c.p().write(spark, dir.resolve("p"));
    Path q = c.q().write(spark, dir.resolve("q"));
    List<String> args = new ArrayList<>(List.of("compare", "--input", p.toString(), "--reference", q.toString(),
        "--base", c.base(), "--nulls", c.nulls(), "--smoothing", String.valueOf(c.smoothing()),
        "--binning", "exact", "--run-id", dir.getFileName().toString()));
    addColumns(args, c.columns());
    if (c.maxJs() != null) {
      args.addAll(List.of("--max-js", String.valueOf(c.maxJs())));
    }
    Path earlier = earlier("compare", "compare", "--input", "data/seattle-weather-2015.csv",
        "--reference", "data/seattle-weather-2012.csv", "--columns", "weather");
    args.addAll(List.of("--output", earlier.getParent().toString(), "--summary", dir.resolve("summary.json").toString()));
    List<String> culprits = new ArrayList<>(culprits(c.p(), p, args));
    culprits.add(q.toString());
    ContractCase.Result r = ContractCase.run(args, List.of(p, q), earlier, dir.resolve("summary.json"), culprits,
        List.of(0, 2, 3));
    List<String> bad = new ArrayList<>(knownProblems(c.p(), c.columns(), null, p));
    bad.addAll(knownProblems(c.q(), c.columns(), null, q));
    if (refused(r, bad, c)) {
      return;
    }
    if (r.run().code() == 2) {
      return; // a column whose type Spark infers differently on the two sides (e.g. all null): one line (checked)
    }
    LogBase base = LogBase.parse(c.base(), "base");
    boolean category = c.nulls().equals("category");
    boolean exceeded = false;
    for (JsonNode col : r.summary().get("columns")) {
      GeneratedTable.Column gp = c.p().column(col.get("column").asText());
      GeneratedTable.Column gq = c.q().column(col.get("column").asText());
      if (gp == null || gq == null) {
        continue; // a column Spark named (_c<i>: no name in the CSV header)
      }
      Counts cp = Counts.of(gp.values(), null, category);
      Counts cq = Counts.of(gq.values(), null, category);
      String what = "column '" + gp.name() + "' of " + c;
      // the entropies of the distributions compared: smoothed, when smoothing is asked for
      assertNumber(cp.smoothed(cq, c.smoothing()).entropy(base), col.get("entropy_p"), what + ": entropy_p");
      assertNumber(cq.smoothed(cp, c.smoothing()).entropy(base), col.get("entropy_q"), what + ": entropy_q");
      Double[] klJs = Counts.klJs(cp, cq, c.smoothing(), base);
      assertNumber(klJs[0], col.get("kl"), what + ": kl");
      assertNumber(klJs[1], col.get("js"), what + ": js");
      exceeded |= c.maxJs() != null && klJs[1] != null && klJs[1] > c.maxJs();
    }
    assertEquals(exceeded ? 3 : 0, r.run().code(), "exit 3 exactly when a JS is over max-js: " + c + "\n" + r.run());
  }

  // ---- fit-logistic and score-logistic ----

  record FitCase(GeneratedTable table, String label, String positive, List<String> features, String prior,
      String na, String standardize, String maxIterations, boolean replaceModel) {}

  @Provide
  Arbitrary<FitCase> fitCases() {
    return GeneratedTable.tables(40, 4).filter(t -> t.columns().size() >= 2).flatMap(t -> {
      Arbitrary<String> label = Arbitraries.of(t.names());
      return label.flatMap(l -> {
        List<String> others = t.names().stream().filter(n -> !n.equals(l)).toList();
        Arbitrary<String> positive = t.column(l).values().stream().anyMatch(Objects::nonNull)
            ? Arbitraries.oneOf(Arbitraries.just((String) null),
                Arbitraries.of(t.column(l).values().stream().filter(Objects::nonNull).map(String::valueOf).toList()))
            : Arbitraries.just((String) null);
        return Combinators.combine(positive, Arbitraries.of(others).list().ofMinSize(1).ofMaxSize(3).uniqueElements(),
            Arbitraries.of("flat", "gaussian:1", "laplace:0.5", "elastic:1:0.5"), Arbitraries.of("error", "drop"),
            Arbitraries.of("true", "false"), Arbitraries.of("", "", "1"), Arbitraries.of(true, false))
            .as((pos, features, prior, na, std, maxIt, replace) -> new FitCase(t, l, pos, features, prior, na, std,
                maxIt, replace));
      });
    });
  }

  @Property(tries = 10)
  void fitLogistic(@ForAll("fitCases") FitCase c) throws IOException {
    Path dir = caseDir();
    GeneratedTable t = c.table();
    Path input = t.write(spark, dir.resolve("in"));
    Path model = dir.resolve("model");
    Path earlierModel = earlierModel();
    if (c.replaceModel()) {
      copy(earlierModel, model); // an earlier model the run replaces only when its fit is whole
    }
    List<String> args = new ArrayList<>(List.of("fit-logistic", "--input", input.toString(), "--label", c.label(),
        "--features", String.join(",", c.features()), "--prior", c.prior(), "--na", c.na(),
        "--standardize", c.standardize(), "--model", model.toString(), "--run-id", dir.getFileName().toString()));
    if (c.positive() != null) {
      args.addAll(List.of("--positive", c.positive()));
    }
    if (!c.maxIterations().isEmpty()) {
      args.addAll(List.of("--max-iterations", c.maxIterations()));
    }
    Path earlier = earlier("fit-logistic", "fit-logistic", "--input", ClusterTest.SPECTOR, "--label", "GRADE",
        "--features", "GPA,TUCE,PSI");
    args.addAll(List.of("--output", earlier.getParent().toString(), "--summary", dir.resolve("summary.json").toString()));
    Map<String, String> modelBefore = ContractCase.snapshot(model);
    ContractCase.Result r = ContractCase.run(args, List.of(input), earlier, dir.resolve("summary.json"),
        culprits(t, input, args), List.of(0, 2, 4));
    if (r.run().code() != 0 && c.replaceModel()) {
      assertEquals(modelBefore, ContractCase.snapshot(model), "a failed fit changed the earlier model: " + c);
    }
  }

  private static Path earlierModel;

  /** A model of spector.csv, fitted once: the earlier model fit cases replace, and what score cases score with. */
  static Path earlierModel() throws IOException {
    if (earlierModel == null) {
      Path m = root.resolve("earlier-model");
      JobRun r = JobRun.of("fit-logistic", "--input", ClusterTest.SPECTOR, "--label", "GRADE", "--features",
          "GPA,TUCE,PSI", "--prior", "gaussian:2", "--model", m.toString(), "--show", "false");
      assertEquals(0, r.code(), r.toString());
      earlierModel = m;
    }
    return earlierModel;
  }

  static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path f : s.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  /**
   * Tables to score with the spector model: its columns (GPA, TUCE, PSI, GRADE) of any kind, or
   * missing, and columns named like what scoring adds or the history table's partition column.
   */
  @Provide
  Arbitrary<GeneratedTable> scoreTables() {
    Arbitrary<GeneratedTable.Spec> spec = Combinators.combine(Arbitraries.of("GPA", "TUCE", "PSI", "GRADE", "other",
        "probability", "run_id"),
        Arbitraries.of(GeneratedTable.Kind.class), Arbitraries.of(GeneratedTable.Shape.class), Arbitraries.of(0, 10, 50),
        Arbitraries.longs()).as(GeneratedTable.Spec::new);
    return Combinators.combine(Arbitraries.of("parquet", "csv"), Arbitraries.integers().between(0, 30),
        spec.list().ofMinSize(1).ofMaxSize(5).uniqueElements(GeneratedTable.Spec::name))
        .as(GeneratedTable::build);
  }

  @Property(tries = 10)
  void scoreLogistic(@ForAll("scoreTables") GeneratedTable t) throws IOException {
    Path dir = caseDir();
    Path input = t.write(spark, dir.resolve("in"));
    Path model = earlierModel();
    Path earlier = earlier("score-logistic", "score-logistic", "--input", ClusterTest.SPECTOR, "--model",
        model.toString());
    List<String> args = new ArrayList<>(List.of("score-logistic", "--input", input.toString(), "--model",
        model.toString(), "--run-id", dir.getFileName().toString(), "--output", earlier.getParent().toString(),
        "--summary", dir.resolve("summary.json").toString()));
    ContractCase.Result r = ContractCase.run(args, List.of(input, model), earlier, dir.resolve("summary.json"),
        culprits(t, input, args), List.of(0, 2));
    if (r.run().code() == 0) {
      assertEquals(t.rows(), r.summary().get("rows").asLong(), "every row counted: " + t);
      long written = spark.read().format("parquet").load(earlier.getParent().resolve("run_id=" + dir.getFileName()).toString())
          .count();
      assertEquals(t.rows(), written, "one scored row per input row: " + t);
    }
  }

  // ---- shared ----

  /** Known bad input (some {@code bad}) must have been exit 2 naming one of them; true when it was. */
  static boolean refused(ContractCase.Result r, List<String> bad, Object c) {
    if (bad.isEmpty()) {
      return false;
    }
    assertEquals(2, r.run().code(), "expected exit 2 naming one of " + bad + ": " + c + "\n" + r.run());
    assertTrue(bad.stream().anyMatch(r.run().err()::contains), "the message should name one of " + bad + ": " + c
        + "\n" + r.run());
    return true;
  }

  static void addColumns(List<String> args, List<String> columns) {
    if (!columns.isEmpty()) {
      args.addAll(List.of("--columns", String.join(",", columns)));
    }
  }

  /** Words an exit-2 message may name: the keys given, the columns, the input paths and file names. */
  static List<String> culprits(GeneratedTable t, Path input, List<String> args) {
    List<String> out = new ArrayList<>(t.names().stream().filter(n -> !n.isBlank()).toList());
    for (String a : args) {
      if (a.startsWith("--")) {
        out.add(a.substring(2));
      }
    }
    out.add(input.toString());
    out.add(input.getFileName().toString());
    out.add("job");
    return out;
  }

  /** A summary number against a reference: null ↔ null, ±∞ ↔ "Infinity", else 1e-12 relative. */
  static void assertNumber(Double expected, JsonNode actual, String what) {
    if (expected == null || expected.isNaN()) {
      assertTrue(actual == null || actual.isNull(), what + ": expected null, got " + actual);
    } else if (expected.isInfinite()) {
      assertEquals(expected > 0 ? "Infinity" : "-Infinity", actual.asText(), what);
    } else {
      assertTrue(actual != null && actual.isNumber(), what + ": expected " + expected + ", got " + actual);
      double a = actual.asDouble();
      assertTrue(Math.abs(a - expected) <= TOLERANCE * Math.max(1, Math.abs(expected)),
          what + ": expected " + expected + ", got " + a);
    }
  }

  static void assertNumber(double expected, JsonNode actual, String what) {
    assertNumber(Double.valueOf(expected), actual, what);
  }
}
