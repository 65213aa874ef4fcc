package io.infospark.core;

import static io.infospark.testing.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PolygammaTest {
  private static final double REF = 1e-14;

  /**
   * Against mpmath 1.2.1 at 40 digits (and scipy 1.10.1's digamma, which agrees):
   * <pre>
   * mp.mp.dps = 40
   * for x in [1e-12, 0.25, 1.0, 1.5, 3.7, 11.99, 12.0, 57.3, 1e4, 1e9]:
   *     print(x, float(mp.digamma(x)), float(mp.polygamma(1, x)), float(mp.log(x) - mp.digamma(x)),
   *           float(mp.polygamma(1, x) - 1/mp.mpf(x)))
   * </pre>
   * Relative tolerances on each (the tails keep their own digits, not only ψ's).
   */
  @Test
  void againstMpmath() {
    double[][] cases = {
        {1e-12, -1000000000000.5773, 1e+24, 999999999972.9462, 9.99999999999e+23},
        {0.25, -4.2274535333762655, 17.19732915450711, 2.8411591722563747, 13.197329154507111},
        {1.0, -0.5772156649015329, 1.6449340668482264, 0.5772156649015329, 0.6449340668482264},
        {1.5, 0.03648997397857652, 0.9348022005446793, 0.3689751341295879, 0.26813553387801264},
        {3.7, 1.1671535393615113, 0.3100378576700383, 0.14117928028866736, 0.039767587399768045},
        {11.99, 2.441792283668335, 0.08697741048698757, 0.042280685371088006, 0.0035745747905738933},
        {12.0, 2.442661679975812, 0.08690187287176838, 0.042244969812188296, 0.0035685395384350573},
        {57.3, 4.039549239957579, 0.017605179101050653, 0.00875138376311467, 0.0001531721202478578},
        {1e4, 9.210290371142849, 0.00010000500016666666, 5.00008333333325e-05, 5.000166666666333e-09},
        {1e9, 20.723265836446412, 1.0000000005e-09, 5.000000000833333e-10, 5.000000001666666e-19},
    };
    for (double[] c : cases) {
      double x = c[0];
      assertClose(c[1], Polygamma.digamma(x), REF, "psi(" + x + ")");
      assertEquals(1.0, Polygamma.trigamma(x) / c[2], REF, "trigamma(" + x + ")");
      if (x >= 0.25) { // ln x − ψ(x) = 1e12 − 27.05… at 1e-12: no digits to keep there
        assertEquals(1.0, Polygamma.logMinusDigamma(x) / c[3], 1e-13, "ln x - psi(" + x + ")");
        assertEquals(1.0, Polygamma.trigammaTail(x) / c[4], 1e-13, "trigamma(" + x + ") - 1/x");
      }
    }
  }

  /**
   * Λ(x, m) = lnΓ(x + m) − lnΓ(x + 1) − lnΓ(m), relative, from mpmath at 40 digits:
   * {@code float(mp.loggamma(x+m) - mp.loggamma(x+1) - mp.loggamma(m))}. Covers the direct sum
   * (m ≤ 33) and both Stirling branches (x + 1 ≥ m and below), with tiny and huge x. Λ is a term
   * of a log evidence that is exponentiated, so what counts is its absolute error below 1 and its
   * relative error above (Approx.assertClose's rule).
   */
  @Test
  void logRisingRatioAgainstMpmath() {
    double[][] cases = {
        {0.5, 5, 0.9005423749060159},
        {1e-9, 1000, 7.484470859728378e-09},
        {2.5, 40, 8.067336607423996},
        {100, 40, 79.90751590807862},
        {1e6, 1e7, 3350989.196492633},
        {3e7, 1e7, 22493395.56431264},
        {1e-3, 1e7, 0.016694489199291687},
        {50, 1e4, 312.1615500207639},
    };
    for (double[] c : cases) {
      assertClose(c[2], Polygamma.logRisingRatio(c[0], c[1]), 1e-14, "Lambda(" + c[0] + ", " + c[1] + ")");
    }
    assertEquals(0.0, Polygamma.logRisingRatio(7.5, 1), 0.0);
    assertEquals(0.0, Polygamma.logRisingRatio(0, 1e6), 0.0);
  }

  /** ψ(x + 1) = ψ(x) + 1/x and ψ(n) = −γ + H_{n−1}, exactly known values. */
  @Test
  void recurrenceAndHarmonicNumbers() {
    double gamma = 0.5772156649015329;
    double harmonic = 0;
    for (int n = 1; n <= 40; n++) {
      assertClose(-gamma + harmonic, Polygamma.digamma(n), 1e-15, "psi(" + n + ")");
      harmonic += 1.0 / n;
    }
    for (double x : new double[] {0.3, 2.2, 11.5, 11.9999, 40.25}) {
      assertClose(Polygamma.digamma(x) + 1 / x, Polygamma.digamma(x + 1), 1e-15, "psi recurrence at " + x);
      assertClose(Polygamma.trigamma(x) - 1 / (x * x), Polygamma.trigamma(x + 1), 1e-15, "trigamma recurrence");
    }
  }

  /** ψ(x) − ψ(y) of nearly equal large arguments keeps the digits of the difference. */
  @Test
  void digammaDifferenceOfNearlyEqualArguments() {
    // ψ(1e7 + 1) − ψ(1e7) = 1/1e7 exactly
    assertClose(1e-7, Polygamma.digammaDifference(1e7 + 1, 1e7, 1), 1e-13);
    assertClose(1.0 / 3, Polygamma.digammaDifference(4, 3, 1), 1e-15);
  }

  @Test
  void rejectsNonPositive() {
    assertThrows(IllegalArgumentException.class, () -> Polygamma.digamma(0));
    assertThrows(IllegalArgumentException.class, () -> Polygamma.trigamma(-1));
    assertThrows(IllegalArgumentException.class, () -> Polygamma.digamma(Double.NaN));
  }
}
