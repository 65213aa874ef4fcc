package io.infospark.core.logistic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The optimisers on in-memory data against independent references. Every expected number below
 * is printed by src/test/python/logistic_reference.py (its output is in logistic_reference.out).
 */
class LogisticSolverTest {
  /** Coefficients and standard errors vs statsmodels / scikit-learn / scipy (relative). */
  private static final double COEF = 1e-6;
  /** J and log-likelihood (relative). */
  private static final double OBJECTIVE = 1e-9;

  // statsmodels: sm.Logit(GRADE, add_constant(spector[["GPA","TUCE","PSI"]])).fit(method="newton", tol=1e-10)
  private static final double[] SPECTOR_COEF = {-13.021346858115697, 2.8261125948893224, 0.09515766131790943, 2.378687655093354};
  private static final double[] SPECTOR_SE = {4.931324213602857, 1.2629410756291097, 0.14155420567369442, 1.0645642544971377};
  private static final double SPECTOR_LLF = -12.889634222131413;

  // statsmodels Logit on penguins (nulls and the Sex "." row dropped; 333 rows), y = Sex == MALE,
  // X = [Species=Chinstrap, Species=Gentoo, Beak Length, Beak Depth, Flipper Length, Body Mass]
  private static final double[] PENGUIN_MLE = {-79.02500787752659, -6.980329216756204, -8.35389476751725, 0.613781605820736,
      1.6228606773639143, 0.020773708386830132, 0.005865280986208524};
  private static final double[] PENGUIN_MLE_SE = {12.115856270063663, 1.5743522545841029, 2.5236261575654786, 0.13101205177614367,
      0.33241011788277547, 0.04782991572797309, 0.0010833444664924794};
  private static final double PENGUIN_LLF = -63.55433354813894;

  // scikit-learn: LogisticRegression(penalty="l2", C=0.5**2, solver="newton-cg", tol=1e-12, max_iter=100000)
  // (intercept not penalised) gives -47.36456352196645, -0.8081759958286081, ...; polished by 20 numpy
  // Newton steps on the same J (agreeing to 1e-11):
  private static final double[] PENGUIN_L2 = {-47.364563521966346, -0.8081759958286068, -0.4517545515405539, 0.15888105854391948,
      1.6594604897393712, -0.035868773779777104, 0.004647512627103798};
  private static final double PENGUIN_L2_J = 84.23417423368194;
  private static final double[] PENGUIN_L2_SE = {6.80086007348371, 0.4371025143016474, 0.4750117287394221, 0.05566482775896861,
      0.19479699253161994, 0.03290750425491784, 0.0007222896365147555};

  // scipy 1.10: L-BFGS-B on the smooth split β = u − v, u, v ≥ 0 (start: the L2 fit), then Newton on
  // the support with signs fixed; KKT checked (|∂L/∂β_j| ≤ 1/b on zeros). Penguins without Body Mass, b = 0.2.
  private static final double[] PENGUIN_L1 = {-57.81080126811154, -2.8200513775630314, 0.0, 0.29074544247990464,
      1.4745047682306371, 0.1016964646005799};
  private static final double PENGUIN_L1_J = 124.40464426001047;
  private static final double[] PENGUIN_L1_SE = {6.589153431628966, 0.6987523212512181, Double.NaN, 0.06430779365753779,
      0.16517299075522282, 0.0241621913402929};

  static void assertRel(double[] expected, double[] actual, double rel, String what) {
    List<String> bad = new ArrayList<>();
    for (int j = 0; j < expected.length; j++) {
      double e = expected[j];
      double a = actual[j];
      boolean ok = Double.isNaN(e) ? Double.isNaN(a) : Math.abs(a - e) <= rel * Math.abs(e) + 1e-300;
      if (!ok) {
        bad.add(String.format("%s[%d]: expected %.17g but was %.17g (rel diff %.2e)", what, j, e, a, Math.abs(a - e) / Math.abs(e)));
      }
    }
    if (!bad.isEmpty()) {
      fail(String.join("\n", bad));
    }
  }

  static void assertRel(double expected, double actual, double rel, String what) {
    assertRel(new double[] {expected}, new double[] {actual}, rel, what);
  }

  private static Solution fit(ReferenceData.Data d, Prior prior, Method m) {
    return LogisticSolver.minimize(d.objective(3), d.priors(prior), null,
        SolverOptions.defaults().withMethod(m).withNames(d.names()));
  }

  @Test
  void spectorMleMatchesStatsmodels() {
    for (Method m : new Method[] {Method.NEWTON, Method.LBFGS}) {
      Solution s = fit(ReferenceData.spector(), Prior.flat(), m);
      assertTrue(s.converged(), m + " " + s.message());
      assertRel(SPECTOR_COEF, s.beta(), COEF, m + " coef");
      assertRel(SPECTOR_SE, s.stdErrors(), COEF, m + " se");
      assertRel(-SPECTOR_LLF, s.loss(), OBJECTIVE, m + " -llf");
      assertEquals(0.0, s.penalty(), 0.0);
    }
  }

  @Test
  void penguinMleMatchesStatsmodels() {
    Solution s = fit(ReferenceData.penguins(true), Prior.flat(), Method.AUTO);
    assertEquals(Method.NEWTON, s.method());
    assertTrue(s.converged(), s.message());
    assertTrue(s.passes() <= 12, "passes " + s.passes());
    assertRel(PENGUIN_MLE, s.beta(), COEF, "coef");
    assertRel(PENGUIN_MLE_SE, s.stdErrors(), COEF, "se");
    assertRel(-PENGUIN_LLF, s.objective(), OBJECTIVE, "J");
  }

  @Test
  void gaussianPriorMatchesScikitLearn() {
    ReferenceData.Data d = ReferenceData.penguins(true);
    for (Method m : new Method[] {Method.NEWTON, Method.LBFGS}) {
      Solution s = LogisticSolver.minimize(d.objective(2), d.priors(Prior.gaussian(0, 0.5)), null,
          SolverOptions.defaults().withMethod(m).withStandardize(m == Method.LBFGS).withScales(scales(d)).withCenters(means(d)));
      assertTrue(s.converged(), m + " " + s.message());
      assertRel(PENGUIN_L2, s.beta(), COEF, m + " coef");
      assertRel(PENGUIN_L2_J, s.objective(), OBJECTIVE, m + " J");
      assertRel(PENGUIN_L2_SE, s.stdErrors(), COEF, m + " se");
    }
  }

  @Test
  void laplacePriorMatchesScipyWithExactZerosAndKkt() {
    ReferenceData.Data d = ReferenceData.penguins(false);
    for (Method m : new Method[] {Method.PROXIMAL_NEWTON, Method.OWLQN}) {
      Solution s = LogisticSolver.minimize(d.objective(2), d.priors(Prior.laplace(0, 0.2)), null,
          SolverOptions.defaults().withMethod(m).withStandardize(m == Method.OWLQN).withScales(scales(d)).withCenters(means(d)));
      assertTrue(s.converged(), m + " " + s.message());
      assertEquals(0.0, s.beta()[2], 0.0, m + " exact zero");
      assertEquals(4, s.nonZero());
      assertRel(PENGUIN_L1, s.beta(), COEF, m + " coef");
      assertRel(PENGUIN_L1_J, s.objective(), OBJECTIVE, m + " J");
      assertRel(PENGUIN_L1_SE, s.stdErrors(), COEF, m + " se");
      // KKT: on the zero, |∂L/∂β| ≤ 1/b; elsewhere ∂L/∂β = −sign(β)/b.
      Eval e = d.objective(1).evaluate(s.beta(), false);
      assertTrue(Math.abs(e.gradient()[2]) <= 1 / 0.2, "KKT on the zero: " + e.gradient()[2]);
      for (int j : new int[] {1, 3, 4, 5}) {
        // within the convergence tolerance: 1e-9 × Σw in centred, scaled units (× s_j + |m_j| here)
        assertEquals(-Math.signum(s.beta()[j]) / 0.2, e.gradient()[j], 1e-4, "KKT " + j);
      }
    }
  }

  private static double[] means(ReferenceData.Data d) {
    double[] m = new double[d.names().length];
    for (double[] x : d.x()) {
      for (int j = 1; j < m.length; j++) {
        m[j] += x[j - 1] / d.x().length;
      }
    }
    return m;
  }

  private static double[] scales(ReferenceData.Data d) {
    int p = d.names().length;
    double[] s = new double[p];
    s[0] = 1;
    for (int j = 1; j < p; j++) {
      double m = 0;
      double q = 0;
      for (double[] x : d.x()) {
        m += x[j - 1];
        q += x[j - 1] * x[j - 1];
      }
      m /= d.x().length;
      s[j] = Math.sqrt(q / d.x().length - m * m);
    }
    return s;
  }

  @Test
  void vagueGaussianPriorGivesTheMle() {
    Solution s = fit(ReferenceData.spector(), Prior.gaussian(0, 1e7), Method.NEWTON);
    assertRel(SPECTOR_COEF, s.beta(), 1e-6, "coef");
  }

  @Test
  void tightPriorPinsCoefficientsToItsMean() {
    Solution s = fit(ReferenceData.spector(), Prior.gaussian(0.7, 1e-6), Method.NEWTON);
    for (int j = 1; j < 4; j++) {
      assertEquals(0.7, s.beta()[j], 1e-8);
    }
    Solution l = fit(ReferenceData.spector(), Prior.laplace(0.7, 1e-4), Method.PROXIMAL_NEWTON);
    for (int j = 1; j < 4; j++) {
      assertEquals(0.7, l.beta()[j], 0.0, "Laplace: exactly the mean");
    }
    assertEquals(0, l.nonZero() - 3);
  }

  @Test
  void weightsEqualRepeatedRows() {
    ReferenceData.Data d = ReferenceData.spector();
    Random r = new Random(11);
    DataBlock.Builder weighted = new DataBlock.Builder(3, 32);
    DataBlock.Builder repeated = new DataBlock.Builder(3, 100);
    for (int i = 0; i < d.x().length; i++) {
      int k = 1 + r.nextInt(3);
      weighted.addDense(d.x()[i], d.y()[i], k);
      for (int c = 0; c < k; c++) {
        repeated.addDense(d.x()[i], d.y()[i], 1.0);
      }
    }
    Prior[] priors = d.priors(Prior.gaussian(0, 3));
    Solution a = LogisticSolver.minimize(new InMemoryObjective(3, List.of(weighted.build())), priors, null, SolverOptions.defaults());
    Solution b = LogisticSolver.minimize(new InMemoryObjective(3, List.of(repeated.build())), priors, null, SolverOptions.defaults());
    assertRel(b.beta(), a.beta(), 1e-10, "coef");
    assertRel(b.objective(), a.objective(), 1e-12, "J");
  }

  /**
   * x1 > 0 ⇔ y = 1, except four rows at x1 = 0 with both labels at two noise values, so that no
   * direction involving the intercept or the noise separates them: quasi-complete separation by x1.
   */
  private static ReferenceData.Data separated() {
    Random r = new Random(5);
    int n = 40;
    double[][] x = new double[n + 4][];
    double[] y = new double[n + 4];
    for (int i = 0; i < n; i++) {
      double x1 = (i % 2 == 0 ? 1 : -1) * (0.5 + r.nextDouble());
      x[i] = new double[] {x1, r.nextGaussian()};
      y[i] = x1 > 0 ? 1 : 0;
    }
    x[n] = new double[] {0, 0.3};
    y[n] = 1;
    x[n + 1] = new double[] {0, -0.2};
    y[n + 1] = 0;
    x[n + 2] = new double[] {0, 0.3};
    y[n + 2] = 0;
    x[n + 3] = new double[] {0, -0.2};
    y[n + 3] = 1;
    return new ReferenceData.Data(x, y, new String[] {"(intercept)", "x1", "noise"});
  }

  @Test
  void separationIsDetectedForMleAndMapConverges() {
    ReferenceData.Data d = separated();
    for (Method m : new Method[] {Method.NEWTON, Method.LBFGS}) {
      SeparationException e = assertThrows(SeparationException.class, () -> fit(d, Prior.flat(), m), m.toString());
      assertEquals(List.of("x1"), e.features(), e.getMessage());
      assertTrue(e.getMessage().contains("Gaussian or Laplace prior"), e.getMessage());
    }
    Solution map = fit(d, Prior.gaussian(0, 2.5), Method.AUTO);
    assertTrue(map.converged());
    assertTrue(map.beta()[1] > 1 && map.beta()[1] < 30, "finite MAP slope " + map.beta()[1]);
    Solution lap = fit(d, Prior.laplace(0, 2.5), Method.AUTO);
    assertTrue(lap.converged());
  }

  @Test
  void standardisationDoesNotChangeTheOptimum() {
    ReferenceData.Data d = ReferenceData.penguins(true);
    Solution plain = LogisticSolver.minimize(d.objective(1), d.priors(Prior.elastic(0, 1, 0.5)), null, SolverOptions.defaults());
    Solution std = LogisticSolver.minimize(d.objective(1), d.priors(Prior.elastic(0, 1, 0.5)), null,
        SolverOptions.defaults().withStandardize(true).withScales(scales(d)).withCenters(means(d)));
    assertRel(plain.objective(), std.objective(), 1e-12, "J");
    for (int j = 0; j < plain.beta().length; j++) {
      assertEquals(plain.beta()[j], std.beta()[j], 1e-6 * Math.max(1, Math.abs(plain.beta()[j])), "coef " + j);
    }
  }
}
