package io.infospark.core;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds exactly the values at given ranks of a multiset of n longs ({@link OrderStatistics#key
 * sortable keys}) that is read in passes and never held: the exact order statistics of a column too
 * big for one machine, with memory bounded by a budget and not by n.
 *
 * <p>Each rank still sought lies in an open key interval [lo, hi] with a known number of values
 * below lo and inside it; at the start the one interval is [min, max]. A pass ({@link #plan},
 * a {@link Counter} per part of the data, {@link Tally#merge}, {@link #apply}) does, per open
 * interval, one of two things: if it holds at most {@code collectMax} values it collects them and
 * the ranks in it are read off the sorted values; otherwise it counts its values in equal-width
 * buckets of the key range (with each bucket's smallest and largest key) and the interval becomes
 * [smallest, largest] of the bucket that holds the rank. Counts are exact integers and the order of
 * the parts does not matter, so the result does not depend on how the data is split. The key width
 * shrinks at least {@code buckets}-fold per pass, so a 64-bit key space takes at most
 * ⌈64 / log₂ buckets⌉ counting passes (a repeated value is isolated at once by its bucket's
 * smallest and largest key); data that changes between passes is detected (counts that do not add
 * up) and reported.
 */
public final class RankRefinement {
  private final long n;
  private final Map<Long, Long> found = new HashMap<>();
  /** Open intervals, disjoint, by lo. */
  private List<Open> open = new ArrayList<>();

  private record Open(long lo, long hi, long below, long count, long[] ranks) {}

  /**
   * @param n the number of values
   * @param ranks the 0-based ranks to find, each in [0, n)
   * @param minKey the smallest key (rank 0)
   * @param maxKey the largest key (rank n − 1)
   */
  public RankRefinement(long n, long[] ranks, long minKey, long maxKey) {
    this.n = n;
    List<Long> rest = new ArrayList<>();
    for (long r : Arrays.stream(ranks).sorted().distinct().toArray()) {
      if (r < 0 || r >= n) {
        throw new IllegalArgumentException("rank " + r + " outside [0, " + n + ")");
      }
      if (r == 0 || minKey == maxKey) {
        found.put(r, minKey);
      } else if (r == n - 1) {
        found.put(r, maxKey);
      } else {
        rest.add(r);
      }
    }
    if (!rest.isEmpty()) {
      open.add(new Open(minKey, maxKey, 0, n, rest.stream().mapToLong(Long::longValue).toArray()));
    }
  }

  public boolean done() {
    return open.isEmpty();
  }

  /** Open intervals that hold more than {@code collectMax} values (they will be counted). */
  public int intervalsToCount(int collectMax) {
    return (int) open.stream().filter(o -> o.count > collectMax).count();
  }

  /** The key at a rank given to the constructor, once found. */
  public long keyAt(long rank) {
    Long k = found.get(rank);
    if (k == null) {
      throw new IllegalStateException("rank " + rank + " of " + n + " not found (yet)");
    }
    return k;
  }

  /** How much one pass may hold per part of the data: counting cells and collected keys. */
  public static final class Budget {
    int cells;
    long keys;

    public Budget(int cells, long keys) {
      this.cells = cells;
      this.keys = keys;
    }
  }

  /**
   * The next pass for the first open intervals that fit the budget (which they use up): collect
   * those with at most {@code collectMax} values, count the others in {@code buckets} buckets.
   */
  public Plan plan(int buckets, int collectMax, Budget budget) {
    List<Open> chosen = new ArrayList<>();
    for (Open o : open) {
      boolean collect = o.count <= collectMax;
      if (collect ? o.count > budget.keys : buckets > budget.cells) {
        break;
      }
      if (collect) {
        budget.keys -= o.count;
      } else {
        budget.cells -= buckets;
      }
      chosen.add(o);
    }
    long[] lo = new long[chosen.size()];
    long[] hi = new long[chosen.size()];
    long[] width = new long[chosen.size()];
    for (int i = 0; i < lo.length; i++) {
      Open o = chosen.get(i);
      lo[i] = o.lo;
      hi[i] = o.hi;
      // width 0 marks collection; else ⌈(hi − lo + 1) / buckets⌉ keys per bucket, unsigned
      width[i] = o.count <= collectMax ? 0 : Long.divideUnsigned(o.hi - o.lo, buckets) + 1;
    }
    return new Plan(lo, hi, width, buckets);
  }

  /** Takes in the merged tally of a pass of {@code plan} over all the data. */
  public void apply(Plan plan, Tally t) {
    List<Open> next = new ArrayList<>(open.subList(plan.lo.length, open.size()));
    for (int i = 0; i < plan.lo.length; i++) {
      Open o = open.get(i);
      if (plan.width[i] == 0) {
        long[] keys = t.keys[i];
        check(keys.length, o);
        for (long r : o.ranks) {
          found.put(r, keys[(int) (r - o.below)]);
        }
        continue;
      }
      long cum = 0;
      int next0 = 0;
      for (int j = 0; j < t.bucket[i].length; j++) {
        long c = t.count[i][j];
        long start = o.below + cum;
        int k = next0;
        while (k < o.ranks.length && o.ranks[k] < start + c) {
          k++;
        }
        if (k > next0) {
          long[] ranks = Arrays.copyOfRange(o.ranks, next0, k);
          if (t.min[i][j] == t.max[i][j]) {
            for (long r : ranks) {
              found.put(r, t.min[i][j]);
            }
          } else {
            next.add(new Open(t.min[i][j], t.max[i][j], start, c, ranks));
          }
          next0 = k;
        }
        cum += c;
      }
      check(cum, o);
    }
    next.sort(Comparator.comparingLong(Open::lo));
    open = next;
  }

  private static void check(long seen, Open o) {
    if (seen != o.count) {
      throw new IllegalStateException("a pass saw " + seen + " values in [" + OrderStatistics.value(o.lo) + ", "
          + OrderStatistics.value(o.hi) + "] where the earlier one saw " + o.count
          + ": the data changed between passes");
    }
  }

  /** What one pass looks for: disjoint key intervals, each collected or counted in buckets. */
  public static final class Plan implements Serializable {
    private static final long serialVersionUID = 1L;
    private final long[] lo;
    private final long[] hi;
    private final long[] width;
    private final int buckets;

    Plan(long[] lo, long[] hi, long[] width, int buckets) {
      this.lo = lo;
      this.hi = hi;
      this.width = width;
      this.buckets = buckets;
    }

    /** A plan that looks for nothing. */
    public static Plan none() {
      return new Plan(new long[0], new long[0], new long[0], 1);
    }

    public boolean isEmpty() {
      return lo.length == 0;
    }

    /** The interval holding key, or −1. */
    int interval(long key) {
      int pos = Arrays.binarySearch(lo, key);
      int i = pos >= 0 ? pos : -pos - 2;
      return i >= 0 && key <= hi[i] ? i : -1;
    }

    public Counter counter() {
      return new Counter(this);
    }
  }

  /** Counts one part of the data for a plan (not thread-safe; one per task). */
  public static final class Counter {
    private final Plan plan;
    private final long[][] count;
    private final long[][] min;
    private final long[][] max;
    private final long[][] keys;
    private final int[] size;

    Counter(Plan plan) {
      this.plan = plan;
      int m = plan.lo.length;
      count = new long[m][];
      min = new long[m][];
      max = new long[m][];
      keys = new long[m][];
      size = new int[m];
    }

    public void add(long key) {
      int i = plan.interval(key);
      if (i < 0) {
        return;
      }
      if (plan.width[i] == 0) {
        if (keys[i] == null || size[i] == keys[i].length) {
          keys[i] = Arrays.copyOf(keys[i] == null ? new long[0] : keys[i], Math.max(16, 2 * size[i]));
        }
        keys[i][size[i]++] = key;
        return;
      }
      if (count[i] == null) {
        count[i] = new long[plan.buckets];
        min[i] = new long[plan.buckets];
        max[i] = new long[plan.buckets];
      }
      int b = (int) Long.divideUnsigned(key - plan.lo[i], plan.width[i]);
      if (count[i][b]++ == 0) {
        min[i][b] = key;
        max[i][b] = key;
      } else if (key < min[i][b]) {
        min[i][b] = key;
      } else if (key > max[i][b]) {
        max[i][b] = key;
      }
    }

    /** What was counted, in the compact form that is sent and merged. */
    public Tally tally() {
      int m = plan.lo.length;
      Tally t = new Tally(m);
      for (int i = 0; i < m; i++) {
        if (plan.width[i] == 0) {
          t.keys[i] = keys[i] == null ? new long[0] : Arrays.copyOf(keys[i], size[i]);
          Arrays.sort(t.keys[i]);
          continue;
        }
        int nonEmpty = 0;
        for (int b = 0; count[i] != null && b < plan.buckets; b++) {
          nonEmpty += count[i][b] > 0 ? 1 : 0;
        }
        t.sized(i, nonEmpty);
        for (int b = 0, k = 0; k < nonEmpty; b++) {
          if (count[i][b] > 0) {
            t.bucket[i][k] = b;
            t.count[i][k] = count[i][b];
            t.min[i][k] = min[i][b];
            t.max[i][k] = max[i][b];
            k++;
          }
        }
      }
      return t;
    }
  }

  /**
   * The result of a pass over part of the data: per counted interval its non-empty buckets in order
   * (count, smallest and largest key), per collected interval its keys sorted.
   */
  public static final class Tally implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int[][] bucket;
    private final long[][] count;
    private final long[][] min;
    private final long[][] max;
    private final long[][] keys;

    private Tally(int m) {
      bucket = new int[m][0];
      count = new long[m][0];
      min = new long[m][0];
      max = new long[m][0];
      keys = new long[m][];
    }

    private void sized(int i, int k) {
      bucket[i] = new int[k];
      count[i] = new long[k];
      min[i] = new long[k];
      max[i] = new long[k];
    }

    /** The sum of two tallies of the same plan (a new object). */
    public static Tally merge(Tally a, Tally b) {
      int m = a.bucket.length;
      Tally t = new Tally(m);
      for (int i = 0; i < m; i++) {
        if (a.keys[i] != null) {
          t.keys[i] = mergeSorted(a.keys[i], b.keys[i]);
          continue;
        }
        int[] ba = a.bucket[i];
        int[] bb = b.bucket[i];
        int x = 0;
        int y = 0;
        int k = 0;
        t.sized(i, ba.length + bb.length);
        while (x < ba.length || y < bb.length) {
          if (y == bb.length || (x < ba.length && ba[x] < bb[y])) {
            t.put(i, k++, ba[x], a.count[i][x], a.min[i][x], a.max[i][x]);
            x++;
          } else if (x == ba.length || bb[y] < ba[x]) {
            t.put(i, k++, bb[y], b.count[i][y], b.min[i][y], b.max[i][y]);
            y++;
          } else {
            t.put(i, k++, ba[x], a.count[i][x] + b.count[i][y], Math.min(a.min[i][x], b.min[i][y]),
                Math.max(a.max[i][x], b.max[i][y]));
            x++;
            y++;
          }
        }
        t.bucket[i] = Arrays.copyOf(t.bucket[i], k);
        t.count[i] = Arrays.copyOf(t.count[i], k);
        t.min[i] = Arrays.copyOf(t.min[i], k);
        t.max[i] = Arrays.copyOf(t.max[i], k);
      }
      return t;
    }

    private void put(int i, int k, int b, long c, long lo, long hi) {
      bucket[i][k] = b;
      count[i][k] = c;
      min[i][k] = lo;
      max[i][k] = hi;
    }

    private static long[] mergeSorted(long[] a, long[] b) {
      long[] out = new long[a.length + b.length];
      int x = 0;
      int y = 0;
      for (int k = 0; k < out.length; k++) {
        out[k] = y == b.length || (x < a.length && a[x] <= b[y]) ? a[x++] : b[y++];
      }
      return out;
    }
  }
}
