package io.infospark.core.logistic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A path of prior scales (DESIGN.md §5.3): the same model fitted at each scale of a list, from the
 * strongest prior (smallest scale) to the weakest, each fit starting from the previous solution.
 *
 * <p>Laplace paths screen features with the sequential strong rule (Tibshirani et al. 2012): at
 * λ = 1/b, coming from λ' = 1/b', a coefficient at its prior mean whose gradient satisfies
 * |g_j| &lt; 2λ − λ' is left out of the fit (held at the mean: no row or column of the Hessian);
 * after the fit, the KKT condition |g_j| ≤ λ is checked for every left-out coefficient on the
 * gradient of the fit's last pass (which covers every coefficient), and violators are added and
 * the fit resumed. The result is the exact optimum at every scale; screening only saves work. The
 * Hessian of each pass also covers the coefficients the rule would keep at the next scale if the
 * gradients moved with unit slope in λ, so that the next scale's first Newton step, over its grown
 * strong set, is served from this fit's last pass without another.
 *
 * <p>The fits share an {@link EvalCache}: each starts at the previous fit's last pass, whose loss,
 * gradient and Hessian are known, so a scale's first Newton step costs no pass; for Gaussian and
 * flat priors, and for Laplace priors fitted in standardised units, the start is moved to the point
 * {@code predict} extrapolates from the last two fits.
 */
public final class PriorPath {
  private PriorPath() {}

  /**
   * The tolerance (KKT norm per unit weight) at which the fit-logistic job stops the points of a
   * path and of cross-validation when its own tolerance is tighter, as glmnet and scikit-learn stop
   * theirs early: 1000 × the default, still far below the differences between neighbouring scales
   * and the folds' held-out losses; each point reports its KKT norm. At this tolerance a point
   * whose first pass is within it costs that one pass (Newton's last step, which gains at most
   * 1e-8·|J| there, is taken without another). The fit at the chosen scale and the fits of the
   * evidence search keep the full tolerance.
   */
  public static final double PATH_TOLERANCE = 1e-6;

  /** Default number of scales of a path. */
  public static final int DEFAULT_COUNT = 20;
  /**
   * Span of the default grid, weakest / strongest scale: 10⁴ for Laplace (glmnet's λ_min/λ_max of
   * 10⁻⁴), 10³ for Gaussian and t priors (10⁶ in precision).
   */
  public static final double LAPLACE_SPAN = 1e4;
  public static final double SMOOTH_SPAN = 1e3;
  /**
   * The strongest Gaussian (or t) scale of the default grid moves no coefficient further than this
   * many log-odds per standard deviation of its feature from its prior mean (to first order).
   */
  public static final double STRONG_SHIFT = 0.01;

  /**
   * What a path varies: {@code priors} per coefficient (intercept first); where {@code follows[j]},
   * coefficient j gets {@code priors[j].withScale(s)} at scale s, the others keep theirs.
   */
  public record Spec(Prior[] priors, boolean[] follows, double[] scales, SolverOptions options) {
    public Prior[] at(double s) {
      Prior[] p = priors.clone();
      for (int j = 0; j < p.length; j++) {
        if (follows[j]) {
          p[j] = priors[j].withScale(s);
        }
      }
      return p;
    }

    /** Whether the scale is a Laplace one (screened). */
    boolean laplace() {
      for (int j = 0; j < priors.length; j++) {
        if (follows[j] && priors[j].hasL1()) {
          return true;
        }
      }
      return false;
    }

    public Spec withScales(double[] s) {
      return new Spec(priors, follows, s, options);
    }

    public Spec withOptions(SolverOptions o) {
      return new Spec(priors, follows, scales, o);
    }
  }

  /**
   * One fit of a path. {@code heldOutLoss} and {@code heldOutWeight} (Σwℓ and Σw of the held-out
   * fold, at the fit's last evaluated point) are NaN outside cross-validation; {@code logEvidence}
   * NaN unless every prior is Gaussian or flat.
   */
  public record Point(double scale, Solution solution, double heldOutLoss, double heldOutWeight, double logEvidence,
      double[] lastPass) {
    /** Without the point of the last pass (taken as the solution's). */
    public Point(double scale, Solution solution, double heldOutLoss, double heldOutWeight, double logEvidence) {
      this(scale, solution, heldOutLoss, heldOutWeight, logEvidence, solution.beta());
    }

    /**
     * Where a fit continuing from this one starts: the point of the fit's last pass (Newton's last,
     * tiny step is taken without one), whose loss, gradient and Hessian an {@link EvalCache} over
     * the same objective still holds.
     */
    public double[] warmStart() {
      return lastPass.clone();
    }
  }

  /** Where a cross-validation fit reads its held-out loss: {Σwℓ, Σw} at its last evaluated point. */
  public interface HeldOut {
    double[] last();
  }

  /**
   * The default grid: {@code count} scales geometrically from s₀ to s₀·span (span
   * {@link #LAPLACE_SPAN} or {@link #SMOOTH_SPAN}), ascending. For Laplace, s₀ = 1/max_j |g_j| with
   * g the data gradient where every path coefficient is at its prior mean and the intercept fits
   * the label mean: the smallest b at which all of them stay at their mean. For Gaussian and t
   * priors (which move every coefficient a little at any scale), s₀² = {@link #STRONG_SHIFT} /
   * max_j |g_j|·sd_j: the first-order shift β_j − μ_j ≈ −s₀² g_j is at most 0.01 log-odds per sd
   * of feature j. One pass.
   */
  public static double[] defaultScales(Objective objective, Spec spec, int count) {
    StartPoint.Candidates c = StartPoint.of(objective, spec.priors(), spec.options().moments());
    double[] at = c.priorMeans() != null ? c.priorMeans() : c.zero();
    double[] g = objective.evaluate(at, false).gradient();
    double[] sd = spec.options().scales();
    boolean laplace = spec.laplace();
    double top = 0;
    for (int j = 1; j < g.length; j++) {
      if (spec.follows()[j]) {
        double s = laplace || sd == null || !(sd[j] > 0) || !Double.isFinite(sd[j]) ? 1.0 : sd[j];
        top = Math.max(top, Math.abs(g[j]) * s);
      }
    }
    if (!(top > 0) || !Double.isFinite(top)) {
      top = 1.0; // every path feature's gradient is 0 there: any scale leaves it at its mean
    }
    double s0 = laplace ? 1.0 / top : Math.sqrt(STRONG_SHIFT / top);
    return geometric(s0, s0 * (laplace ? LAPLACE_SPAN : SMOOTH_SPAN), count);
  }

  /** {@code count} scales from {@code from} to {@code to}, geometrically spaced. */
  public static double[] geometric(double from, double to, int count) {
    double[] s = new double[count];
    for (int k = 0; k < count; k++) {
      s[k] = count == 1 ? from : from * Math.pow(to / from, (double) k / (count - 1));
    }
    return s;
  }

  /**
   * Fits every scale of {@code spec.scales()} (which must be ascending) in order, warm-starting
   * each fit from the previous one (the first from {@code start}, or the solver's own start when
   * null).
   */
  public static List<Point> fit(Objective objective, Spec spec, double[] start, HeldOut heldOut) {
    return fit(objective, spec, start, heldOut, null);
  }

  /** As {@link #fit(Objective, Spec, double[], HeldOut)}, calling {@code afterPoint} after each scale. */
  static List<Point> fit(Objective data, Spec spec, double[] start, HeldOut heldOut, Runnable afterPoint) {
    EvalCache objective = EvalCache.of(data);
    int p = objective.dimension();
    double[] scales = spec.scales();
    List<Point> out = new ArrayList<>();
    double[] beta = start == null ? null : start.clone();
    double[] previous = null;
    double[] gradient = null;
    boolean screen = spec.laplace();
    for (int t = 0; t < scales.length; t++) {
      Prior[] priors = spec.at(scales[t]);
      double[] from = beta;
      // Laplace paths predict only in centred, scaled units (the job's default): on raw features of
      // very different scales the predicted start can land where J is flat at rounding level while
      // the KKT norm is still above the tolerance (unstandardised penguins)
      if (beta != null && previous != null && (!screen || spec.options().standardize())) {
        double[] predicted = predict(objective, priors, previous, beta);
        beta = predicted != null ? predicted : beta;
      }
      int[] active = ActiveSet.all(p);
      int[] next = null;
      if (screen && beta != null && gradient != null) {
        double lambda = 1.0 / scales[t];
        double before = t == 0 ? lambda : 1.0 / scales[t - 1];
        active = strongSet(spec, priors, beta, gradient, 2 * lambda - before);
        if (t + 1 < scales.length) {
          // the next scale's strong set, if the gradients move with unit slope in λ as the rule
          // assumes: its threshold 2λ'' − λ on a gradient at most λ' − λ from this one
          next = minus(strongSet(spec, priors, beta, gradient, 2.0 / scales[t + 1] - before), active);
        }
      }
      Solution s = null;
      int passes = 0;
      int hits = objective.hits();
      while (true) {
        ActiveSet a = new ActiveSet(objective, active, beta == null ? new double[p] : beta, next);
        Prior[] restricted = a.restrict(priors);
        Solution r = LogisticSolver.minimize(a, restricted, beta == null ? null : a.restrict(beta),
            pointOptions(a.options(spec.options()), restricted));
        passes += r.passes();
        s = a.expand(r);
        beta = s.beta();
        gradient = a.lastGradient();
        if (!screen || active.length == p) {
          break;
        }
        int[] violators = violations(spec, priors, beta, gradient, active, spec.options().tolerance() * Math.max(1.0, s.weight()));
        if (violators.length == 0) {
          break;
        }
        Problem.LOG.info("path scale {}: {} screened coefficient(s) violate the KKT condition; refitting with them",
            scales[t], violators.length);
        active = union(active, violators);
      }
      // the passes made: the first evaluation of a warm-started fit is usually served from the cache
      s = withPasses(s, passes - (objective.hits() - hits));
      double[] held = heldOut == null ? new double[] {Double.NaN, Double.NaN} : heldOut.last();
      double[] last = objective.lastPoint();
      out.add(new Point(scales[t], s, held[0], held[1], Evidence.logEvidence(s, priors), last == null ? s.beta() : last));
      previous = from;
      beta = last == null ? beta : last;
      if (afterPoint != null) {
        afterPoint.run();
      }
    }
    return out;
  }

  /**
   * A path point's solver options: standard errors only where the solver already has the Hessian
   * (Newton sizes). Above them the covariance would cost a Hessian pass per point (p²/2
   * multiply-adds per row, minutes at 1,000 features and a million rows) for numbers the path does
   * not report; the fit at the chosen scale computes its own.
   */
  static SolverOptions pointOptions(SolverOptions o, Prior[] priors) {
    return newton(o, priors) ? o : o.withStandardErrors(false);
  }

  /** Whether the solver fits these priors by (proximal) Newton, whose every pass has the Hessian. */
  public static boolean newton(SolverOptions o, Prior[] priors) {
    Method m = LogisticSolver.choose(o.method(), priors.length, priors, o.newtonMaxDimension());
    return m == Method.NEWTON || m == Method.PROXIMAL_NEWTON;
  }

  /**
   * The next point of a smooth path, predicted on the driver from the last two fits' last passes
   * (a = the one before, b = the last, both still in the cache): the data gradient is modelled to
   * third order along the path, g(b + δ) ≈ g_b + (H_b + ½ s ΔH) δ with ΔH = H_b − H_a and
   * s = u·δ / u·u (u = b − a: the Hessian taken to vary linearly along the path's last step), and
   * g(b + δ) + ∇prior(b + δ) = 0 solved for δ by a few fixed-point steps. Better than the plain
   * Newton step from b, which takes H constant; the fit from there is the usual one (the
   * prediction only moves its start). With Laplace priors the same on the coefficients away from
   * their mean at b, their sign kept (the L1 term's gradient λ·sign constant; one that would cross
   * its mean stops there), the others held at their mean: the fit lets coefficients enter. null
   * (start from b) when a prior is not convex, a pass is not cached with its Hessian over the
   * coefficients that move, or the model gives nothing sensible.
   */
  static double[] predict(EvalCache objective, Prior[] priors, double[] a, double[] b) {
    Eval gb = objective.peek(b, false);
    if (gb == null) {
      return null;
    }
    int[] free = new int[b.length];
    double[] sign = new double[b.length];
    int n = 0;
    for (int j = 0; j < priors.length; j++) {
      Prior q = priors[j];
      if (!q.isConvex()) {
        return null;
      }
      double g = gb.gradient()[j] + q.smoothGradient(b[j]);
      if (!q.hasL1() || b[j] != q.mean()) {
        sign[n] = Math.signum(b[j] - q.mean());
        free[n++] = j;
      } else if (Math.abs(g) > q.l1Weight()) {
        sign[n] = -Math.signum(g); // enters at this scale, on the side its gradient points to
        free[n++] = j;
      }
    }
    int[] columns = n == b.length ? null : Arrays.copyOf(free, n);
    Eval ea = objective.peek(a, true, columns);
    Eval eb = objective.peek(b, true, columns);
    if (ea == null || eb == null || n == 0 || free[0] != 0) {
      return null;
    }
    int p = n;
    double[] u = new double[p];
    double uu = 0;
    for (int j = 0; j < p; j++) {
      u[j] = b[free[j]] - a[free[j]];
      uu += u[j] * u[j];
    }
    if (!(uu > 0)) {
      return null;
    }
    double[][] hb = DenseMatrix.unpack(eb.hessian(), p);
    double[][] dh = DenseMatrix.unpack(ea.hessian(), p);
    double[] rhs = new double[p];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < p; j++) {
        dh[i][j] = hb[i][j] - dh[i][j];
      }
      Prior q = priors[free[i]];
      double bi = b[free[i]];
      rhs[i] = -(eb.gradient()[free[i]] + q.smoothGradient(bi) + (q.hasL1() ? q.l1Weight() * sign[i] : 0));
    }
    double[] delta = null;
    double newton = Double.NaN;
    for (int k = 0; k < 20; k++) {
      double s = 0;
      if (delta != null) {
        for (int j = 0; j < p; j++) {
          s += u[j] * delta[j];
        }
        s /= uu;
      }
      double[][] m = new double[p][p];
      for (int i = 0; i < p; i++) {
        for (int j = 0; j < p; j++) {
          m[i][j] = hb[i][j] + 0.5 * s * dh[i][j];
        }
        m[i][i] += priors[free[i]].smoothCurvature(b[free[i]]);
      }
      double[][] l = DenseMatrix.cholesky(m);
      if (l == null) {
        return null;
      }
      double[] next = DenseMatrix.solve(l, rhs);
      double change = delta == null ? Double.POSITIVE_INFINITY : 0;
      double size = 0;
      for (int j = 0; j < p; j++) {
        if (!Double.isFinite(next[j])) {
          return null;
        }
        if (delta != null) {
          change = Math.max(change, Math.abs(next[j] - delta[j]));
        }
        size = Math.max(size, Math.abs(next[j]));
      }
      if (delta == null) {
        newton = size;
      }
      delta = next;
      if (change <= 1e-12 * Math.max(size, 1e-300)) {
        break;
      }
    }
    double size = 0;
    for (double v : delta) {
      size = Math.max(size, Math.abs(v));
    }
    if (!(size <= 2 * newton)) {
      return null; // the extrapolation is not to be trusted this far from the Newton step
    }
    double[] w = b.clone();
    for (int i = 0; i < p; i++) {
      int j = free[i];
      w[j] = b[j] + delta[i];
      Prior q = priors[j];
      if (q.hasL1() && Math.signum(w[j] - q.mean()) != sign[i]) {
        w[j] = q.mean();
      }
    }
    return w;
  }

  /** Coefficients kept by the strong rule: all but path coefficients at their mean with |g_j| < threshold. */
  private static int[] strongSet(Spec spec, Prior[] priors, double[] beta, double[] g, double threshold) {
    int[] keep = new int[beta.length];
    int n = 0;
    for (int j = 0; j < beta.length; j++) {
      boolean drop = j > 0 && spec.follows()[j] && beta[j] == priors[j].mean() && Math.abs(g[j]) < threshold;
      if (!drop) {
        keep[n++] = j;
      }
    }
    return Arrays.copyOf(keep, n);
  }

  /** Left-out coefficients whose gradient exceeds their λ (plus the KKT tolerance). */
  private static int[] violations(Spec spec, Prior[] priors, double[] beta, double[] g, int[] active, double tol) {
    boolean[] in = new boolean[beta.length];
    for (int j : active) {
      in[j] = true;
    }
    int[] v = new int[beta.length];
    int n = 0;
    for (int j = 1; j < beta.length; j++) {
      if (!in[j] && Math.abs(g[j] + priors[j].smoothGradient(beta[j])) > priors[j].l1Weight() + tol) {
        v[n++] = j;
      }
    }
    return Arrays.copyOf(v, n);
  }

  /** The elements of a (ascending) not in b (ascending). */
  private static int[] minus(int[] a, int[] b) {
    return Arrays.stream(a).filter(j -> Arrays.binarySearch(b, j) < 0).toArray();
  }

  private static int[] union(int[] a, int[] b) {
    int[] u = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, u, a.length, b.length);
    Arrays.sort(u);
    return u;
  }

  private static Solution withPasses(Solution s, int passes) {
    return new Solution(s.beta(), s.loss(), s.penalty(), s.objective(), s.weight(), s.rows(), s.iterations(), passes,
        s.converged(), s.kkt(), s.method(), s.stdErrors(), s.covariance(), s.message(), s.objectiveTrace());
  }
}
