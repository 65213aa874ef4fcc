package io.infospark.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.sum;

import io.infospark.measure.ColumnComparison;
import io.infospark.measure.ColumnProfile;
import io.infospark.measure.CompareOptions;
import io.infospark.measure.Comparison;
import io.infospark.measure.DistributionComparison;
import io.infospark.measure.EntropyProfile;
import io.infospark.measure.ProfileOptions;
import io.infospark.measure.Profiler;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The entropy-profile benchmark: times {@link Profiler#profile} against two baselines on the
 * deterministic data of {@link BenchData} and prints the ratios of one run. A {@code main}, not a
 * JUnit test: benchmarks are never timed unit tests. Run it through {@code scripts/bench.sh}.
 *
 * <p>Column sets ({@code --only}, comma-separated):
 *
 * <ul>
 *   <li>{@code all}: the 15 columns of the profile table;
 *   <li>{@code small}: its 11 columns with cardinality ≤ 100,000;
 *   <li>{@code unique}: one near-unique string column of {@code --unique-rows} rows (default
 *       10,000,000), meant for its own JVM with {@code -Xmx1g};
 *   <li>{@code compare}: the comparison of the profile table's rows with {@code c01_int_k2_uniform = 1}
 *       (p, half the rows) against those with {@code = 2} (q), over the 14 other columns (the numeric
 *       ones binned as {@code compare} bins them by default), with cases C0 and C below.
 * </ul>
 *
 * <p>Cases per set ({@code --cases}, comma-separated):
 *
 * <ul>
 *   <li>{@code scan} (A): Spark's scan floor, {@code df.select(cols).write().format("noop")};
 *   <li>{@code groupby} (B): one {@code groupBy(c).count()} query per column, the counts folded into
 *       entropy on the executors with {@code agg(sum(count·ln count), sum(count), count(*))} — only
 *       three numbers per column reach the driver;
 *   <li>{@code stacked} (S): every column in one query: the rows stacked into (column, value) pairs
 *       ({@code inline} of an array of structs, values as strings), one {@code groupBy(column, value)},
 *       then the same fold per column — a single Spark job's worth of plain Spark SQL;
 *   <li>{@code profile} (P): {@code Profiler.profile(df, defaults().withColumns(cols))}, all columns
 *       in one call, on the engine path of {@code --path} (default auto: the fast path);
 *   <li>{@code public} (P'): the same on the engine's public-API path
 *       ({@code spark.infospark.engine.path=public}), what it costs where the fast path cannot run;
 *   <li>{@code basic} (P0): the profile P without the small-sample estimators
 *       ({@code withSmallSampleEstimators(false)}): the baseline of their cost.
 *   <li>{@code compare-basic} (C0, set {@code compare} only): {@code DistributionComparison.compare}
 *       without the significance fields ({@code withSignificance(false)}): the baseline of their cost;
 *   <li>{@code compare} (C, set {@code compare} only): the same with significance (G-test, noise
 *       floors, Hellinger, contributors), as the {@code compare} job runs it.
 * </ul>
 *
 * <p>Method: for each set, {@code --warmup} untimed rounds, then {@code --runs} timed rounds; a round
 * runs every case once, in the order A, B, P0, P, so that noise from other load on the machine spreads
 * over all cases. Each timed run starts after a {@code System.gc()}. The figure of a case is the
 * median of its runs. A case that throws is reported as ERROR with its message and dropped from
 * later rounds; the other cases go on.
 *
 * <p>Targets: P on {@code all} at least 3× faster than B; P on {@code small} at most 2× A; P on
 * {@code unique} succeeds. Spark's version is printed in the header: {@code scripts/bench.sh
 * --spark 3.5} builds and runs the harness against the Spark 3.5 artifact. P at most 1.05× P0 on
 * every set (the small-sample estimators come from the fingerprints on the driver, with no pass of
 * their own); C at most 1.05× C0 (the significance fields come from the same counts).
 *
 * <p>Exit code: 0 when every case ran (whether targets were met or not), 1 when a case failed with
 * an error, 2 for bad arguments.
 */
public final class ProfileBenchmark {
  private static final PrintStream OUT = System.out;

  private ProfileBenchmark() {}

  /** Command-line options with their defaults. */
  static final class Options {
    long rows = 5_000_000L;
    long uniqueRows = 10_000_000L;
    int runs = 3;
    int warmup = 1;
    Set<String> sets = new LinkedHashSet<>(List.of("all", "small"));
    Set<String> cases = new LinkedHashSet<>(CASES);
    /** The engine path of case P ({@code spark.infospark.engine.path}): auto, fast or public. */
    String path = "auto";
    Path data = Path.of("bench-data");
    String master = "local[2]";
    int shufflePartitions = 4;
    Path summary;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        String v = null;
        int eq = a.indexOf('=');
        if (a.startsWith("--") && eq > 0) {
          v = a.substring(eq + 1);
          a = a.substring(0, eq);
        }
        if (a.equals("--help") || a.equals("-h")) {
          OUT.println(usage());
          System.exit(0);
        }
        if (v == null) {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException(a + ": expected a value");
          }
          v = args[++i];
        }
        switch (a) {
          case "--rows": o.rows = positiveLong(a, v); break;
          case "--unique-rows": o.uniqueRows = positiveLong(a, v); break;
          case "--runs": o.runs = (int) positiveLong(a, v); break;
          case "--warmup": o.warmup = nonNegativeInt(a, v); break;
          case "--only": o.sets = choices(a, v, List.of("all", "small", "unique", "compare")); break;
          case "--cases": o.cases = choices(a, v, CASES); break;
          case "--path": o.path = choices(a, v, List.of("auto", "fast", "public")).iterator().next(); break;
          case "--data": o.data = Path.of(v); break;
          case "--master": o.master = v; break;
          case "--shuffle-partitions": o.shufflePartitions = (int) positiveLong(a, v); break;
          case "--summary": o.summary = Path.of(v); break;
          default: throw new IllegalArgumentException(a + ": unknown option\n" + usage());
        }
      }
      return o;
    }

    static final List<String> CASES = List.of("scan", "groupby", "stacked", "basic", "profile", "public",
        "compare-basic", "compare");
    /** The cases of the {@code compare} set; the others belong to the profile sets. */
    static final List<String> COMPARE_CASES = List.of("compare-basic", "compare");

    static String usage() {
      return "usage: ProfileBenchmark [--rows N (5000000)] [--runs N (3)] [--warmup N (1)]\n"
          + "  [--only all,small,unique,compare (all,small)]\n"
          + "  [--cases scan,groupby,stacked,basic,profile,public,compare-basic,compare (all)]\n"
          + "  [--path auto|fast|public (auto: the engine path of case P)]\n"
          + "  [--unique-rows N (10000000)] [--data DIR (bench-data)] [--master M (local[2])]\n"
          + "  [--shuffle-partitions N (4)] [--summary FILE.json]";
    }

    private static long positiveLong(String key, String v) {
      try {
        long n = Long.parseLong(v.replace("_", "").replace(",", ""));
        if (n > 0) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(key + ": expected a positive whole number but got '" + v + "'");
    }

    private static int nonNegativeInt(String key, String v) {
      try {
        int n = Integer.parseInt(v);
        if (n >= 0) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(key + ": expected a whole number ≥ 0 but got '" + v + "'");
    }

    private static Set<String> choices(String key, String v, List<String> allowed) {
      Set<String> out = new LinkedHashSet<>();
      for (String s : v.split(",")) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(t)) {
          throw new IllegalArgumentException(key + ": expected a comma-separated list of " + allowed
              + " but got '" + v + "'");
        }
        out.add(t);
      }
      // keep the documented order whatever order was given
      Set<String> ordered = new LinkedHashSet<>(allowed);
      ordered.retainAll(out);
      return ordered;
    }
  }

  /** What a case is compared with. */
  enum Target {
    NONE("-"),
    SPEEDUP_OVER_GROUPBY_3X("B/t >= 3"),
    WITHIN_2X_SCAN("t/A <= 2"),
    SUCCEEDS("succeeds"),
    WITHIN_5PCT_OF_BASIC("t/C0 <= 1.05");

    final String text;

    Target(String text) {
      this.text = text;
    }
  }

  /** One timed case: a set of columns and a way of measuring them. */
  static final class Case {
    final String set;
    final String key; // scan | groupby | profile
    final String label;
    final Target target;
    final List<Double> seconds = new ArrayList<>();
    final List<Integer> jobs = new ArrayList<>();
    final List<Double> cpuSeconds = new ArrayList<>();
    final List<Double> loads = new ArrayList<>();
    String error;
    /** C / C0 (set compare), filled in by the report. */
    double ratioToBasic = Double.NaN;
    /** Per column: {distinct, entropy in nats} from the last run (groupby and profile only). */
    Map<String, double[]> entropies = new LinkedHashMap<>();

    Case(String set, String key, String label, Target target) {
      this.set = set;
      this.key = key;
      this.label = label;
      this.target = target;
    }

    double median() {
      return ProfileBenchmark.median(seconds);
    }
  }

  public static void main(String[] args) throws IOException {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    SparkSession spark = SparkSession.builder()
        .master(o.master)
        .appName("infospark-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", String.valueOf(o.shufflePartitions))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.warehouse.dir",
            System.getProperty("java.io.tmpdir") + "/infospark-bench-warehouse-" + ProcessHandle.current().pid())
        .getOrCreate();
    List<Case> all = new ArrayList<>();
    try {
      header(spark, o);
      for (String set : o.sets) {
        all.addAll(runSet(spark, o, set));
      }
      report(all, o);
    } finally {
      spark.stop();
    }
    System.exit(all.stream().anyMatch(c -> c.error != null) ? 1 : 0);
  }

  private static void header(SparkSession spark, Options o) {
    Runtime rt = Runtime.getRuntime();
    OUT.println("== infospark profile benchmark ==");
    OUT.printf(Locale.ROOT, "started %s; Java %s (%s); Spark %s; %d cores visible; max heap %.2f GB%n",
        Instant.now(), System.getProperty("java.version"), System.getProperty("java.vm.name"),
        spark.version(), rt.availableProcessors(), rt.maxMemory() / 1e9);
    OUT.printf(Locale.ROOT,
        "master %s; spark.sql.shuffle.partitions=%d; AQE %s; sets %s; cases %s; warm-up rounds %d; timed runs %d%n",
        o.master, o.shufflePartitions, spark.conf().get("spark.sql.adaptive.enabled"), o.sets, o.cases,
        o.warmup, o.runs);
  }

  private static List<Case> runSet(SparkSession spark, Options o, String set) throws IOException {
    if (set.equals("compare")) {
      return runCompareSet(spark, o);
    }
    Path dir;
    List<String> cols;
    long rows;
    if (set.equals("unique")) {
      rows = o.uniqueRows;
      dir = BenchData.uniqueTable(spark, o.data, rows);
      cols = List.of(BenchData.UNIQUE_COLUMN.name());
    } else {
      rows = o.rows;
      dir = BenchData.profileTable(spark, o.data, rows);
      cols = set.equals("all") ? BenchData.allColumns() : BenchData.smallColumns();
    }
    OUT.printf(Locale.ROOT, "%n== set '%s': %d columns × %d rows from %s (%.1f MB of Parquet) ==%n", set,
        cols.size(), rows, dir, BenchData.sizeOf(dir) / 1e6);
    OUT.println("columns: " + String.join(", ", cols));

    List<Case> cases = new ArrayList<>();
    if (o.cases.contains("scan")) {
      cases.add(new Case(set, "scan", "A scan floor: select(cols) -> noop", Target.NONE));
    }
    if (o.cases.contains("groupby")) {
      cases.add(new Case(set, "groupby", "B groupBy(c).count() x" + cols.size() + " columns", Target.NONE));
    }
    if (o.cases.contains("stacked")) {
      cases.add(new Case(set, "stacked", "S one groupBy(column, value) query", Target.NONE));
    }
    if (o.cases.contains("basic")) {
      cases.add(new Case(set, "basic", "P0 profile, small-sample estimators off", Target.NONE));
    }
    if (o.cases.contains("profile")) {
      Target t = switch (set) {
        case "all" -> Target.SPEEDUP_OVER_GROUPBY_3X;
        case "small" -> Target.WITHIN_2X_SCAN;
        default -> Target.SUCCEEDS;
      };
      cases.add(new Case(set, "profile", "P infospark Profiler.profile" + (o.path.equals("auto") ? "" : " (" + o.path + ")"),
          t));
    }
    if (o.cases.contains("public")) {
      cases.add(new Case(set, "public", "P' Profiler.profile, public-API path", Target.NONE));
    }

    Dataset<Row> df = spark.read().parquet(dir.toString());
    OUT.println(enginePath(spark, o, df, cols.get(0)));
    runRounds(spark, o, set, cases, key -> runCase(spark, o, key, df, cols));
    checkEntropies(set, cases, rows);
    return cases;
  }

  /** Runs one case once; returns per column the figures a check compares between cases. */
  @FunctionalInterface
  interface CaseRunner {
    Map<String, double[]> run(String key) throws Exception;
  }

  /** {@code --warmup} untimed rounds, then {@code --runs} timed rounds of every case, in order. */
  private static void runRounds(SparkSession spark, Options o, String set, List<Case> cases, CaseRunner runner) {
    int rounds = o.warmup + o.runs;
    for (int r = 0; r < rounds; r++) {
      boolean timed = r >= o.warmup;
      String round = timed ? "run " + (r - o.warmup + 1) + "/" + o.runs : "warm-up " + (r + 1) + "/" + o.warmup;
      for (Case c : cases) {
        if (c.error != null) {
          continue;
        }
        String group = "bench-" + set + "-" + c.key + "-" + r;
        spark.sparkContext().setJobGroup(group, c.label, false);
        System.gc();
        double load = loadAverage();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        try {
          Map<String, double[]> h = runner.run(c.key);
          double s = (System.nanoTime() - t0) / 1e9;
          double cpu = (processCpuNanos() - cpu0) / 1e9;
          if (timed) {
            c.seconds.add(s);
            c.cpuSeconds.add(cpu);
            c.loads.add(load);
            c.jobs.add(jobsIn(spark, group));
          }
          c.entropies = h;
          OUT.printf(Locale.ROOT, "  [%s] %-40s %-12s %8.2f s   (JVM cpu %6.1f s, %.2f cores busy; load avg before %.1f)%n",
              set, c.label, round, s, cpu, cpu / s, load);
        } catch (Exception e) {
          c.error = e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
          OUT.printf(Locale.ROOT, "  [%s] %-40s %-12s ERROR %s%n", set, c.label, round, c.error);
        } finally {
          spark.sparkContext().clearJobGroup();
        }
      }
    }
  }

  /**
   * Set {@code compare}: p = the profile table's rows with {@code c01_int_k2_uniform = 1}, q = those
   * with {@code = 2}, over the 14 other columns; C0 without and C with the significance fields.
   */
  private static List<Case> runCompareSet(SparkSession spark, Options o) throws IOException {
    Path dir = BenchData.profileTable(spark, o.data, o.rows);
    List<String> cols = new ArrayList<>(BenchData.allColumns());
    String split = cols.remove(0);
    Dataset<Row> df = spark.read().parquet(dir.toString());
    Dataset<Row> p = df.where(col(split).equalTo(1));
    Dataset<Row> q = df.where(col(split).equalTo(2));
    OUT.printf(Locale.ROOT, "%n== set 'compare': %d columns, p = %s = 1 against q = %s = 2 of %d rows from %s ==%n",
        cols.size(), split, split, o.rows, dir);
    List<Case> cases = new ArrayList<>();
    if (o.cases.contains("compare-basic")) {
      cases.add(new Case("compare", "compare-basic", "C0 compare, significance off", Target.NONE));
    }
    if (o.cases.contains("compare")) {
      cases.add(new Case("compare", "compare", "C compare with significance", Target.WITHIN_5PCT_OF_BASIC));
    }
    runRounds(spark, o, "compare", cases, key -> {
      Comparison c = DistributionComparison.compare(p, q, CompareOptions.defaults().withColumns(cols)
          .withSignificance(key.equals("compare")));
      Map<String, double[]> out = new LinkedHashMap<>();
      for (ColumnComparison cc : c.columns()) {
        Double js = cc.estimate().js();
        out.put(cc.column(), new double[] {js == null ? Double.NaN : js});
      }
      return out;
    });
    if (cases.size() == 2 && cases.get(0).error == null && cases.get(1).error == null) {
      for (Map.Entry<String, double[]> e : cases.get(0).entropies.entrySet()) {
        double[] other = cases.get(1).entropies.get(e.getKey());
        if (other == null || Double.compare(other[0], e.getValue()[0]) != 0) {
          throw new IllegalStateException("compare: C and C0 disagree on the JS of " + e.getKey());
        }
      }
      OUT.println("check: C and C0 give the same JS for every column");
    }
    return cases;
  }

  /** Runs one case once; returns per column {distinct, entropy in nats} where the case computes them. */
  private static Map<String, double[]> runCase(SparkSession spark, Options o, String key, Dataset<Row> df,
      List<String> cols) {
    Map<String, double[]> out = new LinkedHashMap<>();
    switch (key) {
      case "scan": {
        df.select(cols.stream().map(c -> col(c)).toArray(Column[]::new))
            .write().format("noop").mode("overwrite").save();
        return out;
      }
      case "groupby": {
        for (String c : cols) {
          out.put(c, groupByEntropy(df, c));
        }
        return out;
      }
      case "stacked": {
        return stackedEntropies(df, cols);
      }
      case "basic":
      case "profile":
      case "public": {
        spark.conf().set(ENGINE_PATH, key.equals("public") ? "public" : o.path);
        try {
          EntropyProfile p = Profiler.profile(df, ProfileOptions.defaults().withColumns(cols)
              .withSmallSampleEstimators(!key.equals("basic")));
          for (ColumnProfile cp : p.columns()) {
            Double h = cp.estimate().entropy();
            out.put(cp.column(), new double[] {cp.estimate().distinct(), h == null ? Double.NaN : h});
          }
        } finally {
          spark.conf().unset(ENGINE_PATH);
        }
        return out;
      }
      default:
        throw new IllegalStateException(key);
    }
  }

  private static final String ENGINE_PATH = "spark.infospark.engine.path";

  /** Which path the engine takes for P on this Spark (a count of one column, untimed), and whether the scan is columnar. */
  private static String enginePath(SparkSession spark, Options o, Dataset<Row> df, String column) {
    spark.conf().set(ENGINE_PATH, o.path);
    try (io.infospark.engine.CountResult r = io.infospark.engine.ValueCounter.count(df,
        io.infospark.engine.CountRequest.of(List.of(io.infospark.engine.CountedColumn.of(column,
            df.schema().apply(column).dataType(), null))))) {
      return "engine path of P on Spark " + spark.version() + ": " + r.path() + " (--path " + o.path + "); "
          + "the scan is read as " + (io.infospark.engine.spark.InternalInput.isColumnar(df.select(column))
              ? "columnar batches" : "rows");
    } finally {
      spark.conf().unset(ENGINE_PATH);
    }
  }

  /**
   * Baseline S: every column in one query. Each row becomes one (column index, value) pair per
   * column ({@code inline} of an array of structs; values cast to strings, the one type they share),
   * one {@code groupBy(column, value).count()} counts them all, and the counts are folded per column
   * into Σ c·ln c, N and K on the executors, as in B; nulls dropped.
   */
  static Map<String, double[]> stackedEntropies(Dataset<Row> df, List<String> cols) {
    Column[] pairs = new Column[cols.size()];
    for (int i = 0; i < cols.size(); i++) {
      pairs[i] = org.apache.spark.sql.functions.struct(lit(i).as("c"), col(cols.get(i)).cast("string").as("v"));
    }
    List<Row> rows = df.select(org.apache.spark.sql.functions.inline(org.apache.spark.sql.functions.array(pairs)))
        .where(col("v").isNotNull())
        .groupBy(col("c"), col("v")).count()
        .groupBy(col("c"))
        .agg(sum(col("count").multiply(log(col("count")))), sum(col("count")), count(lit(1)))
        .collectAsList();
    Map<String, double[]> out = new LinkedHashMap<>();
    for (String c : cols) {
      out.put(c, new double[] {0, Double.NaN});
    }
    for (Row r : rows) {
      double clnc = r.getDouble(1);
      double n = r.getLong(2);
      out.put(cols.get(r.getInt(0)), new double[] {r.getLong(3), Math.log(n) - clnc / n});
    }
    return out;
  }

  /**
   * Baseline B for one column: one Spark query, {@code groupBy(c).count()}, whose counts are folded
   * into Σ c·ln c, N and K on the executors; H = ln N − (Σ c ln c)/N (DESIGN.md §1), nulls dropped.
   */
  static double[] groupByEntropy(Dataset<Row> df, String c) {
    Row r = df.where(col(c).isNotNull()).groupBy(col(c)).count()
        .agg(sum(col("count").multiply(log(col("count")))), sum(col("count")), count(lit(1)))
        .first();
    if (r.isNullAt(1)) {
      return new double[] {0, Double.NaN};
    }
    double clnc = r.getDouble(0);
    double n = r.getLong(1);
    return new double[] {r.getLong(2), Math.log(n) - clnc / n};
  }

  /** CPU time of this JVM (all threads), or -1 where the platform does not say. */
  private static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1L;
  }

  /** The machine's 1-minute load average: above the core count, other work competes for the CPU. */
  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** Median of cpu/wall over the timed runs: how many cores the case kept busy. */
  private static double busyCores(Case c) {
    List<Double> r = new ArrayList<>();
    for (int i = 0; i < c.seconds.size(); i++) {
      r.add(c.cpuSeconds.get(i) / c.seconds.get(i));
    }
    return median(r);
  }

  static double median(List<Double> xs) {
    if (xs.isEmpty()) {
      return Double.NaN;
    }
    double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  private static int jobsIn(SparkSession spark, String group) {
    return spark.sparkContext().statusTracker().getJobIdsForGroup(group).length;
  }

  /** Prints, per column, the entropies of every case that computes them side by side, and the entropy of the law. */
  private static void checkEntropies(String set, List<Case> cases, long rows) {
    List<Case> with = cases.stream().filter(c -> c.error == null && !c.entropies.isEmpty()).toList();
    if (with.isEmpty()) {
      return;
    }
    OUT.printf(Locale.ROOT, "%n  entropy check [%s] (nats; 'law' is the entropy of the generating distribution)%n", set);
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %-22s", "column"));
    for (Case c : with) {
      String tag = c.label.substring(0, c.label.indexOf(' '));
      head.append(String.format(Locale.ROOT, " %10s %12s", "K(" + tag + ")", "H " + tag));
    }
    OUT.println(head.append(String.format(Locale.ROOT, " %10s", "H law")));
    double worst = 0;
    Case first = with.get(0);
    for (String col : first.entropies.keySet()) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-22s", col));
      double[] ref = first.entropies.get(col);
      for (Case c : with) {
        double[] h = c.entropies.get(col);
        line.append(h == null ? String.format(Locale.ROOT, " %10s %12s", "-", "-")
            : String.format(Locale.ROOT, " %10d %12.6f", (long) h[0], h[1]));
        if (h != null && ref != null && !Double.isNaN(h[1]) && !Double.isNaN(ref[1])) {
          worst = Math.max(worst, Math.abs(h[1] - ref[1]) / Math.max(1.0, Math.abs(ref[1])));
        }
      }
      double law = BenchData.PROFILE_COLUMNS.stream().filter(x -> x.name().equals(col)).findFirst()
          .orElse(BenchData.UNIQUE_COLUMN).lawEntropy(rows);
      OUT.println(line.append(String.format(Locale.ROOT, " %10.4f", law)));
    }
    if (with.size() > 1) {
      OUT.printf(Locale.ROOT, "  largest relative difference between the cases: %.2e %s%n", worst,
          worst <= 1e-9 ? "(agree)" : "(DISAGREE: check the engine)");
    }
  }

  private static void report(List<Case> cases, Options o) throws IOException {
    OUT.println();
    OUT.println("== results: median of " + o.runs + " timed run(s) after " + o.warmup + " warm-up round(s); "
        + "seconds of wall time ==");
    OUT.println("t/A = median / median of A (scan floor) of the same set; "
        + "B/t = median of B (groupBy per column) / median; S/t = median of S (one stacked groupBy) / median;\n"
        + "jobs = Spark jobs per run; "
        + "cpu s = median CPU time of the JVM, all threads; "
        + "busy = median JVM cpu time / wall time (2.00 = both cores of local[2]);\n"
        + "load = mean 1-minute load average before the runs (> 2: other work shared the cores)");
    StringBuilder runsHead = new StringBuilder();
    for (int i = 1; i <= o.runs; i++) {
      runsHead.append(String.format(Locale.ROOT, " %8s", "run " + i));
    }
    String fmt = "%-7s %-40s %9s%s %8s %5s %5s %5s %7s %7s %7s  %-10s %s%n";
    OUT.printf(Locale.ROOT, fmt, "set", "case", "median s", runsHead, "cpu s", "jobs", "busy", "load", "t/A",
        "B/t", "S/t", "target", "result");
    List<Map<String, Object>> json = new ArrayList<>();
    for (Case c : cases) {
      if (c.key.equals("compare")) {
        c.ratioToBasic = c.median() / medianOf(cases, c.set, "compare-basic");
      }
    }
    for (Case c : cases) {
      double a = medianOf(cases, c.set, "scan");
      double b = medianOf(cases, c.set, "groupby");
      double stacked = medianOf(cases, c.set, "stacked");
      double t = c.median();
      double tOverA = t / a;
      double bOverT = b / t;
      String result = result(c, tOverA, bOverT);
      StringBuilder runs = new StringBuilder();
      for (int i = 0; i < o.runs; i++) {
        runs.append(i < c.seconds.size() ? String.format(Locale.ROOT, " %8.2f", c.seconds.get(i))
            : String.format(Locale.ROOT, " %8s", "-"));
      }
      String jobs = c.jobs.isEmpty() ? "-" : String.valueOf(c.jobs.get(c.jobs.size() - 1));
      OUT.printf(Locale.ROOT, fmt, c.set, c.label, c.error != null ? "ERROR" : String.format(Locale.ROOT, "%.2f", t),
          runs, num(median(c.cpuSeconds)), jobs, num(busyCores(c)), c.loads.isEmpty() ? "-" : String.format(Locale.ROOT, "%.1f",
              c.loads.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)),
          num(tOverA), c.key.equals("groupby") ? "1.00" : num(bOverT), num(stacked / t), c.target.text, result);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("set", c.set);
      row.put("case", c.key);
      row.put("label", c.label);
      row.put("seconds", c.seconds);
      row.put("median_seconds", c.error != null ? null : t);
      row.put("jobs", c.jobs);
      row.put("cpu_seconds", c.cpuSeconds);
      row.put("load_average_before", c.loads);
      row.put("ratio_to_scan", finite(tOverA));
      row.put("speedup_over_groupby", finite(bOverT));
      row.put("speedup_over_stacked_groupby", finite(stacked / t));
      if (c.key.equals("compare")) {
        row.put("ratio_to_basic", finite(c.ratioToBasic));
      }
      row.put("target", c.target.text);
      row.put("result", result);
      row.put("error", c.error);
      json.add(row);
    }
    for (Case c : cases) {
      if (c.key.equals("profile") && c.error == null) {
        double p0 = medianOf(cases, c.set, "basic");
        double r = c.median() / p0;
        String verdict = Double.isNaN(r) ? "n/a (no P0)" : r <= 1.05 ? "PASS" : "MISS";
        OUT.printf(Locale.ROOT, "estimators [%s]: P / P0 = %s (target <= 1.05) %s%n", c.set, num(r), verdict);
        json.stream().filter(row -> row.get("set").equals(c.set) && row.get("case").equals("profile")).forEach(row -> {
          row.put("ratio_to_basic", finite(r));
          row.put("estimators_result", verdict);
        });
      }
    }
    for (Case c : cases) {
      if (c.error != null) {
        OUT.printf(Locale.ROOT, "ERROR [%s] %s: %s%n", c.set, c.label, c.error);
      }
    }
    if (o.summary != null) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("benchmark", "profile");
      doc.put("finished", Instant.now().toString());
      doc.put("rows", o.rows);
      doc.put("unique_rows", o.uniqueRows);
      doc.put("runs", o.runs);
      doc.put("warmup", o.warmup);
      doc.put("master", o.master);
      doc.put("spark_version", SparkSession.active().version());
      doc.put("engine_path", o.path);
      doc.put("shuffle_partitions", o.shufflePartitions);
      doc.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
      doc.put("cases", json);
      Path parent = o.summary.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(o.summary, toJson(doc) + "\n", StandardCharsets.UTF_8);
      OUT.println("summary written to " + o.summary);
    }
  }

  private static String result(Case c, double tOverA, double bOverT) {
    if (c.error != null) {
      return c.target == Target.NONE ? "ERROR" : "ERROR (MISS)";
    }
    switch (c.target) {
      case SPEEDUP_OVER_GROUPBY_3X:
        return Double.isNaN(bOverT) ? "n/a (no B)" : bOverT >= 3.0 ? "PASS" : "MISS";
      case WITHIN_2X_SCAN:
        return Double.isNaN(tOverA) ? "n/a (no A)" : tOverA <= 2.0 ? "PASS" : "MISS";
      case SUCCEEDS:
        return "PASS";
      case WITHIN_5PCT_OF_BASIC:
        return Double.isNaN(c.ratioToBasic) ? "n/a (no C0)" : c.ratioToBasic <= 1.05 ? "PASS" : "MISS";
      default:
        return "-";
    }
  }

  private static double medianOf(List<Case> cases, String set, String key) {
    return cases.stream().filter(c -> c.set.equals(set) && c.key.equals(key) && c.error == null)
        .mapToDouble(Case::median).findFirst().orElse(Double.NaN);
  }

  private static String num(double x) {
    return Double.isFinite(x) ? String.format(Locale.ROOT, "%.2f", x) : "-";
  }

  private static Double finite(double x) {
    return Double.isFinite(x) ? x : null;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "(no message)";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** A minimal JSON writer for the summary (maps, lists, strings, numbers, booleans, null). */
  static String toJson(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String s) {
      StringBuilder sb = new StringBuilder("\"");
      for (char ch : s.toCharArray()) {
        switch (ch) {
          case '"' -> sb.append("\\\"");
          case '\\' -> sb.append("\\\\");
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          case '\t' -> sb.append("\\t");
          default -> {
            if (ch < 0x20) {
              sb.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
            } else {
              sb.append(ch);
            }
          }
        }
      }
      return sb.append('"').toString();
    }
    if (v instanceof Double d) {
      return Double.isFinite(d) ? Double.toString(d) : "null";
    }
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    if (v instanceof Map<?, ?> m) {
      List<String> parts = new ArrayList<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        parts.add(toJson(String.valueOf(e.getKey())) + ": " + toJson(e.getValue()));
      }
      return "{" + String.join(", ", parts) + "}";
    }
    if (v instanceof List<?> l) {
      List<String> parts = new ArrayList<>();
      for (Object x : l) {
        parts.add(toJson(x));
      }
      return "[" + String.join(", ", parts) + "]";
    }
    return toJson(v.toString());
  }
}
