package io.infospark.core.logistic;

/**
 * The cross-validation fold of a row (DESIGN.md §5.3): a function of the row's content and a seed
 * only, so that it does not depend on partitioning, row order or the number of executors.
 *
 * <p>With mix the SplitMix64 finaliser ({@code z ^= z >>> 30; z *= 0xbf58476d1ce4e5b9L;
 * z ^= z >>> 27; z *= 0x94d049bb133111ebL; z ^= z >>> 31}) and bits(v) the IEEE-754 bits of a
 * double ({@link Double#doubleToLongBits}):
 *
 * <pre>
 *   h = mix(seed)
 *   for each feature j (0-based, in feature order) whose encoded value v is not 0:
 *     h = mix(h ^ j);  h = mix(h ^ bits(v))
 *   h = mix(h ^ bits(y));  h = mix(h ^ bits(w))          (y ∈ {0, 1}, w the row's weight)
 *   fold = h mod K                                         (h read as an unsigned 64-bit number)
 * </pre>
 *
 * The encoded values are those the fit sees: one-hot 1s for string levels, numbers as they are.
 * Identical rows fall in the same fold.
 */
public final class Folds {
  private Folds() {}

  /** The SplitMix64 finaliser. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /**
   * The fold (0 … folds − 1) of a row given as its {@code n} non-zero encoded features (indices
   * ascending), label y and weight w.
   */
  public static int of(long seed, int folds, int[] index, double[] value, int n, double y, double w) {
    long h = mix(seed);
    for (int k = 0; k < n; k++) {
      if (value[k] != 0.0) {
        h = mix(h ^ index[k]);
        h = mix(h ^ Double.doubleToLongBits(value[k]));
      }
    }
    h = mix(h ^ Double.doubleToLongBits(y));
    h = mix(h ^ Double.doubleToLongBits(w));
    return (int) Long.remainderUnsigned(h, folds);
  }

  /** The fold of a dense row (zeros skipped, as for {@link #of(long, int, int[], double[], int, double, double)}). */
  public static int ofDense(long seed, int folds, double[] x, double y, double w) {
    int[] idx = new int[x.length];
    for (int j = 0; j < x.length; j++) {
      idx[j] = j;
    }
    return of(seed, folds, idx, x, x.length, y, w);
  }
}
