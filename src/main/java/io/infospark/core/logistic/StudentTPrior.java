package io.infospark.core.logistic;

/**
 * Student-t(location μ, scale s, ν degrees of freedom): −ln p(β) = ((ν + 1)/2) ln(1 + ((β − μ)/s)²/ν)
 * up to a constant (DESIGN.md §5.4); Cauchy is ν = 1. Smooth but not convex: its curvature
 * (ν + 1)(νs² − u²)/(νs² + u²)² (u = β − μ) turns negative for |u| > s√ν, so J may have several
 * local minima and the fit is a local mode.
 */
record StudentTPrior(double mean, double tScale, double df) implements Prior {
  private static final long serialVersionUID = 1L;

  @Override
  public double sd() {
    return Double.POSITIVE_INFINITY;
  }

  @Override
  public double scale() {
    return Double.POSITIVE_INFINITY;
  }

  @Override
  public boolean isFlat() {
    return false;
  }

  @Override
  public boolean isConvex() {
    return false;
  }

  @Override
  public double smoothValue(double beta) {
    double u = (beta - mean) / tScale;
    // log1p: exact for the tiny u of coefficients near the location
    return 0.5 * (df + 1) * Math.log1p(u * u / df);
  }

  @Override
  public double smoothGradient(double beta) {
    double u = beta - mean;
    return (df + 1) * u / (df * tScale * tScale + u * u);
  }

  @Override
  public double smoothCurvature() {
    return smoothCurvature(mean);
  }

  @Override
  public double smoothCurvature(double beta) {
    double u = beta - mean;
    double a = df * tScale * tScale;
    double q = a + u * u;
    return (df + 1) * (a - u * u) / (q * q);
  }

  @Override
  public Prior rescaled(double s) {
    return new StudentTPrior(mean * s, tScale * s, df);
  }

  @Override
  public double pathScale() {
    return tScale;
  }

  @Override
  public Prior withScale(double s) {
    return Prior.studentT(mean, s, df);
  }

  @Override
  public String describe() {
    String m = "mean=" + StandardPrior.fmt(mean) + ", s=" + StandardPrior.fmt(tScale);
    return df == 1.0 ? "cauchy(" + m + ")" : "t(" + m + ", df=" + StandardPrior.fmt(df) + ")";
  }

  @Override
  public String toString() {
    return describe();
  }
}
