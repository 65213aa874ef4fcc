package io.infospark.core.logistic;

/**
 * The data part of J at one β: the weighted loss Σ w ℓ, its gradient, and the Hessian
 * Σ w p(1 − p) a aᵀ (a = (1, x)) as a packed upper triangle (entry (i, j), i ≤ j, at
 * j(j + 1)/2 + i), or null when not asked for. {@code saturatedWeight} is the weight of rows whose
 * fitted probability is within ~2e-9 of 0 or 1 (|z| > 20): the sign of separation.
 */
public record Eval(double loss, double[] gradient, double[] hessian, double weight, long rows,
    double saturatedWeight) {

  public static int packedIndex(int i, int j) {
    return i <= j ? j * (j + 1) / 2 + i : i * (i + 1) / 2 + j;
  }

  /** The rows and columns {@code keep} (ascending) of a packed symmetric matrix, packed. */
  public static double[] restrict(double[] packed, int[] keep) {
    double[] out = new double[keep.length * (keep.length + 1) / 2];
    int k = 0;
    for (int b = 0; b < keep.length; b++) {
      for (int a = 0; a <= b; a++) {
        out[k++] = packed[packedIndex(keep[a], keep[b])];
      }
    }
    return out;
  }
}
