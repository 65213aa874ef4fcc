package io.infospark.core.logistic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the suspicion of diverging iterates into a proof, or into nothing. The candidates (the
 * last step, the coefficients) are only approximately separating directions: their coordinates
 * that stay finite have not converged, so rows that lie exactly on the separating hyperplane get a
 * small margin of either sign. One pass therefore tests each candidate restricted to the
 * coefficients with a flat prior and its sparsified forms (coordinates below 10⁻⁶ … 10⁻¹ of the
 * largest, in standard units, set to exactly 0: an axis-aligned boundary such as a dummy that is 0
 * on the boundary rows becomes exact). When none passes but one misses only by rows close to its
 * hyperplane ({@link SeparationCheck.Result#nearMiss}) and p ≤ {@link #MAX_GRAM_DIMENSION}, a
 * second pass forms the Gram matrix of those rows, and a third tests that direction with its
 * component in their span removed (an oblique boundary such as x = 5 becomes exact), and its
 * sparsified forms. Only a direction that passes {@link SeparationCheck} row by row is reported.
 * All of it works in the original units of the data, also for a fit in standardised units. At a
 * finite optimum the candidates put many rows clearly on the wrong side: one pass.
 */
final class SeparationCertificate {
  private SeparationCertificate() {}

  /** Sparsification thresholds relative to the largest coordinate (0 = the candidate itself). */
  private static final double[] SPARSIFY = {0, 1e-6, 1e-4, 1e-3, 1e-2, 1e-1};
  /** Rows below this relative margin along candidate 0 (or on its wrong side) span the part to remove. */
  static final double NEAR = 1e-3;
  /** Above this many coefficients the near rows' Gram matrix (p²/2 per row) is not formed. */
  static final int MAX_GRAM_DIMENSION = 1001;

  /**
   * @param candidates approximate separating directions (length p; null entries are skipped), the
   *     best first
   * @return the proof of separation, or null when no direction derived from the candidates passes
   *     the row-by-row check (one pass, or two with the projection)
   */
  static SeparationException find(Problem pr, String detail, double[]... candidates) {
    // Everything below is in original units (names, scales, priors, data of the unstandardised J).
    Problem o = pr.original();
    List<double[]> dirs = new ArrayList<>();
    for (double[] c : candidates) {
      if (c != null) {
        addForms(o, restrict(o, pr.toOriginal(c)), dirs);
      }
    }
    if (dirs.isEmpty()) {
      return null;
    }
    SeparationCheck.Result r = pr.separation(dirs.toArray(new double[0][]), 0);
    SeparationException e = best(o, dirs, r, detail);
    if (Problem.LOG.isDebugEnabled()) {
      Problem.LOG.debug("separation check of {} directions: wrong-side rows {} (clearly {}), on the hyperplane {}", dirs.size(),
          Arrays.toString(r.wrong()), Arrays.toString(r.clearlyWrong()), Arrays.toString(r.boundary()));
    }
    // A near miss (its wrong-side rows all close to its hyperplane) may be an inexact oblique
    // separating direction: remove its component in the span of those rows and check again.
    int miss = -1;
    for (int c = 0; c < dirs.size(); c++) {
      if (r.nearMiss(c) && (miss < 0 || r.wrong()[c] < r.wrong()[miss])) {
        miss = c;
      }
    }
    if (e != null || miss < 0 || o.p > MAX_GRAM_DIMENSION) {
      return e;
    }
    double[] nearMiss = dirs.get(miss);
    SeparationCheck.Result g = pr.separation(new double[][] {nearMiss}, NEAR);
    double[] projected = restrict(o, removeSpan(o, DenseMatrix.unpack(g.gram(), o.p), nearMiss));
    List<double[]> refined = new ArrayList<>();
    addForms(o, projected, refined);
    refined.removeIf(d -> dirs.stream().anyMatch(x -> Arrays.equals(x, d)));
    if (refined.isEmpty()) {
      return null;
    }
    return best(o, refined, pr.separation(refined.toArray(new double[0][]), 0), detail);
  }

  /** The candidate on the coefficients with a flat prior only (the others stay finite). */
  private static double[] restrict(Problem pr, double[] c) {
    double[] d = new double[pr.p];
    for (int j = 0; j < pr.p; j++) {
      d[j] = pr.priors[j].isFlat() && Double.isFinite(c[j]) ? c[j] : 0.0;
    }
    return d;
  }

  /** The candidate scaled to a largest coordinate of 1 (standard units), and its sparsified forms. */
  private static void addForms(Problem pr, double[] d, List<double[]> out) {
    double max = 0;
    for (int j = 0; j < pr.p; j++) {
      max = Math.max(max, Math.abs(d[j]) * pr.scale(j));
    }
    if (!(max > 0) || !Double.isFinite(max)) {
      return;
    }
    for (double t : SPARSIFY) {
      double[] v = new double[pr.p];
      boolean feature = false;
      for (int j = 0; j < pr.p; j++) {
        if (Math.abs(d[j]) * pr.scale(j) >= t * max && d[j] != 0.0) {
          v[j] = d[j] / max;
          feature |= j > 0;
        }
      }
      if (feature && out.stream().noneMatch(o -> Arrays.equals(o, v))) {
        out.add(v);
      }
    }
  }

  /** The proof from the best passing direction: complete separation first, then the sparsest. */
  private static SeparationException best(Problem pr, List<double[]> dirs, SeparationCheck.Result r, String detail) {
    int best = -1;
    for (int c = 0; c < dirs.size(); c++) {
      if (r.separates(c) && (best < 0 || better(r, c, best, dirs))) {
        best = c;
      }
    }
    if (best < 0) {
      return null;
    }
    double[] d = dirs.get(best);
    List<Integer> idx = new ArrayList<>();
    for (int j = 1; j < pr.p; j++) {
      if (d[j] != 0.0) {
        idx.add(j);
      }
    }
    idx.sort(Comparator.comparingDouble((Integer j) -> -Math.abs(d[j]) * pr.scale(j)));
    List<String> names = new ArrayList<>();
    for (int j : idx) {
      names.add(pr.name(j));
    }
    return new SeparationException(names, r.strict()[best], r.boundary()[best], detail);
  }

  private static boolean better(SeparationCheck.Result r, int c, int b, List<double[]> dirs) {
    boolean cc = r.boundary()[c] == 0;
    boolean bc = r.boundary()[b] == 0;
    if (cc != bc) {
      return cc;
    }
    return nonZero(dirs.get(c)) < nonZero(dirs.get(b));
  }

  private static int nonZero(double[] d) {
    int n = 0;
    for (double v : d) {
      n += v != 0.0 ? 1 : 0;
    }
    return n;
  }

  /**
   * d minus its orthogonal projection on the range of the Gram matrix g (positive semidefinite),
   * both in standard units: the nearest direction orthogonal to every row that entered g. The
   * range is spanned by the columns of a Cholesky factorisation with full pivoting, stopped at
   * pivots below 1e-10 of the largest diagonal entry (the numerical rank).
   */
  static double[] removeSpan(Problem pr, double[][] g, double[] d) {
    int p = d.length;
    double[] s = new double[p];
    for (int j = 0; j < p; j++) {
      s[j] = pr.scale(j);
    }
    double[][] a = new double[p][p];
    double max = 0;
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < p; j++) {
        a[i][j] = g[i][j] / (s[i] * s[j]); // the Gram matrix of the rows in standard units
      }
      max = Math.max(max, a[i][i]);
    }
    List<double[]> basis = new ArrayList<>();
    boolean[] used = new boolean[p];
    while (max > 0) {
      int piv = -1;
      for (int i = 0; i < p; i++) {
        if (!used[i] && (piv < 0 || a[i][i] > a[piv][piv])) {
          piv = i;
        }
      }
      if (piv < 0 || !(a[piv][piv] > 1e-10 * max)) {
        break;
      }
      used[piv] = true;
      double r = Math.sqrt(a[piv][piv]);
      double[] col = new double[p];
      for (int i = 0; i < p; i++) {
        col[i] = a[i][piv] / r;
      }
      for (int i = 0; i < p; i++) {
        for (int j = 0; j < p; j++) {
          a[i][j] -= col[i] * col[j];
        }
      }
      basis.add(col);
    }
    // Orthonormalise the range's basis (modified Gram–Schmidt, twice), then remove it from e = S d.
    List<double[]> q = new ArrayList<>();
    for (double[] v : basis) {
      double[] u = v.clone();
      for (int pass = 0; pass < 2; pass++) {
        for (double[] w : q) {
          double c = DenseMatrix.dot(w, u);
          for (int i = 0; i < p; i++) {
            u[i] -= c * w[i];
          }
        }
      }
      double n = DenseMatrix.norm2(u);
      if (n > 1e-8 * DenseMatrix.norm2(v)) {
        for (int i = 0; i < p; i++) {
          u[i] /= n;
        }
        q.add(u);
      }
    }
    double[] e = new double[p];
    for (int j = 0; j < p; j++) {
      e[j] = d[j] * s[j];
    }
    for (int pass = 0; pass < 2; pass++) {
      for (double[] w : q) {
        double c = DenseMatrix.dot(w, e);
        for (int i = 0; i < p; i++) {
          e[i] -= c * w[i];
        }
      }
    }
    double[] out = new double[p];
    for (int j = 0; j < p; j++) {
      out[j] = e[j] / s[j];
    }
    return out;
  }
}
