package io.infospark.core;

import static io.infospark.testing.Approx.REFERENCE;
import static io.infospark.testing.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class MutualInformationTest {

  @Test
  void independentCrossProductHasZeroInformation() {
    MutualInfoEstimate e = MutualInformation.of(new long[][] {{2, 4, 6}, {3, 6, 9}}, LogBase.E);
    assertClose(0.0, e.mutualInformation(), 1e-15);
    assertClose(0.0, e.gStatistic(), 1e-12);
    assertClose(1.0, e.pValue(), 1e-12);
    assertEquals(2L, e.df());
  }

  @Test
  void aColumnWithItselfHasItsEntropy() {
    MutualInfoEstimate e = MutualInformation.of(new long[][] {{5, 0, 0}, {0, 3, 0}, {0, 0, 2}}, LogBase.TWO);
    assertEquals(e.entropyX(), e.mutualInformation(), 1e-15);
    assertEquals(0.0, e.conditionalEntropyYGivenX(), 1e-15);
    assertEquals(1.0, e.normalizedMi(), 1e-15);
  }

  @Test
  void constantColumnHasNoTest() {
    MutualInfoEstimate e = MutualInformation.of(new long[][] {{5, 3, 2}}, LogBase.E);
    assertEquals(0.0, e.mutualInformation());
    assertNull(e.pValue());
    assertNotNull(e.reason());
    assertEquals(0.0, e.normalizedMi());
  }

  /**
   * penguins Species × Island against scikit-learn 1.2 and scipy 1.10:
   * <pre>
   * s = pd.read_csv('data/penguins.csv')[['Species', 'Island']].dropna()
   * mutual_info_score(s.Species, s.Island), normalized_mutual_info_score(s.Species, s.Island)
   * chi2_contingency(pd.crosstab(s.Species, s.Island).values, correction=False, lambda_='log-likelihood')
   * </pre>
   */
  @Test
  void penguinsContingencyTable() {
    // Adelie: Biscoe 44, Dream 56, Torgersen 52; Chinstrap: Dream 68; Gentoo: Biscoe 124
    MutualInfoEstimate e = MutualInformation.of(new long[][] {{44, 56, 52}, {0, 68, 0}, {124, 0, 0}}, LogBase.E);
    assertClose(0.5201571711238806, e.mutualInformation(), REFERENCE);
    assertClose(0.5068346058305716, e.normalizedMi(), REFERENCE);
    assertClose(357.86813373322957, e.gStatistic(), REFERENCE);
    assertEquals(4L, e.df());
    assertEquals(1.0, e.pValue() / 3.50780571488802e-76, 1e-9);
    assertClose(1.532414477062916, e.jointEntropy(), REFERENCE);
  }

  /**
   * Grassberger and James–Stein plugged into I = H(X) + H(Y) − H(X,Y), and the coverage of the
   * pairs, against {@code src/test/python/estimators_reference.py mutual_information} (scipy
   * digamma, numpy; each entropy estimated on its own values):
   * <pre>
   * g = grassberger(cx) + grassberger(cy) - grassberger(cxy); j = james_stein(cx) + james_stein(cy) - james_stein(cxy)
   * </pre>
   */
  @Test
  void smallSampleEstimatorsOfRealPairs() {
    MutualInfoEstimate penguins = MutualInformation.of(new long[][] {{44, 56, 52}, {0, 68, 0}, {124, 0, 0}},
        LogBase.E);
    assertClose(0.5201668499481471, penguins.miGrassberger(), REFERENCE);
    assertClose(0.5230783836037849, penguins.miJamesStein(), REFERENCE);
    assertEquals(1.0, penguins.coverageXY());
    assertEquals(Boolean.FALSE, penguins.undersampled());
    // birdstrikes "Wildlife Species" × "Phase of flight", first 300 rows: 50 pairs, 22 seen once
    CountFingerprint x = fingerprint(new long[][] {{1, 9}, {2, 2}, {3, 1}, {4, 3}, {6, 1}, {9, 1}, {10, 1}, {11, 1},
        {45, 1}, {81, 1}, {110, 1}});
    CountFingerprint y = CountFingerprint.of(1, 11, 29, 49, 58, 152);
    CountFingerprint xy = fingerprint(new long[][] {{1, 22}, {2, 7}, {3, 7}, {4, 4}, {6, 2}, {7, 1}, {10, 1},
        {12, 1}, {14, 1}, {16, 1}, {21, 1}, {22, 1}, {42, 1}, {71, 1}});
    MutualInfoEstimate birds = MutualInformation.estimate(x, y, xy, LogBase.E);
    assertClose(0.16261794364059456, birds.miGrassberger(), REFERENCE);
    assertClose(0.20297472442200837, birds.miJamesStein(), REFERENCE);
    assertClose(0.9266666666666666, birds.coverageXY(), 1e-15);
    assertEquals(Boolean.FALSE, birds.undersampled());
    MutualInfoEstimate bits = MutualInformation.estimate(x, y, xy, LogBase.TWO);
    assertClose(0.16261794364059456 / Math.log(2), bits.miGrassberger(), REFERENCE);
  }

  private static CountFingerprint fingerprint(long[][] countAndTimes) {
    CountFingerprint f = new CountFingerprint();
    for (long[] e : countAndTimes) {
      f.add(e[0], e[1]);
    }
    return f;
  }
}
