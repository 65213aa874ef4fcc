package io.infospark.logistic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The coefficient table shows a prior's numbers to 6 significant digits; short numbers as written. */
class PriorTextTest {
  @Test
  void longNumbersAreShortenedShortOnesKept() {
    assertEquals("gaussian(mean=0, sd=0.444684)", LogisticResult.brief("gaussian(mean=0, sd=0.44468437216340956)"));
    assertEquals("laplace(mean=0, b=1.2e-05)", LogisticResult.brief("laplace(mean=0, b=1.2000000000000002E-5)"));
    assertEquals("laplace(mean=-1.5, b=2.5)", LogisticResult.brief("laplace(mean=-1.5, b=2.5)"));
    assertEquals("t(mean=0, s=2.5, df=7)", LogisticResult.brief("t(mean=0, s=2.5, df=7)"));
    assertEquals("gaussian(mean=-3.14159, sd=1000)", LogisticResult.brief("gaussian(mean=-3.1415926535, sd=1000.0000000001)"));
    assertEquals("flat", LogisticResult.brief("flat"));
  }
}
