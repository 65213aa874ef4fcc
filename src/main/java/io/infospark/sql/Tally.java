package io.infospark.sql;

import io.infospark.core.CountFingerprint;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The mergeable state of the counting aggregates: how many times each value (a key made by
 * {@link ValueKey}) was seen in one group. {@code tally(A).merge(tally(B)) == tally(A ∪ B)}.
 *
 * <p>Memory: one hash-map entry per distinct value of the group — about 80 bytes plus the value
 * itself (a short string ≈ 60 bytes more) on the JVM heap, outside Spark's memory manager, so it
 * cannot spill. Serialized (between the partial and the final aggregation) as the entries only.
 */
final class Tally implements Serializable {
  private static final long serialVersionUID = 1L;
  private transient HashMap<Object, long[]> counts = new HashMap<>();

  /** Counts one occurrence of key, which may be borrowed from the row: it is copied only when new. */
  void add(Object key) {
    long[] c = counts.get(key);
    if (c == null) {
      counts.put(ValueKey.own(key), new long[] {1});
    } else {
      c[0]++;
    }
  }

  Tally merge(Tally other) {
    Tally big = counts.size() >= other.counts.size() ? this : other;
    Tally small = big == this ? other : this;
    small.counts.forEach((k, c) -> big.counts.computeIfAbsent(k, x -> new long[1])[0] += c[0]);
    return big;
  }

  int distinct() {
    return counts.size();
  }

  /** The count fingerprint, the sufficient statistic of {@link io.infospark.core.Entropy}. */
  CountFingerprint fingerprint() {
    CountFingerprint f = new CountFingerprint();
    counts.values().forEach(c -> f.add(c[0]));
    return f;
  }

  /** The counts of {@code part(key)}: a marginal of a tally of pairs. */
  Tally marginal(Function<Object, Object> part) {
    Tally m = new Tally();
    counts.forEach((k, c) -> m.counts.computeIfAbsent(part.apply(k), x -> new long[1])[0] += c[0]);
    return m;
  }

  Map<Object, long[]> asMap() {
    return counts;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    out.writeInt(counts.size());
    for (Map.Entry<Object, long[]> e : counts.entrySet()) {
      out.writeObject(e.getKey());
      out.writeLong(e.getValue()[0]);
    }
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    int n = in.readInt();
    counts = new HashMap<>(Math.max(16, (int) (n / 0.75f) + 1));
    for (int i = 0; i < n; i++) {
      Object key = in.readObject();
      counts.put(key, new long[] {in.readLong()});
    }
  }
}
