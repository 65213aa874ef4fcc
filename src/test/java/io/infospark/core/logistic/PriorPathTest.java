package io.infospark.core.logistic;

import static io.infospark.core.logistic.LogisticSolverTest.assertRel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Paths with warm starts and screening, and cross-validation in shared passes, against independent single fits. */
class PriorPathTest {
  private static final double COEF = 1e-6;

  static ReferenceData.Data penguins() {
    return FarPriorMeansTest.penguins();
  }

  static PriorPath.Spec spec(ReferenceData.Data d, Prior family, double[] scales) {
    Prior[] priors = d.priors(family);
    boolean[] follows = new boolean[priors.length];
    for (int j = 1; j < follows.length; j++) {
      follows[j] = true;
    }
    return new PriorPath.Spec(priors, follows, scales, SolverOptions.defaults().withNames(d.names()));
  }

  static Solution single(ReferenceData.Data d, Prior prior) {
    return LogisticSolver.minimize(d.objective(3), d.priors(prior), null, SolverOptions.defaults().withNames(d.names()));
  }

  /** Blocks whose rows are sorted by their fold ({@link Folds}, seed 7) and the training rows of each fold. */
  static FoldPass.InMemory folded(ReferenceData.Data d, int folds, long seed, int blocks) {
    int dim = d.names().length - 1;
    List<DataBlock> list = new ArrayList<>();
    int n = d.x().length;
    int[] idx = new int[dim];
    for (int j = 0; j < dim; j++) {
      idx[j] = j;
    }
    for (int b = 0; b < blocks; b++) {
      DataBlock.Builder builder = new DataBlock.Builder(dim, 16);
      for (int i = b * n / blocks; i < (b + 1) * n / blocks; i++) {
        builder.addSparse(idx, d.x()[i], dim, d.y()[i], 1.0, Folds.ofDense(seed, folds, d.x()[i], d.y()[i], 1.0));
      }
      list.add(builder.build(folds));
    }
    return new FoldPass.InMemory(dim, folds, list);
  }

  static ReferenceData.Data training(ReferenceData.Data d, int folds, long seed, int k, boolean heldOut) {
    List<double[]> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (int i = 0; i < d.x().length; i++) {
      boolean in = Folds.ofDense(seed, folds, d.x()[i], d.y()[i], 1.0) == k;
      if (in == heldOut) {
        x.add(d.x()[i]);
        y.add(d.y()[i]);
      }
    }
    return new ReferenceData.Data(x.toArray(new double[0][]), y.stream().mapToDouble(Double::doubleValue).toArray(), d.names());
  }

  @Test
  void gaussianPathPointsEqualSingleFits() {
    ReferenceData.Data d = penguins();
    double[] scales = PriorPath.geometric(0.001, 10, 9);
    List<PriorPath.Point> path = PriorPath.fit(d.objective(3), spec(d, Prior.gaussian(0, 1), scales), null, null);
    for (int t = 0; t < scales.length; t++) {
      Solution s = single(d, Prior.gaussian(0, scales[t]));
      assertRel(s.beta(), path.get(t).solution().beta(), COEF, "scale " + scales[t]);
      assertTrue(path.get(t).solution().converged());
    }
  }

  @Test
  void laplacePathWithScreeningEqualsSingleFits() {
    ReferenceData.Data d = penguins();
    double[] scales = PriorPath.defaultScales(d.objective(3), spec(d, Prior.laplace(0, 1), null), 12);
    List<PriorPath.Point> path = PriorPath.fit(d.objective(3), spec(d, Prior.laplace(0, 1), scales), null, null);
    assertEquals(0, path.get(0).solution().nonZero(), "every coefficient at its mean at the strongest default scale");
    for (int t = 0; t < scales.length; t++) {
      Solution s = single(d, Prior.laplace(0, scales[t]));
      assertRel(s.beta(), path.get(t).solution().beta(), COEF, "scale " + scales[t]);
    }
  }

  /**
   * At the path tolerance a point whose first pass is within it costs that one pass (the last,
   * Newton step is taken without another): the passes of the default 20-point grids are a
   * deterministic regression guard (on the unstandardised penguins 54 Gaussian and 62 Laplace; 54
   * and 70 when every point also waited for a Newton decrement below 1e-14·|J|, 66 Laplace when a
   * point whose strong set grew made a pass for the Hessian of its new columns instead of being
   * served by the previous point's last pass, whose Hessian covers the next point's candidates).
   * Every point is within the tolerance.
   */
  @Test
  void pathPointsAtThePathToleranceCostOnePassWhenTheirFirstIsWithinIt() {
    ReferenceData.Data d = penguins();
    int[] most = {54, 62};
    Prior[] families = {Prior.gaussian(0, 1), Prior.laplace(0, 1)};
    for (int f = 0; f < families.length; f++) {
      PriorPath.Spec spec = spec(d, families[f], null);
      spec = spec.withOptions(spec.options().withTolerance(PriorPath.PATH_TOLERANCE));
      spec = spec.withScales(PriorPath.defaultScales(d.objective(3), spec, PriorPath.DEFAULT_COUNT));
      int passes = 0;
      for (PriorPath.Point q : PriorPath.fit(d.objective(3), spec, null, null)) {
        passes += q.solution().passes();
        assertTrue(q.solution().converged() && q.solution().kkt() <= PriorPath.PATH_TOLERANCE * q.solution().weight(),
            "scale " + q.scale() + ": KKT norm " + q.solution().kkt() + ", " + q.solution().message());
      }
      assertTrue(passes <= most[f], families[f].describe() + ": " + passes + " passes");
    }
  }

  /** The options of a fit in centred, scaled units (as the fit-logistic job's), with the penguins' means and sds. */
  static SolverOptions standardised(ReferenceData.Data d, SolverOptions o) {
    double[][] ms = SeparationTest.meansAndScales(d);
    return o.withStandardize(true).withScales(ms[1]).withCenters(ms[0]);
  }

  /**
   * A standardised Laplace path starts each point from the third-order prediction of its
   * coefficients away from zero (and of those the gradient says enter), as Gaussian paths do: 42
   * passes on the default grid at the path tolerance, 50 from the previous point's last pass. Its
   * points at the full tolerance equal single fits.
   */
  @Test
  void standardisedLaplacePathStartsFromThePredictedPoint() {
    ReferenceData.Data d = penguins();
    PriorPath.Spec spec = spec(d, Prior.laplace(0, 1), null);
    spec = spec.withOptions(standardised(d, spec.options()));
    spec = spec.withScales(PriorPath.defaultScales(d.objective(3), spec, PriorPath.DEFAULT_COUNT));
    List<PriorPath.Point> exact = PriorPath.fit(d.objective(3), spec, null, null);
    for (PriorPath.Point q : exact) {
      Solution s = LogisticSolver.minimize(d.objective(3), spec.at(q.scale()), null, spec.options());
      assertRel(s.beta(), q.solution().beta(), COEF, "scale " + q.scale());
    }
    int passes = 0;
    for (PriorPath.Point q : PriorPath.fit(d.objective(3), spec.withOptions(spec.options().withTolerance(PriorPath.PATH_TOLERANCE)),
        null, null)) {
      passes += q.solution().passes();
      assertTrue(q.solution().converged(), "scale " + q.scale() + ": " + q.solution().message());
    }
    assertTrue(passes <= 42, passes + " passes");
  }

  @Test
  void crossValidationFitsEqualSingleFitsOnEachTrainingSet() {
    ReferenceData.Data d = penguins();
    int folds = 5;
    double[] scales = PriorPath.geometric(0.003, 3, 5);
    CrossValidation.Result r = CrossValidation.run(folded(d, folds, 7, 3), spec(d, Prior.gaussian(0, 1), scales));
    for (int t = 0; t < scales.length; t++) {
      assertRel(single(d, Prior.gaussian(0, scales[t])).beta(), r.whole().get(t).solution().beta(), COEF, "whole " + t);
      for (int k = 0; k < folds; k++) {
        Solution s = single(training(d, folds, 7, k, false), Prior.gaussian(0, scales[t]));
        assertRel(s.beta(), r.folds().get(k).get(t).solution().beta(), COEF, "fold " + k + " scale " + t);
        ReferenceData.Data held = training(d, folds, 7, k, true);
        Eval e = held.objective(1).evaluate(s.beta(), false);
        assertRel(e.loss(), r.folds().get(k).get(t).heldOutLoss(), 1e-7, "held-out loss fold " + k);
      }
    }
    for (int k = 0; k < folds; k++) {
      System.out.println("fold " + k + " passes " + r.folds().get(k).stream().map(p -> p.solution().passes() + "/" + p.solution().iterations()).toList());
    }
    System.out.println("passes " + r.passes() + " whole " + r.whole().stream().mapToInt(p -> p.solution().passes()).sum());
  }
}
