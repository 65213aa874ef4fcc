package io.infospark.bench;

import io.infospark.core.logistic.Folds;
import io.infospark.core.logistic.LogisticLoss;
import io.infospark.core.logistic.Prior;
import io.infospark.logistic.LogisticFit;
import io.infospark.logistic.LogisticOptions;
import io.infospark.logistic.LogisticResult;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * infospark vs Spark MLlib LogisticRegression on the same data, same objective.
 *
 * <p>Usage (see BENCHMARKS.md): {@code LogisticBenchmark [rows=1000000] [features=50]
 * [priors=gaussian,laplace,flat] [partitions=4]}; {@code LogisticBenchmark prior [options]} runs
 * the choice of the prior scale instead ({@link PriorChoiceBenchmark}). Data: x ~ N(0, 1) dense, from a fixed seed per
 * row; y ~ Bernoulli(σ(β₀ + x·β)) with β₀ = 0.3, β_j = ±0.5 and every fifth β_j = 0. Priors:
 * Gaussian σ = 0.1 (MLlib regParam = 1/(Wσ²), elasticNet 0), Laplace b = 0.001 (regParam = 1/(Wb),
 * elasticNet 1), flat (regParam 0); MLlib with standardization=false, tol 1e-12, maxIter 2000.
 *
 * <p>Memory: the source DataFrame is not cached. It is generated on the fly from
 * {@code spark.range} (row i from its own seed, so every read gives the same rows), and each system
 * caches only its own training blocks during its fit and releases them at the end (MLlib's
 * {@code LogisticRegression} persists its instance blocks and unpersists them; infospark's
 * {@code LogisticFit} likewise). So at most one copy of the data is in memory at a time (checked:
 * the benchmark prints the cached RDDs before each fit), which lets 1e6 × 1000 (8 GB) and 1e7 × 50
 * (4 GB) run in an 18 GB heap. Both fits therefore include reading (generating) the source: the
 * time of one generation pass is printed.
 */
public final class LogisticBenchmark {
  private static final long SEED = 20261127L;

  private LogisticBenchmark() {}

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("prior")) {
      PriorChoiceBenchmark.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    long rows = args.length > 0 ? (long) Double.parseDouble(args[0]) : 1_000_000L;
    int d = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    String[] priors = (args.length > 2 ? args[2] : "gaussian,laplace,flat").split(",");
    int partitions = args.length > 3 ? Integer.parseInt(args[3]) : 4;
    AtomicInteger jobs = new AtomicInteger();
    SparkSession spark = session("logistic-benchmark", jobs);

    Dataset<Row> data = generate(spark, rows, d, partitions);
    long t0 = System.nanoTime();
    long n = data.count();
    System.out.printf(Locale.ROOT, "data: %d rows x %d features, %d partitions, not cached; one generation pass %.1f s; "
        + "max heap %.1f GB; load average %s%n", n, d, partitions, (System.nanoTime() - t0) / 1e9,
        Runtime.getRuntime().maxMemory() / 1e9, load());
    // Warm-up: both systems once on 20,000 rows, so that neither pays class loading and JIT in the timings.
    Dataset<Row> small = generate(spark, 20_000, d, partitions).cache();
    new LogisticRegression().setRegParam(1e-3).setStandardization(false).setMaxIter(20).fit(small);
    LogisticFit.fit(small, LogisticOptions.label("label").featuresVector("features", null).prior(Prior.gaussian(0, 1))
        .standardErrors(false));
    LogisticFit.fit(small, LogisticOptions.label("label").featuresVector("features", null).prior(Prior.laplace(0, 0.01))
        .standardErrors(false));
    small.unpersist(true);
    System.out.println("prior | system | seconds | Spark jobs | iterations | J | ratio (MLlib/infospark)");
    for (String p : priors) {
      Prior prior;
      double reg;
      double en;
      switch (p) {
        case "gaussian": prior = Prior.gaussian(0, 0.1); reg = 1.0 / (n * 0.1 * 0.1); en = 0; break;
        case "laplace": prior = Prior.laplace(0, 0.001); reg = 1.0 / (n * 0.001); en = 1; break;
        default: prior = Prior.flat(); reg = 0; en = 0;
      }
      System.out.printf(Locale.ROOT, "%s: before MLlib: cached RDDs %d, load average %s%n", p, cached(spark), load());
      int j0 = jobs.get();
      long s0 = System.nanoTime();
      LogisticRegressionModel m = new LogisticRegression().setRegParam(reg).setElasticNetParam(en)
          .setStandardization(false).setTol(1e-12).setMaxIter(2000).fit(data);
      double mlSec = (System.nanoTime() - s0) / 1e9;
      int mlJobs = jobs.get() - j0;
      double[] mlBeta = new double[d + 1];
      mlBeta[0] = m.intercept();
      for (int j = 0; j < d; j++) {
        mlBeta[j + 1] = m.coefficients().apply(j);
      }
      double mlJ = objective(data, mlBeta, prior);

      System.out.printf(Locale.ROOT, "%s: before infospark: cached RDDs %d, load average %s%n", p, cached(spark), load());
      j0 = jobs.get();
      s0 = System.nanoTime();
      LogisticResult r = LogisticFit.fit(data, LogisticOptions.label("label").featuresVector("features", null)
          .prior(prior).standardErrors(false));
      double isSec = (System.nanoTime() - s0) / 1e9;
      int isJobs = jobs.get() - j0;
      double mRows = n / 1e6;
      System.out.printf(Locale.ROOT, "%s | MLlib | %.2f | %d | %d | %.12g | | s per 1e6 rows per job %.3f%n", p, mlSec, mlJobs,
          m.summary().totalIterations(), mlJ, mlSec / mRows / mlJobs);
      System.out.printf(Locale.ROOT, "%s | infospark (%s) | %.2f | %d (passes %d) | %d | %.12g | %.2f | s per 1e6 rows per pass %.3f%n",
          p, r.method(), isSec, isJobs, r.passes(), r.iterations(), r.objective(), mlSec / isSec, isSec / mRows / r.passes());
      System.out.printf(Locale.ROOT, "%s | J relative difference (MLlib − infospark)/infospark = %.3e; non-zero MLlib %d, infospark %d%n", p,
          (mlJ - r.objective()) / r.objective(), nonZero(mlBeta), r.nonZero());
    }
    spark.stop();
  }

  /** The benchmark's session ({@code local[2]} unless -Dspark.master says otherwise), counting its jobs in {@code jobs}. */
  static SparkSession session(String app, AtomicInteger jobs) {
    SparkSession spark = SparkSession.builder().master(System.getProperty("spark.master", "local[2]"))
        .appName(app).config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart e) {
        jobs.incrementAndGet();
      }
    });
    return spark;
  }

  private static int nonZero(double[] b) {
    int k = 0;
    for (int j = 1; j < b.length; j++) {
      k += b[j] != 0 ? 1 : 0;
    }
    return k;
  }

  /** J at β over the DataFrame (independent of both fits: a plain map-reduce of the loss). */
  static double objective(Dataset<Row> data, double[] beta, Prior prior) {
    double loss = data.javaRDD().map(r -> {
      Vector x = (Vector) r.get(1);
      double z = beta[0];
      for (int j = 0; j < x.size(); j++) {
        z += beta[j + 1] * x.apply(j);
      }
      return LogisticLoss.loss(z, r.getDouble(0));
    }).reduce(Double::sum);
    double pen = 0;
    for (int j = 1; j < beta.length; j++) {
      pen += prior.penalty(beta[j]);
    }
    return loss + pen;
  }

  /** Rows 0..rows−1 from {@code spark.range}, each generated lazily from its own seed (no list per partition). */
  static Dataset<Row> generate(SparkSession spark, long rows, int d, int partitions) {
    return generate(spark, rows, d, partitions, 0, 0);
  }

  /**
   * As {@link #generate(SparkSession, long, int, int)}; with {@code folds} ≥ 2 also an int column
   * {@code fold}: each row's cross-validation fold as infospark assigns it with this seed
   * ({@link Folds#ofDense}, weight 1), for Spark's {@code CrossValidator.setFoldCol}.
   */
  static Dataset<Row> generate(SparkSession spark, long rows, int d, int partitions, int folds, long foldSeed) {
    double[] beta = new double[d];
    for (int j = 0; j < d; j++) {
      beta[j] = j % 5 == 4 ? 0.0 : (j % 2 == 0 ? 0.5 : -0.5);
    }
    StructType schema = new StructType().add("label", DataTypes.DoubleType).add("features", SQLDataTypes.VectorType());
    if (folds >= 2) {
      schema = schema.add("fold", DataTypes.IntegerType);
    }
    org.apache.spark.api.java.JavaRDD<Row> rdd = spark.range(0, rows, 1, partitions).javaRDD().map(i -> {
      SplittableRandom r = new SplittableRandom(SEED * 1_000_003L + i);
      double[] x = new double[d];
      double z = 0.3;
      for (int j = 0; j < d; j += 2) {
        // Box–Muller: two N(0, 1) per pair of uniforms
        double u = 1.0 - r.nextDouble();
        double v = r.nextDouble();
        double rad = Math.sqrt(-2 * Math.log(u));
        x[j] = rad * Math.cos(2 * Math.PI * v);
        if (j + 1 < d) {
          x[j + 1] = rad * Math.sin(2 * Math.PI * v);
        }
      }
      for (int j = 0; j < d; j++) {
        z += beta[j] * x[j];
      }
      double y = r.nextDouble() < LogisticLoss.sigmoid(z) ? 1.0 : 0.0;
      return folds >= 2 ? RowFactory.create(y, Vectors.dense(x), Folds.ofDense(foldSeed, folds, x, y, 1.0))
          : RowFactory.create(y, Vectors.dense(x));
    });
    return spark.createDataFrame(rdd, schema);
  }

  static int cached(SparkSession spark) {
    return spark.sparkContext().getRDDStorageInfo().length;
  }

  static String load() {
    try {
      String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException | RuntimeException e) {
      return "n/a";
    }
  }
}
