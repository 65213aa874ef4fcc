package io.infospark.core.logistic;

/**
 * Settings of {@link LogisticSolver}. Defaults: AUTO method, tolerance 1e-9 on the KKT norm per
 * unit of weight (‖minimum-norm subgradient‖∞ ≤ 1e-9·max(1, Σw)), at most 100 Newton or 1000
 * quasi-Newton iterations, Newton up to 301 coefficients (a Hessian pass then costs ~p/4 gradient
 * passes of arithmetic but saves tens of passes), standard errors on, no standardisation.
 *
 * @param method the algorithm, or AUTO
 * @param tolerance convergence threshold on the KKT norm divided by max(1, Σw)
 * @param maxIterations cap on iterations; 0 = 100 for Newton methods, 1000 for quasi-Newton
 * @param newtonMaxDimension AUTO uses (proximal) Newton when p ≤ this
 * @param lbfgsMemory pairs kept by L-BFGS / OWL-QN
 * @param standardize fit in units of {@code scales} (an exact reparametrisation, priors rescaled)
 * @param scales per-coefficient scale (index 0 the intercept, 1); used to standardise and to rank
 *     the features named in a separation error; null = all 1
 * @param centers per-coefficient mean (index 0 ignored): with {@code standardize} and a flat
 *     intercept prior the fit is in centred, scaled units (x − m)/s, which decorrelates the
 *     intercept from the slopes; null = no centring
 * @param names coefficient names (index 0 the intercept), for messages; null = x1, x2, …
 * @param standardErrors compute the Laplace-approximation covariance (free with Newton; one extra
 *     Hessian pass, p²/2 multiply-adds per row, with quasi-Newton methods, skipped above p = 1001)
 * @param moments Σw, Σwy and the feature means of the data, for the automatic start point (see
 *     {@link LogisticSolver#minimize}); null = found by one pass at β = 0 when needed
 */
public record SolverOptions(Method method, double tolerance, int maxIterations, int newtonMaxDimension,
    int lbfgsMemory, boolean standardize, double[] scales, double[] centers, String[] names, boolean standardErrors,
    FeatureMoments moments) {

  public static SolverOptions defaults() {
    return new SolverOptions(Method.AUTO, 1e-9, 0, 301, 10, false, null, null, null, true, null);
  }

  public SolverOptions withMoments(FeatureMoments m) {
    return new SolverOptions(method, tolerance, maxIterations, newtonMaxDimension, lbfgsMemory, standardize, scales, centers, names, standardErrors, m);
  }

  public SolverOptions withMethod(Method m) {
    return new SolverOptions(m, tolerance, maxIterations, newtonMaxDimension, lbfgsMemory, standardize, scales, centers, names, standardErrors, moments);
  }

  public SolverOptions withTolerance(double t) {
    return new SolverOptions(method, t, maxIterations, newtonMaxDimension, lbfgsMemory, standardize, scales, centers, names, standardErrors, moments);
  }

  public SolverOptions withMaxIterations(int n) {
    return new SolverOptions(method, tolerance, n, newtonMaxDimension, lbfgsMemory, standardize, scales, centers, names, standardErrors, moments);
  }

  public SolverOptions withNewtonMaxDimension(int n) {
    return new SolverOptions(method, tolerance, maxIterations, n, lbfgsMemory, standardize, scales, centers, names, standardErrors, moments);
  }

  public SolverOptions withStandardize(boolean s) {
    return new SolverOptions(method, tolerance, maxIterations, newtonMaxDimension, lbfgsMemory, s, scales, centers, names, standardErrors, moments);
  }

  public SolverOptions withScales(double[] s) {
    return new SolverOptions(method, tolerance, maxIterations, newtonMaxDimension, lbfgsMemory, standardize, s, centers, names, standardErrors, moments);
  }

  public SolverOptions withCenters(double[] c) {
    return new SolverOptions(method, tolerance, maxIterations, newtonMaxDimension, lbfgsMemory, standardize, scales, c, names, standardErrors, moments);
  }

  public SolverOptions withNames(String[] n) {
    return new SolverOptions(method, tolerance, maxIterations, newtonMaxDimension, lbfgsMemory, standardize, scales, centers, n, standardErrors, moments);
  }

  public SolverOptions withStandardErrors(boolean s) {
    return new SolverOptions(method, tolerance, maxIterations, newtonMaxDimension, lbfgsMemory, standardize, scales, centers, names, s, moments);
  }
}
