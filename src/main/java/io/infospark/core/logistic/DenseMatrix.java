package io.infospark.core.logistic;

/** The few dense linear-algebra routines the driver needs (p ≤ a few hundred), on double[][]. */
final class DenseMatrix {
  private DenseMatrix() {}

  static double[][] unpack(double[] packed, int p) {
    double[][] a = new double[p][p];
    for (int j = 0; j < p; j++) {
      int base = j * (j + 1) / 2;
      for (int i = 0; i <= j; i++) {
        a[i][j] = packed[base + i];
        a[j][i] = packed[base + i];
      }
    }
    return a;
  }

  /** The solution x of a symmetric positive definite system and ln det of its matrix. */
  record Solved(double[] x, double logDet) {}

  /**
   * Solves (H + diag(c)) x = b by a Cholesky factorisation of H + diag(c) scaled to unit diagonal,
   * so that rounding is relative to each row's curvature (the features' scales may differ by
   * orders of magnitude); null when H + diag(c) is not positive definite.
   */
  static Solved scaledSolve(double[][] h, double[] c, double[] b) {
    int p = c.length;
    double[] d = new double[p];
    for (int j = 0; j < p; j++) {
      double diagonal = h[j][j] + c[j];
      if (!(diagonal > 0)) {
        return null;
      }
      d[j] = 1 / Math.sqrt(diagonal);
    }
    double[][] a = new double[p][p];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < p; j++) {
        a[i][j] = (h[i][j] + (i == j ? c[j] : 0.0)) * d[i] * d[j];
      }
    }
    double[][] l = cholesky(a);
    if (l == null) {
      return null;
    }
    double logDet = 0;
    double[] y = new double[p];
    for (int j = 0; j < p; j++) {
      logDet += 2 * Math.log(l[j][j]) - 2 * Math.log(d[j]);
      y[j] = b[j] * d[j];
    }
    double[] x = solve(l, y);
    for (int j = 0; j < p; j++) {
      x[j] *= d[j];
    }
    return new Solved(x, logDet);
  }

  /** Lower Cholesky factor of a symmetric positive definite matrix, or null if it is not. */
  static double[][] cholesky(double[][] a) {
    int n = a.length;
    double[][] l = new double[n][n];
    for (int j = 0; j < n; j++) {
      double d = a[j][j];
      double[] lj = l[j];
      for (int k = 0; k < j; k++) {
        d -= lj[k] * lj[k];
      }
      if (!(d > 0)) {
        return null;
      }
      double djj = Math.sqrt(d);
      lj[j] = djj;
      for (int i = j + 1; i < n; i++) {
        double s = a[i][j];
        double[] li = l[i];
        for (int k = 0; k < j; k++) {
          s -= li[k] * lj[k];
        }
        li[j] = s / djj;
      }
    }
    return l;
  }

  /** Solves L Lᵀ x = b. */
  static double[] solve(double[][] l, double[] b) {
    int n = b.length;
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double s = b[i];
      for (int k = 0; k < i; k++) {
        s -= l[i][k] * y[k];
      }
      y[i] = s / l[i][i];
    }
    return solveTransposed(l, y, n);
  }

  /** Solves Lᵀ x = y with the leading n × n block of the lower triangular L (back substitution). */
  static double[] solveTransposed(double[][] l, double[] y, int n) {
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = y[i];
      for (int k = i + 1; k < n; k++) {
        s -= l[k][i] * x[k];
      }
      x[i] = s / l[i][i];
    }
    return x;
  }

  /** (L Lᵀ)⁻¹. */
  static double[][] inverse(double[][] l) {
    int n = l.length;
    double[][] inv = new double[n][];
    for (int j = 0; j < n; j++) {
      double[] e = new double[n];
      e[j] = 1.0;
      inv[j] = solve(l, e); // column j; symmetric, so also row j
    }
    return inv;
  }

  /**
   * Cholesky of A + τI with the smallest τ ∈ {0, 1e-12·s, 1e-11·s, …} (s = max diagonal) that
   * makes it positive definite: a Levenberg-style safeguard for a singular Hessian.
   */
  static double[][] regularizedCholesky(double[][] a) {
    double[][] l = cholesky(a);
    if (l != null) {
      return l;
    }
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s = Math.max(s, Math.abs(a[i][i]));
    }
    s = Math.max(s, 1e-300);
    for (double tau = 1e-12 * s; tau < 1e12 * s; tau *= 10) {
      double[][] b = new double[a.length][];
      for (int i = 0; i < a.length; i++) {
        b[i] = a[i].clone();
        b[i][i] += tau;
      }
      l = cholesky(b);
      if (l != null) {
        return l;
      }
    }
    throw new IllegalStateException("Hessian could not be regularised");
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  static double norm2(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  static double normInf(double[] a) {
    double m = 0;
    for (double v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }
}
