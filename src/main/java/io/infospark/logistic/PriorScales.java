package io.infospark.logistic;

import io.infospark.core.logistic.CrossValidation;
import io.infospark.core.logistic.DataBlock;
import io.infospark.core.logistic.EvalCache;
import io.infospark.core.logistic.EvidenceSearch;
import io.infospark.core.logistic.LogisticSolver;
import io.infospark.core.logistic.Objective;
import io.infospark.core.logistic.Prior;
import io.infospark.core.logistic.PriorPath;
import io.infospark.core.logistic.Solution;
import io.infospark.core.logistic.SolverOptions;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * Before the final fit: the path of scales, cross-validation, the evidence search, and the start
 * of a Student-t fit (DESIGN.md §5.3, §5.4). What it decides: the priors of the final fit, its
 * start, and what the result reports about the choice.
 */
final class PriorScales {
  private PriorScales() {}

  /** The evidence search's first fit is at s₀ × √this (s₀ the default grid's strongest scale). */
  static final double EVIDENCE_FIRST_SPAN = 1e4;
  /** The evidence model is maximised over [s₀, s₀ × this]. */
  static final double EVIDENCE_MODEL_SPAN = 1e6;

  /**
   * The priors and start of the final fit, the path, the chosen scale and how, and the passes
   * spent; {@code objective}: the data objective the plan's fits used, which still holds their last
   * evaluations (the final fit from a path point's last pass starts without a pass).
   */
  record Plan(Prior[] priors, double[] start, List<PathPoint> path, double chosen, String selection, int passes,
      EvalCache objective) {}

  static boolean needed(LogisticOptions o, Prior[] priors) {
    if (o.choice != ScaleChoice.GIVEN || o.path != null) {
      return true;
    }
    for (Prior p : priors) {
      if (!p.isConvex()) {
        return true;
      }
    }
    return false;
  }

  static Plan plan(JavaRDD<DataBlock> blocks, int d, LogisticOptions o, Prior[] priors, boolean[] follows, SolverOptions so) {
    EvalCache objective = EvalCache.of(new DistributedObjective(blocks, d, o.aggregationDepth));
    List<PathPoint> path = List.of();
    double chosen = Double.NaN;
    String selection = null;
    double[] start = null;
    int passes = 0;
    boolean cv = o.choice == ScaleChoice.CROSS_VALIDATION;
    if (cv || o.path != null || o.choice == ScaleChoice.EVIDENCE) {
      PriorPath.Spec spec = new PriorPath.Spec(priors, follows, null, so);
      double[] scales = o.path;
      if (scales == null || scales.length == 0) {
        scales = PriorPath.defaultScales(objective, spec, o.pathCount);
        passes++;
      }
      spec = spec.withScales(scales);
      // the points of a path or of cross-validation stop at the path tolerance; the evidence needs
      // its fits at the full one (ln Z at the mode), as does the final fit at the chosen scale
      PriorPath.Spec pathSpec = o.choice == ScaleChoice.EVIDENCE ? spec
          : spec.withOptions(so.withTolerance(Math.max(so.tolerance(), PriorPath.PATH_TOLERANCE)));
      List<PriorPath.Point> whole = null;
      if (cv) {
        CrossValidation.Result r = CrossValidation.run(new DistributedFolds(blocks, d, o.folds, o.aggregationDepth), pathSpec);
        passes += r.passes();
        whole = r.whole();
        path = points(whole, r.meanLoss(), r.stdError());
        int t = r.choose(o.rule == ScaleChoice.Rule.ONE_SE);
        chosen = scales[t];
        selection = o.rule.selection();
        start = whole.get(t).solution().beta();
      } else if (o.path != null) {
        whole = PriorPath.fit(objective, pathSpec, null, null);
        for (PriorPath.Point q : whole) {
          passes += q.solution().passes();
        }
        path = points(whole, null, null);
      }
      if (o.choice == ScaleChoice.EVIDENCE) {
        // from the best point of a given path, else from the middle of the default span; the model
        // of the first fit is maximised over a wide range (ln Z can have several local maxima), then
        // one fit per step, its exact ln Z free from the Hessian of its last pass
        double first = scales[0] * Math.sqrt(EVIDENCE_FIRST_SPAN);
        if (whole != null) {
          PriorPath.Point best = whole.get(0);
          for (PriorPath.Point q : whole) {
            best = q.logEvidence() > best.logEvidence() ? q : best;
          }
          first = best.scale();
        }
        EvidenceSearch.Result r = EvidenceSearch.byModel(objective, spec, first, scales[0], scales[0] * EVIDENCE_MODEL_SPAN);
        passes += r.passes();
        chosen = r.best().scale();
        selection = "evidence";
        start = r.best().warmStart();
        if (whole == null) {
          path = points(r.evaluated(), null, null); // the evidence curve: every fit of the search
        }
      } else if (!cv && whole != null) {
        start = nearest(whole, priors, follows);
      }
      if (!Double.isNaN(chosen)) {
        priors = spec.at(chosen);
      }
    }
    boolean convex = true;
    for (Prior p : priors) {
      convex &= p.isConvex();
    }
    if (!convex) {
      // a local mode of a non-concave posterior: start from the Gaussian fit with σ = s (DESIGN.md §5.4)
      Prior[] gaussian = priors.clone();
      for (int j = 0; j < gaussian.length; j++) {
        if (!gaussian[j].isConvex()) {
          gaussian[j] = Prior.gaussian(gaussian[j].mean(), gaussian[j].pathScale());
        }
      }
      int saved = objective.hits();
      Solution g = LogisticSolver.minimize(objective, gaussian, start, so.withStandardErrors(false));
      passes += g.passes() - (objective.hits() - saved);
      start = objective.lastPoint(); // its last pass: the t fit's first evaluation is served from the cache
    }
    return new Plan(priors, start, path, chosen, selection, passes, objective);
  }

  /** The path fit whose scale is nearest the given prior's (log scale), as a warm start. */
  private static double[] nearest(List<PriorPath.Point> whole, Prior[] priors, boolean[] follows) {
    double s = Double.NaN;
    for (int j = 0; j < priors.length && Double.isNaN(s); j++) {
      if (follows[j]) {
        s = priors[j].pathScale();
      }
    }
    PriorPath.Point best = whole.get(0);
    for (PriorPath.Point q : whole) {
      if (Math.abs(Math.log(q.scale() / s)) < Math.abs(Math.log(best.scale() / s))) {
        best = q;
      }
    }
    return best.warmStart();
  }

  private static List<PathPoint> points(List<PriorPath.Point> whole, double[] cvMean, double[] cvSe) {
    List<PathPoint> out = new ArrayList<>();
    for (int t = 0; t < whole.size(); t++) {
      PriorPath.Point q = whole.get(t);
      Solution s = q.solution();
      out.add(new PathPoint(q.scale(), s.objective(), -s.loss(), s.nonZero(), s.kkt(), s.passes(), s.beta(),
          cvMean == null ? Double.NaN : cvMean[t], cvSe == null ? Double.NaN : cvSe[t], q.logEvidence()));
    }
    return List.copyOf(out);
  }
}
