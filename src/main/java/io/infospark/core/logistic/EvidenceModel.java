package io.infospark.core.logistic;

import java.util.function.DoubleUnaryOperator;

/**
 * ln Z(σ) of the model in which the data term is its second-order expansion at one point β_e
 * (L + g·δ + ½ δᵀHδ, δ = β − β_e: the loss, gradient and Hessian of one pass), for every scale σ
 * of the coefficients that follow it, each σ in O(p²) on the driver after O(p³) once.
 *
 * <p>With C the fixed priors' precisions (the coefficients that do not follow σ, F: the intercept
 * and any named priors) and τ = 1/σ² on the others (S), the model's mode solves
 * (H + C + τD_S) β = Hβ_e − g + Cμ + τD_Sμ and ln Z = −J_model(β) − ½ ln det(H + C + τD_S) + const.
 * With A = H + C, the Schur complement M = A_SS − A_SF A_FF⁻¹ A_FS is reduced once to tridiagonal
 * form T = QᵀMQ by Householder reflections, so that for every τ
 *
 * <pre>
 *   ln det(A + τD_S) = ln det A_FF + ln det(T + τI)      (a tridiagonal LDLᵀ: O(p))
 *   β_S = Q (T + τI)⁻¹ Qᵀ (r_S − A_SF A_FF⁻¹ r_F + τμ_S),  β_F = A_FF⁻¹ (r_F − A_FS β_S)
 * </pre>
 *
 * (r = Hβ_e − g + Cμ). The model neglects how H moves with the mode, so its maximiser is a step of
 * {@link EvidenceSearch}, not σ*.
 */
final class EvidenceModel {
  private final PriorPath.Spec spec;
  private final int p;
  private final double[] be;
  private final double loss;
  private final double[] g;
  private final double[][] h;
  private final int[] fixed;
  private final int[] free;
  /** Cholesky factor of A_FF, A_FF⁻¹ A_FS (|F| × |S|), A_FF⁻¹ r_F, ln det A_FF. */
  private final double[][] lff;
  private final double[][] ffInvFs;
  private final double[] ffInvRf;
  private final double logDetFf;
  /** T's diagonal and off-diagonal, the Householder vectors (v_k acts on S-indices k + 1 …). */
  private final double[] diag;
  private final double[] off;
  private final double[][] house;
  /** Qᵀ(r_S − A_SF A_FF⁻¹ r_F) and Qᵀμ_S. */
  private final double[] qr;
  private final double[] qmu;
  private final boolean defined;
  /** Hβ_e − g + Cμ and the fixed priors' precisions (0 on the coefficients that follow σ). */
  private final double[] r;
  private final double[] c;
  private final boolean preciseOnly;

  /**
   * @param at the expansion point; {@code e} the evaluation there with its (whole) data Hessian
   * @param preciseOnly every ln Z beyond the scan of {@link #argmax} precise, and its maximiser by
   *     golden sections on them (at the Newton size, where a Cholesky factorisation costs less than
   *     a millisecond and the fits' ln Z carry ~1e-10 of their own, taken at their last pass)
   */
  EvidenceModel(PriorPath.Spec spec, double[] at, Eval e, boolean preciseOnly) {
    this.spec = spec;
    this.preciseOnly = preciseOnly;
    this.p = at.length;
    this.be = at.clone();
    this.loss = e.loss();
    this.g = e.gradient().clone();
    this.h = DenseMatrix.unpack(e.hessian(), p);
    int nf = 0;
    for (int j = 0; j < p; j++) {
      nf += spec.follows()[j] ? 0 : 1;
    }
    fixed = new int[nf];
    free = new int[p - nf];
    int a = 0;
    int b = 0;
    for (int j = 0; j < p; j++) {
      if (spec.follows()[j]) {
        free[b++] = j;
      } else {
        fixed[a++] = j;
      }
    }
    c = new double[p];
    r = new double[p];
    for (int i = 0; i < p; i++) {
      Prior q = spec.priors()[i];
      c[i] = spec.follows()[i] ? 0.0 : q.smoothCurvature();
      double v = -g[i] + c[i] * q.mean();
      for (int j = 0; j < p; j++) {
        v += h[i][j] * be[j];
      }
      r[i] = v;
    }
    double[][] aff = new double[nf][nf];
    for (int x = 0; x < nf; x++) {
      for (int y = 0; y < nf; y++) {
        aff[x][y] = h[fixed[x]][fixed[y]] + (x == y ? c[fixed[x]] : 0.0);
      }
    }
    lff = nf == 0 ? new double[0][0] : DenseMatrix.cholesky(aff);
    int ns = free.length;
    if (lff == null) {
      defined = false;
      ffInvFs = null;
      ffInvRf = null;
      logDetFf = Double.NaN;
      diag = off = qr = qmu = null;
      house = null;
      return;
    }
    double ld = 0;
    for (int x = 0; x < nf; x++) {
      ld += 2 * Math.log(lff[x][x]);
    }
    logDetFf = ld;
    double[] rf = new double[nf];
    for (int x = 0; x < nf; x++) {
      rf[x] = r[fixed[x]];
    }
    ffInvRf = nf == 0 ? new double[0] : DenseMatrix.solve(lff, rf);
    ffInvFs = new double[nf][ns];
    for (int s = 0; s < ns; s++) {
      double[] col = new double[nf];
      for (int x = 0; x < nf; x++) {
        col[x] = h[fixed[x]][free[s]];
      }
      double[] sol = nf == 0 ? col : DenseMatrix.solve(lff, col);
      for (int x = 0; x < nf; x++) {
        ffInvFs[x][s] = sol[x];
      }
    }
    // M = A_SS − A_SF A_FF⁻¹ A_FS and r' = r_S − A_SF A_FF⁻¹ r_F
    double[][] m = new double[ns][ns];
    double[] rs = new double[ns];
    for (int s = 0; s < ns; s++) {
      double v = r[free[s]];
      for (int x = 0; x < nf; x++) {
        v -= h[free[s]][fixed[x]] * ffInvRf[x];
      }
      rs[s] = v;
      for (int u = 0; u <= s; u++) {
        double w = h[free[s]][free[u]];
        for (int x = 0; x < nf; x++) {
          w -= h[free[s]][fixed[x]] * ffInvFs[x][u];
        }
        m[s][u] = w;
        m[u][s] = w;
      }
    }
    diag = new double[ns];
    off = new double[Math.max(ns - 1, 0)];
    house = new double[Math.max(ns - 2, 0)][];
    tridiagonalize(m, diag, off, house);
    double[] mu = new double[ns];
    for (int s = 0; s < ns; s++) {
      mu[s] = spec.priors()[free[s]].mean();
    }
    qr = applyQt(rs);
    qmu = applyQt(mu);
    defined = true;
  }

  /**
   * Householder reduction of the symmetric m (overwritten) to T = QᵀmQ, Q = H₀H₁…, H_k = I − 2v_kv_kᵀ
   * acting on indices k + 1 …: each step maps column k below the diagonal onto its first entry.
   */
  private static void tridiagonalize(double[][] m, double[] diag, double[] off, double[][] house) {
    int n = m.length;
    for (int k = 0; k + 2 < n; k++) {
      int len = n - k - 1;
      double norm = 0;
      for (int i = 0; i < len; i++) {
        norm = Math.hypot(norm, m[k + 1 + i][k]);
      }
      double x0 = m[k + 1][k];
      double alpha = x0 > 0 ? -norm : norm;
      double[] v = new double[len];
      for (int i = 0; i < len; i++) {
        v[i] = m[k + 1 + i][k];
      }
      v[0] -= alpha;
      double vn = DenseMatrix.norm2(v);
      if (!(vn > 0) || norm == 0) {
        house[k] = new double[len]; // the column is already reduced: H = I
        diag[k] = m[k][k];
        off[k] = x0;
        continue;
      }
      for (int i = 0; i < len; i++) {
        v[i] /= vn;
      }
      house[k] = v;
      // HAH = A − v wᵀ − w vᵀ with u = Av, c = vᵀu, w = 2u − 2cv, on the trailing block
      // u = Av as a sum of rows (A is symmetric): a loop the compiler vectorises, where the dot
      // products of the rows with v are reductions it does not
      double[] u = new double[len];
      for (int i = 0; i < len; i++) {
        double[] row = m[k + 1 + i];
        double vi = v[i];
        int o = k + 1;
        for (int j = 0; j < len; j++) {
          u[j] += vi * row[o + j];
        }
      }
      double cc = DenseMatrix.dot(v, u);
      double[] w = new double[len];
      for (int i = 0; i < len; i++) {
        w[i] = 2 * u[i] - 2 * cc * v[i];
      }
      for (int i = 0; i < len; i++) {
        double[] row = m[k + 1 + i];
        double vi = v[i];
        double wi = w[i];
        int o = k + 1;
        for (int j = 0; j < len; j++) {
          row[o + j] -= vi * w[j] + wi * v[j];
        }
      }
      diag[k] = m[k][k];
      off[k] = alpha;
    }
    if (n >= 2) {
      diag[n - 2] = m[n - 2][n - 2];
      diag[n - 1] = m[n - 1][n - 1];
      off[n - 2] = m[n - 1][n - 2];
    } else if (n == 1) {
      diag[0] = m[0][0];
    }
  }

  /** Qᵀx = … H₁H₀x. */
  private double[] applyQt(double[] x) {
    double[] y = x.clone();
    for (int k = 0; k < house.length; k++) {
      reflect(house[k], y, k + 1);
    }
    return y;
  }

  /** Qx = H₀H₁ … x. */
  private double[] applyQ(double[] x) {
    double[] y = x.clone();
    for (int k = house.length - 1; k >= 0; k--) {
      reflect(house[k], y, k + 1);
    }
    return y;
  }

  private static void reflect(double[] v, double[] y, int from) {
    double d = 0;
    for (int i = 0; i < v.length; i++) {
      d += v[i] * y[from + i];
    }
    d *= 2;
    for (int i = 0; i < v.length; i++) {
      y[from + i] -= d * v[i];
    }
  }

  /** The model's mode at t = ln σ, or null where H + C + τD_S is not positive definite. */
  double[] mode(double t) {
    if (!defined) {
      return null;
    }
    double tau = Math.exp(-2 * t);
    int ns = free.length;
    double[] rhs = new double[ns];
    for (int s = 0; s < ns; s++) {
      rhs[s] = qr[s] + tau * qmu[s];
    }
    return solveReduced(rhs, ffInvRf, tau);
  }

  /**
   * (H + C + τD_S)⁻¹ b at t = ln σ: the Newton step −(…)⁻¹∇J with the Hessian of the expansion
   * point (a chord step, for fits near it); null where not positive definite.
   */
  double[] solve(double[] b, double t) {
    if (!defined) {
      return null;
    }
    int nf = fixed.length;
    int ns = free.length;
    double[] bf = new double[nf];
    for (int x = 0; x < nf; x++) {
      bf[x] = b[fixed[x]];
    }
    double[] ffInvBf = nf == 0 ? new double[0] : DenseMatrix.solve(lff, bf);
    double[] bs = new double[ns];
    for (int s = 0; s < ns; s++) {
      double v = b[free[s]];
      for (int x = 0; x < nf; x++) {
        v -= h[free[s]][fixed[x]] * ffInvBf[x];
      }
      bs[s] = v;
    }
    return solveReduced(applyQt(bs), ffInvBf, Math.exp(-2 * t));
  }

  /** x with x_S = Q (T + τI)⁻¹ rhs and x_F = ffInvB − A_FF⁻¹A_FS x_S. */
  private double[] solveReduced(double[] rhs, double[] ffInvB, double tau) {
    int ns = free.length;
    // (T + τI) y = rhs by the tridiagonal LDLᵀ (Thomas): positive pivots ⇔ positive definite
    double[] d = new double[ns];
    double[] l = new double[ns];
    double[] y = new double[ns];
    for (int s = 0; s < ns; s++) {
      d[s] = diag[s] + tau - (s > 0 ? l[s - 1] * off[s - 1] : 0.0);
      if (!(d[s] > 0)) {
        return null;
      }
      y[s] = rhs[s] - (s > 0 ? l[s - 1] * y[s - 1] : 0.0);
      if (s + 1 < ns) {
        l[s] = off[s] / d[s];
      }
    }
    double[] z = new double[ns];
    for (int s = ns - 1; s >= 0; s--) {
      z[s] = y[s] / d[s] - (s + 1 < ns ? l[s] * z[s + 1] : 0.0);
    }
    double[] xs = applyQ(z);
    double[] beta = new double[p];
    for (int s = 0; s < ns; s++) {
      beta[free[s]] = xs[s];
    }
    for (int x = 0; x < fixed.length; x++) {
      double v = ffInvB[x];
      for (int s = 0; s < ns; s++) {
        v -= ffInvFs[x][s] * xs[s];
      }
      beta[fixed[x]] = v;
    }
    return beta;
  }

  /** ln det(T + τI) by the LDLᵀ pivots; NaN where not positive definite. */
  private double logDetT(double tau) {
    double sum = 0;
    double prev = Double.NaN;
    for (int s = 0; s < diag.length; s++) {
      double d = diag[s] + tau - (s > 0 ? off[s - 1] * off[s - 1] / prev : 0.0);
      if (!(d > 0)) {
        return Double.NaN;
      }
      sum += Math.log(d);
      prev = d;
    }
    return sum;
  }

  /**
   * ln Z of the model at t = ln σ (−∞ where it is not defined), in O(p²) from the tridiagonal
   * form. Its ln det has the absolute rounding of the largest curvature (the Householder
   * reduction is backward stable in norm): good for a scan, not for the last digits when the
   * features' scales differ by orders of magnitude; see {@link #preciseLogEvidence}.
   */
  double logEvidence(double t) {
    double[] beta = mode(t);
    double ld = beta == null ? Double.NaN : logDetT(Math.exp(-2 * t));
    if (Double.isNaN(ld)) {
      return Double.NEGATIVE_INFINITY;
    }
    return logEvidence(t, beta, logDetFf + ld);
  }

  /**
   * As {@link #logEvidence(double)}, by a Cholesky factorisation of H + C + τD_S scaled to unit
   * diagonal (O(p³/3)): relative rounding per curvature, as {@link Evidence} has it.
   */
  double preciseLogEvidence(double t) {
    double tau = Math.exp(-2 * t);
    double[] cj = new double[p];
    double[] rhs = new double[p];
    for (int j = 0; j < p; j++) {
      cj[j] = spec.follows()[j] ? tau : c[j];
      rhs[j] = r[j] + (spec.follows()[j] ? tau * spec.priors()[j].mean() : 0.0);
    }
    DenseMatrix.Solved s = DenseMatrix.scaledSolve(h, cj, rhs);
    return s == null ? Double.NEGATIVE_INFINITY : logEvidence(t, s.x(), s.logDet());
  }

  /**
   * {@link #preciseLogEvidence} at t, which also decides whether {@link #value} may take the fast
   * ln Z: where the two agree to {@link #FAST_AGREEMENT} here (features of comparable scales), the
   * fast one is the exact ln Z of a Hessian perturbed by rounding, a smooth function of t, and
   * serves the search's corrections and maximiser at O(p²) a point instead of O(p³).
   */
  double checkedLogEvidence(double t) {
    double precise = preciseLogEvidence(t);
    double fast = logEvidence(t);
    fastAgrees = !preciseOnly && Double.isFinite(precise) && Math.abs(fast - precise) <= FAST_AGREEMENT * Math.max(1.0, Math.abs(precise));
    return precise;
  }

  /** Relative agreement of the fast and precise ln Z at which {@link #value} takes the fast one. */
  private static final double FAST_AGREEMENT = 1e-12;
  private boolean fastAgrees;

  /** Whether {@link #value} takes the fast ln Z (after {@link #checkedLogEvidence}). */
  boolean fastAgrees() {
    return fastAgrees;
  }

  /**
   * ln Z of the model at t: the fast one where {@link #checkedLogEvidence} found it precise (and
   * the model is not precise only), else the precise one.
   */
  double value(double t) {
    return fastAgrees ? logEvidence(t) : preciseLogEvidence(t);
  }

  private double logEvidence(double t, double[] beta, double logDet) {
    Prior[] priors = spec.at(Math.exp(t));
    double jm = loss;
    double z = 0.5 * p * Math.log(2 * Math.PI);
    for (int i = 0; i < p; i++) {
      double di = beta[i] - be[i];
      double hd = 0;
      double[] hi = h[i];
      for (int k = 0; k < p; k++) {
        hd += hi[k] * (beta[k] - be[k]);
      }
      jm += g[i] * di + 0.5 * di * hd + priors[i].smoothValue(beta[i]);
      if (!priors[i].isFlat()) {
        double sd = priors[i].sd();
        z -= 0.5 * Math.log(2 * Math.PI * sd * sd);
      }
    }
    double v = -jm - 0.5 * logDet + z;
    return Double.isFinite(v) ? v : Double.NEGATIVE_INFINITY;
  }

  /**
   * The maximiser over [lo, hi] of ln Z of the model plus {@code slope}·(t − {@code at}) +
   * {@code curvature}·(t − {@code at})² (a correction for what the model neglects): a scan of
   * {@code scan} + 1 points and golden sections around the best by {@link #logEvidence(double)}
   * (O(p²) each), then the maximiser near it by {@link #value} (precise, O(p³) each, unless the
   * fast one was found as precise): a Newton step from five points {@link #PRECISE_STEP} apart,
   * whose spacing averages out the values' rounding, repeated once, with golden sections only when
   * the step is longer than a tenth of that. The fast ln Z is the exact one of a Hessian perturbed
   * by rounding (the Householder reduction is backward stable), a smooth function of t: its
   * maximiser is near the precise one even where its values are not. At a bound of [lo, hi] the
   * bound. A model that is precise only takes golden sections on the precise ln Z straight after
   * the scan. NaN when the model is nowhere defined.
   */
  double argmax(double lo, double hi, int scan, double slope, double curvature, double at) {
    DoubleUnaryOperator fast = t -> logEvidence(t) + (slope + curvature * (t - at)) * (t - at);
    DoubleUnaryOperator f = t -> value(t) + (slope + curvature * (t - at)) * (t - at);
    double best = Double.NaN;
    double fBest = Double.NEGATIVE_INFINITY;
    double step = (hi - lo) / scan;
    for (int k = 0; k <= scan; k++) {
      double u = lo + k * step;
      double v = fast.applyAsDouble(u);
      if (v > fBest) {
        fBest = v;
        best = u;
      }
    }
    if (Double.isNaN(best)) {
      return Double.NaN;
    }
    if (preciseOnly) {
      return golden(f, Math.max(lo, best - step), Math.min(hi, best + step));
    }
    double t = golden(fast, Math.max(lo, best - step), Math.min(hi, best + step));
    if (t - lo < PRECISE_STEP || hi - t < PRECISE_STEP) {
      return t; // at a bound (of the search, or of its trust region, the step then taken to it)
    }
    for (int round = 0; round < 2; round++) {
      double h = PRECISE_STEP;
      if (t - 2 * h < lo || t + 2 * h > hi) {
        break;
      }
      double fm2 = f.applyAsDouble(t - 2 * h);
      double fm1 = f.applyAsDouble(t - h);
      double f0 = f.applyAsDouble(t);
      double fp1 = f.applyAsDouble(t + h);
      double fp2 = f.applyAsDouble(t + 2 * h);
      // f' and f'' by the five-point stencils (errors of order h⁴), then one Newton step
      double d1 = (8 * (fp1 - fm1) - (fp2 - fm2)) / (12 * h);
      double d2 = (16 * (fp1 + fm1) - (fp2 + fm2) - 30 * f0) / (12 * h * h);
      double shift = -d1 / d2;
      if (!(d2 < 0) || !(Math.abs(shift) <= h)) {
        break; // not concave there, or its maximiser outside the stencil
      }
      if (Math.abs(shift) <= h / 10) {
        return t + shift;
      }
      t += shift;
    }
    return golden(f, Math.max(lo, t - step), Math.min(hi, t + step));
  }

  /**
   * The spacing of {@link #argmax}'s five-point stencil. Its Newton step is off the maximiser by
   * the stencils' truncation (of order this to the fourth power) and by the values' rounding over
   * f″ times this (1e-10 absolute over f″ = 100: 1e-9 in t); three points (a parabola's vertex)
   * were off by a sixth of its square times f‴/f″, 3e-7 on the wide test's design.
   */
  private static final double PRECISE_STEP = 1e-3;

  /** Golden-section search for a maximiser of f on [a, b], to 1e-9. */
  private static double golden(DoubleUnaryOperator f, double a, double b) {
    double r = (Math.sqrt(5) - 1) / 2;
    double c = b - r * (b - a);
    double d = a + r * (b - a);
    double fc = f.applyAsDouble(c);
    double fd = f.applyAsDouble(d);
    while (b - a > 1e-9) {
      if (fc >= fd) {
        b = d;
        d = c;
        fd = fc;
        c = b - r * (b - a);
        fc = f.applyAsDouble(c);
      } else {
        a = c;
        c = d;
        fc = fd;
        d = a + r * (b - a);
        fd = f.applyAsDouble(d);
      }
    }
    return (a + b) / 2;
  }
}
