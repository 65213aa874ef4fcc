package io.infospark.measure;

import io.infospark.core.BadInputException;
import java.io.Serializable;

/**
 * The drift thresholds of a comparison (DESIGN.md §5.2): a column exceeds one when its divergence
 * is above the threshold and, when {@code alpha} is given, the two-sample G-test also rejects "one
 * distribution" at level alpha (p-value &lt; alpha), so that sampling noise on a small segment does
 * not count as drift and a large table does not need a hand-tuned threshold. A null threshold is
 * not checked.
 *
 * @param maxKl KL(p‖q), in the comparison's unit
 * @param maxJs Jensen–Shannon divergence, in the comparison's unit
 * @param maxPsi population stability index, in the comparison's unit
 * @param maxHellinger Hellinger distance, unit-free in [0, 1]
 * @param alpha significance level in (0, 1), or null: thresholds alone
 */
public record Thresholds(Double maxKl, Double maxJs, Double maxPsi, Double maxHellinger, Double alpha)
    implements Serializable {

  public Thresholds {
    check("max-kl", maxKl);
    check("max-js", maxJs);
    check("max-psi", maxPsi);
    check("max-hellinger", maxHellinger);
    if (maxHellinger != null && maxHellinger > 1) {
      throw new BadInputException("max-hellinger: expected a number from 0 to 1 but got " + maxHellinger);
    }
    if (alpha != null && !(alpha > 0 && alpha < 1)) {
      throw new BadInputException("alpha: expected a significance level strictly between 0 and 1 (e.g. 0.01) but got "
          + alpha);
    }
  }

  /** No threshold: nothing is ever exceeded. */
  public static Thresholds none() {
    return new Thresholds(null, null, null, null, null);
  }

  /** Thresholds on KL, JS and PSI without a significance level. */
  public static Thresholds of(Double maxKl, Double maxJs, Double maxPsi) {
    return new Thresholds(maxKl, maxJs, maxPsi, null, null);
  }

  public Thresholds withMaxHellinger(Double max) {
    return new Thresholds(maxKl, maxJs, maxPsi, max, alpha);
  }

  public Thresholds withAlpha(Double a) {
    return new Thresholds(maxKl, maxJs, maxPsi, maxHellinger, a);
  }

  /** Whether any threshold is set. */
  public boolean any() {
    return maxKl != null || maxJs != null || maxPsi != null || maxHellinger != null;
  }

  private static void check(String key, Double v) {
    if (v != null && (!(v >= 0) || v.isInfinite())) {
      throw new BadInputException(key + ": expected a number >= 0 but got " + v);
    }
  }
}
