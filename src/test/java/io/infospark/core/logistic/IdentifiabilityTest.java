package io.infospark.core.logistic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Constant features and exact linear combinations: found from stable moments, named, and told
 * apart by the priors on them. Expected relations are the ones built into the data.
 */
class IdentifiabilityTest {
  private static final Prior FLAT = Prior.flat();
  private static final Prior GAUSS = Prior.gaussian(0, 1);

  /** n rows of x1 ~ N(0, 1), x2 ~ N(offset, 1) and the extra columns {@code extra} computes. */
  private static FeatureMoments moments(int n, double offset, int blocks, java.util.function.Function<double[], double[]> extra) {
    Random r = new Random(1);
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] base = {r.nextGaussian(), offset + r.nextGaussian()};
      double[] more = extra.apply(base);
      double[] x = new double[2 + more.length];
      System.arraycopy(base, 0, x, 0, 2);
      System.arraycopy(more, 0, x, 2, more.length);
      rows.add(x);
    }
    int d = rows.get(0).length;
    FeatureMoments total = new FeatureMoments(d, true);
    for (int b = 0; b < blocks; b++) {
      DataBlock.Builder builder = new DataBlock.Builder(d, 16);
      for (int i = b * n / blocks; i < (b + 1) * n / blocks; i++) {
        builder.addDense(rows.get(i), i % 2, 1.0);
      }
      total.merge(new FeatureMoments(d, true).add(builder.build()));
    }
    return total;
  }

  private static Prior[] priors(Prior... features) {
    Prior[] p = new Prior[features.length + 1];
    p[0] = FLAT;
    System.arraycopy(features, 0, p, 1, features.length);
    return p;
  }

  private static final String[] NAMES = {"(intercept)", "x1", "x2", "c", "copy", "sum"};

  @Test
  void independentFeaturesHaveNoDependency() {
    FeatureMoments m = moments(200, 3, 3, x -> new double[0]);
    assertTrue(Identifiability.find(m, priors(FLAT, FLAT)).isEmpty());
  }

  @Test
  void constantCopyAndSumAreNamedWithTheirRelation() {
    // x2 has mean 1e6 (sd 1): raw sums Σx² − n m² would lose it; the centred moments do not
    FeatureMoments m = moments(300, 1e6, 4, x -> new double[] {3.5, x[0], x[0] + 2 * x[1] - 7});
    List<Identifiability.Dependency> deps = Identifiability.find(m, priors(FLAT, FLAT, FLAT, FLAT, FLAT));
    assertEquals(3, deps.size(), deps.toString());
    Identifiability.Dependency c = deps.get(0);
    assertTrue(c.constant() && c.feature() == 3 && !c.determinedByPrior());
    assertEquals("'c' is constant (3.5 on every row)", c.describe(NAMES));
    Identifiability.Dependency copy = deps.get(1);
    assertEquals(4, copy.feature());
    assertArrayEquals(new int[] {1}, copy.others());
    assertEquals(1.0, copy.weights()[0], 1e-9);
    assertEquals("'copy' = 1·'x1'", copy.describe(NAMES));
    Identifiability.Dependency sum = deps.get(2);
    assertArrayEquals(new int[] {1, 2}, sum.others());
    assertEquals(1.0, sum.weights()[0], 1e-9);
    assertEquals(2.0, sum.weights()[1], 1e-9);
    // the constant cancels Σ w_k m_k ≈ 2e6: relative to that
    assertEquals(-7.0, sum.value(), 1e-9 * 2e6);
    assertTrue(sum.describe(NAMES).startsWith("'sum' = 1·'x1' + 2·'x2' - 6.9999"), sum.describe(NAMES));
  }

  @Test
  void flatFeaturesComeFirstSoThePriorDecides() {
    FeatureMoments m = moments(200, 0, 2, x -> new double[] {3.5, x[0], x[0] + 2 * x[1]});
    // x1 has a prior, its copy does not: the copy is ordered first, x1 is the dependent one, and
    // the prior on x1 decides the split: identifiable
    List<Identifiability.Dependency> deps = Identifiability.find(m, priors(GAUSS, FLAT, GAUSS, FLAT, GAUSS));
    assertEquals(3, deps.size(), deps.toString());
    assertTrue(deps.stream().allMatch(Identifiability.Dependency::determinedByPrior), deps.toString());
    assertTrue(deps.stream().anyMatch(d -> d.feature() == 1 && d.others().length == 1 && d.others()[0] == 4));
    // two flat copies of x1 (which has a prior): each involves x1, but copy − x1' moves flat
    // coefficients only: not identifiable
    FeatureMoments two = moments(200, 0, 2, x -> new double[] {x[0], x[0]});
    List<Identifiability.Dependency> d2 = Identifiability.find(two, priors(GAUSS, FLAT, FLAT, FLAT));
    assertTrue(d2.stream().anyMatch(d -> !d.determinedByPrior()), d2.toString());
  }

  @Test
  void nearlyCollinearIsNotFlagged() {
    // x3 = x1 + 1e-4 noise: R² ≈ 1 − 1e-8, well above the tolerance: a legitimate (if poorly
    // determined) feature
    Random r = new Random(9);
    FeatureMoments m = moments(400, 0, 2, x -> new double[] {x[0] + 1e-4 * r.nextGaussian()});
    assertTrue(Identifiability.find(m, priors(FLAT, FLAT, FLAT)).isEmpty());
  }

  @Test
  void withoutTheCovarianceOnlyConstantsAreFound() {
    FeatureMoments m = new FeatureMoments(3, false);
    DataBlock.Builder b = new DataBlock.Builder(3, 4);
    for (int i = 0; i < 10; i++) {
      b.addDense(new double[] {i, i, 0.1}, i % 2, 1.0);
    }
    m.add(b.build());
    List<Identifiability.Dependency> deps = Identifiability.find(m, priors(FLAT, FLAT, FLAT));
    assertEquals(1, deps.size());
    assertEquals(3, deps.get(0).feature());
    assertFalse(m.hasCovariance());
  }

  /** The merge law of the moments: blocks in any split give the same state (to rounding). */
  @Test
  void momentsMergeLikeOnePass() {
    FeatureMoments one = moments(500, 50, 1, x -> new double[] {x[0] * x[1]});
    FeatureMoments seven = moments(500, 50, 7, x -> new double[] {x[0] * x[1]});
    assertEquals(one.weight(), seven.weight(), 0.0);
    assertEquals(one.positiveWeight(), seven.positiveWeight(), 0.0);
    double[][] a = one.covariance();
    double[][] b = seven.covariance();
    for (int i = 0; i < a.length; i++) {
      assertEquals(one.means()[i], seven.means()[i], 1e-12 * Math.max(1, Math.abs(one.means()[i])));
      for (int j = 0; j < a.length; j++) {
        assertEquals(a[i][j], b[i][j], 1e-11 * Math.sqrt(a[i][i] * a[j][j]), i + "," + j);
      }
    }
  }
}
