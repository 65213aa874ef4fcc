package io.infospark.core.logistic;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One pass over blocks sorted by fold ({@link DataBlock.Builder#build(int)}) that serves many fits at
 * once: the K training sets of K-fold cross-validation (set k = every row outside fold k) and the
 * whole data (set K). Each request names its set and its coefficients; the pass computes, per
 * request, the loss and gradient of that set's rows at those coefficients (and the held-out loss
 * of fold k on the way: its margins are computed anyway), or a line search, or the Hessian of
 * each fold's rows at one shared point. Mergeable like {@link LossAggregator}.
 */
public final class FoldPass implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What a request asks for. */
  public enum Kind {
    /** Loss and gradient (and, when asked, the exact Hessian) of one set at β; held-out loss of fold k. */
    EVALUATE,
    /** The loss of one set along β + t·direction for every step t. */
    LINE,
    /** The Hessian of each fold's rows at one β (the K parts that every training set's Hessian is a sum of). */
    FOLD_HESSIANS
  }

  /** One request; {@code columns}: the Hessian's coefficients (ascending, 0 first), null = all. */
  public record Request(Kind kind, int set, double[] beta, double[] direction, double[] steps, boolean hessian,
      int[] columns) implements Serializable {
    public static Request evaluate(int set, double[] beta, boolean hessian, int[] columns) {
      return new Request(Kind.EVALUATE, set, beta, null, null, hessian, columns);
    }

    public static Request line(int set, double[] beta, double[] direction, double[] steps) {
      return new Request(Kind.LINE, set, beta, direction, steps, false, null);
    }

    public static Request foldHessians(double[] beta, int[] columns) {
      return new Request(Kind.FOLD_HESSIANS, -1, beta, null, null, true, columns);
    }
  }

  /** The result of an EVALUATE request: the training set's Eval and fold k's held-out loss Σwℓ and Σw. */
  public record Evaluated(Eval training, double heldOutLoss, double heldOutWeight) {}

  private final int folds;
  private final int features;
  private final Request[] requests;
  /** Allocated at the first block: the empty zero value a treeAggregate ships to every task stays small. */
  private Object[] states;

  public FoldPass(int features, int folds, List<Request> requests) {
    this.features = features;
    this.folds = folds;
    this.requests = requests.toArray(new Request[0]);
  }

  private void allocate() {
    states = new Object[requests.length];
    for (int r = 0; r < states.length; r++) {
      Request q = this.requests[r];
      switch (q.kind()) {
        case EVALUATE:
          states[r] = new LossAggregator[] {new LossAggregator(features, q.hessian(), q.columns()),
              new LossAggregator(features, false)};
          break;
        case LINE:
          states[r] = new LossAggregator.Line(q.steps());
          break;
        default:
          LossAggregator[] parts = new LossAggregator[folds];
          for (int k = 0; k < folds; k++) {
            parts[k] = new LossAggregator(features, true, q.columns());
          }
          states[r] = parts;
      }
    }
  }


  /**
   * Rows of a dense block read at once by the requests without a Hessian: this many values (128 KB),
   * so that the tile stays in the core's cache while every request computes its margins and
   * gradient on it.
   */
  static final int TILE_VALUES = 16_384;

  /**
   * Adds one block (rows sorted by fold) for every request. The requests without a Hessian (the
   * K + 1 fits' margins, gradients and line searches: two matrix–vector products per row each) run
   * over tiles of {@link #TILE_VALUES} values of a dense block in turn, all of them on one tile
   * before the next: each row is read from memory once for all K + 1 fits, not K + 1 times (at
   * 1,000 features a block of a few thousand rows is far larger than the cache). The Hessian
   * requests (p²/2 multiply-adds per row, where reading the row is not what costs) take the block
   * whole.
   */
  public FoldPass add(DataBlock b) {
    if (b.folds() != folds) {
      throw new IllegalArgumentException("block has " + b.folds() + " folds, the pass " + folds);
    }
    if (states == null) {
      allocate();
    }
    int tile = b.dense != null ? Math.max(8, TILE_VALUES / Math.max(1, b.features)) : b.rows;
    for (int r = 0; r < requests.length; r++) {
      if (requests[r].hessian()) {
        add(r, b, 0, b.rows);
      }
    }
    for (int a = 0; a < b.rows; a += tile) {
      int e = Math.min(b.rows, a + tile);
      for (int r = 0; r < requests.length; r++) {
        if (!requests[r].hessian()) {
          add(r, b, a, e);
        }
      }
    }
    return this;
  }

  /** Rows {@code a} (inclusive) to {@code e} (exclusive) of a block for request r. */
  private void add(int r, DataBlock b, int a, int e) {
    Request q = requests[r];
    boolean fold = q.set() >= 0 && q.set() < folds;
    int from = fold ? b.foldStart[q.set()] : 0;
    int to = fold ? b.foldStart[q.set() + 1] : 0;
    switch (q.kind()) {
      case EVALUATE: {
        LossAggregator[] s = (LossAggregator[]) states[r];
        s[0].add(b, q.beta(), a, Math.min(e, from));
        s[0].add(b, q.beta(), Math.max(a, to), e);
        s[1].add(b, q.beta(), Math.max(a, from), Math.min(e, to));
        break;
      }
      case LINE: {
        LossAggregator.Line s = (LossAggregator.Line) states[r];
        s.add(b, q.beta(), q.direction(), a, Math.min(e, from));
        s.add(b, q.beta(), q.direction(), Math.max(a, to), e);
        break;
      }
      default: {
        LossAggregator[] s = (LossAggregator[]) states[r];
        for (int k = 0; k < folds; k++) {
          s[k].add(b, q.beta(), Math.max(a, b.foldStart[k]), Math.min(e, b.foldStart[k + 1]));
        }
      }
    }
  }

  public FoldPass merge(FoldPass o) {
    if (o.states == null) {
      return this;
    }
    if (states == null) {
      states = o.states;
      return this;
    }
    for (int r = 0; r < states.length; r++) {
      if (states[r] instanceof LossAggregator.Line l) {
        l.merge((LossAggregator.Line) o.states[r]);
      } else {
        LossAggregator[] a = (LossAggregator[]) states[r];
        LossAggregator[] b = (LossAggregator[]) o.states[r];
        for (int k = 0; k < a.length; k++) {
          a[k].merge(b[k]);
        }
      }
    }
    return this;
  }

  /** Per request, in order: {@link Evaluated}, double[] losses per step, or Eval[] per fold. */
  public List<Object> results() {
    if (states == null) {
      allocate();
    }
    List<Object> out = new ArrayList<>();
    for (int r = 0; r < states.length; r++) {
      switch (requests[r].kind()) {
        case EVALUATE: {
          LossAggregator[] s = (LossAggregator[]) states[r];
          Eval held = s[1].result();
          out.add(new Evaluated(s[0].result(), held.loss(), held.weight()));
          break;
        }
        case LINE:
          out.add(((LossAggregator.Line) states[r]).result());
          break;
        default: {
          LossAggregator[] s = (LossAggregator[]) states[r];
          Eval[] e = new Eval[folds];
          for (int k = 0; k < folds; k++) {
            e[k] = s[k].result();
          }
          out.add(e);
        }
      }
    }
    return out;
  }

  /** Where the passes run: in memory for tests, a treeAggregate over cached blocks in Spark. */
  public interface Data {
    int features();

    int folds();

    /** One pass serving every request. */
    List<Object> pass(List<Request> requests);

    /** The separation check of {@link Objective#separation} on one set's rows (a pass of its own). */
    SeparationCheck.Result separation(int set, double[][] directions, double near);
  }

  /** {@link Data} over blocks held in memory. */
  public static final class InMemory implements Data {
    private final int features;
    private final int folds;
    private final List<DataBlock> blocks;

    public InMemory(int features, int folds, List<DataBlock> blocks) {
      this.features = features;
      this.folds = folds;
      this.blocks = List.copyOf(blocks);
    }

    @Override
    public int features() {
      return features;
    }

    @Override
    public int folds() {
      return folds;
    }

    @Override
    public List<Object> pass(List<Request> requests) {
      FoldPass p = new FoldPass(features, folds, requests);
      for (DataBlock b : blocks) {
        p.add(b);
      }
      return p.results();
    }

    @Override
    public SeparationCheck.Result separation(int set, double[][] directions, double near) {
      SeparationCheck check = new SeparationCheck(directions.length, features + 1, near);
      for (DataBlock b : blocks) {
        check.add(set < folds ? b.withoutFold(set) : b, directions);
      }
      return check.result();
    }
  }
}
