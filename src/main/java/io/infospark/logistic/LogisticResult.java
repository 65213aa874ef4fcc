package io.infospark.logistic;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.infospark.core.BadInputException;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
  /** J at the start of each iteration, ending with the final J (empty for a model saved without it). */
  double[] objectiveTrace = new double[0];
  /**
   * One sentence per constant feature or exact linear combination of features whose coefficient
   * the prior alone determines (empty when the data determine every coefficient).
   */
  List<String> determinedByPrior = List.of();
  /** ln Z by the Laplace approximation when every prior is Gaussian or flat (DESIGN.md §5.3), else NaN. */
  double logEvidence = Double.NaN;
  /** The chosen prior scale and how (evidence, cv-min, cv-1se), or NaN and null when given. */
  double selectedScale = Double.NaN;
  String selection;
  /** The path of scales, empty when none was fitted. */
  List<PathPoint> path = List.of();
  /** True when a prior is not log-concave (Student-t, Cauchy): the fit is a local mode of the posterior. */
  boolean localMode;

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

  /**
   * The constant features and exact linear combinations of features in this fit, each with why
   * its coefficient is determined by its prior alone (the data cannot tell it from the intercept
   * or from the other features): one sentence each; empty when the data determine every
   * coefficient.
   */
  public List<String> determinedByPrior() { return determinedByPrior; }

  /** ln Z, the Laplace-approximation log evidence (nats), when every prior is Gaussian or flat; else NaN. */
  public double logEvidence() { return logEvidence; }
  /** The prior scale chosen by the evidence or cross-validation; NaN when the scale was given. */
  public double selectedScale() { return selectedScale; }
  /** How the scale was chosen: {@code evidence}, {@code cv-min}, {@code cv-1se}, or null when given. */
  public String selection() { return selection; }
  /** The path of scales (ascending), each fit's summary; empty when no path was fitted. */
  public List<PathPoint> path() { return path; }
  /** True for a prior that is not log-concave (Student-t, Cauchy): the optimum found is a local mode. */
  public boolean localMode() { return localMode; }

  /** The objective J (nats) at the start of each iteration, ending with the final J; for reports. */
  public double[] objectiveTrace() { return objectiveTrace.clone(); }

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
    m.put("prior_determined", determinedByPrior);
    m.put("rows", rows);
    m.put("weight_sum", weight);
    m.put("dropped_rows", dropped);
    m.put("method", method);
    m.put("standardized", standardized);
    m.put("aic", aic());
    m.put("bic", bic());
    m.put("priors", priors());
    if (!Double.isNaN(logEvidence)) {
      m.put("log_evidence", logEvidence);
    }
    if (selection != null) {
      m.put("selected_scale", selectedScale);
      m.put("selection", selection);
    }
    if (localMode) {
      m.put("local_mode", true);
    }
    if (!path.isEmpty()) {
      List<Map<String, Object>> pts = new ArrayList<>();
      for (PathPoint q : path) {
        pts.add(q.toSummary(names()));
      }
      m.put("path", pts);
    }
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
          beta[j] / stdErrors[j], brief(priors[j])));
    }
    b.append(String.format(Locale.ROOT, "J = %.12g nats (log-likelihood %.12g, log-prior %.6g), mean log-loss %.6g%n",
        objective, logLikelihood, logPrior, meanLogLoss()));
    b.append(String.format(Locale.ROOT, "%s, %s after %d iterations and %d passes, KKT norm %.3e, %d non-zero%s%s",
        method, converged ? "converged" : "NOT converged (" + message + ")", iterations, passes, kkt, nonZero(),
        standardized ? ", fitted in standardised units" : "",
        aic() == null ? "" : String.format(Locale.ROOT, ", AIC %.8g, BIC %.8g", aic(), bic())));
    for (String note : determinedByPrior) {
      b.append(String.format(Locale.ROOT, "%nnote: %s", note));
    }
    return b.toString();
  }

  private static final java.util.regex.Pattern LONG_NUMBER =
      java.util.regex.Pattern.compile("-?\\d+\\.\\d{7,}(?:[eE]-?\\d+)?");

  /**
   * A prior's text for the table: its numbers to 6 significant digits (a scale chosen by the data
   * has all 17; the summary and the model keep them).
   */
  static String brief(String prior) {
    return LONG_NUMBER.matcher(prior).replaceAll(m -> {
      String g = String.format(Locale.ROOT, "%.6g", Double.parseDouble(m.group()));
      return g.contains("e") ? g.replaceFirst("\\.?0+e", "e") : g.contains(".") ? g.replaceFirst("\\.?0+$", "") : g;
    });
  }

  // ---------------------------------------------------------------- save / load

  /**
   * Writes {@code dir/model.json} (any Hadoop file system), replacing an earlier model there
   * atomically: the old one stays readable until the new one is whole ({@link ModelFiles}).
   */
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
    m.put("objective_trace", toList(objectiveTrace));
    m.put("prior_determined", determinedByPrior);
    m.put("log_evidence", Double.isNaN(logEvidence) ? null : logEvidence);
    m.put("selected_scale", Double.isNaN(selectedScale) ? null : selectedScale);
    m.put("selection", selection);
    m.put("local_mode", localMode);
    List<Map<String, Object>> pts = new ArrayList<>();
    for (PathPoint q : path) {
      pts.add(q.toSummary(names()));
    }
    m.put("path", pts);
    try {
      byte[] json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(m).getBytes(StandardCharsets.UTF_8);
      ModelFiles.writeFile(spark.sparkContext().hadoopConfiguration(), new Path(dir, MODEL_FILE), json);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write model to " + dir, e);
    }
  }

  static final String MODEL_FILE = "model.json";

  /**
   * Reads a model written by {@link #save}, checking that it is whole and consistent (every
   * field of the right type, one coefficient, standard error and prior per feature plus the
   * intercept, finite coefficients).
   *
   * @throws BadInputException naming the folder and what is wrong, in one line
   */
  public static LogisticResult load(SparkSession spark, String dir) {
    Map<String, Object> m;
    try {
      byte[] bytes = ModelFiles.readFile(spark.sparkContext().hadoopConfiguration(), new Path(dir, MODEL_FILE));
      if (bytes == null) {
        throw new BadInputException("model '" + dir + "': no " + MODEL_FILE + " there (expected a folder written by fit-logistic --model)");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> read = new ObjectMapper().readValue(bytes, Map.class);
      m = read;
    } catch (IOException e) {
      throw new BadInputException("model '" + dir + "': cannot read " + MODEL_FILE + " (" + firstLine(e) + ")", e);
    }
    try {
      return fromJson(new Fields(m));
    } catch (IllegalArgumentException e) {
      throw new BadInputException("model '" + dir + "': " + MODEL_FILE + " is not a valid model: " + e.getMessage(), e);
    }
  }

  private static LogisticResult fromJson(Fields f) {
    if (!FORMAT.equals(f.m.get("format"))) {
      throw new IllegalArgumentException("expected format " + FORMAT + " but got " + f.m.get("format"));
    }
    List<FeatureSpace.Column> cols = new ArrayList<>();
    int off = 0;
    List<Object> columns = f.list("columns", false);
    for (int k = 0; k < columns.size(); k++) {
      if (!(columns.get(k) instanceof Map<?, ?> c)) {
        throw new IllegalArgumentException("columns[" + k + "] is not an object");
      }
      @SuppressWarnings("unchecked")
      Fields cf = new Fields((Map<String, Object>) c, "columns[" + k + "].");
      FeatureSpace.Kind kind;
      try {
        kind = FeatureSpace.Kind.valueOf(cf.string("kind", false));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("columns[" + k + "].kind is " + c.get("kind") + "; expected one of "
            + java.util.Arrays.toString(FeatureSpace.Kind.values()));
      }
      int w = (int) cf.integer("width");
      List<String> levels = cf.strings("levels");
      String reference = cf.string("reference", true);
      int expected = kind == FeatureSpace.Kind.CATEGORICAL ? levels.size() : kind == FeatureSpace.Kind.VECTOR ? w : 1;
      if (w != expected || w < 0 || (kind == FeatureSpace.Kind.CATEGORICAL && reference == null)) {
        throw new IllegalArgumentException("columns[" + k + "] (" + kind + ") has width " + w + "; expected " + expected
            + (kind == FeatureSpace.Kind.CATEGORICAL ? " (its levels) and a reference level" : ""));
      }
      cols.add(new FeatureSpace.Column(cf.string("name", false), kind, off, w, List.copyOf(levels), reference));
      off += w;
    }
    List<String> names = f.strings("names");
    if (names.size() != off) {
      throw new IllegalArgumentException("'names' has " + names.size() + " entries but the columns have " + off + " features");
    }
    FeatureSpace space;
    try {
      space = new FeatureSpace(cols, names);
    } catch (BadInputException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    int p = names.size() + 1;
    double[] beta = f.numbers("beta", p);
    for (int j = 0; j < p; j++) {
      if (!Double.isFinite(beta[j])) {
        throw new IllegalArgumentException("'beta' has " + beta[j] + " at " + j + "; expected finite coefficients");
      }
    }
    double[] se = f.numbers("std_errors", p);
    double[][] cov = null;
    if (f.m.get("covariance") != null) {
      List<Object> rows = f.list("covariance", false);
      if (rows.size() != p) {
        throw new IllegalArgumentException("'covariance' has " + rows.size() + " rows; expected " + p);
      }
      cov = new double[p][];
      for (int i = 0; i < p; i++) {
        cov[i] = Fields.numbers(rows.get(i), "covariance[" + i + "]", p);
      }
    }
    List<String> priors = f.strings("priors");
    if (priors.size() != p) {
      throw new IllegalArgumentException("'priors' has " + priors.size() + " entries; expected " + p
          + " (the intercept and " + (p - 1) + " features)");
    }
    LogisticResult r = new LogisticResult(f.string("label", false), f.string("positive", true), space, beta, se, cov,
        priors.toArray(new String[0]), f.number("objective"), f.number("log_likelihood"), f.number("log_prior"),
        f.integer("rows"), f.number("weight_sum"), f.integer("dropped_rows"), (int) f.integer("iterations"),
        (int) f.integer("passes"), f.bool("converged"), f.number("kkt_norm"), f.string("method", false),
        f.bool("standardized"), f.string("message", true));
    if (f.m.get("objective_trace") != null) { // absent in models saved before it was recorded
      r.objectiveTrace = Fields.numbers(f.m.get("objective_trace"), "objective_trace", -1);
    }
    if (f.m.get("prior_determined") != null) {
      r.determinedByPrior = f.strings("prior_determined");
    }
    // absent in models saved before scales were chosen
    r.logEvidence = f.m.get("log_evidence") == null ? Double.NaN : f.number("log_evidence");
    r.selectedScale = f.m.get("selected_scale") == null ? Double.NaN : f.number("selected_scale");
    r.selection = f.string("selection", true);
    r.localMode = Boolean.TRUE.equals(f.m.get("local_mode"));
    if (f.m.get("path") != null) {
      List<PathPoint> pts = new ArrayList<>();
      for (Object o : f.list("path", false)) {
        if (!(o instanceof Map<?, ?> pm)) {
          throw new IllegalArgumentException("'path' holds " + o + "; expected objects");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) pm;
        pts.add(PathPoint.fromSummary(typed, names));
      }
      r.path = List.copyOf(pts);
    }
    return r;
  }

  /** Typed access to the fields of model.json; a wrong or missing field is an IllegalArgumentException naming it. */
  private static final class Fields {
    final Map<String, Object> m;
    final String prefix;

    Fields(Map<String, Object> m) {
      this(m, "");
    }

    Fields(Map<String, Object> m, String prefix) {
      this.m = m;
      this.prefix = prefix;
    }

    private IllegalArgumentException bad(String key, String expected) {
      Object v = m.get(key);
      return new IllegalArgumentException("'" + prefix + key + "' is " + (v == null ? "missing" : String.valueOf(v))
          + "; expected " + expected);
    }

    String string(String key, boolean nullable) {
      Object v = m.get(key);
      if (v instanceof String s) {
        return s;
      }
      if (v == null && nullable) {
        return null;
      }
      throw bad(key, "a string");
    }

    boolean bool(String key) {
      if (m.get(key) instanceof Boolean b) {
        return b;
      }
      throw bad(key, "true or false");
    }

    long integer(String key) {
      if (m.get(key) instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
        return n.longValue();
      }
      throw bad(key, "a whole number");
    }

    double number(String key) {
      Object v = m.get(key);
      if (!m.containsKey(key)) {
        throw bad(key, "a number");
      }
      return num(v, prefix + key);
    }

    @SuppressWarnings("unchecked")
    List<Object> list(String key, boolean nullable) {
      Object v = m.get(key);
      if (v instanceof List<?> l) {
        return (List<Object>) l;
      }
      if (v == null && nullable) {
        return null;
      }
      throw bad(key, "a list");
    }

    List<String> strings(String key) {
      List<String> out = new ArrayList<>();
      for (Object o : list(key, false)) {
        if (!(o instanceof String s)) {
          throw new IllegalArgumentException("'" + prefix + key + "' holds " + o + "; expected strings");
        }
        out.add(s);
      }
      return out;
    }

    double[] numbers(String key, int size) {
      if (!(m.get(key) instanceof List<?>)) {
        throw bad(key, size < 0 ? "a list of numbers" : "a list of " + size + " numbers");
      }
      return numbers(m.get(key), prefix + key, size);
    }

    /** A list of numbers (null = NaN, "Infinity"/"-Infinity"), of {@code size} entries unless size &lt; 0. */
    static double[] numbers(Object o, String what, int size) {
      if (!(o instanceof List<?> l)) {
        throw new IllegalArgumentException("'" + what + "' is not a list");
      }
      if (size >= 0 && l.size() != size) {
        throw new IllegalArgumentException("'" + what + "' has " + l.size() + " values; expected " + size
            + " (the intercept and " + (size - 1) + " features)");
      }
      double[] a = new double[l.size()];
      for (int i = 0; i < a.length; i++) {
        a[i] = num(l.get(i), what + "[" + i + "]");
      }
      return a;
    }
  }

  /** JSON has no NaN: NaN is written as null, ±∞ as the strings "Infinity"/"-Infinity". */
  private static List<Object> toList(double[] a) {
    List<Object> l = new ArrayList<>();
    for (double v : a) {
      l.add(Double.isNaN(v) ? null : Double.isInfinite(v) ? (v > 0 ? "Infinity" : "-Infinity") : (Object) v);
    }
    return l;
  }

  private static String firstLine(Exception e) {
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return msg.strip().lines().findFirst().orElse(msg).strip();
  }

  /** A number of the summary as read back from JSON: null is NaN, "Infinity"/"-Infinity" the infinities. */
  static double num(Object o, String what) {
    if (o == null) {
      return Double.NaN;
    }
    if (o instanceof Number n) {
      return n.doubleValue();
    }
    if ("Infinity".equals(o)) {
      return Double.POSITIVE_INFINITY;
    }
    if ("-Infinity".equals(o)) {
      return Double.NEGATIVE_INFINITY;
    }
    throw new IllegalArgumentException("'" + what + "' is " + o + "; expected a number");
  }
}
