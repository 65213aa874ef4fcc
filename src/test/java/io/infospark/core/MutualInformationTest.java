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
}
