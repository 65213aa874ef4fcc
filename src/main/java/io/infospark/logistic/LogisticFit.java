package io.infospark.logistic;

import io.infospark.core.BadInputException;
import io.infospark.core.logistic.DataBlock;
import io.infospark.core.logistic.Eval;
import io.infospark.core.logistic.EvalCache;
import io.infospark.core.logistic.Evidence;
import io.infospark.core.logistic.Identifiability;
import io.infospark.core.logistic.LogisticSolver;
import io.infospark.core.logistic.Method;
import io.infospark.core.logistic.Objective;
import io.infospark.core.logistic.Prior;
import io.infospark.core.logistic.SeparationCheck;
import io.infospark.core.logistic.Solution;
import io.infospark.core.logistic.SolverOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Fits J(β₀, β) = Σ w [log(1 + e^z) − y z] − Σ ln p(β_j) on a DataFrame (DESIGN.md §2).
 *
 * <pre>{@code
 * LogisticResult r = LogisticFit.fit(df, LogisticOptions.label("Sex").positive("MALE")
 *     .features("Species", "Beak Length (mm)").prior(Prior.gaussian(0, 2.5)).na(NaPolicy.DROP));
 * }</pre>
 *
 * Jobs: before the optimiser, one job reads the label's classes, one the levels of string
 * features (if any), and one pass builds, validates and counts the cached blocks; every
 * optimiser pass is then one treeAggregate over the cache, which is released at the end.
 */
public final class LogisticFit {
  private LogisticFit() {}

  /** Up to this many features the fit's rows are checked for exact collinearity (d²/2 per row, once). */
  static final int MAX_COLLINEARITY_FEATURES = 1000;

  /**
   * @throws BadInputException for a missing column, a feature listed twice, a label without
   *     exactly two classes (or not 0/1 without a positive class), nulls/NaN under na=error, a
   *     prior naming an unknown feature, a constant feature or an exact linear combination of
   *     features whose coefficients all have flat priors (not identifiable)
   * @throws io.infospark.core.logistic.SeparationException for MLE on separated data
   */
  public static LogisticResult fit(Dataset<Row> df, LogisticOptions o) {
    if (o.label == null) {
      throw new BadInputException("label: a label column is required");
    }
    if (o.features.contains(o.label)) {
      throw new BadInputException("features: column '" + o.label + "' is the label; a feature cannot be the label");
    }
    FeatureSpace space = space(df, o);
    TrainingData.LabelCoding coding = TrainingData.labelCoding(df, o.label, o.positive);
    int d = space.size();
    Prior[] priors = priors(space, o);
    boolean cv = o.choice == ScaleChoice.CROSS_VALIDATION;
    checkChoice(o, priors);
    try (TrainingData data = TrainingData.build(df, space, o.label, coding, o.weight, o.na, o.blockRows,
        d <= MAX_COLLINEARITY_FEATURES, cv ? o.folds : 0, o.seed)) {
      String[] names = new String[d + 1];
      double[] scales = new double[d + 1];
      double[] centers = new double[d + 1];
      names[0] = "(intercept)";
      scales[0] = 1.0;
      for (int j = 0; j < d; j++) {
        names[j + 1] = space.names().get(j);
        scales[j + 1] = data.sds[j];
        centers[j + 1] = data.means[j];
      }
      List<String> determinedByPrior = identifiable(data, priors, names);
      SolverOptions so = SolverOptions.defaults().withMethod(o.method).withTolerance(o.tolerance)
          .withMaxIterations(o.maxIterations).withNewtonMaxDimension(o.newtonMaxFeatures + 1)
          .withStandardize(o.standardize).withScales(scales).withCenters(centers).withNames(names)
          .withStandardErrors(o.standardErrors).withMoments(data.moments);
      PriorScales.Plan plan = null;
      if (PriorScales.needed(o, priors)) {
        plan = PriorScales.plan(data.blocks, d, o, priors, follows(space, o), so);
        priors = plan.priors();
      }
      // null: the solver's own start (the intercept-only fit or the prior means, whichever is better)
      double[] start = plan == null ? null : plan.start();
      int samplePasses = 0;
      Method method = LogisticSolver.choose(o.method, d + 1, priors, o.newtonMaxFeatures + 1);
      if (start == null && o.warmStart && data.rows >= WARM_START_MIN_ROWS
          && (method == Method.NEWTON || method == Method.PROXIMAL_NEWTON)) {
        Solution w = warmStart(data, d, priors, so, o.aggregationDepth);
        if (w != null) {
          start = w.beta();
          samplePasses = w.passes();
        }
      }
      // after a path or a search: on the same cached evaluations, so that starting from a fit's last pass costs none
      EvalCache objective = plan != null ? plan.objective() : EvalCache.of(new DistributedObjective(data.blocks, d, o.aggregationDepth));
      int saved = objective.hits();
      Solution s = LogisticSolver.minimize(objective, priors, start, so);
      saved = objective.hits() - saved;
      String[] priorText = new String[d + 1];
      for (int j = 0; j <= d; j++) {
        priorText[j] = priors[j].describe();
      }
      double[] se = s.stdErrors() == null ? nanArray(d + 1) : s.stdErrors();
      LogisticResult r = new LogisticResult(o.label, o.positive, space, s.beta(), se, s.covariance(), priorText, s.objective(),
          -s.loss(), -s.penalty(), data.rows, data.weight, data.dropped, s.iterations(),
          s.passes() - saved + 1 + (plan == null ? 0 : plan.passes()), s.converged(),
          s.kkt(), s.method().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), o.standardize,
          s.message() + (samplePasses > 0 ? "; warm start from " + samplePasses + " passes over a 1/"
              + WARM_START_FRACTION + " block sample" : ""));
      r.objectiveTrace = s.objectiveTrace();
      r.determinedByPrior = determinedByPrior;
      boolean gaussian = false;
      for (Prior q : priors) {
        gaussian |= !q.isFlat();
      }
      // DESIGN.md §5.6: for fits with Gaussian priors (with flat ones only it would be the MLE's)
      r.logEvidence = gaussian ? Evidence.logEvidence(s, priors) : Double.NaN;
      for (Prior q : priors) {
        r.localMode |= !q.isConvex();
      }
      if (plan != null) {
        r.path = plan.path();
        r.selectedScale = plan.chosen();
        r.selection = plan.selection();
      }
      return r;
    }
  }

  /**
   * The coefficients whose prior follows a path's scale: every feature coefficient whose prior
   * is the one for all ({@link LogisticOptions#prior(Prior)}), not one named.
   */
  static boolean[] follows(FeatureSpace space, LogisticOptions o) {
    boolean[] f = new boolean[space.size() + 1];
    for (int j = 0; j < space.size(); j++) {
      f[j + 1] = !o.priorByName.containsKey(space.names().get(j));
    }
    return f;
  }

  /** The prior for all and the way its scale is chosen fit together. */
  private static void checkChoice(LogisticOptions o, Prior[] priors) {
    boolean varies = o.choice != ScaleChoice.GIVEN || o.path != null;
    if (!varies) {
      return;
    }
    if (o.prior.isFlat() || Double.isNaN(o.prior.pathScale())) {
      throw new BadInputException("prior: a path or a chosen scale needs a Gaussian, Laplace, t or Cauchy prior for every"
          + " coefficient, but got " + o.prior.describe());
    }
    if (o.choice == ScaleChoice.EVIDENCE && !o.prior.hasL1() && !io.infospark.core.logistic.Evidence.defined(priors)) {
      throw new BadInputException("prior: the evidence (auto) is defined here for Gaussian priors only, and some"
          + " coefficient has another prior; use cv to choose the scale by cross-validation");
    }
    if (o.choice == ScaleChoice.EVIDENCE && o.prior.hasL1()) {
      throw new BadInputException("prior: the evidence (auto) is defined here for Gaussian priors only; use laplace:cv"
          + " to choose the scale by cross-validation");
    }
  }

  /**
   * Constant features and exact linear combinations of features ({@link Identifiability}): an
   * error naming them when only flat priors act on them; otherwise one sentence per feature whose
   * coefficient the prior alone determines.
   */
  private static List<String> identifiable(TrainingData data, Prior[] priors, String[] names) {
    List<String> errors = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (Identifiability.Dependency dep : Identifiability.find(data.moments, priors)) {
      String what = dep.describe(names);
      if (dep.determinedByPrior()) {
        notes.add(what + (dep.constant() ? ": the data say nothing about its coefficient; its prior alone determines it"
            : ": the data determine only the combined effect; the prior on '" + names[dep.feature()]
                + "' alone determines its share"));
      } else {
        errors.add(what + (dep.constant() ? "" : " (an exact linear combination of other features)"));
      }
    }
    if (!errors.isEmpty()) {
      throw new BadInputException("features: " + String.join("; ", errors) + ": "
          + (errors.size() == 1 ? "its coefficient is" : "their coefficients are")
          + " not identifiable from the data by maximum likelihood; drop " + (errors.size() == 1 ? "it" : "them")
          + " or give " + (errors.size() == 1 ? "it" : "them") + " a prior (e.g. a Gaussian)");
    }
    return notes;
  }

  /** Rows from which a Newton fit first runs on a sample of the blocks (the warm start). */
  static final long WARM_START_MIN_ROWS = 200_000;
  static final int WARM_START_FRACTION = 16;

  /**
   * Newton on ~1/16 of the cached blocks, its loss scaled by 16 so that the priors weigh as on the
   * full data: its optimum is within O(n^−½) of the full one, where Newton converges
   * quadratically, so the full data then needs ~2–3 passes instead of ~7. Loose tolerance; any
   * trouble (separation in the sample, no convergence) just means no warm start.
   */
  private static Solution warmStart(TrainingData data, int d, Prior[] priors, SolverOptions so, int depth) {
    JavaRDD<DataBlock> sample = data.blocks.sample(false, 1.0 / WARM_START_FRACTION, 17L);
    Objective full = new DistributedObjective(sample, d, depth);
    Objective scaled = new Objective() {
      @Override
      public int dimension() {
        return full.dimension();
      }

      @Override
      public Eval evaluate(double[] beta, boolean withHessian, int[] columns) {
        Eval e = full.evaluate(beta, withHessian, columns);
        double f = WARM_START_FRACTION;
        double[] g = e.gradient().clone();
        for (int j = 0; j < g.length; j++) {
          g[j] *= f;
        }
        double[] h = e.hessian() == null ? null : e.hessian().clone();
        if (h != null) {
          for (int k = 0; k < h.length; k++) {
            h[k] *= f;
          }
        }
        return new Eval(e.loss() * f, g, h, e.weight() * f, e.rows() * WARM_START_FRACTION, e.saturatedWeight());
      }

      @Override
      public double[] lossAt(double[] beta, double[] direction, double[] steps) {
        double[] l = full.lossAt(beta, direction, steps);
        for (int k = 0; k < l.length; k++) {
          l[k] *= WARM_START_FRACTION;
        }
        return l;
      }

      @Override
      public SeparationCheck.Result separation(double[][] directions, double near) {
        return full.separation(directions, near);
      }
    };
    org.slf4j.LoggerFactory.getLogger("io.infospark.logistic").info(
        "warm start: Newton on a 1/{} sample of the blocks, loss scaled by {}", WARM_START_FRACTION, WARM_START_FRACTION);
    try {
      Solution w = LogisticSolver.minimize(scaled, priors, null, so.withTolerance(1e-6).withStandardErrors(false).withMaxIterations(20));
      return w.converged() ? w : null;
    } catch (BadInputException e) {
      return null;
    }
  }

  private static double[] nanArray(int n) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, Double.NaN);
    return a;
  }

  static FeatureSpace space(Dataset<Row> df, LogisticOptions o) {
    if (o.featuresVector != null) {
      FeatureSpace.type(df.schema(), o.featuresVector);
      List<String> names = o.vectorNames;
      int size = -1;
      try {
        AttributeGroup g = AttributeGroup.fromStructField(df.schema().apply(o.featuresVector));
        size = g.size();
        if (names == null && g.attributes().isDefined()) {
          List<String> n = new ArrayList<>();
          for (Attribute a : g.attributes().get()) {
            n.add(a.name().isDefined() ? a.name().get() : o.featuresVector + "[" + n.size() + "]");
          }
          names = n;
        }
      } catch (RuntimeException e) {
        size = -1;
      }
      if (size < 0) {
        Row first = df.select(FeatureSpace.col(o.featuresVector)).na().drop().first();
        size = ((Vector) first.get(0)).size();
      }
      return FeatureSpace.ofVector(o.featuresVector, size, names);
    }
    if (o.features.isEmpty()) {
      throw new BadInputException("features: at least one feature column is required");
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String f : o.features) {
      if (!seen.add(f)) {
        throw new BadInputException("features: column '" + f + "' is listed twice; each feature once");
      }
    }
    Map<String, List<String>> levels = TrainingData.levels(df, o.features);
    return FeatureSpace.of(df.schema(), o.features, levels);
  }

  static Prior[] priors(FeatureSpace space, LogisticOptions o) {
    int d = space.size();
    Prior[] p = new Prior[d + 1];
    p[0] = o.interceptPrior;
    for (int j = 0; j < d; j++) {
      p[j + 1] = o.prior;
    }
    for (Map.Entry<String, Prior> e : o.priorByName.entrySet()) {
      int j = space.names().indexOf(e.getKey());
      if (j < 0) {
        if (e.getKey().equals("(intercept)")) {
          p[0] = e.getValue();
          continue;
        }
        throw new BadInputException("prior for '" + e.getKey() + "': no such feature; features are "
            + String.join(", ", space.names()));
      }
      p[j + 1] = e.getValue();
    }
    return p;
  }
}
