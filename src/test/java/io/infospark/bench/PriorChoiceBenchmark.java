package io.infospark.bench;

import io.infospark.core.logistic.Prior;
import io.infospark.logistic.LogisticFit;
import io.infospark.logistic.LogisticOptions;
import io.infospark.logistic.LogisticResult;
import io.infospark.logistic.PathPoint;
import io.infospark.logistic.ScaleChoice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What choosing the prior scale costs (DESIGN.md §5.3), against one fit in the same process and
 * against Spark ML's {@code CrossValidator}. Run as {@code LogisticBenchmark prior [options]} (see
 * BENCHMARKS.md); the data are {@link LogisticBenchmark#generate}'s (not cached: every case reads,
 * i.e. generates, the source itself and caches only its own blocks).
 *
 * <p>Cases, in this order within a round (the first round's {@code cv} gives the scale and the grid
 * of the others):
 *
 * <ul>
 *   <li>{@code cv}: {@code choose(CROSS_VALIDATION)}: K-fold cross-validation of the default path of
 *       {@code --scales} scales, then the refit on all rows at the chosen scale;
 *   <li>{@code fit}: one fit at the scale {@code cv} chose;
 *   <li>{@code path}: {@code path()} (the same default grid) with warm starts, then the fit at the
 *       chosen scale from its nearest path point;
 *   <li>{@code auto}: {@code choose(EVIDENCE)} ({@code gaussian:auto}; Gaussian priors only);
 *   <li>{@code spark}: Spark ML's {@code CrossValidator} over {@code LogisticRegression}, the same
 *       scales as {@code regParam} (DESIGN.md §2: Gaussian σ ↔ 1/(Wσ²), elasticNetParam 0; Laplace b
 *       ↔ 1/(Wb), elasticNetParam 1; W = n(K − 1)/K, the training rows of a fold on average),
 *       {@code standardization=false}, the same folds (a {@code fold} column from
 *       {@link io.infospark.core.logistic.Folds} and {@code setFoldCol}), held-out log-loss as the
 *       metric, and its refit on all rows at the best {@code regParam}.
 * </ul>
 *
 * Targets (issue: a path ≤ 4 fits, cross-validation ≤ 2 paths and ≥ 20× faster than Spark's,
 * {@code gaussian:auto} ≤ 3 fits) are printed with PASS / MISS. So that a fast but wrong result
 * shows up, the harness also prints the held-out log-loss per scale of infospark and of Spark side
 * by side and both chosen scales.
 */
final class PriorChoiceBenchmark {
  private static final List<String> ORDER = List.of("cv", "fit", "path", "auto", "spark");

  private PriorChoiceBenchmark() {}

  /** Options with their defaults. */
  static final class Args {
    long rows = 1_000_000L;
    int features = 50;
    int partitions = 4;
    String prior = "gaussian";
    List<String> cases = ORDER;
    int runs = 1;
    int warmupRows = 20_000;
    int folds = 5;
    int scales = 20;
    long seed = 1;
    double sparkTol = 1e-6;
    int sparkMaxIter = 100;
    boolean stdErrors = true;
    int sparkScales = 0;
    double scale = Double.NaN;

    static Args parse(String[] a) {
      Args r = new Args();
      for (int i = 0; i < a.length; i++) {
        String k = a[i];
        if (k.equals("--help") || k.equals("-h")) {
          System.out.println(usage());
          System.exit(0);
        }
        if (i + 1 >= a.length) {
          throw new IllegalArgumentException(k + ": expected a value\n" + usage());
        }
        String v = a[++i];
        switch (k) {
          case "--rows": r.rows = (long) Double.parseDouble(v); break;
          case "--features": r.features = Integer.parseInt(v); break;
          case "--partitions": r.partitions = Integer.parseInt(v); break;
          case "--prior": r.prior = v; break;
          case "--cases": r.cases = cases(v); break;
          case "--runs": r.runs = Integer.parseInt(v); break;
          case "--warmup-rows": r.warmupRows = Integer.parseInt(v); break;
          case "--folds": r.folds = Integer.parseInt(v); break;
          case "--scales": r.scales = Integer.parseInt(v); break;
          case "--seed": r.seed = Long.parseLong(v); break;
          case "--spark-tol": r.sparkTol = Double.parseDouble(v); break;
          case "--spark-max-iter": r.sparkMaxIter = Integer.parseInt(v); break;
          case "--std-errors": r.stdErrors = Boolean.parseBoolean(v); break;
          case "--spark-scales": r.sparkScales = v.equals("all") ? 0 : Integer.parseInt(v); break;
          case "--scale": r.scale = Double.parseDouble(v); break;
          default: throw new IllegalArgumentException("unknown option " + k + "\n" + usage());
        }
      }
      if (!r.prior.equals("gaussian") && !r.prior.equals("laplace")) {
        throw new IllegalArgumentException("--prior: expected gaussian or laplace but got " + r.prior);
      }
      if (!Double.isNaN(r.scale) && !(r.scale > 0)) {
        throw new IllegalArgumentException("--scale: expected a positive number but got " + r.scale);
      }
      if (!Double.isNaN(r.scale) && r.cases.contains("spark") && !r.cases.contains("cv")) {
        throw new IllegalArgumentException("--scale: the spark case needs the grid and held-out losses of the cv case;"
            + " add cv to --cases or leave out --scale");
      }
      return r;
    }

    private static List<String> cases(String v) {
      List<String> c = new ArrayList<>();
      for (String s : v.split(",")) {
        if (!ORDER.contains(s.trim())) {
          throw new IllegalArgumentException("--cases: expected a comma-separated list of " + ORDER + " but got " + v);
        }
        c.add(s.trim());
      }
      return c;
    }

    static String usage() {
      return "LogisticBenchmark prior [--rows 1000000] [--features 50] [--partitions 4] [--prior gaussian|laplace]\n"
          + "  [--cases cv,fit,path,auto,spark] [--runs 1] [--warmup-rows 20000] [--folds 5] [--scales 20] [--seed 1]\n"
          + "  [--spark-tol 1e-6] [--spark-max-iter 100] [--spark-scales all|N] [--std-errors true] [--scale S]\n"
          + "--scale S: the fit case (and the path's final fit) at prior scale S, not at the scale cross-validation\n"
          + "  chooses; without cv among the cases, this skips the untimed full-size cross-validation that would find it\n"
          + "--spark-scales N: Spark's CrossValidator over N of the scales only (evenly spread), its time\n"
          + "  then extrapolated to all of them in the ratio, and marked so (for sizes where 100 Spark fits take hours)";
    }
  }

  /** One timed case: seconds, Spark jobs and infospark's passes per run, and what it chose. */
  static final class Timing {
    final List<Double> seconds = new ArrayList<>();
    final List<Integer> jobs = new ArrayList<>();
    final List<Integer> passes = new ArrayList<>();
    String chose = "";

    double median() {
      double[] s = seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
  }

  /** The scale the first cross-validation chose, its grid, and its held-out log-loss per scale. */
  private static final class Choice {
    double scale = Double.NaN;
    double[] grid;
    double[] heldOut;
  }

  public static void main(String[] argv) {
    Args a = Args.parse(argv);
    List<String> cases = new ArrayList<>(ORDER);
    cases.retainAll(a.cases);
    if (a.prior.equals("laplace") && cases.remove("auto")) {
      System.out.println("auto: skipped (the evidence is defined for Gaussian priors only)");
    }
    AtomicInteger jobs = new AtomicInteger();
    SparkSession spark = LogisticBenchmark.session("prior-choice-benchmark", jobs);
    System.out.printf(Locale.ROOT, "Spark %s, master %s, max heap %.1f GB, load average %s%n", spark.version(),
        spark.sparkContext().master(), Runtime.getRuntime().maxMemory() / 1e9, LogisticBenchmark.load());
    System.out.printf(Locale.ROOT, "prior %s, cases %s, %d folds, %d scales, fold seed %d; Spark CrossValidator: "
        + "tol %g, maxIter %d, standardization false; infospark: default tolerance, standard errors %s%n",
        a.prior, cases, a.folds, a.scales, a.seed, a.sparkTol, a.sparkMaxIter, a.stdErrors);

    // warm-up: every case once on a small table (class loading, JIT), not timed
    long w0 = System.nanoTime();
    Map<String, Timing> ignored = new LinkedHashMap<>();
    round(spark, a, a.warmupRows, cases, new Choice(), ignored, jobs, false);
    System.out.printf(Locale.ROOT, "warm-up on %d rows: %.1f s%n", a.warmupRows, (System.nanoTime() - w0) / 1e9);

    Dataset<Row> data = LogisticBenchmark.generate(spark, a.rows, a.features, a.partitions);
    long t0 = System.nanoTime();
    long n = data.count();
    System.out.printf(Locale.ROOT, "data: %d rows x %d features, %d partitions, not cached; one generation pass %.1f s%n",
        n, a.features, a.partitions, (System.nanoTime() - t0) / 1e9);
    Map<String, Timing> timings = new LinkedHashMap<>();
    Choice choice = new Choice();
    choice.scale = a.scale;
    for (int r = 0; r < a.runs; r++) {
      round(spark, a, a.rows, cases, choice, timings, jobs, true);
    }
    report(timings, a);
    spark.stop();
  }

  /** One round: every case once, in {@link #ORDER}. */
  private static void round(SparkSession spark, Args a, long rows, List<String> cases, Choice choice,
      Map<String, Timing> timings, AtomicInteger jobs, boolean timed) {
    Dataset<Row> data = LogisticBenchmark.generate(spark, rows, a.features, a.partitions);
    Prior unit = a.prior.equals("laplace") ? Prior.laplace(0, 1) : Prior.gaussian(0, 1);
    if (Double.isNaN(choice.scale) && !cases.contains("cv")) {
      // the other cases need the scale and the grid cross-validation chooses: once, untimed
      LogisticResult r = LogisticFit.fit(data, options(a, unit).choose(ScaleChoice.CROSS_VALIDATION));
      remember(choice, r);
      System.out.printf(Locale.ROOT, "setup (not timed): cross-validation chose scale %.6g%n", choice.scale);
    }
    for (String c : cases) {
      Prior chosen = Double.isNaN(choice.scale) ? null : at(a, choice.scale);
      String where = String.format(Locale.ROOT, "%s: %s rows, cached RDDs before %d, load average %s", c, rows,
          LogisticBenchmark.cached(spark), LogisticBenchmark.load());
      int j0 = jobs.get();
      long s0 = System.nanoTime();
      int passes = -1;
      String chose;
      String perPoint = null;
      switch (c) {
        case "cv": {
          LogisticResult r = LogisticFit.fit(data, options(a, unit).choose(ScaleChoice.CROSS_VALIDATION));
          passes = r.passes();
          perPoint = points(r);
          chose = String.format(Locale.ROOT, "scale %.6g (%s)", r.selectedScale(), r.selection());
          if (choice.grid == null) {
            remember(choice, r);
          }
          break;
        }
        case "fit": {
          LogisticResult r = LogisticFit.fit(data, options(a, chosen));
          passes = r.passes();
          chose = String.format(Locale.ROOT, "scale %.6g, %s, %d iterations", choice.scale, r.method(), r.iterations());
          break;
        }
        case "path": {
          LogisticResult r = LogisticFit.fit(data, options(a, chosen).path());
          passes = r.passes();
          perPoint = points(r);
          chose = String.format(Locale.ROOT, "%d scales %.3g .. %.3g", r.path().size(), r.path().get(0).scale(),
              r.path().get(r.path().size() - 1).scale());
          break;
        }
        case "auto": {
          LogisticResult r = LogisticFit.fit(data, options(a, unit).choose(ScaleChoice.EVIDENCE));
          passes = r.passes();
          perPoint = points(r);
          chose = String.format(Locale.ROOT, "sigma* %.6g (ln Z %.6f, %d fits)", r.selectedScale(), r.logEvidence(),
              r.path().size());
          break;
        }
        default: {
          Dataset<Row> withFolds = LogisticBenchmark.generate(spark, rows, a.features, a.partitions, a.folds, a.seed);
          double[] grid = timed ? choice.grid : new double[] {0.1, 1.0};
          double[] heldOut = timed ? choice.heldOut : null;
          if (timed && a.sparkScales > 0 && a.sparkScales < grid.length) {
            int[] pick = spread(grid.length, a.sparkScales);
            double[] g = new double[pick.length];
            double[] h = new double[pick.length];
            for (int i = 0; i < pick.length; i++) {
              g[i] = grid[pick[i]];
              h[i] = heldOut[pick[i]];
            }
            grid = g;
            heldOut = h;
          }
          chose = sparkCrossValidation(withFolds, rows, grid, a, heldOut);
        }
      }
      double sec = (System.nanoTime() - s0) / 1e9;
      int jb = jobs.get() - j0;
      System.out.printf(Locale.ROOT, "  %s -> %.2f s, %d Spark jobs%s; %s%n", where, sec, jb,
          passes >= 0 ? ", " + passes + " passes" : "", chose);
      if (perPoint != null) {
        System.out.println("    " + perPoint);
      }
      if (timed) {
        Timing t = timings.computeIfAbsent(c, k -> new Timing());
        t.seconds.add(sec);
        t.jobs.add(jb);
        t.passes.add(passes);
        t.chose = chose;
      }
    }
  }

  /**
   * Passes per path point (Σ, and the final fit's share: the result's passes minus the points'),
   * each point's KKT norm per unit weight: where the passes of a path or search go.
   */
  private static String points(LogisticResult r) {
    StringBuilder b = new StringBuilder("passes per point:");
    int sum = 0;
    double worst = 0;
    for (PathPoint q : r.path()) {
      b.append(' ').append(q.passes());
      sum += q.passes();
      worst = Math.max(worst, q.kktNorm());
    }
    return b.append(String.format(Locale.ROOT, " (sum %d over %d points; largest KKT norm %.2e; the rest of the %d: setup and"
        + " the final fit, %d iterations, %s)", sum, r.path().size(), worst, r.passes(), r.iterations(), r.method())).toString();
  }

  /** {@code k} indices of 0 … n − 1, evenly spread, first and last included. */
  static int[] spread(int n, int k) {
    int[] idx = new int[k];
    for (int i = 0; i < k; i++) {
      idx[i] = k == 1 ? 0 : (int) Math.round(i * (n - 1.0) / (k - 1));
    }
    return idx;
  }

  private static LogisticOptions options(Args a, Prior prior) {
    return LogisticOptions.label("label").featuresVector("features", null).prior(prior).folds(a.folds).seed(a.seed)
        .pathCount(a.scales).standardErrors(a.stdErrors);
  }

  private static Prior at(Args a, double scale) {
    return a.prior.equals("laplace") ? Prior.laplace(0, scale) : Prior.gaussian(0, scale);
  }

  /** The grid and held-out losses of {@code r}, and its chosen scale unless {@code --scale} gave one. */
  private static void remember(Choice choice, LogisticResult r) {
    if (Double.isNaN(choice.scale)) {
      choice.scale = r.selectedScale();
    }
    List<PathPoint> path = r.path();
    choice.grid = new double[path.size()];
    choice.heldOut = new double[path.size()];
    for (int t = 0; t < path.size(); t++) {
      choice.grid[t] = path.get(t).scale();
      choice.heldOut[t] = path.get(t).cvLogLoss();
    }
  }

  /**
   * Spark's CrossValidator over the grid (as regParam) with the fold column; returns what it chose
   * and, given infospark's held-out losses, prints both curves side by side.
   */
  private static String sparkCrossValidation(Dataset<Row> data, long rows, double[] grid, Args a, double[] ours) {
    boolean laplace = a.prior.equals("laplace");
    double w = rows * (a.folds - 1.0) / a.folds;
    double[] reg = new double[grid.length];
    for (int t = 0; t < grid.length; t++) {
      reg[t] = laplace ? 1.0 / (w * grid[t]) : 1.0 / (w * grid[t] * grid[t]);
    }
    LogisticRegression lr = new LogisticRegression().setStandardization(false).setElasticNetParam(laplace ? 1.0 : 0.0)
        .setTol(a.sparkTol).setMaxIter(a.sparkMaxIter);
    ParamMap[] maps = new ParamGridBuilder().addGrid(lr.regParam(), reg).build();
    CrossValidator cv = new CrossValidator().setEstimator(lr).setEstimatorParamMaps(maps)
        .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("logLoss"))
        .setNumFolds(a.folds).setFoldCol("fold");
    CrossValidatorModel m = cv.fit(data);
    double best = ((LogisticRegressionModel) m.bestModel()).getRegParam();
    double scale = laplace ? 1.0 / (w * best) : 1.0 / Math.sqrt(w * best);
    double[] spark = m.avgMetrics();
    if (ours != null) {
      System.out.println("  held-out mean log-loss per scale: scale | infospark (pooled over rows) | Spark (mean of the"
          + " folds' means) | relative difference");
      double worst = 0;
      for (int t = 0; t < grid.length; t++) {
        double rel = Math.abs(spark[t] - ours[t]) / ours[t];
        worst = Math.max(worst, rel);
        System.out.printf(Locale.ROOT, "    %.6g | %.8f | %.8f | %.2e%n", grid[t], ours[t], spark[t], rel);
      }
      System.out.printf(Locale.ROOT, "  largest relative difference of the held-out log-loss: %.2e%n", worst);
    }
    return String.format(Locale.ROOT, "%d fits + refit; best regParam %.6g = scale %.6g", grid.length * a.folds, best, scale);
  }

  private static void report(Map<String, Timing> t, Args a) {
    Timing fit = t.get("fit");
    Timing path = t.get("path");
    Timing cv = t.get("cv");
    System.out.println();
    System.out.println("case | median s | runs (s) | Spark jobs | passes | ratio | target | result | what it chose");
    for (Map.Entry<String, Timing> e : t.entrySet()) {
      String c = e.getKey();
      Timing x = e.getValue();
      String ratio = "";
      String target = "";
      String result = "";
      switch (c) {
        case "path":
          if (fit != null) {
            double q = x.median() / fit.median();
            ratio = String.format(Locale.ROOT, "path/fit %.2f", q);
            target = "<= 4";
            result = q <= 4 ? "PASS" : "MISS";
          }
          break;
        case "cv":
          if (path != null) {
            double q = x.median() / path.median();
            ratio = String.format(Locale.ROOT, "cv/path %.2f", q);
            target = "<= 2";
            result = q <= 2 ? "PASS" : "MISS";
          }
          if (fit != null) {
            ratio += String.format(Locale.ROOT, "%scv/fit %.2f", ratio.isEmpty() ? "" : ", ", x.median() / fit.median());
          }
          break;
        case "auto":
          if (fit != null) {
            double q = x.median() / fit.median();
            ratio = String.format(Locale.ROOT, "auto/fit %.2f", q);
            target = "<= 3";
            result = q <= 3 ? "PASS" : "MISS";
          }
          break;
        case "spark": {
          // over fewer scales (--spark-scales): the time scaled to the whole grid, and said so
          int all = a.scales;
          int ran = a.sparkScales > 0 && a.sparkScales < all ? a.sparkScales : all;
          String how = ran == all ? "" : " (EXTRAPOLATED: " + ran + " of " + all + " scales run, time x " + all + "/" + ran + ")";
          double whole = x.median() * all / ran;
          if (cv != null) {
            double q = whole / cv.median();
            ratio = String.format(Locale.ROOT, "spark/cv %.2f", q);
            target = ">= 20";
            result = (q >= 20 ? "PASS" : "MISS") + how;
          }
          if (fit != null) {
            ratio += String.format(Locale.ROOT, "%sspark/fit %.2f%s", ratio.isEmpty() ? "" : ", ", whole / fit.median(), how);
          }
          break;
        }
        default:
          ratio = "1.00";
      }
      System.out.printf(Locale.ROOT, "%s | %.2f | %s | %s | %s | %s | %s | %s | %s%n", c, x.median(), list(x.seconds),
          x.jobs, c.equals("spark") ? "-" : x.passes.toString(), ratio, target, result, x.chose);
    }
    System.out.printf(Locale.ROOT, "(%d rows x %d features, %s prior, %d folds, %d scales, %d timed rounds)%n", a.rows,
        a.features, a.prior, a.folds, a.scales, a.runs);
  }

  private static String list(List<Double> s) {
    StringBuilder b = new StringBuilder();
    for (double v : s) {
      b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", v));
    }
    return b.toString();
  }
}
