package io.infospark.core;

/**
 * Neumaier's compensated summation: the sum of n doubles with an error bound of about 2 ulp,
 * independent of n, instead of n ulp for the naive loop. Results of sums over partitions therefore
 * agree to ~1e-15 whatever the partitioning. Mutable; {@link #merge} adds another partial sum.
 */
public final class CompensatedSum implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private double sum;
  private double compensation;

  public CompensatedSum add(double x) {
    double t = sum + x;
    // Neumaier: recover the low-order bits lost in the larger-magnitude operand.
    if (Math.abs(sum) >= Math.abs(x)) {
      compensation += (sum - t) + x;
    } else {
      compensation += (x - t) + sum;
    }
    sum = t;
    return this;
  }

  public CompensatedSum merge(CompensatedSum other) {
    add(other.sum);
    add(other.compensation);
    return this;
  }

  public double value() {
    return sum + compensation;
  }
}
