package io.infospark.core.logistic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Empirical Bayes for a Gaussian prior scale: σ* = argmax ln Z(σ) ({@link Evidence}), by a search
 * on t = ln σ driven by the quadratic model of the data term at the best fit so far
 * ({@link EvidenceModel}): each step maximises the model's ln Z on the driver and makes one fit
 * there, whose exact ln Z costs nothing beyond its last pass's Hessian. See {@link #byModel}.
 */
public final class EvidenceSearch {
  private EvidenceSearch() {}

  /** The chosen point and every fit the search made (by scale: the evidence curve). */
  public record Result(PriorPath.Point best, List<PriorPath.Point> evaluated, int passes) {}

  /**
   * {@link #byModel} stops when the next step in t is below this (2e-6 relative in σ): each step is
   * a Hessian pass, and ln Z is flat to 1e-11 relative there.
   */
  private static final double MODEL_TOLERANCE = 2e-6;
  /** Most fits of {@link #byModel} after its first; the half-width in t of its later scans. */
  private static final int MODEL_FITS = 12;
  private static final double REFINE_RANGE = 2.5;
  /**
   * The first step's largest change of t = ln σ (the trust region doubles after a gain and shrinks
   * to a quarter of the failed step after a loss).
   */
  private static final double FIRST_RADIUS = 1.0;
  /**
   * Fits closer than this in t do not count in the model's correction (a parabola through the two
   * nearest): the error of their ln Z divided by the distance (squared, for its curvature) would swamp
   * it. At the Newton size a fit's ln Z is taken at its last pass, first-order off the mode (~1e-9 at
   * the default tolerance); above it the chord steps go on to a KKT norm at rounding level.
   */
  private static final double NEWTON_SLOPE_STEP = 1e-4;
  private static final double CHORD_SLOPE_STEP = 1e-5;
  /** Fits further than this in t do not update it either: a parabola through them says little about the slope at t. */
  private static final double SLOPE_RANGE = 1.0;
  /** Chord steps of one fit of {@link #byModel}; the KKT norm they aim at, per unit weight. */
  private static final int CHORD_STEPS = 30;
  private static final double CHORD_TOLERANCE = 1e-13;

  /**
   * σ*: one pass carrying a Hessian per fit (above the Newton size, where a Hessian pass costs p²/2
   * multiply-adds per row, hundreds of gradient passes at 1,000 features, the fits' other passes
   * carry only gradients), the search itself on the driver ({@link EvidenceModel}).
   *
   * <ol>
   *   <li>a fit at {@code first} (at the path tolerance, no standard errors) and the Hessian at its
   *       last point; the quadratic model's ln Z is maximised over [{@code low}, {@code high}] (a
   *       scan, then golden sections around its best point: ln Z can have several local maxima);
   *   <li>a fit there, from the model's mode: at the Newton size by Newton to the full tolerance
   *       (usually one or two passes, the Hessian of the last one in the cache); above it by Newton
   *       steps with the model's Hessian (chord steps, one gradient pass each), which converge fast
   *       while the Hessian barely moves, down to a KKT norm at rounding level (L-BFGS first when
   *       they do not converge), then one Hessian pass. The exact ln Z of §5.3 there, and the next
   *       model;
   *   <li>the best model's maximiser, corrected by what the model neglects (how H moves with the
   *       mode: the exact ln Z minus the model, as a parabola through the two fits nearest the best
   *       one, refitted after every fit, with its slope and curvature), within a trust region around
   *       the best fit and twice the distance of those fits, until t = ln σ moves
   *       by less than 2e-6: the best fit is then at σ*, and the final fit at that scale starts at
   *       its last pass without one. At most 13 fits.
   * </ol>
   */
  public static Result byModel(Objective objective, PriorPath.Spec spec, double first, double low, double high) {
    EvalCache cache = EvalCache.of(objective);
    int[] passes = {0};
    boolean newton = PriorPath.newton(spec.options(), spec.at(first));
    SolverOptions loose = spec.options().withStandardErrors(false)
        .withTolerance(Math.max(spec.options().tolerance(), PriorPath.PATH_TOLERANCE));
    int hits = cache.hits();
    Solution s0 = LogisticSolver.minimize(cache, spec.at(first), null, loose);
    passes[0] += s0.passes() - (cache.hits() - hits);
    double[] at = cache.lastPoint();
    EvidenceModel model = new EvidenceModel(spec, at, counted(cache, at, true, passes), newton);
    double lo = Math.log(low);
    double hi = Math.log(high);
    double tPrev = Math.log(first);
    double fPrev = model.checkedLogEvidence(tPrev);
    double t = model.argmax(lo, hi, 60, 0.0, 0.0, tPrev);
    if (!Double.isFinite(t)) {
      throw new IllegalStateException("the evidence model is not defined at the first fit (Hessian not positive definite)");
    }
    // a trust region in t around the best fit so far: the model is a local one
    double radius = FIRST_RADIUS;
    t = Math.max(tPrev - radius, Math.min(tPrev + radius, t));
    double bestT = tPrev;
    double bestF = fPrev;
    EvidenceModel bestModel = model;
    boolean done = false;
    List<Double> ts = new ArrayList<>(List.of(tPrev));
    List<Double> fs = new ArrayList<>(List.of(fPrev));
    List<PriorPath.Point> points = new ArrayList<>();
    PriorPath.Point best = null;
    for (int k = 0; k < MODEL_FITS; k++) {
      double sigma = Math.exp(t);
      Prior[] priors = spec.at(sigma);
      int before = passes[0];
      double[] beta = newton ? newtonFit(cache, model.mode(t), priors, spec.options(), passes)
          : chordFit(cache, model, t, priors, spec.options(), passes);
      Eval eh = counted(cache, beta, true, passes); // at the Newton size the fit's last pass: from the cache
      EvidenceModel next = new EvidenceModel(spec, beta, eh, newton);
      double f = next.checkedLogEvidence(t); // at its own expansion point, a mode: §5.3's ln Z
      Problem pr = new Problem(cache, priors, spec.options());
      double[] g = pr.smoothGradient(eh, beta);
      Solution s = new Solution(beta, eh.loss(), pr.penalty(beta), eh.loss() + pr.penalty(beta), eh.weight(), eh.rows(), 0,
          passes[0] - before, true, DenseMatrix.normInf(g), newton ? Method.NEWTON : Method.LBFGS, null, null, "evidence search fit");
      PriorPath.Point q = new PriorPath.Point(sigma, s, Double.NaN, Double.NaN, f, beta);
      points.add(q);
      ts.add(t);
      fs.add(f);
      if (best == null || f >= bestF) {
        best = q;
        bestT = t;
        bestF = f;
        bestModel = next;
        radius = Math.min(2 * radius, REFINE_RANGE);
      } else {
        radius = Math.abs(t - bestT) / 4; // ln Z fell: the model was wrong that far from the best fit
      }
      // the best model's correction through the fits nearest it, the one just made included (also
      // when ln Z fell there: that fit says most about where the model is wrong)
      double[] c = correction(bestModel, bestT, ts, fs, newton ? NEWTON_SLOPE_STEP : CHORD_SLOPE_STEP);
      // fitted through earlier fits: trusted to twice their distance, not beyond
      double r = Math.min(radius, 2 * c[2]);
      double tNext = bestModel.argmax(Math.max(lo, bestT - r), Math.min(hi, bestT + r), 50, c[0], c[1], bestT);
      Problem.LOG.info("evidence by model: fit at sigma {} (ln Z {}, {} passes), next {}", sigma, f, passes[0] - before,
          Math.exp(tNext));
      if (!Double.isFinite(tNext) || Math.abs(tNext - bestT) <= MODEL_TOLERANCE) {
        done = true;
        break;
      }
      t = tNext;
      model = bestModel; // the next fit starts at its mode, with its Hessian
    }
    if (!done) {
      Problem.LOG.warn("evidence search: stopped after {} fits with the step in ln sigma still {}; the best fit so far is taken",
          MODEL_FITS, Math.abs(t - bestT));
    }
    List<PriorPath.Point> all = new ArrayList<>(points);
    all.sort(Comparator.comparingDouble(PriorPath.Point::scale));
    return new Result(best, all, passes[0]);
  }

  /**
   * d(u) = exact ln Z(t + u) − model(t + u), 0 at u = 0: a u + b u² through the exact ln Z of the two
   * fits nearest t (or a u through one); {a, b, the larger distance}, {0, 0, ∞} without any.
   */
  private static double[] correction(EvidenceModel model, double t, List<Double> ts, List<Double> fs, double step) {
    List<Double> finite = new ArrayList<>();
    for (int k = 0; k < ts.size(); k++) {
      if (Double.isFinite(fs.get(k))) {
        finite.add(ts.get(k));
      }
    }
    double[] near = nearestTwo(finite, t, step);
    if (near.length == 0) {
      return new double[] {0, 0, Double.POSITIVE_INFINITY};
    }
    double u1 = near[0] - t;
    double d1 = fs.get(ts.indexOf(near[0])) - model.value(near[0]);
    if (near.length == 2) {
      double u2 = near[1] - t;
      double d2 = fs.get(ts.indexOf(near[1])) - model.value(near[1]);
      // a = (d1 u2² − d2 u1²) / (u1 u2 (u2 − u1)), b = (d2 u1 − d1 u2) / (u1 u2 (u2 − u1))
      double den = u1 * u2 * (u2 - u1);
      double a = (d1 * u2 * u2 - d2 * u1 * u1) / den;
      double b = (d2 * u1 - d1 * u2) / den;
      if (Double.isFinite(a) && Double.isFinite(b)) {
        return new double[] {a, b, Math.max(Math.abs(u1), Math.abs(u2))};
      }
    }
    double a = d1 / u1;
    return Double.isFinite(a) ? new double[] {a, 0, Math.abs(u1)} : new double[] {0, 0, Double.POSITIVE_INFINITY};
  }

  /** The (up to) two of {@code ts} nearest t, further than {@code step} and within {@link #SLOPE_RANGE}, nearest first. */
  private static double[] nearestTwo(List<Double> ts, double t, double step) {
    return ts.stream().filter(u -> Math.abs(u - t) > step && Math.abs(u - t) <= SLOPE_RANGE).distinct().sorted(Comparator.comparingDouble(u -> Math.abs(u - t)))
        .limit(2).mapToDouble(Double::doubleValue).toArray();
  }

  /** An evaluation through the cache, counting a pass when it is made. */
  private static Eval counted(EvalCache cache, double[] beta, boolean hessian, int[] passes) {
    int hits = cache.hits();
    Eval e = cache.evaluate(beta, hessian);
    passes[0] += 1 - (cache.hits() - hits);
    return e;
  }

  /**
   * The mode at t = ln σ by chord steps β ← β − (H_e + C)⁻¹∇J(β) from the model's mode, H_e the
   * model's Hessian: one gradient pass each, converging linearly at the rate at which H moves. When
   * a step does not halve the KKT norm, L-BFGS takes over to the full tolerance, and the chord steps
   * polish its result.
   */
  private static double[] chordFit(EvalCache cache, EvidenceModel model, double t, Prior[] priors, SolverOptions o,
      int[] passes) {
    double[] beta = model.mode(t);
    Problem pr = new Problem(cache, priors, o);
    boolean fellBack = false;
    double prevKkt = Double.POSITIVE_INFINITY;
    for (int k = 0; k < CHORD_STEPS; k++) {
      Eval e = counted(cache, beta, false, passes);
      double[] g = pr.smoothGradient(e, beta);
      double kkt = DenseMatrix.normInf(g);
      double target = CHORD_TOLERANCE * Math.max(1.0, e.weight());
      if (kkt <= target || (kkt > 0.5 * prevKkt && kkt <= o.tolerance() * Math.max(1.0, e.weight()))) {
        break; // at rounding level, or no longer shrinking within the tolerance
      }
      if (!(kkt <= 0.5 * prevKkt)) {
        if (fellBack) {
          break;
        }
        fellBack = true;
        int hits = cache.hits();
        Solution s = LogisticSolver.minimize(cache, priors, beta, o.withStandardErrors(false));
        passes[0] += s.passes() - (cache.hits() - hits);
        beta = s.beta();
        prevKkt = Double.POSITIVE_INFINITY;
        continue;
      }
      prevKkt = kkt;
      double[] minus = new double[g.length];
      for (int j = 0; j < g.length; j++) {
        minus[j] = -g[j];
      }
      double[] step = model.solve(minus, t);
      if (step == null) {
        break;
      }
      for (int j = 0; j < beta.length; j++) {
        beta[j] += step[j];
      }
    }
    return beta;
  }

  /**
   * The mode at the Newton size: Newton from the model's mode (every pass has the Hessian), to the
   * full tolerance; the point of its last pass, whose evaluation the cache holds (its ln Z is off
   * by ~1e-9 at the default tolerance: ln det H is taken there, first-order off the mode).
   */
  private static double[] newtonFit(EvalCache cache, double[] start, Prior[] priors, SolverOptions o, int[] passes) {
    int hits = cache.hits();
    Solution s = LogisticSolver.minimize(cache, priors, start, o.withStandardErrors(false));
    passes[0] += s.passes() - (cache.hits() - hits);
    return cache.lastPoint();
  }
}
