package io.infospark.core.logistic;

/**
 * Newton and proximal Newton. One pass per iteration when the full step is accepted (the trial
 * point's pass also yields the next gradient and Hessian); a rejected step costs one extra pass
 * that evaluates 20 halvings of the step at once, then one at the chosen point.
 *
 * <p>When no halving of the Newton step lowers J (far from the optimum, where most rows are
 * saturated and the Hessian is nearly singular, the Newton step can be absurdly long), the step is
 * recomputed with Levenberg–Marquardt damping, H + μS² (S the coefficients' scales, 1 in
 * standardised units), μ growing 100-fold per retry: the step turns towards the scaled steepest
 * descent and shortens, so a small enough one always lowers J unless J is flat at rounding level.
 * Each retry costs one pass (the full step and its halvings in one line search) and μ shrinks
 * again after each full step. A fit that finds no decrease even so stops, and is reported as
 * converged only when the KKT norm is within 1000× the tolerance or the Newton decrement
 * predicts a gain below 1e-12·|J| (J is then at its optimum up to rounding): never "no decrease"
 * taken for convergence otherwise.
 *
 * <p>Proximal Newton (the newGLMNET scheme): at β the smooth part (loss + Gaussian terms) is
 * replaced by its quadratic model, and min_w g·(w − β) + ½ (w − β)ᵀH(w − β) + Σ λ_j |w_j − μ_j|
 * is solved on the driver by cyclic coordinate descent with soft-thresholding, which lands exactly
 * on μ_j (exact zeros); the line search is on the full J.
 */
final class NewtonMethods {
  private NewtonMethods() {}

  private static final double ARMIJO = 1e-4;
  private static final int HALVINGS = 20;
  /**
   * Levenberg–Marquardt: the first damping relative to the largest scaled Hessian diagonal, its
   * growth per retry, and the number of retries (up to 1e10 × that diagonal: a gradient step).
   */
  private static final double DAMPING_START = 1e-4;
  private static final double DAMPING_GROWTH = 100;
  private static final int DAMPING_RETRIES = 8;
  /**
   * Consecutive full, parallel, non-shrinking steps that make us test for separation; after a test
   * that finds no separating direction, the next one waits twice as many such steps.
   */
  private static final int DIVERGING_STEPS = 5;

  /** An accepted step: its size along the direction, the point, and the pass there (with Hessian). */
  private record Step(double t, double[] point, Eval eval, double value) {}

  static Solution minimize(Problem pr, Method method, double[] start) {
    boolean prox = method == Method.PROXIMAL_NEWTON;
    String name = prox ? "proximal-newton" : "newton";
    int maxIt = pr.options.maxIterations() > 0 ? pr.options.maxIterations() : 100;
    double[] beta = start.clone();
    Eval e = pr.eval(beta, true);
    double f = pr.value(e.loss(), beta);
    double[] prevStep = null;
    int parallel = 0;
    int nextCheck = DIVERGING_STEPS;
    int it = 0;
    boolean converged = false;
    String message = "iteration limit " + maxIt + " reached";
    double kkt = Double.NaN;
    double lastStep = 0;
    double damping = 0; // μ of H + μS², relative to the largest scaled diagonal of H
    while (true) {
      if (!Double.isFinite(f)) {
        message = "J is not finite (" + f + ") at iteration " + it
            + ": a feature value or a prior too extreme for double precision";
        break;
      }
      double[] g = pr.smoothGradient(e, beta);
      double[][] h = pr.smoothHessian(e, beta);
      kkt = DenseMatrix.normInf(pr.pseudoGradient(g, beta));
      pr.log(name, it, f, kkt, lastStep);
      if (!finite(g, h)) {
        message = "the gradient or Hessian of J is not finite at iteration " + it
            + ": a feature value too large for double precision (x² overflows)";
        break;
      }
      double[] w = proposal(pr, prox, h, g, beta, damping);
      double[] d = difference(w, beta);
      // Δ: the decrease predicted by the model's linear + L1 part (−Newton decrement for Newton).
      double delta = DenseMatrix.dot(g, d) + pr.l1Penalty(w) - pr.l1Penalty(beta);
      if (kkt <= pr.threshold() && -delta <= lastStepGain(pr.options.tolerance()) * Math.abs(f)) {
        // Take the last (tiny) step without another pass: with quadratic convergence it brings β to
        // rounding level, while J, the gradient and the Hessian change by O(Δ), below the gain
        // allowed (the KKT norm reported is that of the last pass, within the tolerance).
        beta = w;
        converged = true;
        message = "KKT norm " + String.format("%.3e", kkt) + " <= " + String.format("%.3e", pr.threshold());
        break;
      }
      if (it >= maxIt) {
        break;
      }
      if (!(delta < 0)) {
        converged = kkt <= 1e3 * pr.threshold();
        message = "no descent direction at rounding level (KKT norm " + String.format("%.3e", kkt) + ")";
        break;
      }
      it++;
      Step step = fullOrHalved(pr, beta, f, w, d, delta);
      // No halving lowers J: damp the step (Levenberg–Marquardt) until one does.
      double newtonDelta = delta;
      for (int retry = 0; step == null && retry < DAMPING_RETRIES; retry++) {
        damping = damping == 0 ? DAMPING_START : damping * DAMPING_GROWTH;
        w = proposal(pr, prox, h, g, beta, damping);
        d = difference(w, beta);
        delta = DenseMatrix.dot(g, d) + pr.l1Penalty(w) - pr.l1Penalty(beta);
        if (!(delta < 0)) {
          continue;
        }
        Problem.LOG.info("{} iteration {}: no step along the Newton direction lowers J; damped (mu = {} x the largest"
            + " scaled curvature)", name, it, damping);
        step = halved(pr, beta, f, d, delta, 0);
      }
      if (step == null) {
        // −Δ/2 (half the Newton decrement) estimates J − J*: below J's rounding, J cannot be
        // lowered measurably any more.
        converged = kkt <= 1e3 * pr.threshold() || -newtonDelta / 2 <= 1e-12 * Math.max(1.0, Math.abs(f));
        message = (converged ? "converged at rounding level: " : "")
            + "no step lowers J, even damped (KKT norm " + String.format("%.3e", kkt) + ")";
        break;
      }
      double t = step.t();
      if (t == 1.0) {
        damping = damping <= DAMPING_START ? 0 : damping / DAMPING_GROWTH;
      }
      w = step.point();
      Eval et = step.eval();
      double ft = step.value();
      // Separation: on separated data each Newton step adds a constant to the margins along a
      // fixed direction (the loss there behaves like C·e^{−s}, whose Newton step is exactly 1).
      // That is only a suspicion: the row-by-row check decides (one pass).
      if (pr.canDiverge && t == 1.0 && prevStep != null && similar(prevStep, d)) {
        parallel++;
        if (parallel >= nextCheck) {
          SeparationException sep = SeparationCertificate.find(pr, String.format(java.util.Locale.ROOT,
              "found after %d Newton steps along the same direction", it), d, w);
          if (sep != null) {
            throw sep;
          }
          Problem.LOG.info("{} iteration {}: {} parallel unit steps, but no separating direction passed the row-by-row check",
              name, it, parallel);
          nextCheck *= 2;
        }
      } else {
        parallel = 0;
      }
      prevStep = d;
      lastStep = t;
      beta = w;
      e = et;
      f = ft;
    }
    if (pr.canDiverge && pr.saturated > 0 && prevStep != null) {
      SeparationException sep = SeparationCertificate.find(pr, "found after " + it
          + " Newton iterations, with fitted probabilities saturated at 0 or 1", prevStep, beta);
      if (sep != null) {
        throw sep;
      }
      if (diverges(pr, beta, f, prevStep)) {
        converged = false;
        message += "; J still falls along the last step and rows of weight " + String.format("%.6g", pr.saturated)
            + " have fitted probabilities within 2e-9 of 0 or 1: the MLE may not exist, but no separating direction"
            + " passed the row-by-row check";
      }
    }
    double[][] h = pr.smoothHessian(e, beta);
    double[][] cov = pr.options.standardErrors() ? LogisticSolver.covariance(pr, h, beta) : null;
    return new Solution(beta, e.loss(), pr.penalty(beta), f, pr.weight, pr.rows, it, pr.passes, converged, kkt,
        method, LogisticSolver.stdErrors(cov), cov, message, pr.trace(f));
  }

  /**
   * The largest gain −Δ (relative to |J|) of a last step taken without a pass: 1e-14 at the default
   * tolerance 1e-9, growing with the square of a looser one (a point whose KKT norm is at the
   * tolerance ε is O(ε²) from the optimum in J): 1e-8 at the path tolerance 1e-6, where the point of
   * a path or fold costs one pass, not two, when its first pass is within the tolerance.
   */
  static double lastStepGain(double tolerance) {
    double r = Math.max(1.0, tolerance / 1e-9);
    return 1e-14 * r * r;
  }

  /**
   * The full step (one pass, which also yields the next Hessian), else the first of 20 halvings
   * with Armijo's decrease, else the one that lowers J most (one pass for all, one at the point);
   * null when none lowers J.
   */
  private static Step fullOrHalved(Problem pr, double[] beta, double f, double[] w, double[] d, double delta) {
    Eval et = pr.eval(w, true);
    double ft = pr.value(et.loss(), w);
    if (ft <= f + ARMIJO * delta) {
      return new Step(1.0, w, et, ft);
    }
    return halved(pr, beta, f, d, delta, 1);
  }

  /** Steps 2^−first … 2^−(first + 19) along d in one pass; the point chosen is evaluated (one pass). */
  private static Step halved(Problem pr, double[] beta, double f, double[] d, double delta, int first) {
    double[] steps = new double[HALVINGS];
    for (int k = 0; k < HALVINGS; k++) {
      steps[k] = Math.scalb(1.0, -(k + first));
    }
    double[] losses = pr.lossAt(beta, d, steps);
    double t = 0;
    double best = f;
    for (int k = 0; k < HALVINGS; k++) {
      double fk = losses[k] + pr.penalty(axpy(beta, steps[k], d));
      if (fk <= f + ARMIJO * steps[k] * delta) {
        t = steps[k];
        break;
      }
      if (fk < best) {
        best = fk;
        t = steps[k];
      }
    }
    if (t == 0) {
      return null;
    }
    // J there was lower in the line-search pass; the value of this pass may differ by rounding
    double[] w = axpy(beta, t, d);
    Eval et = pr.eval(w, true);
    return new Step(t, w, et, pr.value(et.loss(), w));
  }

  /** The minimiser of the (damped) quadratic model at β: Newton, or coordinate descent with L1. */
  private static double[] proposal(Problem pr, boolean prox, double[][] h, double[] g, double[] beta, double damping) {
    double[][] hd = h;
    if (damping > 0) {
      double top = 0;
      for (int j = 0; j < pr.p; j++) {
        double s = pr.scale(j);
        top = Math.max(top, h[j][j] / (s * s));
      }
      double mu = damping * Math.max(top, Double.MIN_NORMAL);
      hd = new double[pr.p][];
      for (int j = 0; j < pr.p; j++) {
        hd[j] = h[j].clone();
        double s = pr.scale(j);
        hd[j][j] += mu * s * s;
      }
    }
    return prox ? coordinateDescent(pr, hd, g, beta) : newtonPoint(hd, g, beta);
  }

  private static boolean finite(double[] g, double[][] h) {
    for (int j = 0; j < g.length; j++) {
      if (!Double.isFinite(g[j])) {
        return false;
      }
      for (double v : h[j]) {
        if (!Double.isFinite(v)) {
          return false;
        }
      }
    }
    return true;
  }

  private static double[] difference(double[] w, double[] beta) {
    double[] d = new double[w.length];
    for (int j = 0; j < w.length; j++) {
      d[j] = w[j] - beta[j];
    }
    return d;
  }

  /** Both steps point the same way (cos ≥ 0.99) and the new one is at least half as long. */
  static boolean similar(double[] a, double[] b) {
    double na = DenseMatrix.norm2(a);
    double nb = DenseMatrix.norm2(b);
    return nb >= 0.5 * na && DenseMatrix.dot(a, b) >= 0.99 * na * nb;
  }

  /**
   * J keeps falling along d far beyond any finite optimum: J(β + 2^k d) non-increasing for
   * k = 0..10 and below J(β) (one pass). A finite optimum along the line would make J rise again.
   */
  static boolean diverges(Problem pr, double[] beta, double f, double[] direction) {
    // Keep only the components that carry the direction (|d_j|·s_j ≥ 1e-3 of the largest): the
    // finite coefficients' small corrections would otherwise make J rise again when magnified.
    double max = 0;
    for (int j = 0; j < pr.p; j++) {
      max = Math.max(max, Math.abs(direction[j]) * pr.scale(j));
    }
    double[] d = new double[pr.p];
    for (int j = 0; j < pr.p; j++) {
      d[j] = Math.abs(direction[j]) * pr.scale(j) >= 1e-3 * max ? direction[j] : 0.0;
    }
    double[] steps = new double[11];
    for (int k = 0; k < steps.length; k++) {
      steps[k] = Math.scalb(1.0, k);
    }
    double[] losses = pr.lossAt(beta, d, steps);
    double prev = f;
    for (int k = 0; k < steps.length; k++) {
      double fk = losses[k] + pr.penalty(axpy(beta, steps[k], d));
      if (!(fk <= prev)) {
        return false;
      }
      prev = fk;
    }
    return prev < f;
  }

  static double[] axpy(double[] beta, double t, double[] d) {
    double[] r = new double[beta.length];
    for (int j = 0; j < r.length; j++) {
      r[j] = d[j] == 0.0 ? beta[j] : beta[j] + t * d[j];
    }
    return r;
  }

  private static double[] newtonPoint(double[][] h, double[] g, double[] beta) {
    double[][] l = DenseMatrix.regularizedCholesky(h);
    double[] neg = new double[g.length];
    for (int j = 0; j < g.length; j++) {
      neg[j] = -g[j];
    }
    double[] d = DenseMatrix.solve(l, neg);
    double[] w = new double[g.length];
    for (int j = 0; j < g.length; j++) {
      w[j] = beta[j] + d[j];
    }
    return w;
  }

  /**
   * Cyclic coordinate descent on q(w) = g·(w − β) + ½ (w − β)ᵀH(w − β) + Σ λ_j |w_j − μ_j|.
   * Keeps r = H(w − β) up to date, so one coordinate update costs O(p). The L1 update is the
   * soft-threshold μ + S(z − μ, λ/H_jj), which returns μ exactly inside the dead zone.
   */
  static double[] coordinateDescent(Problem pr, double[][] h, double[] g, double[] beta) {
    int p = pr.p;
    double[] w = beta.clone();
    double[] r = new double[p];
    for (int sweep = 0; sweep < 2000; sweep++) {
      double maxChange = 0;
      for (int j = 0; j < p; j++) {
        double a = h[j][j];
        if (!(a > 0)) {
          continue;
        }
        double z = w[j] - (g[j] + r[j]) / a;
        double nw;
        if (pr.l1[j] > 0) {
          double u = z - pr.mean[j];
          double thr = pr.l1[j] / a;
          nw = u > thr ? pr.mean[j] + (u - thr) : u < -thr ? pr.mean[j] + (u + thr) : pr.mean[j];
        } else {
          nw = z;
        }
        double delta = nw - w[j];
        if (delta != 0.0) {
          w[j] = nw;
          double[] hj = h[j];
          for (int i = 0; i < p; i++) {
            r[i] += hj[i] * delta;
          }
          maxChange = Math.max(maxChange, Math.abs(delta) * Math.sqrt(a));
        }
      }
      if (maxChange <= 1e-15 * (1.0 + Math.sqrt(Math.max(1.0, pr.weight)))) {
        break;
      }
    }
    return w;
  }
}
