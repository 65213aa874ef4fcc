package io.infospark.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Bands against hand arithmetic (numpy for the last digits, code in each comment). */
class AnomalyRuleTest {
  private static final double TOL = 1e-12;
  private static final double[] HISTORY = {2.0, 2.2, 2.1, 1.9, 2.3};

  @Test
  void tooShortHistoryIsAReason() {
    AnomalyRule.Band b = AnomalyRule.rollingBand(4, 3).band(new double[] {2.0}, null, 5.0, null);
    assertFalse(b.anomaly());
    assertNull(b.lower());
    assertEquals("history too short: 1 earlier run with this metric; the rule needs at least 2", b.reason());
    assertEquals("history too short: 0 earlier runs with this metric; the rule needs at least 1",
        AnomalyRule.rateOfChange(0.1).band(new double[0], null, 1.0, null).reason());
  }

  /**
   * The last 4 of 2.0, 2.2, 2.1, 1.9, 2.3: mean 8.5/4 = 2.125; squared deviations .005625 + .000625
   * + .050625 + .030625 = .0875, / 3 = .0291667, sd = .1707825; band 2.125 ± 3 sd.
   * numpy: h = np.array([2.2, 2.1, 1.9, 2.3]); h.mean() -/+ 3 * h.std(ddof=1)
   */
  @Test
  void rollingBandIsMeanPlusMinusKSampleSd() {
    AnomalyRule r = AnomalyRule.rollingBand(4, 3);
    AnomalyRule.Band inside = r.band(HISTORY, null, 2.6, null);
    assertEquals(1.6126524617020201, inside.lower(), TOL);
    assertEquals(2.6373475382979796, inside.upper(), TOL);
    assertFalse(inside.anomaly());
    assertTrue(r.band(HISTORY, null, 2.64, null).anomaly());
    assertTrue(r.band(HISTORY, null, 1.61, null).anomaly());
    assertTrue(r.band(HISTORY, null, Double.NaN, null).anomaly());
    assertEquals("mean ± 3 sd of the last 4 runs", r.name());
  }

  /** Previous 0.8, at most 10 % change: 0.8 · 0.9 = 0.72 to 0.8 · 1.1 = 0.88. */
  @Test
  void rateOfChangeIsRelativeToThePreviousRun() {
    AnomalyRule r = AnomalyRule.rateOfChange(0.1);
    AnomalyRule.Band b = r.band(new double[] {5, 0.8}, null, 0.87, null);
    assertEquals(0.72, b.lower(), TOL);
    assertEquals(0.88, b.upper(), TOL);
    assertFalse(b.anomaly());
    assertTrue(r.band(new double[] {5, 0.8}, null, 0.89, null).anomaly());
    assertTrue(r.band(new double[] {5, 0.8}, null, 0.71, null).anomaly());
  }

  /**
   * The last 4 values as above with standard errors .05, .04, .06, .05, the current value's .03,
   * k = 2: mean 2.125, se of the mean √(.0025 + .0016 + .0036 + .0025)/4 = √.0102/4; half-width
   * 2 √(.03² + .0102/16) = .07842...
   * numpy: d = 2 * np.sqrt(0.03**2 + (se**2).sum() / 16); 2.125 -/+ d
   */
  @Test
  void standardErrorRuleWidensWithTheNoise() {
    AnomalyRule r = AnomalyRule.standardError(4, 2);
    double[] se = {0.07, 0.05, 0.04, 0.06, 0.05};
    AnomalyRule.Band b = r.band(HISTORY, se, 2.2, 0.03);
    assertEquals(2.046578064293209, b.lower(), TOL);
    assertEquals(2.203421935706791, b.upper(), TOL);
    assertFalse(b.anomaly());
    assertTrue(r.band(HISTORY, se, 2.21, 0.03).anomaly());
    // a noisier current run (se .2) is not alarming at the same value
    assertFalse(r.band(HISTORY, se, 2.4, 0.2).anomaly());
    assertEquals("no standard error for this metric in this run", r.band(HISTORY, se, 2.4, null).reason());
    assertEquals("no standard error for this metric in an earlier run",
        r.band(HISTORY, new double[] {0.1, 0.1, Double.NaN, 0.1, 0.1}, 2.4, 0.1).reason());
  }

  @Test
  void badParametersAreNamed() {
    assertEquals("window: expected a number of runs >= 1 but got 0",
        assertThrows(BadInputException.class, () -> AnomalyRule.rollingBand(0, 3)).getMessage());
    assertEquals("k: expected a positive number but got -1.0",
        assertThrows(BadInputException.class, () -> AnomalyRule.standardError(3, -1)).getMessage());
  }
}
