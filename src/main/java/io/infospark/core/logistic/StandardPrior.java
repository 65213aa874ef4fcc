package io.infospark.core.logistic;

/** Flat, Gaussian, Laplace or elastic prior: absent parts have σ = ∞ or b = ∞. */
record StandardPrior(double mean, double sd, double scale) implements Prior {
  private static final long serialVersionUID = 1L;
  static final StandardPrior FLAT = new StandardPrior(0.0, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);

  @Override
  public String describe() {
    boolean g = !Double.isInfinite(sd);
    boolean l = !Double.isInfinite(scale);
    if (!g && !l) {
      return "flat";
    }
    String m = "mean=" + fmt(mean);
    if (g && l) {
      return "elastic(" + m + ", sd=" + fmt(sd) + ", b=" + fmt(scale) + ")";
    }
    return g ? "gaussian(" + m + ", sd=" + fmt(sd) + ")" : "laplace(" + m + ", b=" + fmt(scale) + ")";
  }

  static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  @Override
  public double pathScale() {
    boolean g = !Double.isInfinite(sd);
    boolean l = !Double.isInfinite(scale);
    return g && !l ? sd : l && !g ? scale : Double.NaN;
  }

  @Override
  public Prior withScale(double s) {
    boolean g = !Double.isInfinite(sd);
    boolean l = !Double.isInfinite(scale);
    if (g == l) {
      throw new IllegalArgumentException("a path of scales needs a Gaussian, Laplace or t prior, not " + describe());
    }
    return g ? Prior.gaussian(mean, s) : Prior.laplace(mean, s);
  }

  @Override
  public String toString() {
    return describe();
  }
}
