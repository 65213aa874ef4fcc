package io.infospark.core.logistic;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * J = L(β) + Σ_j penalty_j(β_j): the data objective plus the priors, added on the driver. Counts
 * passes over the data. The smooth part (loss + Gaussian terms) and the L1 part are kept apart for
 * the proximal methods.
 */
final class Problem {
  static final Logger LOG = LoggerFactory.getLogger("io.infospark.logistic");
  final Objective objective;
  final Prior[] priors;
  final int p;
  final double[] l1;
  final double[] mean;
  final boolean anyL1;
  /** Some feature coefficient has a flat prior, so MLE may diverge (separation). */
  final boolean canDiverge;
  final SolverOptions options;
  int passes;
  double weight = Double.NaN;
  long rows;
  double saturated;

  Problem(Objective objective, Prior[] priors, SolverOptions options) {
    this.objective = objective;
    this.priors = priors;
    this.p = objective.dimension();
    this.options = options;
    if (priors.length != p) {
      throw new IllegalArgumentException("need " + p + " priors (intercept first), got " + priors.length);
    }
    l1 = new double[p];
    mean = new double[p];
    boolean a = false;
    boolean d = false;
    for (int j = 0; j < p; j++) {
      l1[j] = priors[j].l1Weight();
      mean[j] = priors[j].mean();
      a |= l1[j] > 0;
      d |= j > 0 && priors[j].isFlat();
    }
    anyL1 = a;
    canDiverge = d;
  }

  Eval eval(double[] beta, boolean hessian) {
    passes++;
    Eval e = objective.evaluate(beta, hessian);
    if (Double.isNaN(weight)) {
      weight = e.weight();
      rows = e.rows();
    }
    saturated = e.saturatedWeight();
    return e;
  }

  double[] lossAt(double[] beta, double[] dir, double[] steps) {
    passes++;
    return objective.lossAt(beta, dir, steps);
  }

  /** The KKT threshold: tolerance × max(1, Σw). */
  double threshold() {
    return options.tolerance() * Math.max(1.0, weight);
  }

  double smoothPenalty(double[] beta) {
    double s = 0;
    for (int j = 0; j < p; j++) {
      s += priors[j].smoothValue(beta[j]);
    }
    return s;
  }

  double l1Penalty(double[] beta) {
    double s = 0;
    for (int j = 0; j < p; j++) {
      if (l1[j] > 0) {
        s += l1[j] * Math.abs(beta[j] - mean[j]);
      }
    }
    return s;
  }

  double penalty(double[] beta) {
    return smoothPenalty(beta) + l1Penalty(beta);
  }

  /** J at β from the data loss there. */
  double value(double loss, double[] beta) {
    return loss + penalty(beta);
  }

  /** Gradient of the smooth part: data gradient + Gaussian terms. */
  double[] smoothGradient(Eval e, double[] beta) {
    double[] g = e.gradient().clone();
    for (int j = 0; j < p; j++) {
      g[j] += priors[j].smoothGradient(beta[j]);
    }
    return g;
  }

  /** Hessian of the smooth part at β as a full matrix: data Hessian + the priors' curvature on the diagonal. */
  double[][] smoothHessian(Eval e, double[] beta) {
    double[][] h = DenseMatrix.unpack(e.hessian(), p);
    for (int j = 0; j < p; j++) {
      h[j][j] += priors[j].smoothCurvature(beta[j]);
    }
    return h;
  }

  /**
   * The minimum-norm subgradient of J (Andrew &amp; Gao's pseudo-gradient): at a kink β_j = μ_j it
   * is the part of g_j that |g_j| exceeds λ_j by, with its sign; elsewhere g_j ± λ_j.
   */
  double[] pseudoGradient(double[] g, double[] beta) {
    double[] pg = g.clone();
    for (int j = 0; j < p; j++) {
      double lam = l1[j];
      if (lam > 0) {
        double d = beta[j] - mean[j];
        if (d > 0) {
          pg[j] = g[j] + lam;
        } else if (d < 0) {
          pg[j] = g[j] - lam;
        } else if (g[j] + lam < 0) {
          pg[j] = g[j] + lam;
        } else if (g[j] - lam > 0) {
          pg[j] = g[j] - lam;
        } else {
          pg[j] = 0.0;
        }
      }
    }
    return pg;
  }

  /** Coefficient names for messages. */
  String name(int j) {
    String[] n = options.names();
    return n != null && j < n.length ? n[j] : (j == 0 ? "(intercept)" : "x" + j);
  }

  double scale(int j) {
    double[] s = options.scales();
    return s != null && j < s.length && s[j] > 0 ? s[j] : 1.0;
  }

  /**
   * For a fit in standardised units γ: the same J in original units β = Tγ, and T. The separation
   * check works in original units, where a boundary such as "x1 = 0" is exact (in γ it carries the
   * rounding of the centre m₁ through the intercept).
   */
  private Problem original = this;
  private java.util.function.UnaryOperator<double[]> toOriginal = java.util.function.UnaryOperator.identity();

  void originalUnits(Problem inOriginalUnits, java.util.function.UnaryOperator<double[]> map) {
    this.original = inOriginalUnits;
    this.toOriginal = map;
  }

  Problem original() {
    return original;
  }

  double[] toOriginal(double[] direction) {
    return toOriginal.apply(direction);
  }

  /**
   * The sign test of candidate separating directions, given in original units (one pass): see
   * {@link SeparationCheck}.
   */
  SeparationCheck.Result separation(double[][] directions, double near) {
    passes++;
    return original.objective.separation(directions, near);
  }

  /** J at the start of each iteration (for the reports' objective-per-iteration chart). */
  private final java.util.List<Double> trace = new java.util.ArrayList<>();

  /** The objective per iteration, ending with {@code last} (the final J) when it was not logged. */
  double[] trace(double last) {
    int n = trace.size();
    boolean add = n == 0 || Double.compare(trace.get(n - 1), last) != 0;
    double[] t = new double[n + (add ? 1 : 0)];
    for (int i = 0; i < n; i++) {
      t[i] = trace.get(i);
    }
    if (add) {
      t[n] = last;
    }
    return t;
  }

  void log(String method, int it, double j, double kkt, double step) {
    trace.add(j);
    if (LOG.isDebugEnabled()) {
      LOG.debug(String.format(java.util.Locale.ROOT, "%s iteration %d: J = %.15g, KKT norm = %.3e, step = %.3g, passes = %d",
          method, it, j, kkt, step, passes));
    }
  }
}
