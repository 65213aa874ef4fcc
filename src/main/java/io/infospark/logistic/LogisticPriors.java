package io.infospark.logistic;

import io.infospark.core.BadInputException;
import io.infospark.core.logistic.Prior;
import java.util.List;
import java.util.Map;

/**
 * The priors of a fit from their usual sources, in the order a later one overrides an earlier
 * one for the coefficients it names: one prior for every coefficient with its mean (one value, or
 * one per feature in feature order), then an earlier fit's posterior (each coefficient's prior a
 * Gaussian at its estimate with its standard error as sd), then priors by coefficient name. The
 * {@code fit-logistic} job's keys {@code prior}, {@code prior-mean}, {@code prior-model} and
 * {@code priors} are these, and so are the names in the messages of its errors.
 */
public final class LogisticPriors {
  private LogisticPriors() {}

  /**
   * Sets the priors of {@code options}, whose features are already set.
   *
   * @param spec the prior of every coefficient: {@code flat}, {@code gaussian:SD}, {@code laplace:B},
   *     {@code elastic:SD:B}, {@code t:S:NU}, {@code cauchy:S}, with the scale {@code auto} or {@code cv}
   * @param means no value (0), one value for every coefficient, or one per feature
   * @param path whether a path of scales is fitted (per-feature means cannot go with one)
   * @param previous an earlier fit whose posterior becomes the prior, or null
   * @param byName priors by coefficient name ({@code age}, {@code city=Paris}, {@code (intercept)}),
   *     in the syntax of {@code spec}
   * @throws BadInputException naming the setting and what was expected
   */
  public static LogisticOptions apply(LogisticOptions options, String spec, List<Double> means, boolean path,
      LogisticResult previous, Map<String, String> byName) {
    List<String> features = options.features;
    if (means.size() > 1 && means.size() != features.size()) {
      throw new BadInputException("prior-mean: expected one value or one per feature (" + features.size()
          + ": " + String.join(", ", features) + ") but got " + means.size());
    }
    ScaleChoice.Spec parsed = ScaleChoice.parse(spec, means.size() == 1 ? means.get(0) : 0.0, "prior");
    options.prior(parsed.prior()).choose(parsed.choice());
    if (means.size() > 1) {
      // per-feature means: the prior of each numeric feature's coefficient, by name
      if (parsed.choice() != ScaleChoice.GIVEN || path) {
        throw new BadInputException("prior-mean: one mean per feature cannot go with a path or a chosen scale (" + spec
            + "); give one mean for all");
      }
      for (int j = 0; j < features.size(); j++) {
        options.prior(features.get(j), Prior.parse(spec, means.get(j), "prior-mean"));
      }
    }
    if (previous != null) {
      options.priorsFrom(previous, false);
    }
    for (Map.Entry<String, String> e : byName.entrySet()) {
      String name = e.getKey();
      boolean known = name.equals("(intercept)") || features.stream()
          .anyMatch(f -> name.equals(f) || name.startsWith(f + "="));
      if (!known) {
        throw new BadInputException("priors: '" + name + "' is not a coefficient of this fit; expected a feature ("
            + String.join(", ", features) + "), feature=level of a string feature, or (intercept)");
      }
      options.prior(name, Prior.parse(e.getValue(), 0.0, "priors"));
    }
    return options;
  }

  /** A model saved by an earlier fit, as the source of priors ({@code prior-model}). */
  public static LogisticResult previous(org.apache.spark.sql.SparkSession spark, String dir) {
    try {
      return LogisticResult.load(spark, dir);
    } catch (BadInputException e) {
      throw new BadInputException("prior-model: " + e.getMessage(), e);
    }
  }
}
