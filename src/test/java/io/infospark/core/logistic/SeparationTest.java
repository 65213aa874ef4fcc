package io.infospark.core.logistic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Separation is reported only with a row-by-row proof. The data (src/test/resources/separation/)
 * are written from closed formulas by src/test/python/separation_reference.py, which also checks
 * with linear programs (scipy linprog) that complete.csv is completely separated (80 rows strictly),
 * quasi.csv and oblique.csv quasi-completely (80 rows strictly, 4 on the hyperplane x1 = 0,
 * resp. x1 = 1), and near.csv not at all; its output is separation_reference.out.
 */
class SeparationTest {

  static ReferenceData.Data read(String name) {
    try {
      List<String> lines = Files.readAllLines(Path.of("src/test/resources/separation/" + name + ".csv"));
      int n = lines.size() - 1;
      double[][] x = new double[n][2];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        String[] f = lines.get(i + 1).split(",");
        x[i][0] = Double.parseDouble(f[0]);
        x[i][1] = Double.parseDouble(f[1]);
        y[i] = Double.parseDouble(f[2]);
      }
      return new ReferenceData.Data(x, y, new String[] {"(intercept)", "x1", "x2"});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Solution fit(ReferenceData.Data d, Prior prior, Method m, boolean standardize) {
    SolverOptions o = SolverOptions.defaults().withMethod(m).withNames(d.names());
    if (standardize) {
      double[][] ms = meansAndScales(d);
      o = o.withStandardize(true).withCenters(ms[0]).withScales(ms[1]);
    }
    return LogisticSolver.minimize(d.objective(3), d.priors(prior), null, o);
  }

  static double[][] meansAndScales(ReferenceData.Data d) {
    int p = d.names().length;
    double[] m = new double[p];
    double[] s = new double[p];
    s[0] = 1;
    for (int j = 1; j < p; j++) {
      double q = 0;
      for (double[] x : d.x()) {
        m[j] += x[j - 1] / d.x().length;
        q += x[j - 1] * x[j - 1] / d.x().length;
      }
      s[j] = Math.sqrt(q - m[j] * m[j]);
    }
    return new double[][] {m, s};
  }

  /** Every method, in raw and in standardised units (the check then runs through the affine map). */
  private static void assertSeparated(String data, boolean complete, long strict, long boundary) {
    ReferenceData.Data d = read(data);
    for (Method m : new Method[] {Method.NEWTON, Method.LBFGS}) {
      for (boolean std : new boolean[] {false, true}) {
        String what = data + " " + m + (std ? " standardised" : "");
        SeparationException e = assertThrows(SeparationException.class, () -> fit(d, Prior.flat(), m, std), what);
        assertEquals(List.of("x1"), e.features(), what + ": " + e.getMessage());
        assertEquals(complete, e.complete(), what);
        assertEquals(strict, e.separatedRows(), what);
        assertEquals(boundary, e.boundaryRows(), what);
        assertTrue(e.getMessage().contains(complete ? "completely separated by x1: all 80 rows" : "quasi-completely separated by x1: 80 rows")
            && e.getMessage().contains("Gaussian or Laplace prior"), e.getMessage());
      }
    }
    // the same data with a prior: a finite MAP estimate
    for (Prior prior : new Prior[] {Prior.gaussian(0, 2.5), Prior.laplace(0, 2.5)}) {
      Solution map = fit(d, prior, Method.AUTO, false);
      assertTrue(map.converged(), data + " " + prior.describe() + ": " + map.message());
      assertTrue(map.beta()[1] > 1 && map.beta()[1] < 30, data + " finite MAP slope " + map.beta()[1]);
    }
  }

  @Test
  void completeSeparationIsProved() {
    // x2 takes ±v with the same (x1, y): no separating direction needs it, and the proof names only x1
    assertSeparated("complete", true, 80, 0);
  }

  /**
   * A loose tolerance stops L-BFGS while the margins are still moderate (no fitted probability
   * within 2e-9 of 0 or 1): the small gradient must still not pass for convergence.
   */
  @Test
  void looseToleranceDoesNotTurnSeparationIntoConvergence() {
    ReferenceData.Data d = read("complete");
    for (Method m : new Method[] {Method.NEWTON, Method.LBFGS}) {
      SeparationException e = assertThrows(SeparationException.class, () -> LogisticSolver.minimize(d.objective(3),
          d.priors(Prior.flat()), null, SolverOptions.defaults().withMethod(m).withTolerance(1e-3).withNames(d.names())), m.toString());
      assertTrue(e.complete() && e.separatedRows() == 80, e.getMessage());
    }
  }

  @Test
  void quasiCompleteSeparationIsProvedWithTheBoundaryRowsCounted() {
    assertSeparated("quasi", false, 80, 4);
  }

  @Test
  void obliqueQuasiCompleteSeparationIsProved() {
    // the hyperplane x1 = 1 needs the intercept in the direction: exact only after the near rows' span is removed
    assertSeparated("oblique", false, 80, 4);
  }

  /**
   * Separated except for two rows just across the boundary: the MLE exists. statsmodels:
   * {@code sm.Logit(near.y, sm.add_constant(near[["x1", "x2"]])).fit(method="newton", tol=1e-12)}
   * (separation_reference.py).
   */
  @Test
  void nearlySeparatedDataConvergeToTheFiniteMle() {
    double[] coef = {-8.543392383417078e-16, 9.540682317285256, 4.629264814588472e-17};
    double[] se = {1.3112975348169456, 5.209624694341646, 3.402067115150663};
    double llf = -2.0296506326353128;
    ReferenceData.Data d = read("near");
    for (Method m : new Method[] {Method.NEWTON, Method.LBFGS}) {
      for (boolean std : new boolean[] {false, true}) {
        String what = m + (std ? " standardised" : "");
        Solution s = fit(d, Prior.flat(), m, std);
        assertTrue(s.converged(), what + ": " + s.message());
        for (int j = 0; j < 3; j++) {
          // relative 1e-6; the intercept and x2 are 0 by symmetry, so 1e-6 absolute there
          assertEquals(coef[j], s.beta()[j], 1e-6 * Math.max(1, Math.abs(coef[j])), what + " coef " + j);
          assertEquals(se[j], s.stdErrors()[j], 1e-6 * se[j], what + " se " + j);
        }
        assertEquals(-llf, s.loss(), 1e-9 * -llf, what + " -llf");
      }
    }
  }

  /** The sign test itself, on rows whose margins along d are known in closed form. */
  @Test
  void signTestCountsRowsAndRespectsWeights() {
    // rows (x1, x2, y, w); d = (0, 1, 0): margins (2y − 1)·x1
    double[][] x = {{2, 5}, {-1, 3}, {0, 7}, {0, 7}, {3, 1}, {-4, 0}};
    double[] y = {1, 0, 1, 0, 0, 1};
    double[] w = {1, 1, 1, 1, 0, 2};
    DataBlock b = DataBlock.dense(2, x, y, w);
    double[][] dirs = {{0, 1, 0}, {0, 1, 1e-12}, {-1, 1, 0}};
    SeparationCheck.Result r = new SeparationCheck(3, 3, 0).add(b, dirs).result();
    // d = x1: rows 1, 2 strictly (+2, +1), rows 3, 4 on it, row 5 ignored (weight 0), row 6 wrong (y = 1, x1 = −4)
    assertEquals(List.of(2L, 2L, 1L), List.of(r.strict()[0], r.boundary()[0], r.wrong()[0]));
    assertFalse(r.separates(0));
    // x2·1e-12 is not within 1e-10 of the scale 7e-12 on rows 3, 4: they leave the hyperplane, one each way
    assertEquals(List.of(3L, 0L, 2L), List.of(r.strict()[1], r.boundary()[1], r.wrong()[1]));
    // d = x1 − 1: margins +1, +2, −1, +1, −5
    assertEquals(List.of(3L, 0L, 2L), List.of(r.strict()[2], r.boundary()[2], r.wrong()[2]));
    // without the last row (split in two blocks, merged): d = x1 separates quasi-completely
    DataBlock first = DataBlock.dense(2, java.util.Arrays.copyOf(x, 3), java.util.Arrays.copyOf(y, 3), null);
    DataBlock second = DataBlock.dense(2, new double[][] {x[3], x[4]}, new double[] {y[3], y[4]}, new double[] {1, 0});
    SeparationCheck.Result q = new SeparationCheck(3, 3, 0.5).add(first, dirs).merge(new SeparationCheck(3, 3, 0.5).add(second, dirs)).result();
    assertTrue(q.separates(0));
    assertEquals(List.of(2L, 2L, 0L), List.of(q.strict()[0], q.boundary()[0], q.wrong()[0]));
    // the Gram matrix of the rows near d = x1 (rows 3 and 4: a = (1, 0, 7) twice), packed upper
    assertEquals(List.of(2.0, 0.0, 0.0, 14.0, 0.0, 98.0), java.util.Arrays.stream(q.gram()).boxed().toList());
    // with the last row (a = (1, −4, 0), wrong side) it enters too: + (1, −4, 0)(1, −4, 0)ᵀ
    SeparationCheck.Result g = new SeparationCheck(3, 3, 0.5).add(b, dirs).result();
    assertEquals(List.of(3.0, -4.0, 16.0, 14.0, 0.0, 98.0), java.util.Arrays.stream(g.gram()).boxed().toList());
  }

  /** A direction along which J falls while one row is on the wrong side is no proof. */
  @Test
  void noProofFromADirectionWithAWrongRow() {
    ReferenceData.Data d = read("near");
    Problem pr = new Problem(d.objective(2), d.priors(Prior.flat()), SolverOptions.defaults().withNames(d.names()));
    // x2: rows on both sides far from its hyperplane, clearly wrong (margin < −0.1 per unit of the direction): one pass
    assertNull(SeparationCertificate.find(pr, "test", new double[] {0, 0, 1}));
    assertEquals(1, pr.passes);
    // x1: only the two rows at x1 = ±0.05 are on the wrong side, close to the hyperplane (a near miss), so
    // the Gram pass follows; (1, ±0.05, 0) span the intercept and x1, nothing of x1 is left: no proof, no third pass
    assertNull(SeparationCertificate.find(pr, "test", new double[] {0, 1, 0}));
    assertEquals(3, pr.passes);
    Problem q = new Problem(read("oblique").objective(2), d.priors(Prior.flat()), SolverOptions.defaults().withNames(d.names()));
    // an inexact oblique direction becomes exact after the projection: x1 − 1 with an error of 1e-4 in the intercept
    SeparationException e = SeparationCertificate.find(q, "test", new double[] {-1 + 1e-4, 1, 0});
    assertNotNull(e);
    assertEquals(4, e.boundaryRows());
    assertEquals(3, q.passes, "one pass for the candidates, one for the Gram matrix of the near miss's close rows, one for the projected direction");
  }
}
