package io.infospark.core.logistic;

import java.util.Arrays;

/**
 * The objective of the coefficients in {@code active} (ascending, the intercept 0 first), the
 * others held fixed: screening of a Laplace path keeps features that stay at their prior mean out
 * of the Hessian. Each evaluation still yields the whole gradient (its cost is that of the
 * margins), kept in {@link #lastGradient()} for the KKT check of the coefficients left out.
 */
final class ActiveSet implements Objective {
  private final Objective inner;
  final int[] active;
  private final double[] fixed;
  private final boolean all;
  /**
   * The Hessian's coefficients in each pass: the active ones and the {@code extra} (null = all), and
   * where the active ones sit among them; null when they are the active ones.
   */
  private final int[] hessianColumns;
  private final int[] activePositions;
  private double[] lastGradient;

  /** @param fixed the full coefficient vector whose inactive entries stay as they are */
  ActiveSet(Objective inner, int[] active, double[] fixed) {
    this(inner, active, fixed, null);
  }

  /**
   * As {@link #ActiveSet(Objective, int[], double[])}, each pass's Hessian also covering the
   * inactive coefficients {@code extra} (ascending; null or empty = none): the candidates to enter
   * at the next scale of a path, whose fit then starts from this one's last pass without another
   * (an {@link EvalCache} serves the Hessian of a subset of the columns it holds).
   */
  ActiveSet(Objective inner, int[] active, double[] fixed, int[] extra) {
    this.inner = inner;
    this.active = active;
    this.fixed = fixed.clone();
    this.all = active.length == inner.dimension();
    if (all || extra == null || extra.length == 0) {
      hessianColumns = null;
      activePositions = null;
    } else {
      int[] u = java.util.stream.IntStream.concat(Arrays.stream(active), Arrays.stream(extra)).distinct().sorted().toArray();
      activePositions = new int[active.length];
      for (int k = 0; k < active.length; k++) {
        activePositions[k] = Arrays.binarySearch(u, active[k]);
      }
      hessianColumns = u.length == inner.dimension() ? null : u;
    }
  }

  static int[] all(int p) {
    int[] a = new int[p];
    for (int j = 0; j < p; j++) {
      a[j] = j;
    }
    return a;
  }

  @Override
  public int dimension() {
    return active.length;
  }

  double[] expand(double[] reduced) {
    if (all) {
      return reduced.clone();
    }
    double[] b = fixed.clone();
    for (int k = 0; k < active.length; k++) {
      b[active[k]] = reduced[k];
    }
    return b;
  }

  private double[] expandDirection(double[] reduced) {
    if (all) {
      return reduced;
    }
    double[] d = new double[fixed.length];
    for (int k = 0; k < active.length; k++) {
      d[active[k]] = reduced[k];
    }
    return d;
  }

  double[] restrict(double[] full) {
    if (all) {
      return full.clone();
    }
    double[] r = new double[active.length];
    for (int k = 0; k < active.length; k++) {
      r[k] = full[active[k]];
    }
    return r;
  }

  <T> T[] restrict(T[] full) {
    if (all || full == null) {
      return full;
    }
    T[] r = Arrays.copyOf(full, active.length);
    for (int k = 0; k < active.length; k++) {
      r[k] = full[active[k]];
    }
    return r;
  }

  /** The data gradient over every coefficient at the last evaluated point. */
  double[] lastGradient() {
    return lastGradient;
  }

  /** {@code columns} index the active coefficients (null = all of them). */
  @Override
  public Eval evaluate(double[] beta, boolean withHessian, int[] columns) {
    if (withHessian && columns == null && activePositions != null) {
      Eval e = inner.evaluate(expand(beta), true, hessianColumns);
      lastGradient = e.gradient();
      return new Eval(e.loss(), restrict(e.gradient()), Eval.restrict(e.hessian(), activePositions), e.weight(), e.rows(),
          e.saturatedWeight());
    }
    int[] cols = columns == null ? (all ? null : active) : java.util.Arrays.stream(columns).map(k -> active[k]).toArray();
    Eval e = inner.evaluate(expand(beta), withHessian, cols);
    lastGradient = e.gradient();
    return all ? e : new Eval(e.loss(), restrict(e.gradient()), e.hessian(), e.weight(), e.rows(), e.saturatedWeight());
  }

  @Override
  public double[] lossAt(double[] beta, double[] direction, double[] steps) {
    return inner.lossAt(expand(beta), expandDirection(direction), steps);
  }

  @Override
  public SeparationCheck.Result separation(double[][] directions, double near) {
    double[][] d = new double[directions.length][];
    for (int c = 0; c < d.length; c++) {
      d[c] = expandDirection(directions[c]);
    }
    SeparationCheck.Result r = inner.separation(d, near);
    return r.gram() == null || all ? r
        : new SeparationCheck.Result(r.strict(), r.boundary(), r.wrong(), r.clearlyWrong(), Eval.restrict(r.gram(), active));
  }

  /** The solver's options for the active coefficients (their scales, centres and names). */
  SolverOptions options(SolverOptions o) {
    if (all) {
      return o;
    }
    return o.withScales(o.scales() == null ? null : restrict(o.scales())).withCenters(o.centers() == null ? null : restrict(o.centers()))
        .withNames(restrict(o.names())).withMoments(null);
  }

  /** A solution of the reduced problem in full coordinates (inactive: fixed, standard error NaN). */
  Solution expand(Solution s) {
    if (all) {
      return s;
    }
    int p = fixed.length;
    double[] se = null;
    double[][] cov = null;
    if (s.covariance() != null) {
      cov = new double[p][p];
      for (double[] row : cov) {
        Arrays.fill(row, Double.NaN);
      }
      for (int a = 0; a < active.length; a++) {
        for (int b = 0; b < active.length; b++) {
          cov[active[a]][active[b]] = s.covariance()[a][b];
        }
      }
      se = new double[p];
      for (int j = 0; j < p; j++) {
        se[j] = Math.sqrt(cov[j][j]);
      }
    }
    return new Solution(expand(s.beta()), s.loss(), s.penalty(), s.objective(), s.weight(), s.rows(), s.iterations(),
        s.passes(), s.converged(), s.kkt(), s.method(), se, cov, s.message(), s.objectiveTrace());
  }
}
