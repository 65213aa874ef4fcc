package io.infospark.core.logistic;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * An {@link Objective} that remembers its last evaluations (loss, gradient, Hessian) and serves a
 * repeated request without a pass. Along a path each fit starts where the previous scale's fit made
 * its last pass: the data part there is already known (only the prior changed), so the first
 * Newton step of the next scale costs no pass. A request matches a remembered point when they
 * differ by rounding only (at most {@link #ROUNDING} relative to the point's largest coefficient:
 * the round trip through standardised units), asks for no more of the Hessian than was computed,
 * and for the same columns. {@link #hits()} counts the passes saved, so that callers report the
 * passes actually made.
 */
public final class EvalCache implements Objective {
  /** Coefficient vectors closer than this (relative to the largest |β_j|, at least 1) are the same point. */
  static final double ROUNDING = 1e-13;
  /** At most this many doubles are remembered (64 MB). */
  private static final long BUDGET = 8L << 20;

  private final Objective inner;
  private final Deque<Entry> entries = new ArrayDeque<>();
  private long held;
  private int hits;
  private double[] last;

  private record Entry(double[] beta, int[] columns, Eval eval) {
    long size() {
      return beta.length + eval.gradient().length + (eval.hessian() == null ? 0 : eval.hessian().length);
    }
  }

  private EvalCache(Objective inner) {
    this.inner = inner;
  }

  /** {@code o} itself when it already is a cache, else a cache over it. */
  public static EvalCache of(Objective o) {
    return o instanceof EvalCache c ? c : new EvalCache(o);
  }

  /** Evaluations served from memory: passes saved. */
  public int hits() {
    return hits;
  }

  /** The point of the last evaluation asked for (served or made), or null. */
  public double[] lastPoint() {
    return last == null ? null : last.clone();
  }

  @Override
  public int dimension() {
    return inner.dimension();
  }

  /** The remembered evaluation at β (with the whole Hessian when asked), or null: never a pass. */
  public Eval peek(double[] beta, boolean withHessian) {
    return peek(beta, withHessian, null);
  }

  /** As {@link #peek(double[], boolean)} with the Hessian over {@code columns} (ascending; null = all). */
  public Eval peek(double[] beta, boolean withHessian, int[] columns) {
    for (Entry e : entries) {
      Eval served = same(e.beta(), beta) ? served(e, withHessian, columns) : null;
      if (served != null) {
        return served;
      }
    }
    return null;
  }

  @Override
  public Eval evaluate(double[] beta, boolean withHessian, int[] columns) {
    last = beta.clone();
    for (Entry e : entries) {
      Eval served = same(e.beta(), beta) ? served(e, withHessian, columns) : null;
      if (served != null) {
        hits++;
        return served;
      }
    }
    Eval r = inner.evaluate(beta, withHessian, columns);
    Entry n = new Entry(beta.clone(), columns == null ? null : columns.clone(), r);
    entries.addFirst(n);
    held += n.size();
    while (held > BUDGET && entries.size() > 1) {
      held -= entries.removeLast().size();
    }
    return r;
  }

  /**
   * The remembered evaluation as asked for, or null: without a Hessian from any entry; with one from
   * an entry whose Hessian covers the columns asked for (restricted to them). A path point whose
   * strong set grew is then served by the previous point's last pass when that pass's Hessian
   * already covered the entering coefficients (see {@link ActiveSet}).
   */
  private static Eval served(Entry e, boolean withHessian, int[] columns) {
    Eval v = e.eval();
    if (Arrays.equals(e.columns(), columns)) {
      return withHessian && v.hessian() == null ? null : v;
    }
    if (!withHessian) {
      return new Eval(v.loss(), v.gradient(), null, v.weight(), v.rows(), v.saturatedWeight());
    }
    if (v.hessian() == null) {
      return null;
    }
    int[] have = e.columns() != null ? e.columns() : ActiveSet.all(v.gradient().length);
    int[] want = columns != null ? columns : ActiveSet.all(v.gradient().length);
    int[] pos = new int[want.length];
    for (int k = 0; k < want.length; k++) {
      pos[k] = Arrays.binarySearch(have, want[k]);
      if (pos[k] < 0) {
        return null;
      }
    }
    return new Eval(v.loss(), v.gradient(), Eval.restrict(v.hessian(), pos), v.weight(), v.rows(), v.saturatedWeight());
  }

  static boolean same(double[] a, double[] b) {
    if (a.length != b.length) {
      return false;
    }
    double top = 1.0;
    for (double v : a) {
      top = Math.max(top, Math.abs(v));
    }
    double tol = ROUNDING * top;
    for (int j = 0; j < a.length; j++) {
      if (!(Math.abs(a[j] - b[j]) <= tol)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public double[] lossAt(double[] beta, double[] direction, double[] steps) {
    return inner.lossAt(beta, direction, steps);
  }

  @Override
  public SeparationCheck.Result separation(double[][] directions, double near) {
    return inner.separation(directions, near);
  }
}
