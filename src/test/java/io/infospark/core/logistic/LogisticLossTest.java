package io.infospark.core.logistic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.core.BadInputException;
import org.junit.jupiter.api.Test;

class LogisticLossTest {

  @Test
  void extremeMarginsNeitherOverflowNorLosePrecision() {
    assertEquals(0.0, LogisticLoss.loss(1000, 1), 0.0);
    assertEquals(1000.0, LogisticLoss.loss(1000, 0), 0.0);
    assertEquals(0.0, LogisticLoss.loss(-1000, 0), 0.0);
    // log(1 + e^-40) = 4.248354255291589e-18 (relative precision kept)
    assertEquals(4.248354255291589e-18, LogisticLoss.loss(-40, 0), 1e-32);
    assertEquals(Math.log(2), LogisticLoss.loss(0, 1), 1e-16);
    assertEquals(1.0, LogisticLoss.sigmoid(800), 0.0);
    assertEquals(Math.exp(-800), LogisticLoss.sigmoid(-800), 0.0);
  }

  @Test
  void priorsValidateTheirScales() {
    assertThrows(BadInputException.class, () -> Prior.gaussian(0, 0));
    assertThrows(BadInputException.class, () -> Prior.laplace(0, -1));
    assertThrows(BadInputException.class, () -> Prior.elastic(0, 1, Double.NaN));
    BadInputException e = assertThrows(BadInputException.class, () -> Prior.parse("gaussian:-2", 0, "--prior"));
    assertTrue(e.getMessage().startsWith("--prior"), e.getMessage());
    assertThrows(BadInputException.class, () -> Prior.parse("horseshoe:1", 0, "--prior")); // no such family
    assertThrows(BadInputException.class, () -> Prior.parse("cauchy:0", 0, "--prior"));
    assertThrows(BadInputException.class, () -> Prior.parse("t:1:0", 0, "--prior"));
  }

  @Test
  void priorPenaltiesAreTheNegativeLogDensities() {
    Prior g = Prior.gaussian(1, 2);
    assertEquals(9.0 / 8.0, g.penalty(4), 1e-15);
    assertEquals(3.0 / 4.0, g.smoothGradient(4), 1e-15);
    assertEquals(0.25, g.smoothCurvature(), 1e-15);
    Prior l = Prior.laplace(1, 0.5);
    assertEquals(6.0, l.penalty(4), 1e-15);
    assertEquals(0.0, l.smoothValue(4), 0.0);
    assertEquals(2.0, l.l1Weight(), 0.0);
    assertEquals(9.0 / 8.0 + 6.0, Prior.elastic(1, 2, 0.5).penalty(4), 1e-15);
    assertEquals(Prior.parse("elastic:2:0.5", 1, "k").penalty(4), Prior.elastic(1, 2, 0.5).penalty(4), 0.0);
    assertTrue(Prior.flat().isFlat());
    assertEquals(0.0, Prior.flat().penalty(1e6), 0.0);
  }
}
