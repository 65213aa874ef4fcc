package io.infospark.logistic;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.infospark.core.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted logistic model and how it was fitted (DESIGN.md §2 outputs). Coefficients are in
 * natural units on the original feature scale; index 0 of the arrays is the intercept.
 * Log-likelihood and log-prior are in nats; log-prior is −penalty (unnormalised), so
 * {@code objective = −logLikelihood − logPrior}. Standard errors are the Laplace approximation
 * (square roots of the diagonal of the inverse Hessian of J); NaN for a coefficient held at an L1
 * kink. AIC and BIC are defined for MLE fits only (null otherwise).
 */
public final class LogisticResult implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String FORMAT = "infospark-logistic-1";

  final String label;
  final String positive;
  final FeatureSpace space;
  final double[] beta;
  final double[] stdErrors;
  final double[][] covariance;
  final String[] priors;
  final double objective;
  final double logLikelihood;
  final double logPrior;
  final long rows;
  final double weight;
  final long dropped;
  final int iterations;
  final int passes;
  final boolean converged;
  final double kkt;
  final String method;
  final boolean standardized;
  final String message;

  LogisticResult(String label, String positive, FeatureSpace space, double[] beta, double[] stdErrors,
      double[][] covariance, String[] priors, double objective, double logLikelihood, double logPrior, long rows,
      double weight, long dropped, int iterations, int passes, boolean converged, double kkt, String method,
      boolean standardized, String message) {
    this.label = label;
    this.positive = positive;
    this.space = space;
    this.beta = beta;
    this.stdErrors = stdErrors;
    this.covariance = covariance;
    this.priors = priors;
    this.objective = objective;
    this.logLikelihood = logLikelihood;
    this.logPrior = logPrior;
    this.rows = rows;
    this.weight = weight;
    this.dropped = dropped;
    this.iterations = iterations;
    this.passes = passes;
    this.converged = converged;
    this.kkt = kkt;
    this.method = method;
    this.standardized = standardized;
    this.message = message;
  }

  public String label() { return label; }
  public String positive() { return positive; }
  public FeatureSpace featureSpace() { return space; }
  /** Coefficient names (intercept excluded), in feature order. */
  public List<String> names() { return space.names(); }
  public double intercept() { return beta[0]; }
  /** (β₀, β₁, …): a copy. */
  public double[] coefficientArray() { return beta.clone(); }
  /** Standard errors, intercept first (NaN where undefined): a copy. */
  public double[] stdErrorArray() { return stdErrors.clone(); }
  /** Laplace-approximation posterior covariance (p × p, intercept first), or null if not computed. */
  public double[][] covariance() { return covariance; }
  /** Prior of each coefficient, intercept first, e.g. {@code gaussian(mean=0, sd=1)}. */
  public List<String> priors() { return List.of(priors); }
  /** J = −log-likelihood − log-prior at the optimum (nats). */
  public double objective() { return objective; }
  public double logLikelihood() { return logLikelihood; }
  /** −Σ penalty_j: the log prior density up to its normalising constant. */
  public double logPrior() { return logPrior; }
  /** −log-likelihood / Σw: the mean training cross-entropy in nats. */
  public double meanLogLoss() { return -logLikelihood / weight; }
  public long rows() { return rows; }
  public double weightSum() { return weight; }
  /** Rows dropped for nulls/NaN under na=drop. */
  public long droppedRows() { return dropped; }
  public int iterations() { return iterations; }
  /** Passes over the cached data, including the one that built and counted it. */
  public int passes() { return passes; }
  public boolean converged() { return converged; }
  /**
   * ∞-norm of the minimum-norm subgradient of J (the gradient for smooth priors) at the last
   * evaluated point; for a standardised fit, a bound max_j(s_j + |m_j|) × the standardised norm.
   */
  public double kktNorm() { return kkt; }
  public String method() { return method; }
  public boolean standardized() { return standardized; }
  public String message() { return message; }

  public int nonZero() {
    int n = 0;
    for (int j = 1; j < beta.length; j++) {
      n += beta[j] != 0.0 ? 1 : 0;
    }
    return n;
  }

  private boolean mle() {
    for (String p : priors) {
      if (!p.equals("flat")) {
        return false;
      }
    }
    return true;
  }

  /** 2k − 2 log L with k = number of coefficients incl. the intercept; null for MAP fits. */
  public Double aic() { return mle() ? 2.0 * beta.length - 2 * logLikelihood : null; }

  /** k ln n − 2 log L (n = rows); null for MAP fits. */
  public Double bic() { return mle() ? beta.length * Math.log(rows) - 2 * logLikelihood : null; }

  /** Coefficients by name, in feature order (intercept excluded). */
  public Map<String, Double> coefficients() {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int j = 0; j < names().size(); j++) {
      m.put(names().get(j), beta[j + 1]);
    }
    return m;
  }

  public Map<String, Double> stdErrors() {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int j = 0; j < names().size(); j++) {
      m.put(names().get(j), stdErrors[j + 1]);
    }
    return m;
  }

  /** One row per coefficient: name, estimate, std_error, z (= estimate / std_error), prior. */
  public Dataset<Row> toDataFrame(SparkSession spark) {
    StructType schema = new StructType()
        .add("name", DataTypes.StringType, false)
        .add("estimate", DataTypes.DoubleType, false)
        .add("std_error", DataTypes.DoubleType, true)
        .add("z", DataTypes.DoubleType, true)
        .add("prior", DataTypes.StringType, false);
    List<Row> out = new ArrayList<>();
    for (int j = 0; j < beta.length; j++) {
      Double se = Double.isNaN(stdErrors[j]) ? null : stdErrors[j];
      out.add(RowFactory.create(j == 0 ? "(intercept)" : names().get(j - 1), beta[j], se,
          se == null ? null : beta[j] / se, priors[j]));
    }
    return spark.createDataFrame(out, schema);
  }

  /**
   * The fields of the {@code fit-logistic} job summary (DESIGN.md §3), ready for a JSON writer;
   * NaN standard errors are null.
   */
  public Map<String, Object> toSummary() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("intercept", beta[0]);
    m.put("coefficients", coefficients());
    Map<String, Object> se = new LinkedHashMap<>();
    se.put("(intercept)", Double.isNaN(stdErrors[0]) ? null : stdErrors[0]);
    stdErrors().forEach((k, v) -> se.put(k, v.isNaN() ? null : v));
    m.put("std_errors", se);
    m.put("objective", objective);
    m.put("log_likelihood", logLikelihood);
    m.put("log_prior", logPrior);
    m.put("mean_log_loss", meanLogLoss());
    m.put("nonzero", nonZero());
    m.put("converged", converged);
    m.put("iterations", iterations);
    m.put("passes", passes);
    m.put("kkt_norm", kkt);
    m.put("rows", rows);
    m.put("weight_sum", weight);
    m.put("dropped_rows", dropped);
    m.put("method", method);
    m.put("standardized", standardized);
    m.put("aic", aic());
    m.put("bic", bic());
    m.put("priors", priors());
    return m;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "logistic regression of %s%s: %d rows (Σw = %.6g, %d dropped)%n",
        label, positive == null ? "" : " = " + positive, rows, weight, dropped));
    b.append(String.format(Locale.ROOT, "%-28s %15s %12s %9s  %s%n", "coefficient", "estimate", "std.error", "z", "prior"));
    for (int j = 0; j < beta.length; j++) {
      String n = j == 0 ? "(intercept)" : names().get(j - 1);
      b.append(String.format(Locale.ROOT, "%-28s %15.8g %12.6g %9.3f  %s%n", n, beta[j], stdErrors[j],
          beta[j] / stdErrors[j], priors[j]));
    }
    b.append(String.format(Locale.ROOT, "J = %.12g nats (log-likelihood %.12g, log-prior %.6g), mean log-loss %.6g%n",
        objective, logLikelihood, logPrior, meanLogLoss()));
    b.append(String.format(Locale.ROOT, "%s, %s after %d iterations and %d passes, KKT norm %.3e, %d non-zero%s%s",
        method, converged ? "converged" : "NOT converged (" + message + ")", iterations, passes, kkt, nonZero(),
        standardized ? ", fitted in standardised units" : "",
        aic() == null ? "" : String.format(Locale.ROOT, ", AIC %.8g, BIC %.8g", aic(), bic())));
    return b.toString();
  }

  // ---------------------------------------------------------------- save / load

  /** Writes {@code dir/model.json} (any Hadoop file system). Overwrites. */
  public void save(SparkSession spark, String dir) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("label", label);
    m.put("positive", positive);
    List<Map<String, Object>> cols = new ArrayList<>();
    for (FeatureSpace.Column c : space.columns()) {
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("name", c.name());
      cm.put("kind", c.kind().name());
      cm.put("width", c.width());
      cm.put("levels", c.levels());
      cm.put("reference", c.reference());
      cols.add(cm);
    }
    m.put("columns", cols);
    m.put("names", names());
    m.put("beta", toList(beta));
    m.put("std_errors", toList(stdErrors));
    List<List<Object>> cov = new ArrayList<>();
    if (covariance != null) {
      for (double[] r : covariance) {
        cov.add(toList(r));
      }
    }
    m.put("covariance", covariance == null ? null : cov);
    m.put("priors", List.of(priors));
    m.put("objective", objective);
    m.put("log_likelihood", logLikelihood);
    m.put("log_prior", logPrior);
    m.put("rows", rows);
    m.put("weight_sum", weight);
    m.put("dropped_rows", dropped);
    m.put("iterations", iterations);
    m.put("passes", passes);
    m.put("converged", converged);
    m.put("kkt_norm", kkt);
    m.put("method", method);
    m.put("standardized", standardized);
    m.put("message", message);
    try {
      Path p = new Path(dir, "model.json");
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(p, true)) {
        out.write(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(m).getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write model to " + dir, e);
    }
  }

  /** Reads a model written by {@link #save}. */
  @SuppressWarnings("unchecked")
  public static LogisticResult load(SparkSession spark, String dir) {
    Map<String, Object> m;
    try {
      Path p = new Path(dir, "model.json");
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        throw new BadInputException("model '" + dir + "': no model.json there");
      }
      try (InputStream in = fs.open(p)) {
        m = new ObjectMapper().readValue(in, Map.class);
      }
    } catch (IOException e) {
      throw new BadInputException("model '" + dir + "': cannot read model.json (" + e.getMessage() + ")", e);
    }
    if (!FORMAT.equals(m.get("format"))) {
      throw new BadInputException("model '" + dir + "': expected format " + FORMAT + " but got " + m.get("format"));
    }
    List<FeatureSpace.Column> cols = new ArrayList<>();
    int off = 0;
    for (Map<String, Object> c : (List<Map<String, Object>>) m.get("columns")) {
      int w = ((Number) c.get("width")).intValue();
      cols.add(new FeatureSpace.Column((String) c.get("name"), FeatureSpace.Kind.valueOf((String) c.get("kind")), off, w,
          List.copyOf((List<String>) c.get("levels")), (String) c.get("reference")));
      off += w;
    }
    FeatureSpace space = new FeatureSpace(cols, (List<String>) m.get("names"));
    double[][] cov = null;
    if (m.get("covariance") != null) {
      List<List<Object>> rows = (List<List<Object>>) m.get("covariance");
      cov = new double[rows.size()][];
      for (int i = 0; i < cov.length; i++) {
        cov[i] = fromList(rows.get(i));
      }
    }
    return new LogisticResult((String) m.get("label"), (String) m.get("positive"), space, fromList((List<Object>) m.get("beta")),
        fromList((List<Object>) m.get("std_errors")), cov, ((List<String>) m.get("priors")).toArray(new String[0]),
        num(m.get("objective")), num(m.get("log_likelihood")), num(m.get("log_prior")), ((Number) m.get("rows")).longValue(),
        num(m.get("weight_sum")), ((Number) m.get("dropped_rows")).longValue(), ((Number) m.get("iterations")).intValue(),
        ((Number) m.get("passes")).intValue(), (Boolean) m.get("converged"), num(m.get("kkt_norm")), (String) m.get("method"),
        (Boolean) m.get("standardized"), (String) m.get("message"));
  }

  /** JSON has no NaN: NaN is written as null, ±∞ as the strings "Infinity"/"-Infinity". */
  private static List<Object> toList(double[] a) {
    List<Object> l = new ArrayList<>();
    for (double v : a) {
      l.add(Double.isNaN(v) ? null : Double.isInfinite(v) ? (v > 0 ? "Infinity" : "-Infinity") : (Object) v);
    }
    return l;
  }

  private static double[] fromList(List<Object> l) {
    double[] a = new double[l.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = num(l.get(i));
    }
    return a;
  }

  private static double num(Object o) {
    if (o == null) {
      return Double.NaN;
    }
    if (o instanceof String) {
      return Double.parseDouble((String) o);
    }
    return ((Number) o).doubleValue();
  }
}
