package io.infospark.core.logistic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Empirical Bayes for a Gaussian prior scale: σ* = argmax ln Z(σ) ({@link Evidence}), by a 1-D
 * search on t = ln σ whose every step is a MAP fit warm-started from the nearest fit so far (a few
 * Newton passes; ln Z then costs nothing more: the Hessian is the one Newton already has).
 *
 * <ol>
 *   <li>MacKay's fixed point from a first fit (secant-accelerated): σ² ← Σ_j (β̂_j − μ_j)² / γ with γ = d − Σ_j
 *       Cov_jj/σ² (the effective number of parameters), which neglects how H moves with β̂;</li>
 *   <li>the maximiser of ln Z of the quadratic model of the data term at the current fit (its loss,
 *       gradient and Hessian at the fit's last pass, from the {@link EvalCache}): on the driver,
 *       then a fit there, until the step is below {@code MODEL_DONE} (usually one or two fits);</li>
 *   <li>then the exact ln Z is maximised by successive parabolas through t − w, t, t + w (w shrinking
 *       with the steps), to {@link #TOLERANCE} in t.</li>
 * </ol>
 */
public final class EvidenceSearch {
  private EvidenceSearch() {}

  /** Absolute tolerance on t = ln σ (1e-7 relative on σ). */
  public static final double TOLERANCE = 1e-7;
  private static final int MACKAY_STEPS = 8;
  private static final double MACKAY_DONE = 0.01;
  private static final double FIRST_WIDTH = 0.05;
  private static final double MIN_WIDTH = 1e-4;
  /** Driver-side steps on the quadratic model; the half-width in t they search; when a step is small enough. */
  private static final int MODEL_STEPS = 4;
  private static final double MODEL_RANGE = 2.5;
  private static final double MODEL_DONE = 0.02;

  /** The chosen point and every fit the search made (by scale: the evidence curve). */
  public record Result(PriorPath.Point best, List<PriorPath.Point> evaluated, int passes) {}

  /**
   * @param spec its {@code follows} coefficients get Gaussian priors of the searched scale (their
   *     priors must be Gaussian); {@code spec.scales()} is ignored
   * @param first the scale of the first fit
   */
  public static Result maximize(Objective objective, PriorPath.Spec spec, double first) {
    return maximize(objective, spec, first, List.of());
  }

  /**
   * As {@link #maximize(Objective, PriorPath.Spec, double)} with fits already made (a coarse
   * path): their best scale is the start, and they are part of the evidence curve. ln Z can have
   * several local maxima (on unscaled features, one at a tiny σ where every coefficient is
   * pinned near its mean); a coarse path over a wide range finds the region of the largest.
   */
  public static Result maximize(Objective objective, PriorPath.Spec spec, double first, List<PriorPath.Point> known) {
    Search s = new Search(objective, spec);
    s.points.addAll(known);
    // MacKay's fixed point t = M(t), accelerated by secant steps on M(t) − t
    double t = Math.log(first);
    int mackaySteps = known.isEmpty() ? MACKAY_STEPS : 0;
    double prevT = Double.NaN;
    double prevH = Double.NaN;
    for (int k = 0; k < mackaySteps; k++) {
      double m = mackay(s.at(t), spec);
      if (!Double.isFinite(m)) {
        break;
      }
      double h = m - t;
      double next = m;
      if (Double.isFinite(prevH) && h != prevH) {
        double secant = t - h * (t - prevT) / (h - prevH);
        if (Double.isFinite(secant) && Math.abs(secant - t) <= 4 * Math.abs(h) + 0.1) {
          next = secant;
        }
      }
      prevT = t;
      prevH = h;
      t = next;
      if (Math.abs(h) < MACKAY_DONE) {
        break;
      }
    }
    // the maximiser of ln Z of the quadratic model of the data at the current fit, on the driver,
    // then a fit there, until it stays put: this lands within a few hundredths in t of σ*
    boolean modelled = false;
    for (int k = 0; k < MODEL_STEPS; k++) {
      double next = s.modelArgmax(t, known.isEmpty() ? MODEL_RANGE : Math.max(MODEL_RANGE, spacing(known)));
      if (!Double.isFinite(next)) {
        break;
      }
      double moved = Math.abs(next - t);
      t = next;
      modelled = true;
      if (moved < MODEL_DONE) {
        break;
      }
    }
    // then the exact ln Z: vertices of parabolas through t − w, t, t + w, w shrinking with the step
    double w = modelled ? FIRST_WIDTH : known.isEmpty() ? FIRST_WIDTH : Math.max(FIRST_WIDTH, spacing(known) / 2);
    for (int k = 0; k < 40; k++) {
      double fm = s.value(t - w);
      double f0 = s.value(t);
      double fp = s.value(t + w);
      double curvature = fp - 2 * f0 + fm;
      double step;
      if (curvature > 0) {
        step = -w * (fp - fm) / (2 * curvature);
        step = Math.max(-4 * w, Math.min(4 * w, step));
      } else {
        step = (fp < fm ? 2 : -2) * w; // not convex here: move towards the lower side
      }
      double fBest = Math.min(f0, Math.min(fm, fp));
      t += step;
      if (Math.abs(step) <= TOLERANCE && w <= 1e-3) {
        break;
      }
      if (s.value(t) > fBest) {
        t = fBest == fm ? t - step - w : fBest == fp ? t - step + w : t - step;
      }
      w = Math.max(MIN_WIDTH, Math.min(w, 2 * Math.abs(step)));
    }
    List<PriorPath.Point> all = new ArrayList<>(s.points);
    all.sort(Comparator.comparingDouble(PriorPath.Point::scale));
    PriorPath.Point best = s.at(t);
    for (PriorPath.Point q : all) {
      if (q.logEvidence() > best.logEvidence()) {
        best = q;
      }
    }
    return new Result(best, all, s.passes);
  }

  /**
   * {@link #byModel} stops when the next step in t is below this (2e-6 relative in σ): each step is
   * a Hessian pass, and ln Z is flat to 1e-11 relative there.
   */
  private static final double MODEL_TOLERANCE = 2e-6;
  /** Most fits of {@link #byModel} after its first; the half-width in t of its later scans. */
  private static final int MODEL_FITS = 12;
  private static final double REFINE_RANGE = 2.5;
  /** The first step's largest change of t = ln σ (the trust region doubles after a gain, shrinks 4× after a loss). */
  private static final double FIRST_RADIUS = 1.0;
  /** Changes of t below this do not update the model's correction slope (rounding of ln Z). */
  private static final double SLOPE_STEP = 1e-6;
  /** Chord steps of one fit of {@link #byModel}; the KKT norm they aim at, per unit weight. */
  private static final int CHORD_STEPS = 30;
  private static final double CHORD_TOLERANCE = 1e-13;

  /**
   * σ* above the Newton size, where a Hessian pass costs p²/2 multiply-adds per row (hundreds of
   * gradient passes at 1,000 features) and a fit's passes carry only gradients: one Hessian pass
   * per fit, the search itself on the driver ({@link EvidenceModel}).
   *
   * <ol>
   *   <li>a fit at {@code first} (at the path tolerance, no standard errors) and one Hessian pass
   *       at its last point; the quadratic model's ln Z is maximised over [{@code low}, {@code high}];
   *   <li>a fit there: Newton steps with the model's Hessian (chord steps, one gradient pass each)
   *       from the model's mode, which converge fast while the Hessian barely moves, down to a KKT
   *       norm at rounding level (L-BFGS first when they do not converge), then one Hessian pass:
   *       the exact ln Z of §5.3 there, and the next model;
   *   <li>the next model's maximiser, corrected by the slope of what the model neglects (how H moves
   *       with the mode: the slope at t of the exact ln Z minus the model, by a parabola through
   *       the two nearest earlier fits), until t = ln σ moves by less than 2e-6: the last fit is
   *       then at σ*, and the final fit at that scale starts at its point without a pass.
   * </ol>
   */
  public static Result byModel(Objective objective, PriorPath.Spec spec, double first, double low, double high) {
    EvalCache cache = EvalCache.of(objective);
    int[] passes = {0};
    SolverOptions loose = spec.options().withStandardErrors(false)
        .withTolerance(Math.max(spec.options().tolerance(), PriorPath.PATH_TOLERANCE));
    int hits = cache.hits();
    Solution s0 = LogisticSolver.minimize(cache, spec.at(first), null, loose);
    passes[0] += s0.passes() - (cache.hits() - hits);
    double[] at = cache.lastPoint();
    EvidenceModel model = new EvidenceModel(spec, at, counted(cache, at, true, passes));
    double lo = Math.log(low);
    double hi = Math.log(high);
    double tPrev = Math.log(first);
    double fPrev = model.preciseLogEvidence(tPrev);
    double t = model.argmax(lo, hi, 60, 0.0, tPrev);
    if (!Double.isFinite(t)) {
      throw new IllegalStateException("the evidence model is not defined at the first fit (Hessian not positive definite)");
    }
    // a trust region in t around the best fit so far: the model is a local one
    double radius = FIRST_RADIUS;
    t = Math.max(tPrev - radius, Math.min(tPrev + radius, t));
    double bestT = tPrev;
    double bestF = fPrev;
    EvidenceModel bestModel = model;
    double bestSlope = 0;
    boolean done = false;
    double slope = 0;
    List<Double> ts = new ArrayList<>(List.of(tPrev));
    List<Double> fs = new ArrayList<>(List.of(fPrev));
    List<PriorPath.Point> points = new ArrayList<>();
    PriorPath.Point best = null;
    for (int k = 0; k < MODEL_FITS; k++) {
      double sigma = Math.exp(t);
      Prior[] priors = spec.at(sigma);
      int before = passes[0];
      double[] beta = chordFit(cache, model, t, priors, spec.options(), passes);
      Eval eh = counted(cache, beta, true, passes);
      EvidenceModel next = new EvidenceModel(spec, beta, eh);
      double f = next.preciseLogEvidence(t); // at its own expansion point, a mode: §5.3's ln Z
      Problem pr = new Problem(cache, priors, spec.options());
      double[] g = pr.smoothGradient(eh, beta);
      Solution s = new Solution(beta, eh.loss(), pr.penalty(beta), eh.loss() + pr.penalty(beta), eh.weight(), eh.rows(), 0,
          passes[0] - before, true, DenseMatrix.normInf(g), Method.LBFGS, null, null, "evidence search fit");
      PriorPath.Point q = new PriorPath.Point(sigma, s, Double.NaN, Double.NaN, f, beta);
      points.add(q);
      // d(u) = exact ln Z − model, 0 at t: its slope at t from the exact ln Z of the two nearest
      // earlier fits (a parabola through them and (t, 0)), or of one (a secant)
      double[] near = nearestTwo(ts, t);
      if (Double.isFinite(f) && near.length > 0) {
        double u1 = near[0] - t;
        double d1 = fs.get(ts.indexOf(near[0])) - next.preciseLogEvidence(near[0]);
        if (near.length == 2) {
          double u2 = near[1] - t;
          double d2 = fs.get(ts.indexOf(near[1])) - next.preciseLogEvidence(near[1]);
          // d = a u + b u²: a = (d1 u2² − d2 u1²) / (u1 u2 (u2 − u1))
          slope = (d1 * u2 * u2 - d2 * u1 * u1) / (u1 * u2 * (u2 - u1));
        }
        if (near.length < 2 || !Double.isFinite(slope)) {
          slope = d1 / u1;
        }
      }
      ts.add(t);
      fs.add(f);
      if (best == null || f >= bestF) {
        best = q;
        bestT = t;
        bestF = f;
        bestModel = next;
        bestSlope = slope;
        radius = Math.min(2 * radius, REFINE_RANGE);
      } else {
        radius /= 4; // ln Z fell: the model was wrong that far from the best fit
      }
      double tNext = bestModel.argmax(Math.max(lo, bestT - radius), Math.min(hi, bestT + radius), 50, bestSlope, bestT);
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

  /** The (up to) two of {@code ts} nearest t but further than {@link #SLOPE_STEP} from it, nearest first. */
  private static double[] nearestTwo(List<Double> ts, double t) {
    return ts.stream().filter(u -> Math.abs(u - t) > SLOPE_STEP).distinct().sorted(Comparator.comparingDouble(u -> Math.abs(u - t)))
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

  /** The largest gap in ln σ between neighbouring known fits. */
  private static double spacing(List<PriorPath.Point> known) {
    double gap = 0;
    for (int k = 1; k < known.size(); k++) {
      gap = Math.max(gap, Math.abs(Math.log(known.get(k).scale() / known.get(k - 1).scale())));
    }
    return gap;
  }

  /**
   * A coarse path for the search: {@code count} scales from {@code scales[0]} over a span of 10⁴
   * (warm-started), continued by the same factor while ln Z still rises at the weak end. Its best
   * point starts {@link #maximize(Objective, PriorPath.Spec, double, List)}.
   */
  public static List<PriorPath.Point> coarse(Objective objective, PriorPath.Spec spec, double strongest, int count) {
    double[] grid = PriorPath.geometric(strongest, strongest * COARSE_SPAN, count);
    EvalCache cached = EvalCache.of(objective);
    List<PriorPath.Point> pts = new ArrayList<>(PriorPath.fit(cached, spec.withScales(grid), null, null));
    double factor = grid[1] / grid[0];
    for (int k = 0; k < 20; k++) {
      PriorPath.Point last = pts.get(pts.size() - 1);
      PriorPath.Point before = pts.get(pts.size() - 2);
      if (!(last.logEvidence() > before.logEvidence())) {
        break;
      }
      pts.add(PriorPath.fit(cached, spec.withScales(new double[] {last.scale() * factor}), last.warmStart(), null).get(0));
    }
    return pts;
  }

  /** Span of {@link #coarse}: weakest / strongest scale. */
  public static final double COARSE_SPAN = 1e4;

  /** MacKay's update of ln σ from a fit: ½ ln(Σ (β̂ − μ)² / γ). */
  static double mackay(PriorPath.Point p, PriorPath.Spec spec) {
    double sigma2 = p.scale() * p.scale();
    double ss = 0;
    double gamma = 0;
    double[][] cov = p.solution().covariance();
    if (cov == null) {
      return Double.NaN;
    }
    for (int j = 0; j < spec.follows().length; j++) {
      if (spec.follows()[j]) {
        double u = p.solution().beta()[j] - spec.priors()[j].mean();
        ss += u * u;
        gamma += 1 - cov[j][j] / sigma2;
      }
    }
    return gamma > 0 && ss > 0 ? 0.5 * Math.log(ss / gamma) : Double.NaN;
  }

  /** Fits at t = ln σ, warm-started from the nearest fit so far, memoised. */
  private static final class Search {
    final EvalCache objective;
    final PriorPath.Spec spec;
    final List<PriorPath.Point> points = new ArrayList<>();
    int passes;

    Search(Objective objective, PriorPath.Spec spec) {
      this.objective = EvalCache.of(objective);
      this.spec = spec;
    }

    PriorPath.Point at(double t) {
      double sigma = Math.exp(t);
      PriorPath.Point near = null;
      for (PriorPath.Point q : points) {
        if (q.scale() == sigma) {
          return q;
        }
        if (near == null || Math.abs(Math.log(q.scale()) - t) < Math.abs(Math.log(near.scale()) - t)) {
          near = q;
        }
      }
      List<PriorPath.Point> one = PriorPath.fit(objective, spec.withScales(new double[] {sigma}),
          near == null ? null : near.warmStart(), null);
      PriorPath.Point q = one.get(0);
      passes += q.solution().passes();
      if (q.solution().passes() == 0 && near != null) {
        // converged at the warm start without a pass at the final point: the Hessian (ln det H) is
        // the start's, first-order off; one pass at the optimum puts it there
        q = PriorPath.fit(objective, spec.withScales(new double[] {sigma}), q.solution().beta(), null).get(0);
        passes += q.solution().passes();
      }
      points.add(q);
      return q;
    }

    /**
     * The maximiser over [t − range, t + range] of ln Z of the model in which the data term is its
     * second-order expansion at the last pass of the fit at t (L + g·δ + ½ δᵀHδ, from the cache:
     * no pass when it is still held): for each σ the model's mode solves (H + C)β = Hβₑ − g + Cμ
     * (C the priors' precisions), and ln Z = −J − ½ ln det(H + C) + const, all on the driver. It
     * neglects how H moves with the mode, so it is a start for the exact search, not σ*. NaN when
     * the model is not defined (no Hessian, or not positive definite).
     */
    double modelArgmax(double t, double range) {
      PriorPath.Point q = at(t);
      int hits = objective.hits();
      double[] be = q.warmStart();
      Eval e = objective.evaluate(be, true);
      passes += 1 - (objective.hits() - hits);
      if (e.hessian() == null) {
        return Double.NaN;
      }
      int p = be.length;
      double[][] h = DenseMatrix.unpack(e.hessian(), p);
      double[] hb = new double[p]; // Hβₑ − g
      for (int i = 0; i < p; i++) {
        double v = -e.gradient()[i];
        for (int j = 0; j < p; j++) {
          v += h[i][j] * be[j];
        }
        hb[i] = v;
      }
      // a scan, then golden-section search around the best point of the scan
      int scan = 24;
      double best = Double.NaN;
      double fBest = Double.NEGATIVE_INFINITY;
      double step = 2 * range / scan;
      for (int k = 0; k <= scan; k++) {
        double u = t - range + k * step;
        double f = model(u, h, hb, be, e.loss(), e.gradient());
        if (f > fBest) {
          fBest = f;
          best = u;
        }
      }
      if (Double.isNaN(best)) {
        return Double.NaN;
      }
      double a = best - step;
      double b = best + step;
      double r = (Math.sqrt(5) - 1) / 2;
      double c = b - r * (b - a);
      double d = a + r * (b - a);
      double fc = model(c, h, hb, be, e.loss(), e.gradient());
      double fd = model(d, h, hb, be, e.loss(), e.gradient());
      while (b - a > 1e-9) {
        if (fc >= fd) {
          b = d;
          d = c;
          fd = fc;
          c = b - r * (b - a);
          fc = model(c, h, hb, be, e.loss(), e.gradient());
        } else {
          a = c;
          c = d;
          fc = fd;
          d = a + r * (b - a);
          fd = model(d, h, hb, be, e.loss(), e.gradient());
        }
      }
      return (a + b) / 2;
    }

    /** ln Z of the quadratic model at t = ln σ (−∞ where H + C is not positive definite). */
    private double model(double t, double[][] h, double[] hb, double[] be, double loss, double[] g) {
      Prior[] priors = spec.at(Math.exp(t));
      int p = be.length;
      double[] c = new double[p];
      double[] rhs = hb.clone();
      for (int j = 0; j < p; j++) {
        c[j] = priors[j].smoothCurvature();
        rhs[j] += c[j] * priors[j].mean();
      }
      DenseMatrix.Solved solved = DenseMatrix.scaledSolve(h, c, rhs);
      if (solved == null) {
        return Double.NEGATIVE_INFINITY;
      }
      double[] beta = solved.x();
      double logDet = solved.logDet();
      // J of the model at its mode: L + g·δ + ½ δᵀHδ + Σ (β − μ)²/(2σ²)
      double jm = loss;
      double z = 0.5 * p * Math.log(2 * Math.PI);
      for (int i = 0; i < p; i++) {
        double di = beta[i] - be[i];
        double hd = 0;
        for (int k = 0; k < p; k++) {
          hd += h[i][k] * (beta[k] - be[k]);
        }
        jm += g[i] * di + 0.5 * di * hd + priors[i].smoothValue(beta[i]);
        if (!priors[i].isFlat()) {
          double sd = priors[i].sd();
          z -= 0.5 * Math.log(2 * Math.PI * sd * sd);
        }
      }
      return -jm - 0.5 * logDet + z;
    }

    /** −ln Z (+∞ where it is undefined). */
    double value(double t) {
      double z = at(t).logEvidence();
      return Double.isNaN(z) ? Double.POSITIVE_INFINITY : -z;
    }
  }
}
