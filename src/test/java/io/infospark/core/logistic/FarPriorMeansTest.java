package io.infospark.core.logistic;

import static io.infospark.core.logistic.LogisticSolverTest.assertRel;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Prior means far from zero and from the MLE, on real tables of data/ whose features have very
 * different scales (a refit from a saved model, one mean for every coefficient, one per feature):
 * every method converges from the automatic start (Newton-type ones standardised or not), to the optimum of J
 * computed independently by scipy (src/test/python/refit_reference.py, output in
 * refit_reference.out: trust-exact with the exact gradient and Hessian, checked against
 * Newton-CG from zero; Laplace by L-BFGS-B on the split β − μ = u − v, then Newton on the support).
 * The Gaussian cases, in short (A = [1, X], mu and sd per coefficient, sd = inf for the intercept):
 * <pre>
 * def J(th): z = A @ th; g = np.isfinite(sd)
 *     return np.sum(np.logaddexp(0, z) - y * z) + np.sum((th[g] - mu[g]) ** 2 / (2 * sd[g] ** 2))
 * r = scipy.optimize.minimize(J, np.zeros(p), jac=grad, hess=hess, method="trust-exact", options={"gtol": 1e-10})
 * th = r.x; th -= np.linalg.solve(hess(th), grad(th))   # polished by full Newton steps, gradient ≤ 6e-10
 * </pre>
 */
class FarPriorMeansTest {
  private static final double COEF = 1e-6;
  private static final double OBJECTIVE = 1e-9;
  private static final double INF = Double.POSITIVE_INFINITY;

  /** data/penguins.csv, rows with Sex MALE or FEMALE (333): Species one-hot, Beak Length, Beak Depth, Body Mass. */
  static ReferenceData.Data penguins() {
    return ReferenceData.table("data/penguins.csv", "Sex", s -> s.equals("MALE") || s.equals("FEMALE"), "MALE",
        List.of("Species"), List.of("Beak Length (mm)", "Beak Depth (mm)", "Body Mass (g)"));
  }

  /** data/birdstrikes.csv, rows with a speed (7164): damaged (not "None") ~ Wildlife Size + Speed + Cost Total $ (0 … 7e6). */
  static ReferenceData.Data birdstrikes() {
    ReferenceData.Data d = ReferenceData.table("data/birdstrikes.csv", "Effect Amount of damage", s -> true, "None",
        List.of("Wildlife Size"), List.of("Speed IAS in knots", "Cost Total $"));
    double[] y = d.y().clone();
    for (int i = 0; i < y.length; i++) {
      y[i] = 1 - y[i]; // damaged: anything but "None"
    }
    return new ReferenceData.Data(d.x(), y, d.names());
  }

  /** data/seattle-weather.csv (1461 rows): rain ~ precipitation + temp_max + temp_min + wind. */
  static ReferenceData.Data seattle() {
    return ReferenceData.table("data/seattle-weather.csv", "weather", s -> true, "rain", List.of(),
        List.of("precipitation", "temp_max", "temp_min", "wind"));
  }

  // refit_reference.py: penguins m1 = gaussian(0, 10) MAP and its standard errors (a saved model)
  static final double[] PENGUIN_M1 = {-74.93513816372793, -6.608440730309411, -7.396635502788219, 0.596410073313155,
      1.6581938006949153, 0.005817269800136535};
  static final double[] PENGUIN_M1_SE = {9.51166821478817, 1.4917338139924774, 2.143707754502186, 0.12542006881337986,
      0.32850657510583114, 0.001024478559122248};
  // refit from m1: Gaussian(m1_j, se_j) on every feature, intercept flat
  static final double[] PENGUIN_REFIT = {-75.17937005872733, -6.687187769177332, -7.532166753195112, 0.6022462763973722,
      1.6523824519336174, 0.005853872821889777};
  static final double PENGUIN_REFIT_J = 63.668168971260556;

  private static Prior[] gaussians(double[] mean, double[] sd) {
    Prior[] p = new Prior[mean.length];
    p[0] = Prior.flat();
    for (int j = 1; j < p.length; j++) {
      p[j] = Prior.gaussian(mean[j], sd[j]);
    }
    return p;
  }

  private static double[] fill(int p, double v) {
    double[] a = new double[p];
    java.util.Arrays.fill(a, v);
    return a;
  }

  /**
   * Every method that fits these priors: Newton-type unstandardised and standardised (centred,
   * scaled), quasi-Newton standardised (as every fit through LogisticFit is by default; on
   * unscaled features such as grams or dollars its first-order steps cannot reach 1e-6 in every
   * coefficient).
   */
  private static void assertEveryMethodConverges(ReferenceData.Data d, Prior[] priors, double[] coef, double j, String what) {
    boolean l1 = priors[1].hasL1();
    List<String> failures = new ArrayList<>();
    for (Method m : l1 ? new Method[] {Method.PROXIMAL_NEWTON, Method.OWLQN} : new Method[] {Method.NEWTON, Method.LBFGS}) {
      for (boolean std : m == Method.NEWTON || m == Method.PROXIMAL_NEWTON ? new boolean[] {false, true} : new boolean[] {true}) {
        SolverOptions o = SolverOptions.defaults().withMethod(m).withNames(d.names());
        if (std) {
          o = o.withStandardize(true).withScales(scales(d)).withCenters(means(d));
        }
        String how = what + ", " + m + (std ? ", standardised" : "");
        Solution s = LogisticSolver.minimize(d.objective(3), priors, null, o);
        if (!s.converged()) {
          failures.add(how + ": not converged: " + s.message());
          continue;
        }
        try {
          assertRel(coef, s.beta(), COEF, how + " coef");
          assertRel(j, s.objective(), OBJECTIVE, how + " J");
        } catch (AssertionError e) {
          failures.add(e.getMessage() + " (" + s.message() + ", " + s.iterations() + " iterations)");
        }
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void penguinRefitFromSavedModelConverges() {
    assertEveryMethodConverges(penguins(), gaussians(PENGUIN_M1, PENGUIN_M1_SE), PENGUIN_REFIT, PENGUIN_REFIT_J,
        "penguins refit from m1");
  }

  @Test
  void penguinMeanThreeOnEveryCoefficient() {
    // refit_reference.py "penguins gaussian(3, 1)": the prior mean of Body Mass (g) alone moves margins by ~12,600
    double[] coef = {-65.33912766540097, -0.563735584465467, 1.323950079487042, 0.13759095400321592, 2.3286880445324623,
        0.004543165773904459};
    assertEveryMethodConverges(penguins(), gaussians(fill(6, 3), fill(6, 1)), coef, 96.3664677233997, "penguins gaussian(3, 1)");
  }

  @Test
  void penguinMeansPerFeature() {
    // refit_reference.py "penguins per-feature means -5,5,-1,4,-0.01, gaussian sd 2"
    double[] coef = {-74.72735255309506, -4.992168080870806, -1.2345568108725875, 0.4551567380013724, 2.2829855289314653,
        0.004067729019074232};
    assertEveryMethodConverges(penguins(), gaussians(new double[] {0, -5, 5, -1, 4, -0.01}, fill(6, 2)), coef,
        74.21391424494409, "penguins per-feature means");
  }

  @Test
  void birdstrikeCostInDollarsWithMeanHalf() {
    // refit_reference.py "birdstrikes gaussian(0.5, 0.1)": at the prior mean the cost term alone is up to 3.5e6
    ReferenceData.Data d = birdstrikes();
    double[] coef = {-2.982800468859467, 0.06175973352262345, -0.5294945737632406, 0.005610218121499271, 0.000178043685491992};
    assertEveryMethodConverges(d, gaussians(fill(5, 0.5), fill(5, 0.1)), coef, 2148.6202398976984, "birdstrikes gaussian(0.5, 0.1)");
  }

  @Test
  void birdstrikeRefitFromSavedModelConverges() {
    // refit_reference.py "birdstrikes m1: gaussian(0, 10)", its standard errors, and the refit from it
    double[] m1 = {-1.0447492271442809, -1.754138709705366, -2.77936061810289, 0.003969202216022641, 0.00016788929199018881};
    double[] se = {0.18139685081122436, 0.11001393124662395, 0.12503466706033856, 0.0009369180599616791, 2.4074627419392177e-05};
    double[] coef = {-1.044592835252171, -1.7542978261456248, -2.7795954671415184, 0.0039691182806820486, 0.00016788975533675075};
    assertEveryMethodConverges(birdstrikes(), gaussians(m1, se), coef, 1891.5853851388024, "birdstrikes refit");
  }

  @Test
  void seattleMeansFarBelowAndAboveZero() {
    ReferenceData.Data d = seattle();
    // refit_reference.py "seattle gaussian(-2, 0.5)" and "seattle gaussian(2, 1)"
    assertEveryMethodConverges(d, gaussians(fill(5, -2), fill(5, 0.5)), new double[] {0.9253807323066424, 0.5061311118250367,
        -0.32366741881634203, 0.3818094116959324, 0.038356463951427174}, 613.0437007171219, "seattle gaussian(-2, 0.5)");
    assertEveryMethodConverges(d, gaussians(fill(5, 2), fill(5, 1)), new double[] {0.8015715189251071, 0.5311950912798858,
        -0.32348063918846015, 0.3852074955077335, 0.062281273020180515}, 581.9734840306613, "seattle gaussian(2, 1)");
  }

  @Test
  void seattleLaplaceMeanOne() {
    // refit_reference.py "seattle laplace(1, 0.2)"
    ReferenceData.Data d = seattle();
    Prior[] p = d.priors(Prior.laplace(1, 0.2));
    assertEveryMethodConverges(d, p, new double[] {0.76319398006547, 0.5394792693972464, -0.3234782124753122,
        0.3863452956521122, 0.06967201149294558}, 591.7105776724272, "seattle laplace(1, 0.2)");
  }

  static double[] means(ReferenceData.Data d) {
    double[] m = new double[d.names().length];
    for (double[] x : d.x()) {
      for (int j = 1; j < m.length; j++) {
        m[j] += x[j - 1] / d.x().length;
      }
    }
    return m;
  }

  static double[] scales(ReferenceData.Data d) {
    double[] m = means(d);
    double[] s = new double[m.length];
    s[0] = 1;
    for (double[] x : d.x()) {
      for (int j = 1; j < m.length; j++) {
        s[j] += (x[j - 1] - m[j]) * (x[j - 1] - m[j]) / d.x().length;
      }
    }
    for (int j = 1; j < m.length; j++) {
      s[j] = Math.sqrt(s[j]);
    }
    return s;
  }
}
