package io.infospark.logistic;

import io.infospark.core.BadInputException;
import io.infospark.core.logistic.Method;
import io.infospark.core.logistic.Prior;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a fit needs, with defaults in one place (setters return {@code this}):
 *
 * <ul>
 *   <li>{@code label} (required) and {@code positive}: the positive class as text; without it the
 *       label must be 0/1 (numbers) or boolean;</li>
 *   <li>{@code features}: numeric, boolean or string columns (one-hot), or {@code featuresVector}:
 *       one vector column (names from its ML attributes, else {@code col[j]});</li>
 *   <li>{@code weight}: a column of non-negative sample weights (default: 1 for every row);</li>
 *   <li>{@code prior} (default flat = MLE) for every feature coefficient, {@code prior(name, p)} for
 *       one, {@code interceptPrior} (default flat), {@link #priorsFrom} a previous fit's posterior;</li>
 *   <li>{@code na}: ERROR (default) or DROP rows with null/NaN/±∞;</li>
 *   <li>{@code standardize} (default true): optimise in centred, scaled units — an exact
 *       reparametrisation (priors stay on the original scale, J and the optimum are unchanged)
 *       that speeds up quasi-Newton and coordinate descent;</li>
 *   <li>{@code method} AUTO, {@code tolerance} 1e-9 (KKT norm per unit weight), {@code maxIterations}
 *       0 = auto, {@code newtonMaxFeatures} 300 (Newton up to this many features), standard errors
 *       on, {@code blockRows} 4096 rows per cached block, {@code aggregationDepth} 2,
 *       {@code warmStart} true (Newton fits of ≥ 200,000 rows start from a fit on a 1/16 block sample);</li>
 *   <li>choosing the scale ({@link #choose}: the given one, the evidence, or cross-validation with
 *       {@code folds} 5, {@code rule} MIN, {@code seed} 1) and {@link #path paths} of scales
 *       (default grid of {@code pathCount} 20).</li>
 * </ul>
 */
public final class LogisticOptions implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  // The defaults, defined once: the fields below, the Spark ML estimator's Params
  // (ml.BayesianLogisticRegression) and the fit-logistic job's keys all start from these.
  /** Rows with null, NaN or ±∞ in the label, a feature or the weight are an error. */
  public static final NaPolicy DEFAULT_NA = NaPolicy.ERROR;
  /** Optimise in standardised units (an exact reparametrisation). */
  public static final boolean DEFAULT_STANDARDIZE = true;
  /** KKT norm per unit weight at which a fit has converged. */
  public static final double DEFAULT_TOLERANCE = 1e-9;
  /** 0: the method's own limit. */
  public static final int DEFAULT_MAX_ITERATIONS = 0;
  /** Folds of cross-validation. */
  public static final int DEFAULT_FOLDS = 5;
  /** Cross-validation takes the scale of least held-out log-loss. */
  public static final ScaleChoice.Rule DEFAULT_RULE = ScaleChoice.Rule.MIN;
  /** Seed of the folds' hash. */
  public static final long DEFAULT_SEED = 1L;

  String label;
  String positive;
  List<String> features = new ArrayList<>();
  String featuresVector;
  List<String> vectorNames;
  String weight;
  Prior prior = Prior.flat();
  Map<String, Prior> priorByName = new LinkedHashMap<>();
  Prior interceptPrior = Prior.flat();
  NaPolicy na = DEFAULT_NA;
  boolean standardize = DEFAULT_STANDARDIZE;
  Method method = Method.AUTO;
  double tolerance = DEFAULT_TOLERANCE;
  int maxIterations = DEFAULT_MAX_ITERATIONS;
  int newtonMaxFeatures = 300;
  boolean standardErrors = true;
  int blockRows = 4096;
  int aggregationDepth = 2;
  boolean warmStart = true;
  ScaleChoice choice = ScaleChoice.GIVEN;
  /** Scales of a path (ascending); null = no path, empty = the default grid. */
  double[] path;
  int pathCount = io.infospark.core.logistic.PriorPath.DEFAULT_COUNT;
  int folds = DEFAULT_FOLDS;
  ScaleChoice.Rule rule = DEFAULT_RULE;
  long seed = DEFAULT_SEED;

  public static LogisticOptions label(String label) {
    LogisticOptions o = new LogisticOptions();
    o.label = label;
    return o;
  }

  public LogisticOptions positive(String value) {
    this.positive = value;
    return this;
  }

  public LogisticOptions features(String... cols) {
    return features(List.of(cols));
  }

  public LogisticOptions features(List<String> cols) {
    this.features = new ArrayList<>(cols);
    this.featuresVector = null;
    return this;
  }

  /** One vector column as the features; {@code names} may be null. */
  public LogisticOptions featuresVector(String col, List<String> names) {
    this.featuresVector = col;
    this.vectorNames = names;
    this.features = new ArrayList<>();
    return this;
  }

  public LogisticOptions weight(String col) {
    this.weight = col;
    return this;
  }

  /** The prior of every feature coefficient not named in {@link #prior(String, Prior)}. */
  public LogisticOptions prior(Prior p) {
    this.prior = p;
    return this;
  }

  /** The prior of one coefficient, by its name ({@code column} or {@code column=value}). */
  public LogisticOptions prior(String coefficient, Prior p) {
    priorByName.put(coefficient, p);
    return this;
  }

  public LogisticOptions interceptPrior(Prior p) {
    this.interceptPrior = p;
    return this;
  }

  /**
   * "Yesterday's posterior as today's prior": for every coefficient of {@code previous}, a Gaussian
   * centred at its estimate with its standard error as sd (the Laplace approximation's marginal);
   * the intercept too when {@code includeIntercept}. Coefficients without a finite positive
   * standard error (e.g. held at zero by an L1 prior) keep the default prior.
   */
  public LogisticOptions priorsFrom(LogisticResult previous, boolean includeIntercept) {
    List<String> n = previous.names();
    for (int j = 0; j < n.size(); j++) {
      double se = previous.stdErrorArray()[j + 1];
      if (se > 0 && Double.isFinite(se)) {
        priorByName.put(n.get(j), Prior.gaussian(previous.coefficientArray()[j + 1], se));
      }
    }
    double se0 = previous.stdErrorArray()[0];
    if (includeIntercept && se0 > 0 && Double.isFinite(se0)) {
      interceptPrior = Prior.gaussian(previous.intercept(), se0);
    }
    return this;
  }

  public LogisticOptions na(NaPolicy p) {
    this.na = p;
    return this;
  }

  public LogisticOptions standardize(boolean s) {
    this.standardize = s;
    return this;
  }

  public LogisticOptions method(Method m) {
    this.method = m;
    return this;
  }

  public LogisticOptions tolerance(double t) {
    if (!(t > 0)) {
      throw new BadInputException("tolerance must be > 0 but got " + t);
    }
    this.tolerance = t;
    return this;
  }

  public LogisticOptions maxIterations(int n) {
    if (n < 0) {
      throw new BadInputException("max iterations must be >= 0 but got " + n);
    }
    this.maxIterations = n;
    return this;
  }

  public LogisticOptions newtonMaxFeatures(int n) {
    this.newtonMaxFeatures = n;
    return this;
  }

  public LogisticOptions standardErrors(boolean s) {
    this.standardErrors = s;
    return this;
  }

  public LogisticOptions blockRows(int n) {
    if (n < 1) {
      throw new BadInputException("block rows must be >= 1 but got " + n);
    }
    this.blockRows = n;
    return this;
  }

  /**
   * Newton fits of ≥ 200,000 rows first run on a 1/16 sample of the blocks and start the full fit
   * from there (default true): same optimum, about half the full passes.
   */
  public LogisticOptions warmStart(boolean w) {
    this.warmStart = w;
    return this;
  }

  /**
   * How the scale of {@link #prior(Prior)} (the prior of every coefficient not named) is chosen:
   * GIVEN (default: the prior's own), EVIDENCE (Gaussian priors: σ* maximising the Laplace
   * evidence) or CROSS_VALIDATION over the path ({@link #path}, by default the default grid).
   */
  public LogisticOptions choose(ScaleChoice c) {
    this.choice = c;
    return this;
  }

  /**
   * Fits a path of scales of {@link #prior(Prior)} (ascending, each &gt; 0), each warm-started from
   * the previous; an empty list asks for the default grid ({@link #pathCount} scales from one where
   * every coefficient is at its prior mean to a weak one). The result keeps the path.
   */
  public LogisticOptions path(double... scales) {
    double[] s = scales.clone();
    for (double v : s) {
      ScaleChoice.checkScale(v, "path");
    }
    java.util.Arrays.sort(s);
    this.path = s;
    return this;
  }

  /** Number of scales of the default grid (default 20). */
  public LogisticOptions pathCount(int n) {
    if (n < 2) {
      throw new BadInputException("path count must be >= 2 but got " + n);
    }
    this.pathCount = n;
    return this;
  }

  /** Folds of cross-validation (default 5, at least 2 and at most the number of rows). */
  public LogisticOptions folds(int k) {
    if (k < 2) {
      throw new BadInputException("folds must be >= 2 but got " + k);
    }
    this.folds = k;
    return this;
  }

  /** The cross-validation rule (default MIN). */
  public LogisticOptions rule(ScaleChoice.Rule r) {
    this.rule = r;
    return this;
  }

  /** Seed of the fold assignment (default 1): see {@link io.infospark.core.logistic.Folds}. */
  public LogisticOptions seed(long s) {
    this.seed = s;
    return this;
  }

  public LogisticOptions aggregationDepth(int d) {
    this.aggregationDepth = Math.max(1, d);
    return this;
  }
}
