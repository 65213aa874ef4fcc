package io.infospark.core.logistic;

import static io.infospark.core.logistic.LogisticSolverTest.assertRel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The evidence search above the Newton size (310 features, the default Newton limit 300), where a
 * pass with the Hessian costs p²/2 multiply-adds per row against 2p for a gradient pass: σ* and ln Z
 * against an independent reference, and a bound on the Hessian passes the search makes.
 *
 * <p>Reference (numpy, scipy; the same generator with Python integers masked to 64 bits):
 * <pre>
 * M = (1 &lt;&lt; 64) - 1; G = 0x9E3779B97F4A7C15
 * def mix(z):
 *     z = ((z ^ (z &gt;&gt; 30)) * 0xbf58476d1ce4e5b9) &amp; M
 *     z = ((z ^ (z &gt;&gt; 27)) * 0x94d049bb133111eb) &amp; M
 *     return z ^ (z &gt;&gt; 31)
 * def unif(key): return (mix((key + G) &amp; M) &gt;&gt; 11) * 2.0 ** -53
 * n, d = 1500, 310
 * beta = [0.0 if j % 5 == 4 else (0.2 if j % 2 == 0 else -0.2) for j in range(d)]
 * for i in range(n):
 *     z = 0.3
 *     for j in range(d):
 *         k = (i * d + j) * 4
 *         X[i, j] = (unif(k) + unif(k + 1) + unif(k + 2) - 1.5) * 2.0
 *         z += beta[j] * X[i, j]
 *     y[i] = 1.0 if unif(i * d * 4 + 3) &lt; 1.0 / (1.0 + math.exp(-z)) else 0.0
 * A = [1, X]; D = diag(0, 1, ..., 1)
 * fit(sd): Newton on J = sum(logaddexp(0, A b) - y A b) + |b[1:]|^2 / (2 sd^2) to steps below 1e-14
 * lnZ(sd) = -J(b) - d/2 ln(2 pi sd^2) + (d + 1)/2 ln(2 pi) - 0.5 * np.linalg.slogdet(H + D / sd^2)[1]
 * scipy.optimize.minimize_scalar(lambda t: -lnZ(exp(t)), bounds=(ln 0.01, ln 10), method="bounded",
 *                                options={"xatol": 1e-10})
 * -&gt; sigma* = 0.1772768673302058, lnZ(sigma*) = -803.1020333858987 (lnZ(0.1) = -827.4051185781939)
 * </pre>
 */
class EvidenceWideTest {
  private static final double SIGMA_STAR = 0.1772768673302058;
  private static final double LOG_EVIDENCE_MAX = -803.1020333858987;

  static final int ROWS = 1500;
  static final int FEATURES = 310;

  /** SplitMix64's finaliser: the same integers in Python (masked to 64 bits). */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  static double uniform(long key) {
    return (mix(key + 0x9E3779B97F4A7C15L) >>> 11) * 0x1.0p-53;
  }

  /**
   * x_ij = 2(u₀ + u₁ + u₂ − 1.5) (mean 0, variance 1), y_i = 1 when u < σ(0.3 + Σ β_j x_ij) with
   * β_j = 0 for j ≡ 4 (mod 5), else ±0.2: the logistic benchmark's design, at a smaller scale.
   */
  static ReferenceData.Data data() {
    double[][] x = new double[ROWS][FEATURES];
    double[] y = new double[ROWS];
    for (int i = 0; i < ROWS; i++) {
      double z = 0.3;
      for (int j = 0; j < FEATURES; j++) {
        long k = ((long) i * FEATURES + j) * 4;
        x[i][j] = (uniform(k) + uniform(k + 1) + uniform(k + 2) - 1.5) * 2.0;
        z += (j % 5 == 4 ? 0.0 : (j % 2 == 0 ? 0.2 : -0.2)) * x[i][j];
      }
      y[i] = uniform((long) i * FEATURES * 4 + 3) < 1.0 / (1.0 + Math.exp(-z)) ? 1.0 : 0.0;
    }
    String[] names = new String[FEATURES + 1];
    names[0] = "(intercept)";
    for (int j = 1; j <= FEATURES; j++) {
      names[j] = "x" + j;
    }
    return new ReferenceData.Data(x, y, names);
  }

  @Test
  void evidenceSearchAboveTheNewtonSize() {
    ReferenceData.Data d = data();
    PriorPath.Spec spec = PriorPathTest.spec(d, Prior.gaussian(0, 1), null);
    PriorChoiceReferenceTest.HessianCount data = new PriorChoiceReferenceTest.HessianCount(d.objective(3));
    EvidenceSearch.Result r = EvidenceSearch.byModel(data, spec, 1.0, 1e-3, 1e3);
    System.out.println("above the Newton size: " + r.evaluated().size() + " fits, " + r.passes() + " passes, "
        + data.hessians + " Hessian passes");
    assertEquals(Method.LBFGS, r.best().solution().method());
    assertRel(SIGMA_STAR, r.best().scale(), 1e-5, "sigma*");
    assertRel(LOG_EVIDENCE_MAX, r.best().logEvidence(), 1e-10, "ln Z(sigma*)");
    assertEquals(data.passes, r.passes(), "passes reported");
    // one Hessian pass for the first fit's model, then one per fit of the search; a regression guard on
    // their number (9 here; the search whose model correction was a slope only, and could run to the
    // far end of its trust region, made 13 and stopped at its limit of fits without converging)
    assertEquals(1 + r.evaluated().size(), data.hessians, "Hessian passes");
    assertTrue(data.hessians <= 9, data.hessians + " Hessian passes");
  }
}
