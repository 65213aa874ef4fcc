package io.infospark.bench;

import io.infospark.core.logistic.LogisticLoss;
import io.infospark.core.logistic.Prior;
import io.infospark.logistic.LogisticFit;
import io.infospark.logistic.LogisticOptions;
import io.infospark.logistic.LogisticResult;
import java.util.ArrayList;
import java.util.List;
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
import org.apache.spark.storage.StorageLevel;

/**
 * infospark vs Spark MLlib LogisticRegression on the same cached data, same objective.
 *
 * <p>Usage (see BENCHMARKS-logistic.md): {@code LogisticBenchmark [rows=1000000] [features=50]
 * [priors=gaussian,laplace,flat] [partitions=4]}. Data: x ~ N(0, 1) dense, from a fixed seed per
 * row; y ~ Bernoulli(σ(β₀ + x·β)) with β₀ = 0.3, β_j = ±0.5 and every fifth β_j = 0. Priors:
 * Gaussian σ = 0.1 (MLlib regParam = 1/(Wσ²), elasticNet 0), Laplace b = 0.001 (regParam = 1/(Wb),
 * elasticNet 1), flat (regParam 0); MLlib with standardization=false, tol 1e-12, maxIter 2000.
 */
public final class LogisticBenchmark {
  private static final long SEED = 20261127L;

  private LogisticBenchmark() {}

  public static void main(String[] args) {
    long rows = args.length > 0 ? (long) Double.parseDouble(args[0]) : 1_000_000L;
    int d = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    String[] priors = (args.length > 2 ? args[2] : "gaussian,laplace,flat").split(",");
    int partitions = args.length > 3 ? Integer.parseInt(args[3]) : 4;
    SparkSession spark = SparkSession.builder().master(System.getProperty("spark.master", "local[2]"))
        .appName("logistic-benchmark").config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    AtomicInteger jobs = new AtomicInteger();
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart e) {
        jobs.incrementAndGet();
      }
    });

    Dataset<Row> data = generate(spark, rows, d, partitions).persist(StorageLevel.MEMORY_AND_DISK());
    long t0 = System.nanoTime();
    long n = data.count();
    System.out.printf(Locale.ROOT, "data: %d rows x %d features, %d partitions, generated and cached in %.1f s%n",
        n, d, partitions, (System.nanoTime() - t0) / 1e9);
    // Warm-up: both systems once on 20,000 rows, so that neither pays class loading and JIT in the timings.
    Dataset<Row> small = generate(spark, 20_000, d, partitions).cache();
    new LogisticRegression().setRegParam(1e-3).setStandardization(false).setMaxIter(20).fit(small);
    LogisticFit.fit(small, LogisticOptions.label("label").featuresVector("features", null).prior(Prior.gaussian(0, 1))
        .standardErrors(false));
    LogisticFit.fit(small, LogisticOptions.label("label").featuresVector("features", null).prior(Prior.laplace(0, 0.01))
        .standardErrors(false));
    small.unpersist();
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

      j0 = jobs.get();
      s0 = System.nanoTime();
      LogisticResult r = LogisticFit.fit(data, LogisticOptions.label("label").featuresVector("features", null)
          .prior(prior).standardErrors(false));
      double isSec = (System.nanoTime() - s0) / 1e9;
      int isJobs = jobs.get() - j0;
      System.out.printf(Locale.ROOT, "%s | MLlib | %.2f | %d | %d | %.12g | %n", p, mlSec, mlJobs, m.summary().totalIterations(), mlJ);
      System.out.printf(Locale.ROOT, "%s | infospark (%s) | %.2f | %d (passes %d) | %d | %.12g | %.2f%n", p, r.method(), isSec, isJobs,
          r.passes(), r.iterations(), r.objective(), mlSec / isSec);
      System.out.printf(Locale.ROOT, "%s | J relative difference (MLlib − infospark)/infospark = %.3e; non-zero MLlib %d, infospark %d%n", p,
          (mlJ - r.objective()) / r.objective(), nonZero(mlBeta), r.nonZero());
    }
    spark.stop();
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

  static Dataset<Row> generate(SparkSession spark, long rows, int d, int partitions) {
    double[] beta = new double[d];
    for (int j = 0; j < d; j++) {
      beta[j] = j % 5 == 4 ? 0.0 : (j % 2 == 0 ? 0.5 : -0.5);
    }
    StructType schema = new StructType().add("label", DataTypes.DoubleType).add("features", SQLDataTypes.VectorType());
    List<Long> parts = new ArrayList<>();
    for (int i = 0; i < partitions; i++) {
      parts.add((long) i);
    }
    org.apache.spark.api.java.JavaRDD<Row> rdd = new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext())
        .parallelize(parts, partitions).flatMap(part -> {
          long from = rows * part / partitions;
          long to = rows * (part + 1) / partitions;
          List<Row> out = new ArrayList<>();
          for (long i = from; i < to; i++) {
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
            out.add(RowFactory.create(y, Vectors.dense(x)));
          }
          return out.iterator();
        });
    return spark.createDataFrame(rdd, schema);
  }
}
