package io.infospark.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Mutual information of two discrete columns from the count fingerprints of X, Y and the pair
 * (X, Y) over the same rows (DESIGN.md §1): I(X;Y) = H(X) + H(Y) − H(X,Y), each entropy the
 * plug-in estimate summed without cancellation ({@link Entropy}). Small: three fingerprints.
 *
 * <ul>
 *   <li>normalised MI: I / ((H(X) + H(Y))/2), the arithmetic mean normalisation (scikit-learn's
 *       {@code normalized_mutual_info_score} default; also called symmetric uncertainty), in
 *       [0, 1] and unit-free; null when H(X) = H(Y) = 0;</li>
 *   <li>Miller–Madow MI: the Miller–Madow correction on each of the three entropies,
 *       I + (K_X + K_Y − K_XY − 1)/(2N); it may be negative (no evidence of dependence) and is
 *       reported as is;</li>
 *   <li>G-test of independence: G = 2·N·I in nats whatever the base, df = (K_X − 1)(K_Y − 1),
 *       p-value = P(χ²_df ≥ G); null with a reason when df = 0 (a column with one value).</li>
 *   <li>small-sample MI: Grassberger's and the James–Stein shrinkage entropy estimators
 *       ({@link Entropy}) plugged into H(X) + H(Y) − H(X,Y), each entropy estimated on its own
 *       (the shrinkage target of each is the uniform on its values seen), and the coverage of the
 *       pairs; they are not clamped at 0;</li>
 * </ul>
 *
 * The plug-in I is ≥ 0 exactly; a rounding residue below zero (~1e-16) is reported as 0, and the
 * conditional entropies likewise.
 */
public final class MutualInformation {
  private MutualInformation() {}

  static final String ONE_VALUE =
      "a column has a single value over the rows counted: the G-test has 0 degrees of freedom";
  static final String CONSTANT = "both columns are constant: normalised MI is 0/0";

  /**
   * @param x counts of X's values over the rows counted
   * @param y counts of Y's values over the same rows
   * @param xy counts of the (X, Y) pairs over the same rows
   * @throws IllegalArgumentException when the three totals differ
   */
  public static MutualInfoEstimate estimate(CountFingerprint x, CountFingerprint y, CountFingerprint xy,
      LogBase base) {
    long n = xy.total();
    if (x.total() != n || y.total() != n) {
      throw new IllegalArgumentException("marginals and joint must count the same rows: "
          + x.total() + ", " + y.total() + ", " + n);
    }
    long kx = x.distinct();
    long ky = y.distinct();
    long kxy = xy.distinct();
    if (n == 0) {
      return new MutualInfoEstimate(base, 0, 0, 0, 0, null, null, null, null, null, null, null, null, null,
          null, null, Entropy.NO_VALUES);
    }
    EntropyEstimate ex = Entropy.estimate(x, LogBase.E);
    EntropyEstimate ey = Entropy.estimate(y, LogBase.E);
    EntropyEstimate exy = Entropy.estimate(xy, LogBase.E);
    double hx = ex.entropy();
    double hy = ey.entropy();
    double hxy = exy.entropy();
    double mi = Math.max(0.0, hx + hy - hxy);
    double hyGivenX = Math.max(0.0, hxy - hx);
    double hxGivenY = Math.max(0.0, hxy - hy);
    double mm = mi + (kx + ky - kxy - 1) / (2.0 * n);
    Double nmi = hx + hy > 0 ? Math.min(1.0, 2 * mi / (hx + hy)) : null;
    double g = 2.0 * n * mi;
    long df = (kx - 1) * (ky - 1);
    Double p = df > 0 ? ChiSquare.survival(g, df) : null;
    double grassberger = ex.grassberger() + ey.grassberger() - exy.grassberger();
    Double jamesStein = n >= 2 ? ex.jamesStein() + ey.jamesStein() - exy.jamesStein() : null;
    List<String> why = new ArrayList<>();
    if (df == 0) {
      why.add(nmi == null ? ONE_VALUE + "; " + CONSTANT : ONE_VALUE);
    }
    if (jamesStein == null) {
      why.add(Entropy.ONE_VALUE_COUNTED);
    }
    return new MutualInfoEstimate(base, n, kx, ky, kxy, base.fromNats(mi), base.fromNats(hx), base.fromNats(hy),
        base.fromNats(hxy), base.fromNats(hyGivenX), base.fromNats(hxGivenY), nmi, base.fromNats(mm), g,
        df, p, base.fromNats(grassberger), jamesStein == null ? null : base.fromNats(jamesStein),
        exy.coverage(), why.isEmpty() ? null : String.join("; ", why));
  }

  /** Convenience for small data and tests: the estimate of a contingency table (rows: X, columns: Y). */
  public static MutualInfoEstimate of(long[][] table, LogBase base) {
    CountFingerprint fx = new CountFingerprint();
    CountFingerprint fxy = new CountFingerprint();
    Map<Integer, Long> cols = new HashMap<>();
    for (long[] row : table) {
      long r = 0;
      for (int j = 0; j < row.length; j++) {
        r += row[j];
        fxy.add(row[j]);
        cols.merge(j, row[j], Long::sum);
      }
      fx.add(r);
    }
    CountFingerprint fy = new CountFingerprint();
    cols.values().forEach(fy::add);
    return estimate(fx, fy, fxy, base);
  }
}
