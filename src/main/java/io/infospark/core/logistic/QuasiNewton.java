package io.infospark.core.logistic;

/**
 * L-BFGS (smooth priors) and OWL-QN (Andrew &amp; Gao 2007, L1 parts): O(p·m) work on the driver
 * per iteration, one pass (loss + gradient) per accepted unit step. For L-BFGS a rejected step
 * costs one extra pass that evaluates 20 halvings at once; OWL-QN projects each trial point onto
 * the current orthant, so its backtracking evaluates one trial point per pass.
 */
final class QuasiNewton {
  private QuasiNewton() {}

  private static final double ARMIJO = 1e-4;
  private static final int HALVINGS = 20;
  /** Above this many coefficients the Hessian pass for standard errors (p²/2 per row) is skipped. */
  static final int MAX_STD_ERROR_DIMENSION = 1001;

  static Solution minimize(Problem pr, Method method, double[] start) {
    boolean owl = method == Method.OWLQN;
    String name = owl ? "owl-qn" : "l-bfgs";
    int p = pr.p;
    int maxIt = pr.options.maxIterations() > 0 ? pr.options.maxIterations() : 1000;
    int m = Math.max(1, pr.options.lbfgsMemory());
    double[][] sHist = new double[m][];
    double[][] yHist = new double[m][];
    double[] rho = new double[m];
    int stored = 0;
    int head = 0;

    double[] beta = start.clone();
    Eval e = pr.eval(beta, false);
    double f = pr.value(e.loss(), beta);
    double[] g = pr.smoothGradient(e, beta);
    int it = 0;
    int stalled = 0;
    boolean converged = false;
    String message = "iteration limit " + maxIt + " reached";
    double kkt;
    double lastStep = 0;
    double[] lastS = null;
    double[] d = null;
    double modelGain = Double.POSITIVE_INFINITY; // −g·d/2 of the last quasi-Newton direction that found no decrease
    while (true) {
      double[] pg = owl ? pr.pseudoGradient(g, beta) : g;
      kkt = DenseMatrix.normInf(pg);
      pr.log(name, it, f, kkt, lastStep);
      if (!Double.isFinite(f) || !Double.isFinite(kkt)) {
        message = "J or its gradient is not finite (J = " + f + ") at iteration " + it
            + ": a feature value or a prior too extreme for double precision";
        break;
      }
      // Two-loop recursion: d = −H_k · pg.
      double[] q = pg.clone();
      double[] alpha = new double[m];
      for (int k = 0; k < stored; k++) {
        int idx = Math.floorMod(head - 1 - k, m);
        alpha[idx] = rho[idx] * DenseMatrix.dot(sHist[idx], q);
        for (int j = 0; j < p; j++) {
          q[j] -= alpha[idx] * yHist[idx][j];
        }
      }
      double gamma;
      if (stored > 0) {
        int last = Math.floorMod(head - 1, m);
        gamma = DenseMatrix.dot(sHist[last], yHist[last]) / DenseMatrix.dot(yHist[last], yHist[last]);
      } else {
        gamma = 1.0 / Math.max(DenseMatrix.norm2(pg), 1e-300); // first step: unit length
      }
      for (int j = 0; j < p; j++) {
        q[j] *= gamma;
      }
      for (int k = stored - 1; k >= 0; k--) {
        int idx = Math.floorMod(head - 1 - k, m);
        double b = rho[idx] * DenseMatrix.dot(yHist[idx], q);
        for (int j = 0; j < p; j++) {
          q[j] += sHist[idx][j] * (alpha[idx] - b);
        }
      }
      d = new double[p];
      for (int j = 0; j < p; j++) {
        d[j] = -q[j];
        // OWL-QN: keep only components that agree in sign with the steepest descent −pg.
        if (owl && pr.l1[j] > 0 && d[j] * pg[j] >= 0) {
          d[j] = 0.0;
        }
      }
      if (kkt <= pr.threshold()) {
        converged = true;
        message = "KKT norm " + String.format("%.3e", kkt) + " <= " + String.format("%.3e", pr.threshold());
        break;
      }
      if (it >= maxIt) {
        break;
      }
      it++;
      double slope = DenseMatrix.dot(pg, d);
      if (!(slope < 0)) {
        // Not a descent direction: drop the memory and use steepest descent.
        stored = 0;
        for (int j = 0; j < p; j++) {
          d[j] = -pg[j] / Math.max(DenseMatrix.norm2(pg), 1e-300);
        }
        slope = DenseMatrix.dot(pg, d);
      }
      double[] orthant = null;
      if (owl) {
        orthant = new double[p];
        for (int j = 0; j < p; j++) {
          double s = Math.signum(beta[j] - pr.mean[j]);
          orthant[j] = s != 0 ? s : -Math.signum(pg[j]);
        }
      }
      double t = 1.0;
      double[] next = owl ? project(pr, beta, t, d, orthant) : NewtonMethods.axpy(beta, t, d);
      Eval en = pr.eval(next, false);
      double fn = pr.value(en.loss(), next);
      if (!armijo(f, fn, pg, beta, next)) {
        boolean found = false;
        if (!owl) {
          // halvings in one pass: the first with Armijo's decrease, else the one lowering J most
          double[] steps = new double[HALVINGS];
          for (int k = 0; k < HALVINGS; k++) {
            steps[k] = Math.scalb(1.0, -(k + 1));
          }
          double[] losses = pr.lossAt(beta, d, steps);
          double best = f;
          for (int k = 0; k < HALVINGS && !found; k++) {
            double[] x = NewtonMethods.axpy(beta, steps[k], d);
            double fk = losses[k] + pr.penalty(x);
            if (armijo(f, fk, pg, beta, x)) {
              t = steps[k];
              found = true;
            } else if (fk < best) {
              best = fk;
              t = steps[k];
            }
          }
          if (found || best < f) {
            // J there was lower in the line-search pass (this pass may differ by rounding)
            next = NewtonMethods.axpy(beta, t, d);
            en = pr.eval(next, false);
            fn = pr.value(en.loss(), next);
            found = true;
          }
        } else {
          for (int k = 1; k <= HALVINGS && !found; k++) {
            t = Math.scalb(1.0, -k);
            next = project(pr, beta, t, d, orthant);
            en = pr.eval(next, false);
            fn = pr.value(en.loss(), next);
            found = armijo(f, fn, pg, beta, next);
          }
        }
        if (!found && stored > 0) {
          // The curvature pairs point nowhere useful (far from the optimum they describe another
          // region), or J is flat at rounding level: forget them and try the steepest descent.
          Problem.LOG.info("{} iteration {}: no step lowers J; memory dropped, steepest descent next", name, it);
          modelGain = -slope / 2;
          stored = 0;
          continue;
        }
        if (!found) {
          // −g·d/2 for the quasi-Newton d ≈ −H⁻¹g estimates J − J*: below J's rounding, J cannot
          // be lowered measurably any more.
          converged = kkt <= 1e3 * pr.threshold() || modelGain <= 1e-12 * Math.max(1.0, Math.abs(f));
          message = (converged ? "converged at rounding level: " : "") + "no step lowers J (KKT norm "
              + String.format("%.3e", kkt) + ", predicted gain " + String.format("%.3e", modelGain) + ")";
          break;
        }
      }
      double[] gn = pr.smoothGradient(en, next);
      double[] s = new double[p];
      double[] y = new double[p];
      for (int j = 0; j < p; j++) {
        s[j] = next[j] - beta[j];
        y[j] = gn[j] - g[j];
      }
      double sy = DenseMatrix.dot(s, y);
      if (sy > 1e-12 * DenseMatrix.norm2(s) * DenseMatrix.norm2(y)) {
        sHist[head] = s;
        yHist[head] = y;
        rho[head] = 1.0 / sy;
        head = (head + 1) % m;
        stored = Math.min(stored + 1, m);
      }
      stalled = f - fn <= 1e-15 * Math.abs(f) ? stalled + 1 : 0;
      lastS = s;
      lastStep = t;
      beta = next;
      e = en;
      f = fn;
      g = gn;
      if (stalled >= 5) {
        kkt = DenseMatrix.normInf(owl ? pr.pseudoGradient(g, beta) : g);
        converged = kkt <= 1e3 * pr.threshold();
        message = "J stopped decreasing at rounding level (KKT norm " + String.format("%.3e", kkt) + ")";
        break;
      }
    }
    // Separation (MLE): the gradient vanishes as the margins of separated rows grow, so a small KKT
    // norm proves nothing. Suspicion: J still falls along the search direction far beyond the
    // point (one line-search pass; at a true optimum J rises again within 2^10 steps), or rows are
    // saturated (an inexact oblique direction can make J rise again). The iterates run off along
    // the separating direction, so the search direction, the last step and β point along it; the
    // row-by-row check decides (one pass at a finite optimum, up to three on separated data).
    if (pr.canDiverge && lastS != null) {
      boolean falls = NewtonMethods.diverges(pr, beta, f, d != null ? d : lastS);
      if (falls || pr.saturated > 0) {
        SeparationException sep = SeparationCertificate.find(pr, "found after " + it + " " + name
            + " iterations" + (falls ? ", J still falling along the search direction" : ""), d, lastS, beta);
        if (sep != null) {
          throw sep;
        }
      }
      if (falls) {
        converged = false;
        message += "; J still falls along the search direction (rows of weight " + String.format("%.6g", pr.saturated)
            + " have fitted probabilities within 2e-9 of 0 or 1): the MLE may not exist, but no separating direction"
            + " passed the row-by-row check";
      }
    }
    double[][] cov = null;
    if (pr.options.standardErrors() && p <= MAX_STD_ERROR_DIMENSION) {
      Eval eh = pr.eval(beta, true); // one extra pass for the Hessian: p²/2 multiply-adds per row
      cov = LogisticSolver.covariance(pr, pr.smoothHessian(eh, beta), beta);
    }
    return new Solution(beta, e.loss(), pr.penalty(beta), f, pr.weight, pr.rows, it, pr.passes, converged, kkt,
        method, LogisticSolver.stdErrors(cov), cov, message, pr.trace(f));
  }

  /** Sufficient decrease against the (pseudo-)gradient: J(x) ≤ J(β) + c·pg·(x − β). */
  private static boolean armijo(double f, double fn, double[] pg, double[] beta, double[] x) {
    double lin = 0;
    for (int j = 0; j < beta.length; j++) {
      lin += pg[j] * (x[j] - beta[j]);
    }
    return fn <= f + ARMIJO * lin;
  }

  /** β + t·d with coordinates that leave their orthant (relative to μ) set to μ exactly. */
  private static double[] project(Problem pr, double[] beta, double t, double[] d, double[] orthant) {
    double[] x = NewtonMethods.axpy(beta, t, d);
    for (int j = 0; j < x.length; j++) {
      if (pr.l1[j] > 0 && Math.signum(x[j] - pr.mean[j]) != orthant[j]) {
        x[j] = pr.mean[j];
      }
    }
    return x;
  }
}
