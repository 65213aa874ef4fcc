package io.infospark.core.logistic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * One pass of {@link FoldPass} serving the K training sets and the whole data at once equals, to
 * rounding, each set's own pass over its rows alone (a {@link LossAggregator} or
 * {@link LossAggregator.Line} over a block holding only those rows, row by row in the same order).
 */
class FoldPassTest {
  private static final int FOLDS = 5;

  /** Dense rows of {@code d} features whose fold boundaries fall inside the pass's tiles of rows. */
  private static List<DataBlock> blocks(int d, int rowsPerBlock, int count) {
    SplittableRandom r = new SplittableRandom(11);
    List<DataBlock> out = new ArrayList<>();
    int[] idx = new int[d];
    for (int j = 0; j < d; j++) {
      idx[j] = j;
    }
    for (int b = 0; b < count; b++) {
      DataBlock.Builder builder = new DataBlock.Builder(d, rowsPerBlock);
      for (int i = 0; i < rowsPerBlock; i++) {
        double[] x = new double[d];
        for (int j = 0; j < d; j++) {
          x[j] = r.nextGaussian();
        }
        double y = r.nextDouble() < 0.4 ? 1.0 : 0.0;
        double w = 0.5 + r.nextDouble();
        builder.addSparse(idx, x, d, y, w, r.nextInt(FOLDS));
      }
      out.add(builder.build(FOLDS));
    }
    return out;
  }

  /** The rows of set k (every fold but k; k = K: all) or of fold k alone, as one block without folds. */
  private static DataBlock rows(DataBlock b, int k, boolean heldOut) {
    DataBlock.Builder builder = new DataBlock.Builder(b.features(), b.rows());
    for (int i = 0; i < b.rows(); i++) {
      int fold = 0;
      while (fold < FOLDS && i >= b.foldStart(fold + 1)) {
        fold++;
      }
      if (heldOut ? fold == k : fold != k) {
        double[] x = new double[b.features()];
        System.arraycopy(b.dense, i * b.features(), x, 0, b.features());
        builder.addDense(x, b.labels[i], b.weights[i]);
      }
    }
    return builder.build();
  }

  private static double[] coefficients(SplittableRandom r, int p, double size) {
    double[] beta = new double[p];
    for (int j = 0; j < p; j++) {
      beta[j] = size * r.nextGaussian();
    }
    return beta;
  }

  @Test
  void everySetsMarginsGradientsAndLineSearchEqualItsOwnPass() {
    for (int d : new int[] {12, 300, 1000}) {
      List<DataBlock> blocks = blocks(d, 500, 2);
      SplittableRandom r = new SplittableRandom(d);
      List<FoldPass.Request> requests = new ArrayList<>();
      double[] steps = {1.0, 0.5, 0.25};
      for (int k = 0; k <= FOLDS; k++) {
        requests.add(FoldPass.Request.evaluate(k, coefficients(r, d + 1, 0.1), false, null));
        requests.add(FoldPass.Request.line(k, coefficients(r, d + 1, 0.1), coefficients(r, d + 1, 0.05), steps));
      }
      List<Object> got = new FoldPass.InMemory(d, FOLDS, blocks).pass(requests);
      for (int k = 0; k <= FOLDS; k++) {
        FoldPass.Request ev = requests.get(2 * k);
        FoldPass.Request line = requests.get(2 * k + 1);
        LossAggregator training = new LossAggregator(d, false);
        LossAggregator heldOut = new LossAggregator(d, false);
        LossAggregator.Line search = new LossAggregator.Line(steps);
        for (DataBlock b : blocks) {
          DataBlock t = rows(b, k, false);
          training.add(t, ev.beta());
          search.add(t, line.beta(), line.direction());
          if (k < FOLDS) {
            heldOut.add(rows(b, k, true), ev.beta());
          }
        }
        Eval want = training.result();
        FoldPass.Evaluated e = (FoldPass.Evaluated) got.get(2 * k);
        String at = d + " features, set " + k;
        assertEquals(want.loss(), e.training().loss(), 1e-12 * want.loss(), at);
        assertEquals(want.weight(), e.training().weight(), 1e-12 * want.weight(), at);
        assertEquals(want.rows(), e.training().rows(), at);
        double top = 0;
        for (double g : want.gradient()) {
          top = Math.max(top, Math.abs(g));
        }
        for (int j = 0; j <= d; j++) {
          assertEquals(want.gradient()[j], e.training().gradient()[j], 1e-12 * top, at + ", gradient " + j);
        }
        if (k < FOLDS) {
          Eval h = heldOut.result();
          assertEquals(h.loss(), e.heldOutLoss(), 1e-12 * h.loss(), at + ", held out");
          assertEquals(h.weight(), e.heldOutWeight(), 1e-12 * h.weight(), at + ", held out");
        }
        double[] wantLine = search.result();
        double[] gotLine = (double[]) got.get(2 * k + 1);
        for (int s = 0; s < steps.length; s++) {
          assertEquals(wantLine[s], gotLine[s], 1e-12 * wantLine[s], at + ", step " + steps[s]);
        }
      }
    }
  }

  /**
   * The fold-Hessians request: part k is the Hessian of fold k's rows alone, over all coefficients
   * and over a subset of them, so that Σ_{j≠k} of the parts is training set k's Hessian.
   */
  @Test
  void foldHessiansAreEachFoldsOwn() {
    for (int d : new int[] {12, 50}) {
      List<DataBlock> blocks = blocks(d, 503, 3);
      SplittableRandom r = new SplittableRandom(d + 7);
      double[] beta = coefficients(r, d + 1, 0.2);
      int[] some = java.util.stream.IntStream.rangeClosed(0, d).filter(j -> j % 3 != 1).toArray();
      for (int[] columns : new int[][] {null, some}) {
        Eval[] parts = (Eval[]) new FoldPass.InMemory(d, FOLDS, blocks)
            .pass(List.of(FoldPass.Request.foldHessians(beta, columns))).get(0);
        for (int k = 0; k < FOLDS; k++) {
          LossAggregator own = new LossAggregator(d, true, columns);
          for (DataBlock b : blocks) {
            own.add(rows(b, k, true), beta);
          }
          double[] want = own.result().hessian();
          double[] got = parts[k].hessian();
          assertEquals(want.length, got.length);
          double top = 0;
          for (double v : want) {
            top = Math.max(top, Math.abs(v));
          }
          for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-12 * top, d + " features, fold " + k + ", entry " + i
                + (columns == null ? "" : " of the subset"));
          }
        }
      }
    }
  }
}
