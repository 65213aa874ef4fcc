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

  /** Records {@code times} distinct values that were each seen {@code count} times. */
  public CountFingerprint add(long count, long times) {
    if (count < 0 || times < 0) {
      throw new IllegalArgumentException("count and times must be >= 0: " + count + ", " + times);
    }
    if (count > 0 && times > 0) {
      multiplicity.merge(count, times, Long::sum);
    }
    return this;
  }

  /** Records one distinct value seen {@code count} times. */
  public CountFingerprint add(long count) {
    return add(count, 1);
  }

  public CountFingerprint merge(CountFingerprint other) {
    other.multiplicity.forEach(this::add);
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
    for (Map.Entry<Long, Long> e : multiplicity.entrySet()) {
      n = Math.addExact(n, Math.multiplyExact(e.getKey(), e.getValue()));
    }
    return n;
  }

  /** K: the number of distinct values with a positive count. */
  public long distinct() {
    long k = 0;
    for (long m : multiplicity.values()) {
      k += m;
    }
    return k;
  }

  /** f₁: the number of values seen exactly once (singletons). */
  public long singletons() {
    return multiplicity.getOrDefault(1L, 0L);
  }

  /** Number of distinct counts: the size of this fingerprint. */
  public int size() {
    return multiplicity.size();
  }

  /** The (count, multiplicity) pairs in increasing count order. */
  public Map<Long, Long> asMap() {
    return java.util.Collections.unmodifiableMap(multiplicity);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CountFingerprint && ((CountFingerprint) o).multiplicity.equals(multiplicity);
  }

  @Override
  public int hashCode() {
    return multiplicity.hashCode();
  }

  @Override
  public String toString() {
    return "CountFingerprint" + multiplicity;
  }
}
