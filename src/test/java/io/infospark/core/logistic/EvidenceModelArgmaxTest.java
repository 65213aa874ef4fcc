package io.infospark.core.logistic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link EvidenceModel#argmax} takes the fast ln Z for its scan and golden sections and the precise
 * one (Cholesky of the scaled matrix) only for five points, or for none where the two agree. Its
 * maximiser must equal that of the precise ln Z alone, found here otherwise: the best of 401
 * precise points over the interval, then the maximiser of a least-squares quartic through precise
 * values around it.
 */
class EvidenceModelArgmaxTest {

  /** The model at the MAP for σ = {@code sd}, with the Hessian there. */
  private static EvidenceModel model(ReferenceData.Data d, double sd) {
    PriorPath.Spec spec = PriorPathTest.spec(d, Prior.gaussian(0, 1), null);
    Objective data = d.objective(3);
    Solution s = LogisticSolver.minimize(data, spec.at(sd), null, spec.options().withStandardErrors(false));
    return new EvidenceModel(spec, s.beta(), data.evaluate(s.beta(), true), false);
  }

  private static double preciseArgmax(EvidenceModel m, double lo, double hi, double slope, double curvature, double at) {
    java.util.function.DoubleUnaryOperator f = t -> m.preciseLogEvidence(t) + (slope + curvature * (t - at)) * (t - at);
    int n = 400;
    double best = lo;
    double fBest = Double.NEGATIVE_INFINITY;
    for (int k = 0; k <= n; k++) {
      double t = lo + (hi - lo) * k / n;
      double v = f.applyAsDouble(t);
      if (v > fBest) {
        fBest = v;
        best = t;
      }
    }
    // around the best point, a least-squares quartic through 81 precise values over ±0.02 (which
    // averages out their rounding; its truncation is of order 0.02⁴), maximised by bisection of its
    // derivative; within the interval
    double w = 0.02;
    double c = Math.max(lo + w, Math.min(hi - w, best));
    double[][] ata = new double[5][5];
    double[] aty = new double[5];
    for (int k = -40; k <= 40; k++) {
      double u = k / 40.0;
      double y = f.applyAsDouble(c + w * u);
      double[] pw = {1, u, u * u, u * u * u, u * u * u * u};
      for (int i = 0; i < 5; i++) {
        aty[i] += pw[i] * y;
        for (int j = 0; j < 5; j++) {
          ata[i][j] += pw[i] * pw[j];
        }
      }
    }
    double[] q = DenseMatrix.solve(DenseMatrix.cholesky(ata), aty);
    java.util.function.DoubleUnaryOperator dq = u -> q[1] + 2 * q[2] * u + 3 * q[3] * u * u + 4 * q[4] * u * u * u;
    double ua = Math.max(-1, (lo - c) / w);
    double ub = Math.min(1, (hi - c) / w);
    if (dq.applyAsDouble(ua) <= 0) {
      return c + w * ua; // decreasing from the lower end: the maximiser is there
    }
    if (dq.applyAsDouble(ub) >= 0) {
      return c + w * ub;
    }
    for (int k = 0; k < 100; k++) {
      double um = (ua + ub) / 2;
      if (dq.applyAsDouble(um) > 0) {
        ua = um;
      } else {
        ub = um;
      }
    }
    return c + w * (ua + ub) / 2;
  }

  private static void assertSameMaximiser(EvidenceModel m, double t0, double lo, double hi, double slope, double curvature) {
    double expected = preciseArgmax(m, lo, hi, slope, curvature, t0);
    double actual = m.argmax(lo, hi, 50, slope, curvature, t0);
    System.out.println("argmax: precise-only " + expected + ", argmax " + actual + ", difference " + (actual - expected));
    assertEquals(expected, actual, 5e-8, "maximiser in t over [" + lo + ", " + hi + "], correction " + slope + ", " + curvature);
  }

  /** The model at the MAP for σ = e^t0, whose fast ln Z must agree with the precise one (or not) there. */
  private static EvidenceModel checked(ReferenceData.Data d, double t0, boolean agrees) {
    EvidenceModel m = model(d, Math.exp(t0));
    m.checkedLogEvidence(t0);
    assertEquals(agrees, m.fastAgrees(), "whether the fast ln Z agrees with the precise one to 1e-12");
    return m;
  }

  /** Unstandardised penguins (body mass in grams beside bill depths in mm): the fast ln Z is not precise, and is not taken. */
  @Test
  void featuresOfVeryDifferentScalesUseThePreciseValues() {
    double t0 = Math.log(3.0);
    EvidenceModel m = checked(FarPriorMeansTest.penguins(), t0, false);
    assertSameMaximiser(m, t0, t0 - 1, t0 + 1, 0, 0);
    assertSameMaximiser(m, t0, t0 - 1, t0 + 1, 2.0, -1.5);
  }

  /** Features of one scale (the wide test's design): the fast ln Z agrees, and the maximiser is still the precise one. */
  @Test
  void featuresOfOneScaleUseTheFastValues() {
    double t0 = Math.log(0.15);
    EvidenceModel m = checked(EvidenceWideTest.data(), t0, true);
    assertSameMaximiser(m, t0, t0 - 1, t0 + 1, 0, 0);
    assertSameMaximiser(m, t0, t0 - 1, t0 + 1, 40.0, -30.0);
    // a maximiser at a bound of the interval is the bound
    double lo = t0 - 2;
    double hi = t0 - 1.5;
    assertSameMaximiser(m, t0, lo, hi, 0, 0);
  }
}
