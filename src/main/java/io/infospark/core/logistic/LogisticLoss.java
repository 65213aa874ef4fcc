package io.infospark.core.logistic;

/** The per-row logistic loss ℓ(z, y) = log(1 + e^z) − y·z for y ∈ {0, 1}, and its derivatives. */
public final class LogisticLoss {
  private LogisticLoss() {}

  /**
   * log(1 + e^z) − y·z. Numerically stable: log(1 + e^z) = max(z, 0) + log1p(e^{−|z|}), which
   * never overflows (e^{−|z|} ≤ 1) and keeps full precision for large negative z, where
   * log(1 + e^z) ≈ e^z is tiny.
   */
  public static double loss(double z, double y) {
    return Math.max(z, 0.0) + Math.log1p(Math.exp(-Math.abs(z))) - y * z;
  }

  /** σ(z) = 1/(1 + e^{−z}), evaluated so that the exponent is never positive (no overflow). */
  public static double sigmoid(double z) {
    if (z >= 0) {
      return 1.0 / (1.0 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1.0 + e);
  }
}
