package io.infospark.core;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fingerprint of a discrete sample: for each count c, how many distinct values were seen
 * exactly c times (the "frequency of frequencies"). It is the sufficient statistic of every
 * estimator that does not care which value is which (plug-in, Miller–Madow, Chao–Shen, the
 * delta-method error), and it is small: a column of N rows has at most √(2N) distinct counts
 * (≈ 4,500 for N = 10⁷) however many distinct values it has, so it may go to the driver.
 *
 * <p>Merging two fingerprints of <em>disjoint value sets</em> adds multiplicities. (Two samples
 * that share values are merged one level down, on the value counts, before the fingerprint.)
 */
public final class CountFingerprint implements Serializable {
  private static final long serialVersionUID = 1L;
  private final TreeMap<Long, Long> multiplicity = new TreeMap<>();
  /** Multiplicities of the counts below {@link #SMALL} not yet moved into the map (a value per distinct value is hot). */
  private final long[] small = new long[SMALL];
  private boolean smallPending;
  private static final int SMALL = 64;

  /** Records {@code times} distinct values that were each seen {@code count} times. */
  public CountFingerprint add(long count, long times) {
    if (count < 0 || times < 0) {
      throw new IllegalArgumentException("count and times must be >= 0: " + count + ", " + times);
    }
    if (count > 0 && times > 0) {
      if (count < SMALL) {
        small[(int) count] = Math.addExact(small[(int) count], times);
        smallPending = true;
      } else {
        multiplicity.merge(count, times, Long::sum);
      }
    }
    return this;
  }

  /**
   * Takes back {@code times} distinct values seen {@code count} times (a running count whose value
   * was seen again moves from one count to another).
   *
   * @throws IllegalArgumentException when fewer than {@code times} values have that count
   */
  public CountFingerprint remove(long count, long times) {
    if (count <= 0 || times <= 0) {
      if (count < 0 || times < 0) {
        throw new IllegalArgumentException("count and times must be >= 0: " + count + ", " + times);
      }
      return this;
    }
    TreeMap<Long, Long> m = settled();
    long left = m.getOrDefault(count, 0L) - times;
    if (left < 0) {
      throw new IllegalArgumentException("cannot take back " + times + " values of count " + count + ": "
          + m.getOrDefault(count, 0L) + " recorded");
    }
    if (left == 0) {
      m.remove(count);
    } else {
      m.put(count, left);
    }
    return this;
  }

  /** Records one distinct value seen {@code count} times. */
  public CountFingerprint add(long count) {
    return add(count, 1);
  }

  /** The map of every multiplicity, with the small counts moved in. */
  private TreeMap<Long, Long> settled() {
    if (smallPending) {
      for (int c = 1; c < SMALL; c++) {
        if (small[c] != 0) {
          multiplicity.merge((long) c, small[c], Long::sum);
          small[c] = 0;
        }
      }
      smallPending = false;
    }
    return multiplicity;
  }

  public CountFingerprint merge(CountFingerprint other) {
    other.settled().forEach(this::add);
    return this;
  }

  /** Builds the fingerprint of a plain count vector (zeros are ignored). */
  public static CountFingerprint of(long... counts) {
    CountFingerprint f = new CountFingerprint();
    for (long c : counts) {
      f.add(c);
    }
    return f;
  }

  /** N: the total count. */
  public long total() {
    long n = 0;
    for (Map.Entry<Long, Long> e : settled().entrySet()) {
      n = Math.addExact(n, Math.multiplyExact(e.getKey(), e.getValue()));
    }
    return n;
  }

  /** K: the number of distinct values with a positive count. */
  public long distinct() {
    long k = 0;
    for (long m : settled().values()) {
      k += m;
    }
    return k;
  }

  /** f₁: the number of values seen exactly once (singletons). */
  public long singletons() {
    return settled().getOrDefault(1L, 0L);
  }

  /** Number of distinct counts: the size of this fingerprint. */
  public int size() {
    return settled().size();
  }

  /** The (count, multiplicity) pairs in increasing count order. */
  public Map<Long, Long> asMap() {
    return java.util.Collections.unmodifiableMap(settled());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CountFingerprint && ((CountFingerprint) o).settled().equals(settled());
  }

  @Override
  public int hashCode() {
    return settled().hashCode();
  }

  @Override
  public String toString() {
    return "CountFingerprint" + settled();
  }
}
