package io.infospark.engine;

import java.io.Serializable;

/**
 * How a floating-point column is discretised before counting: each value goes to a bin, and the
 * bin is what is counted. NaN and ±∞ must get bins of their own (a value is never dropped).
 */
public interface ValueBins extends Serializable {
  /** The bin of x (−0.0 and 0.0 alike, one NaN). */
  long index(double x);

  /** A readable label of a bin, e.g. {@code [1.5, 3)}. */
  String label(long bin);

  /** The bins in words, for reports. */
  String describe();

  /** The number of finite bins (0 when there was no finite value to bin by). */
  int bins();

  /** How the edges were chosen, e.g. {@code equal-width} or {@code quantile}. */
  String kindName();

  /** The edges e₀ &lt; … &lt; e_n of the finite bins (a copy). */
  double[] edges();
}
