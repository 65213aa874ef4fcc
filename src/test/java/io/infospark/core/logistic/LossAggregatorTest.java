package io.infospark.core.logistic;

import static io.infospark.testing.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LossAggregatorTest {
  private static final double MERGE = 1e-12;

  private static DataBlock block(Random r, int rows, int d, boolean sparse) {
    DataBlock.Builder b = new DataBlock.Builder(d, rows);
    for (int i = 0; i < rows; i++) {
      double[] x = new double[d];
      for (int j = 0; j < d; j++) {
        x[j] = sparse && r.nextDouble() < 0.8 ? 0.0 : r.nextGaussian();
      }
      b.addDense(x, r.nextBoolean() ? 1 : 0, 0.5 + r.nextDouble());
    }
    return b.build();
  }

  @Test
  void mergeLawAndSparseEqualsDense() {
    Random r = new Random(7);
    int d = 6;
    DataBlock a = block(r, 40, d, true);
    DataBlock b = block(r, 25, d, false);
    double[] beta = {0.3, -0.2, 0.1, 0.5, -0.4, 0.05, 0.2};
    Eval whole = new InMemoryObjective(d, List.of(a, b)).evaluate(beta, true);
    Eval merged = new LossAggregator(d, true).add(a, beta).merge(new LossAggregator(d, true).add(b, beta)).result();
    assertClose(whole.loss(), merged.loss(), MERGE, "loss");
    for (int k = 0; k < whole.hessian().length; k++) {
      assertClose(whole.hessian()[k], merged.hessian()[k], MERGE, "hessian " + k);
    }
    // the same rows stored dense (re-added through addSparse with all indices) give the same state
    assertEquals(true, a.isSparse());
    DataBlock.Builder dense = new DataBlock.Builder(d, 40);
    int[] all = {0, 1, 2, 3, 4, 5};
    for (int i = 0; i < a.rows(); i++) {
      double[] x = new double[d];
      for (int k = a.rowStart[i]; k < a.rowStart[i + 1]; k++) {
        x[a.columns[k]] = a.values[k];
      }
      dense.addSparse(all, x, d, a.labels[i], a.weights[i]);
    }
    DataBlock ad = dense.build();
    Eval es = new LossAggregator(d, true).add(a, beta).result();
    Eval ed = new LossAggregator(d, true).add(ad, beta).result();
    assertClose(es.loss(), ed.loss(), MERGE, "loss");
    for (int k = 0; k < es.hessian().length; k++) {
      assertClose(es.hessian()[k], ed.hessian()[k], MERGE, "sparse hessian " + k);
    }
    for (int j = 0; j <= d; j++) {
      assertClose(es.gradient()[j], ed.gradient()[j], MERGE, "sparse gradient " + j);
    }
  }

  @ParameterizedTest
  @CsvSource({"12, 60", "13, 61", "14, 62", "15, 63", "9, 8"})
  void blasBlockPathEqualsRowByRowPath(int d, int n) {
    // ≥ 8 rows and ≥ 8 features go through dgemv and the rank-4 Hessian kernel (four columns at a
    // time, the d mod 4 left one at a time, the n mod 4 rows one at a time); blocks of 5 rows
    // through the row loops.
    Random r = new Random(19 + d);
    DataBlock big = block(r, n, d, false);
    List<DataBlock> small = new java.util.ArrayList<>();
    for (int from = 0; from < n; from += 5) {
      DataBlock.Builder b = new DataBlock.Builder(d, 5);
      for (int i = from; i < Math.min(n, from + 5); i++) {
        b.addDense(java.util.Arrays.copyOfRange(big.dense, i * d, (i + 1) * d), big.labels[i], big.weights[i]);
      }
      small.add(b.build());
    }
    double[] beta = new double[d + 1];
    double[] dir = new double[d + 1];
    for (int j = 0; j <= d; j++) {
      beta[j] = 0.1 * (j % 4) - 0.15;
      dir[j] = 0.05 * (j % 3) - 0.04;
    }
    Eval a = new InMemoryObjective(d, List.of(big)).evaluate(beta, true);
    Eval b = new InMemoryObjective(d, small).evaluate(beta, true);
    assertClose(b.loss(), a.loss(), MERGE, "loss");
    for (int j = 0; j <= d; j++) {
      assertClose(b.gradient()[j], a.gradient()[j], MERGE, "gradient " + j);
    }
    for (int k = 0; k < a.hessian().length; k++) {
      assertClose(b.hessian()[k], a.hessian()[k], MERGE, "hessian " + k);
    }
    double[] steps = {0.0, 0.5, 2.0};
    double[] la = new InMemoryObjective(d, List.of(big)).lossAt(beta, dir, steps);
    double[] lb = new InMemoryObjective(d, small).lossAt(beta, dir, steps);
    for (int k = 0; k < steps.length; k++) {
      assertClose(lb[k], la[k], MERGE, "lossAt " + steps[k]);
    }
  }

  @Test
  void gradientAndHessianMatchFiniteDifferences() {
    Random r = new Random(3);
    int d = 4;
    InMemoryObjective obj = new InMemoryObjective(d, List.of(block(r, 60, d, false)));
    double[] beta = {0.1, 0.4, -0.3, 0.2, -0.1};
    Eval e = obj.evaluate(beta, true);
    double h = 1e-6;
    for (int j = 0; j <= d; j++) {
      double[] up = beta.clone();
      double[] dn = beta.clone();
      up[j] += h;
      dn[j] -= h;
      Eval eu = obj.evaluate(up, false);
      Eval ed = obj.evaluate(dn, false);
      assertClose((eu.loss() - ed.loss()) / (2 * h), e.gradient()[j], 1e-7, "gradient " + j);
      for (int i = 0; i <= j; i++) {
        double fd = (eu.gradient()[i] - ed.gradient()[i]) / (2 * h);
        assertClose(fd, e.hessian()[Eval.packedIndex(i, j)], 1e-7, "hessian " + i + "," + j);
      }
    }
    double[] dir = {0.2, -0.1, 0.3, 0.0, 0.5};
    double[] losses = obj.lossAt(beta, dir, new double[] {0.0, 1.0, 0.25});
    assertClose(e.loss(), losses[0], MERGE, "lossAt 0");
    assertClose(obj.evaluate(NewtonMethods.axpy(beta, 0.25, dir), false).loss(), losses[2], MERGE, "lossAt 0.25");
  }
}
