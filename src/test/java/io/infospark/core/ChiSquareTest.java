package io.infospark.core;

import static io.infospark.testing.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ChiSquareTest {
  private static final double REF = 1e-12;

  /** The chi-square table: the 5% critical values 3.841 (df 1) and 18.307 (df 10). */
  @Test
  void tableCriticalValues() {
    assertClose(0.05, ChiSquare.survival(3.841458820694124, 1), REF);
    assertClose(0.05, ChiSquare.survival(18.307038053275146, 10), REF);
    assertClose(0.01, ChiSquare.survival(6.6348966010212145, 1), REF);
  }

  /**
   * Against scipy 1.10.1: {@code scipy.stats.chi2.sf(x, df)}; relative tolerance on the p-value
   * itself (tiny p-values keep their digits).
   */
  @Test
  void againstScipy() {
    double[][] cases = {
        {0.5, 3, 0.9188914116546758},
        {25.0, 4, 5.0309817823062075e-05},
        {100.0, 50, 3.454931382984871e-05},
        {1000.0, 800, 1.6472192644087128e-06},
        {60.0, 2, 9.357622968840163e-14},
        {7.0, 7, 0.42887985755305486},
        {1e-3, 1, 0.9747728793699604},
        {350.0, 300, 0.024730797264387417},
        // G-tests of the penguins and birdstrikes pairs (see MutualInformationTest)
        {357.86813373322957, 4, 3.50780571488802e-76},
        {816.8508978009478, 10, 4.915695384599913e-169},
        {450.36361549652133, 605, 0.9999994520467845},
    };
    for (double[] c : cases) {
      double p = ChiSquare.survival(c[0], c[1]);
      assertEquals(1.0, p / c[2], 1e-11, "chi2.sf(" + c[0] + ", " + c[1] + ") = " + p);
    }
  }

  @Test
  void edges() {
    assertEquals(1.0, ChiSquare.survival(0, 3));
    assertEquals(0.0, ChiSquare.survival(Double.POSITIVE_INFINITY, 3));
    assertClose(Math.exp(-1.0), ChiSquare.survival(2.0, 2), 1e-15); // df 2: e^{−x/2}
    assertThrows(IllegalArgumentException.class, () -> ChiSquare.survival(1, 0));
    assertClose(0.5 * Math.log(Math.PI), ChiSquare.logGamma(0.5), 1e-15);
    assertClose(Math.log(362880), ChiSquare.logGamma(10), 1e-15);
    assertClose(1.0, ChiSquare.regularizedGammaP(3, 4) + ChiSquare.regularizedGammaQ(3, 4), 1e-15);
  }
}
