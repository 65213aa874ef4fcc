package io.infospark.core.logistic;

import java.util.Arrays;

/**
 * Minimises J(β) = Σ w ℓ(β₀ + x·β, y) − Σ ln p(β_j) over an {@link Objective}.
 *
 * <p>AUTO picks, for p coefficients: Newton (smooth priors) or proximal Newton (an L1 part) when
 * p ≤ {@link SolverOptions#newtonMaxDimension()} — each pass aggregates the Hessian with the
 * gradient, and quadratic convergence reaches the optimum to machine precision in ~6–10 passes —
 * else L-BFGS or OWL-QN, whose passes cost O(p) per row. Line searches evaluate several step sizes
 * in one pass.
 */
public final class LogisticSolver {
  private LogisticSolver() {}

  /**
   * @param priors one prior per coefficient, index 0 the intercept's
   * @param start the starting point (length p, original units), or null for the automatic one:
   *     the better of the intercept-only fit and the prior means with the intercept matched to the
   *     label mean (see {@link StartPoint}); a warm start (a previous fit on related data, the
   *     previous scale of a path) is passed here
   * @throws SeparationException when every prior on the diverging coefficients is flat and the
   *     data separate the classes
   */
  public static Solution minimize(Objective objective, Prior[] priors, double[] start, SolverOptions options) {
    int p = objective.dimension();
    double[] beta0;
    double[] other = null;
    int passes = 0;
    if (start != null) {
      beta0 = start.clone();
    } else {
      StartPoint.Candidates c = StartPoint.of(objective, priors, options.moments());
      beta0 = c.zero();
      other = c.priorMeans();
      passes = c.passes();
    }
    Method m = choose(options.method(), p, priors, options.newtonMaxDimension());
    if (!options.standardize() || options.scales() == null) {
      Problem pr = new Problem(objective, priors, options);
      pr.passes = passes;
      return run(pr, m, beta0, other);
    }
    // Fit γ in units of (x − m)/s: β_j = γ_j / s_j, β₀ = γ₀ − Σ γ_j m_j / s_j. The same J (an exact
    // linear reparametrisation), far better conditioned for quasi-Newton and coordinate descent.
    double[] s = options.scales().clone();
    double[] c = new double[p];
    boolean center = options.centers() != null && priors[0].isFlat();
    for (int j = 0; j < p; j++) {
      if (j == 0 || !(s[j] > 0) || !Double.isFinite(s[j])) {
        s[j] = 1.0;
      }
      c[j] = center && j > 0 && Double.isFinite(options.centers()[j]) ? options.centers()[j] : 0.0;
    }
    Prior[] scaledPriors = new Prior[p];
    for (int j = 0; j < p; j++) {
      scaledPriors[j] = priors[j].rescaled(s[j]);
    }
    Affine t = new Affine(s, c);
    double[] ones = new double[p];
    Arrays.fill(ones, 1.0);
    Problem scaled = new Problem(new ScaledObjective(objective, t), scaledPriors, options.withScales(ones).withCenters(null));
    scaled.originalUnits(new Problem(objective, priors, options), t::toBeta);
    scaled.passes = passes;
    Solution g = run(scaled, m, t.toGamma(beta0), other == null ? null : t.toGamma(other));
    double[] beta = t.toBeta(g.beta());
    double[][] cov = g.covariance() == null ? null : t.covarianceToBeta(g.covariance());
    // Report the KKT norm in original units: ∂J/∂β_j = s_j ∂J/∂γ_j + m_j ∂J/∂γ₀, bounded below by
    // the largest s_j + |m_j| times the γ-norm.
    double bound = 1.0;
    for (int j = 1; j < p; j++) {
      bound = Math.max(bound, s[j] + Math.abs(c[j]));
    }
    return new Solution(beta, g.loss(), g.penalty(), g.objective(), g.weight(), g.rows(), g.iterations(),
        g.passes(), g.converged(), g.kkt() * bound, g.method(), stdErrors(cov), cov, g.message(), g.objectiveTrace());
  }

  /** β = Tγ with β_j = γ_j / s_j (j ≥ 1) and β₀ = γ₀ − Σ_j γ_j m_j / s_j. */
  static final class Affine {
    final double[] s;
    final double[] m;

    Affine(double[] s, double[] m) {
      this.s = s;
      this.m = m;
    }

    double[] toBeta(double[] gamma) {
      double[] b = new double[gamma.length];
      b[0] = gamma[0];
      for (int j = 1; j < b.length; j++) {
        b[j] = gamma[j] / s[j];
        b[0] -= b[j] * m[j];
      }
      return b;
    }

    double[] toGamma(double[] beta) {
      double[] g = new double[beta.length];
      g[0] = beta[0];
      for (int j = 1; j < g.length; j++) {
        g[j] = beta[j] * s[j];
        g[0] += beta[j] * m[j];
      }
      return g;
    }

    /** ∇_γ = Tᵀ ∇_β. */
    double[] gradientToGamma(double[] gb) {
      double[] g = new double[gb.length];
      g[0] = gb[0];
      for (int j = 1; j < g.length; j++) {
        g[j] = (gb[j] - m[j] * gb[0]) / s[j];
      }
      return g;
    }

    /** H_γ = Tᵀ H_β T on packed upper triangles. */
    double[] hessianToGamma(double[] hb) {
      int p = s.length;
      double[] h = new double[hb.length];
      double h00 = hb[0];
      for (int j = 0; j < p; j++) {
        int base = j * (j + 1) / 2;
        double h0j = hb[base];
        for (int i = 0; i <= j; i++) {
          double v;
          if (j == 0) {
            v = h00;
          } else if (i == 0) {
            v = (h0j - m[j] * h00) / s[j];
          } else {
            double h0i = hb[i * (i + 1) / 2];
            v = (hb[base + i] - m[i] * h0j - m[j] * h0i + m[i] * m[j] * h00) / (s[i] * s[j]);
          }
          h[base + i] = v;
        }
      }
      return h;
    }

    /** Cov_β = T Cov_γ Tᵀ (NaN rows, for coefficients at an L1 kink, stay NaN). */
    double[][] covarianceToBeta(double[][] cg) {
      int p = s.length;
      double[][] t = new double[p][p];
      t[0][0] = 1.0;
      for (int j = 1; j < p; j++) {
        t[j][j] = 1.0 / s[j];
        t[0][j] = -m[j] / s[j];
      }
      double[][] tc = new double[p][p];
      for (int i = 0; i < p; i++) {
        for (int k = 0; k < p; k++) {
          if (t[i][k] != 0.0) {
            for (int j = 0; j < p; j++) {
              double v = cg[k][j];
              tc[i][j] += Double.isNaN(v) ? 0.0 : t[i][k] * v;
            }
          }
        }
      }
      double[][] out = new double[p][p];
      for (int i = 0; i < p; i++) {
        for (int j = 0; j < p; j++) {
          double v = 0;
          for (int k = 0; k < p; k++) {
            if (t[j][k] != 0.0) {
              v += tc[i][k] * t[j][k];
            }
          }
          out[i][j] = Double.isNaN(cg[i][i]) || Double.isNaN(cg[j][j]) ? Double.NaN : v;
        }
      }
      return out;
    }
  }

  /** The method AUTO resolves to (or the L1-capable variant of the one requested). */
  public static Method choose(Method requested, int p, Prior[] priors, int newtonMax) {
    boolean l1 = Arrays.stream(priors).anyMatch(Prior::hasL1);
    Method m = requested == null ? Method.AUTO : requested;
    if (m == Method.AUTO) {
      return p <= newtonMax ? (l1 ? Method.PROXIMAL_NEWTON : Method.NEWTON) : (l1 ? Method.OWLQN : Method.LBFGS);
    }
    if (l1 && m == Method.NEWTON) {
      return Method.PROXIMAL_NEWTON;
    }
    if (l1 && m == Method.LBFGS) {
      return Method.OWLQN;
    }
    return m;
  }

  /** Runs method m from beta0 or, when {@code other} is given, from the best point between the two. */
  private static Solution run(Problem pr, Method m, double[] beta0, double[] other) {
    if (other != null) {
      beta0 = StartPoint.along(pr, beta0, other);
    }
    switch (m) {
      case NEWTON:
      case PROXIMAL_NEWTON:
        return NewtonMethods.minimize(pr, m, beta0);
      default:
        return QuasiNewton.minimize(pr, m, beta0);
    }
  }

  /** Standard errors and covariance from a Hessian of the smooth part, on the free coefficients. */
  static double[][] covariance(Problem pr, double[][] h, double[] beta) {
    int p = pr.p;
    int[] free = new int[p];
    int n = 0;
    for (int j = 0; j < p; j++) {
      if (!(pr.l1[j] > 0 && beta[j] == pr.mean[j])) {
        free[n++] = j;
      }
    }
    double[][] sub = new double[n][n];
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        sub[a][b] = h[free[a]][free[b]];
      }
    }
    double[][] cov = new double[p][p];
    for (double[] row : cov) {
      Arrays.fill(row, Double.NaN);
    }
    double[][] l = DenseMatrix.cholesky(sub);
    if (l == null) {
      return cov;
    }
    double[][] inv = DenseMatrix.inverse(l);
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        cov[free[a]][free[b]] = inv[a][b];
      }
    }
    return cov;
  }

  static double[] stdErrors(double[][] cov) {
    if (cov == null) {
      return null;
    }
    double[] se = new double[cov.length];
    for (int j = 0; j < se.length; j++) {
      se[j] = Math.sqrt(cov[j][j]);
    }
    return se;
  }

  /** The objective in γ (see {@link Affine}): evaluated at β = Tγ, derivatives mapped by Tᵀ. */
  static final class ScaledObjective implements Objective {
    private final Objective inner;
    private final Affine t;

    ScaledObjective(Objective inner, Affine t) {
      this.inner = inner;
      this.t = t;
    }

    @Override
    public int dimension() {
      return inner.dimension();
    }

    /** The Hessian in γ mixes the intercept's row into every other: computed whole, then restricted. */
    @Override
    public Eval evaluate(double[] gamma, boolean withHessian, int[] columns) {
      Eval e = inner.evaluate(t.toBeta(gamma), withHessian);
      double[] h = e.hessian() == null ? null : t.hessianToGamma(e.hessian());
      h = h == null || columns == null ? h : Eval.restrict(h, columns);
      return new Eval(e.loss(), t.gradientToGamma(e.gradient()), h, e.weight(), e.rows(), e.saturatedWeight());
    }

    @Override
    public double[] lossAt(double[] gamma, double[] direction, double[] steps) {
      return inner.lossAt(t.toBeta(gamma), t.toBeta(direction), steps);
    }

    @Override
    public SeparationCheck.Result separation(double[][] directions, double near) {
      // a·(Tγ-direction) is the margin in β units; the Gram matrix maps like the Hessian.
      double[][] mapped = new double[directions.length][];
      for (int c = 0; c < mapped.length; c++) {
        mapped[c] = t.toBeta(directions[c]);
      }
      SeparationCheck.Result r = inner.separation(mapped, near);
      return r.gram() == null ? r
          : new SeparationCheck.Result(r.strict(), r.boundary(), r.wrong(), r.clearlyWrong(), t.hessianToGamma(r.gram()));
    }
  }
}
