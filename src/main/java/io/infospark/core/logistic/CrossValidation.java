package io.infospark.core.logistic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * K-fold cross-validation of a path in the passes of one fit (DESIGN.md §5.3). The K training
 * sets and the whole data are K + 1 fits of the same path, each run by the unchanged solver in a
 * thread of its own against an {@link Objective} that does not read the data: it hands its request
 * to a batcher, which waits until every running fit has one, then serves them all in one
 * {@link FoldPass} (one treeAggregate) and wakes them. So a pass of the K + 1 fits costs one read
 * of the data, K + 1 margins and gradients per row, and — the expensive part — one Hessian:
 *
 * <p>the Hessian of training set k at its own β_k would cost K Hessians per pass. Instead each pass
 * computes the Hessian of every fold's rows at one shared point β_ref (the whole-data fit's current
 * point while it runs), H_j(β_ref), and gives training set k the sum Σ_{j≠k} H_j(β_ref) (the
 * whole-data fit gets Σ_j H_j, its exact Hessian). For fold fits this is Newton with a Hessian
 * taken at a nearby point: the gradients and the line searches are exact, so the fits converge to
 * the exact optimum of their training set. The rate would be linear, and slow where the Hessian is
 * ill-conditioned or the fold optima sit off the whole-data one (a training set has (K − 1)/K of
 * the weight, so the same prior pulls harder); each training set's Hessian is therefore corrected
 * by BFGS updates with its own last two steps and gradient changes ({@link Secant}), which makes
 * the convergence superlinear. The requests of one batch are those of every running fit in turn, so
 * the result does not depend on thread timing.
 */
public final class CrossValidation {
  private CrossValidation() {}

  /**
   * The path of the whole data and of each training set, and the passes over the data.
   * {@code folds.get(k)} is the path of training set k (rows outside fold k).
   */
  public record Result(List<PriorPath.Point> whole, List<List<PriorPath.Point>> folds, int passes) {
    /** Held-out mean log-loss per scale: Σ_k Σwℓ_k / Σ_k Σw_k over the folds (every row once). */
    public double[] meanLoss() {
      int n = whole.size();
      double[] m = new double[n];
      for (int t = 0; t < n; t++) {
        double l = 0;
        double w = 0;
        for (List<PriorPath.Point> f : folds) {
          l += f.get(t).heldOutLoss();
          w += f.get(t).heldOutWeight();
        }
        m[t] = l / w;
      }
      return m;
    }

    /**
     * The index of the chosen scale (scales ascending): the least mean held-out log-loss, or with
     * {@code oneSe} glmnet's {@code lambda.1se} in prior terms: the strongest prior (smallest
     * scale) whose mean held-out log-loss is within one standard error (the minimum's) of the
     * minimum.
     */
    public int choose(boolean oneSe) {
      double[] mean = meanLoss();
      double[] se = stdError();
      int best = 0;
      for (int t = 1; t < mean.length; t++) {
        if (mean[t] < mean[best]) {
          best = t;
        }
      }
      if (!oneSe) {
        return best;
      }
      for (int t = 0; t < best; t++) {
        if (mean[t] <= mean[best] + se[best]) {
          return t;
        }
      }
      return best;
    }

    /**
     * Standard error of {@link #meanLoss()} per scale, as glmnet's cvsd: the folds' mean losses
     * L_k, weighted by their weights W_k, sqrt(Σ W_k (L_k − L̄)² / Σ W_k / (K − 1)).
     */
    public double[] stdError() {
      double[] mean = meanLoss();
      int kk = folds.size();
      double[] se = new double[mean.length];
      for (int t = 0; t < mean.length; t++) {
        double ss = 0;
        double w = 0;
        for (List<PriorPath.Point> f : folds) {
          PriorPath.Point q = f.get(t);
          double d = q.heldOutLoss() / q.heldOutWeight() - mean[t];
          ss += q.heldOutWeight() * d * d;
          w += q.heldOutWeight();
        }
        se[t] = Math.sqrt(ss / w / (kk - 1));
      }
      return se;
    }
  }

  /**
   * Runs the path of {@code spec} on the whole data and on each of the K training sets of
   * {@code data}, all in the same passes.
   *
   * @throws SeparationException or another failure of any fit (the first, after all have ended)
   */
  public static Result run(FoldPass.Data data, PriorPath.Spec spec) {
    int folds = data.folds();
    Batcher batcher = new Batcher(data, folds + 1);
    List<List<PriorPath.Point>> paths = new ArrayList<>();
    RuntimeException[] failures = new RuntimeException[folds + 1];
    Thread[] threads = new Thread[folds + 1];
    for (int k = 0; k <= folds; k++) {
      paths.add(null);
    }
    for (int k = 0; k <= folds; k++) {
      int set = k;
      SetObjective objective = new SetObjective(batcher, set, data.features());
      // folds start from their own intercept-only point; whole-data moments would not fit them
      PriorPath.Spec s = set == folds ? spec : spec.withOptions(spec.options().withMoments(null).withStandardErrors(false));
      threads[k] = new Thread(() -> {
        try {
          paths.set(set, PriorPath.fit(objective, s, null, set == folds ? null : objective::heldOut,
              () -> batcher.endOfScale(set)));
        } catch (RuntimeException | Error e) {
          failures[set] = e instanceof RuntimeException r ? r : new IllegalStateException(e);
        } finally {
          batcher.leave(set);
        }
      }, "infospark-cv-" + (set == folds ? "all" : "fold" + set));
      threads[k].setDaemon(true);
      threads[k].start();
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while cross-validating", e);
      }
    }
    // the whole-data fit's failure first: it is the one the user asked for
    for (int k = folds; k >= 0; k--) {
      if (failures[k] != null) {
        throw failures[k];
      }
    }
    return new Result(paths.get(folds), new ArrayList<>(paths.subList(0, folds)), batcher.passes);
  }

  /** One fit's view of the data: every call waits for the batch. */
  static final class SetObjective implements Objective {
    private final Batcher batcher;
    private final int set;
    private final int features;
    private double heldOutLoss = Double.NaN;
    private double heldOutWeight = Double.NaN;
    private final Secant secant = new Secant();

    SetObjective(Batcher batcher, int set, int features) {
      this.batcher = batcher;
      this.set = set;
      this.features = features;
    }

    @Override
    public int dimension() {
      return features + 1;
    }

    @Override
    public Eval evaluate(double[] beta, boolean withHessian, int[] columns) {
      FoldPass.Evaluated r = (FoldPass.Evaluated) batcher.submit(set, FoldPass.Request.evaluate(set, beta.clone(),
          withHessian, columns));
      heldOutLoss = r.heldOutLoss();
      heldOutWeight = r.heldOutWeight();
      Eval t = r.training();
      if (set < batcher.folds) { // the whole-data fit's Hessian is exact
        t = withHessian ? secant.correct(beta, t, columns) : t;
        secant.remember(beta, t.gradient());
      }
      return t;
    }

    @Override
    public double[] lossAt(double[] beta, double[] direction, double[] steps) {
      return (double[]) batcher.submit(set, FoldPass.Request.line(set, beta.clone(), direction.clone(), steps.clone()));
    }

    @Override
    public SeparationCheck.Result separation(double[][] directions, double near) {
      return (SeparationCheck.Result) batcher.submit(set, new Separation(directions, near));
    }

    double[] heldOut() {
      return new double[] {heldOutLoss, heldOutWeight};
    }
  }

  private record Separation(double[][] directions, double near) {}

  /**
   * A training set's Hessian taken at the shared point, corrected so that it maps the set's own
   * last steps between evaluated points to the changes of its own exact gradient: BFGS updates
   * (Nocedal and Wright, eq. 6.19) with those pairs, the last one last. Newton with a Hessian taken
   * at a nearby point converges linearly, at the rate ‖H⁻¹ΔH‖ (about 0.2 per pass in the middle of
   * a Laplace path at 200 k rows × 50 features, where the Hessians differ by 2 to 7 % entry-wise);
   * the iterates' errors then lie along their last steps, which the updates correct (superlinear
   * convergence, Dennis and Moré). Each update keeps H positive definite (yᵀs &gt; 0 for the convex
   * loss) and costs O(p²) on the driver; it is skipped when its step moved a coefficient outside
   * the Hessian's columns, was too short for the gradients' difference to carry more than
   * rounding, or would make H non-finite.
   */
  static final class Secant {
    /** Steps shorter than this, relative to the coefficients, are not used. */
    static final double SHORTEST = 1e-10;
    /**
     * The updates made: with the last two steps, the older first (on the benchmark's design at 40 k
     * rows × 50 features the folds took 56 passes with one step, 48 with two, 47 with three).
     */
    static final int STEPS = 2;
    /** The last points evaluated, oldest first, and their gradients. */
    private final java.util.ArrayDeque<double[][]> points = new java.util.ArrayDeque<>();

    /**
     * The Hessian of {@code t} (over {@code columns}, null = all) corrected by the steps from the
     * points remembered to {@code at}, the oldest first.
     */
    Eval correct(double[] at, Eval t, int[] columns) {
      if (points.isEmpty() || t.hessian() == null) {
        return t;
      }
      int[] cols = columns != null ? columns : ActiveSet.all(at.length);
      double[] h = t.hessian().clone();
      List<double[][]> seq = new ArrayList<>(points);
      seq.add(new double[][] {at, t.gradient()});
      boolean changed = false;
      for (int k = 1; k < seq.size(); k++) {
        changed |= update(h, cols, seq.get(k - 1)[0], seq.get(k - 1)[1], seq.get(k)[0], seq.get(k)[1]);
      }
      return changed ? new Eval(t.loss(), t.gradient(), h, t.weight(), t.rows(), t.saturatedWeight()) : t;
    }

    void remember(double[] at, double[] g) {
      points.addLast(new double[][] {at.clone(), g.clone()});
      while (points.size() > STEPS) {
        points.removeFirst();
      }
    }

    /** H += y yᵀ / yᵀs − (Hs)(Hs)ᵀ / sᵀHs on the packed {@code h} over {@code cols}; false when skipped. */
    static boolean update(double[] h, int[] cols, double[] b0, double[] g0, double[] b1, double[] g1) {
      int m = cols.length;
      int c = 0;
      double size = 0;
      double step = 0;
      for (int j = 0; j < b0.length; j++) {
        if (c < m && cols[c] == j) {
          c++;
        } else if (b0[j] != b1[j]) {
          return false;
        }
        size = Math.max(size, Math.abs(b1[j]));
        step = Math.max(step, Math.abs(b1[j] - b0[j]));
      }
      if (!(step > SHORTEST * Math.max(1.0, size))) {
        return false;
      }
      double[] s = new double[m];
      double[] y = new double[m];
      for (int k = 0; k < m; k++) {
        s[k] = b1[cols[k]] - b0[cols[k]];
        y[k] = g1[cols[k]] - g0[cols[k]];
      }
      double[] hs = new double[m];
      for (int b = 0; b < m; b++) {
        int row = b * (b + 1) / 2;
        for (int a = 0; a < b; a++) {
          double v = h[row + a];
          hs[a] += v * s[b];
          hs[b] += v * s[a];
        }
        hs[b] += h[row + b] * s[b];
      }
      double shs = DenseMatrix.dot(s, hs);
      double ys = DenseMatrix.dot(y, s);
      // |y|²/yᵀs and |Hs|²/sᵀHs bound every entry of the two rank-one terms: both finite, or no update
      if (!(shs > 0) || !(ys > 0) || !Double.isFinite(DenseMatrix.dot(y, y) / ys)
          || !Double.isFinite(DenseMatrix.dot(hs, hs) / shs)) {
        return false;
      }
      for (int b = 0; b < m; b++) {
        int row = b * (b + 1) / 2;
        for (int a = 0; a <= b; a++) {
          h[row + a] += y[a] * y[b] / ys - hs[a] * hs[b] / shs;
        }
      }
      return true;
    }
  }

  /** Collects one request from every running fit, then serves them in one pass. */
  static final class Batcher {
    private final FoldPass.Data data;
    final int folds;
    private final Map<Integer, Object> pending = new TreeMap<>();
    private Map<Integer, Object> results = Map.of();
    private RuntimeException failure;
    private int live;
    private int running;
    private int arrived;
    private long batch;
    private long scale;
    int passes;
    /** The last fold Hessians: their point and columns (null = all). */
    private double[] refBeta;
    private int[] refColumns;
    private Eval[] refParts;

    Batcher(FoldPass.Data data, int live) {
      this.data = data;
      this.folds = data.folds();
      this.live = live;
      this.running = live;
    }

    synchronized Object submit(int set, Object request) {
      pending.put(set, request);
      long mine = batch;
      progress();
      while (batch == mine) {
        await();
      }
      if (failure != null) {
        throw failure;
      }
      return results.get(set);
    }

    /**
     * A fit has finished a scale: it waits until every fit has, so that the whole-data fit's point
     * (the shared Hessian's) is at the same scale as the folds' and the last passes of a scale do
     * not mix fits of different scales.
     */
    synchronized void endOfScale(int set) {
      live--;
      arrived++;
      long mine = scale;
      progress();
      while (scale == mine) {
        await();
      }
    }

    synchronized void leave(int set) {
      live--;
      running--;
      pending.remove(set);
      progress();
    }

    /** Releases the scale barrier when every running fit is at it, else runs a batch when every live fit waits. */
    private void progress() {
      if (running > 0 && arrived == running) {
        arrived = 0;
        live = running;
        scale++;
        notifyAll();
      } else if (live > 0 && pending.size() == live) {
        runBatch();
      }
    }

    private void await() {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a cross-validation pass", e);
      }
    }

    private void runBatch() {
      Map<Integer, Object> out = new TreeMap<>();
      failure = null;
      try {
        serve(out);
      } catch (RuntimeException e) {
        failure = e;
      }
      results = out;
      pending.clear();
      batch++;
      notifyAll();
    }

    private void serve(Map<Integer, Object> out) {
      List<FoldPass.Request> requests = new ArrayList<>();
      List<Integer> owners = new ArrayList<>();
      List<Integer> hessianSets = new ArrayList<>();
      int[] union = new int[0];
      boolean allColumns = false;
      FoldPass.Request wholeHessian = null;
      for (Map.Entry<Integer, Object> e : pending.entrySet()) {
        int set = e.getKey();
        if (e.getValue() instanceof Separation s) {
          passes++;
          out.put(set, data.separation(set, s.directions(), s.near()));
          continue;
        }
        FoldPass.Request q = (FoldPass.Request) e.getValue();
        if (q.kind() == FoldPass.Kind.EVALUATE && q.hessian()) {
          hessianSets.add(set);
          if (q.columns() == null) {
            allColumns = true;
          } else {
            union = union(union, q.columns());
          }
          if (set == folds) {
            wholeHessian = q;
          }
          q = FoldPass.Request.evaluate(set, q.beta(), false, null);
        }
        requests.add(q);
        owners.add(set);
      }
      int[] columns = allColumns ? null : union;
      int hessianRequest = -1;
      if (!hessianSets.isEmpty()) {
        boolean cached = refParts != null && covers(refColumns, columns);
        if (wholeHessian != null || !cached) {
          // the whole-data fit's point when it asks for a Hessian; else the last point, or the first fold's
          refBeta = wholeHessian != null ? wholeHessian.beta() : refBeta != null ? refBeta
              : ((FoldPass.Request) pending.get(hessianSets.get(0))).beta();
          refColumns = columns;
          hessianRequest = requests.size();
          requests.add(FoldPass.Request.foldHessians(refBeta, columns));
        }
      }
      List<Object> res = requests.isEmpty() ? List.of() : data.pass(requests);
      if (!requests.isEmpty()) {
        passes++;
      }
      if (hessianRequest >= 0) {
        refParts = (Eval[]) res.get(hessianRequest);
      }
      for (int r = 0; r < owners.size(); r++) {
        int set = owners.get(r);
        Object v = res.get(r);
        if (hessianSets.contains(set)) {
          FoldPass.Evaluated ev = (FoldPass.Evaluated) v;
          int[] want = ((FoldPass.Request) pending.get(set)).columns();
          double[] h = hessianOf(set, want);
          Eval t = ev.training();
          v = new FoldPass.Evaluated(new Eval(t.loss(), t.gradient(), h, t.weight(), t.rows(), t.saturatedWeight()),
              ev.heldOutLoss(), ev.heldOutWeight());
        }
        out.put(set, v);
      }
    }

    /** Σ_{j ≠ set} H_j at the reference point, over {@code want} (null = all). */
    private double[] hessianOf(int set, int[] want) {
      double[] sum = new double[refParts[0].hessian().length];
      for (int j = 0; j < refParts.length; j++) {
        if (j != set) {
          double[] h = refParts[j].hessian();
          for (int i = 0; i < sum.length; i++) {
            sum[i] += h[i];
          }
        }
      }
      if (Arrays.equals(want, refColumns)) {
        return sum;
      }
      int[] have = refColumns != null ? refColumns : ActiveSet.all(data.features() + 1);
      int[] pos = new int[want.length];
      for (int k = 0; k < want.length; k++) {
        pos[k] = Arrays.binarySearch(have, want[k]);
      }
      return Eval.restrict(sum, pos);
    }

    private static boolean covers(int[] have, int[] want) {
      if (have == null) {
        return true;
      }
      if (want == null) {
        return false;
      }
      for (int j : want) {
        if (Arrays.binarySearch(have, j) < 0) {
          return false;
        }
      }
      return true;
    }

    private static int[] union(int[] a, int[] b) {
      return java.util.stream.IntStream.concat(Arrays.stream(a), Arrays.stream(b)).distinct().sorted().toArray();
    }
  }
}
