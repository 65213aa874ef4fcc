package io.infospark.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeRowWriter;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * The compact shuffle and its merge, without Spark: entries written into blocks by
 * {@link EntryBlocks.Writer}, grouped by partition as the shuffle would, and merged by
 * {@link CountMerger} give, per distinct key, the sum of its entries' rows and weights — computed
 * here independently with a {@code HashMap} over the decoded keys — in memory and when a tiny
 * budget makes every partition spill and merge in passes.
 */
class CountMergerTest {

  /** A key as the test sees it: set, null mask and the four key fields (null when absent). */
  private record Key(int set, int nullmask, Long k1, String s1, Long k2, String s2) {}

  private static String str(SplittableRandom r) {
    String[] stems = {"", "a", "城市", "v", "long-value-with-some-bytes-", "\u0000"};
    return stems[r.nextInt(stems.length)] + (r.nextBoolean() ? "" : Integer.toString(r.nextInt(3000)));
  }

  private static Key randomKey(SplittableRandom r) {
    int set = r.nextInt(5) - 1;
    if (set == -1) {
      return new Key(-1, 0, (long) (1 + r.nextInt(4)), null, null, null);
    }
    int mask = r.nextInt(8) == 0 ? 1 + (set >= 3 ? r.nextInt(3) : 0) : 0;
    Long k1 = null;
    String s1 = null;
    Long k2 = null;
    String s2 = null;
    if ((mask & 1) == 0) {
      if (set % 2 == 0) {
        k1 = r.nextInt(4) == 0 ? r.nextLong() % 50 : (long) r.nextInt(2000) - 1000;
      } else {
        s1 = str(r);
      }
    }
    if (set >= 3 && (mask & 2) == 0) {
      if (r.nextBoolean()) {
        k2 = (long) r.nextInt(100) * (r.nextBoolean() ? Long.MIN_VALUE / 1000 : 1);
      } else {
        s2 = str(r);
      }
    }
    return new Key(set, mask, k1, s1, k2, s2);
  }

  /** Any hash that is a function of the bytes partitions consistently; the test uses Spark's XXH64. */
  private static long bytesHash(String s) {
    UTF8String u = UTF8String.fromString(s);
    return org.apache.spark.sql.catalyst.expressions.XXH64.hashUnsafeBytes(u.getBaseObject(), u.getBaseOffset(),
        u.numBytes(), 42L);
  }

  private static long hashOf(Key k) {
    long h1 = k.s1() != null ? bytesHash(k.s1()) : k.k1() != null ? k.k1() : 0;
    long h2 = k.s2() != null ? bytesHash(k.s2()) : k.k2() != null ? k.k2() : 0;
    return CountMerger.hash(k.set(), k.nullmask(), h1, h2);
  }

  /** A row of {@link ValueCounts#PARTIAL}. */
  private static InternalRow partial(Key k, long n, double w) {
    UnsafeRowWriter out = new UnsafeRowWriter(ValueCounts.PARTIAL.size(), 32);
    out.reset();
    out.zeroOutNullBytes();
    out.write(0, hashOf(k));
    out.write(1, k.set());
    out.write(2, k.nullmask());
    Object[] fields = {k.k1(), k.s1(), k.k2(), k.s2()};
    for (int f = 0; f < 4; f++) {
      if (fields[f] == null) {
        out.setNullAt(3 + f);
      } else if (fields[f] instanceof Long l) {
        out.write(3 + f, l);
      } else {
        out.write(3 + f, UTF8String.fromString((String) fields[f]));
      }
    }
    out.write(7, n);
    out.write(8, w);
    return out.getRow().copy();
  }

  private static Key decode(InternalRow r) {
    UnsafeRow u = (UnsafeRow) r;
    return new Key(u.getInt(0), u.getInt(1),
        u.isNullAt(2) ? null : u.getLong(2),
        u.isNullAt(3) ? null : new String(u.getBinary(3), StandardCharsets.UTF_8),
        u.isNullAt(4) ? null : u.getLong(4),
        u.isNullAt(5) ? null : new String(u.getBinary(5), StandardCharsets.UTF_8));
  }

  private static void check(int partitions, long budget, boolean weighted, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Map<Key, long[]> rows = new HashMap<>();
    Map<Key, double[]> weights = new HashMap<>();
    List<List<InternalRow>> tasks = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      List<InternalRow> task = new ArrayList<>();
      for (int i = 0; i < 20_000; i++) {
        Key k = randomKey(r);
        long n = r.nextInt(10) == 0 ? r.nextLong(1L << 40) : 1 + r.nextInt(3);
        double w = weighted ? r.nextDouble() * 5 : n;
        task.add(partial(k, n, w));
        rows.computeIfAbsent(k, x -> new long[1])[0] += n;
        weights.computeIfAbsent(k, x -> new double[1])[0] += w;
      }
      tasks.add(task);
    }
    // the shuffle: every task's blocks, grouped by the partition they are keyed by
    List<List<Tuple2<Integer, byte[]>>> byPartition = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      byPartition.add(new ArrayList<>());
    }
    for (List<InternalRow> task : tasks) {
      Iterator<Tuple2<Integer, byte[]>> blocks = EntryBlocks.Writer.ofRows(task.iterator(), partitions);
      while (blocks.hasNext()) {
        Tuple2<Integer, byte[]> b = blocks.next();
        byPartition.get(b._1()).add(b);
      }
    }
    Map<Key, Integer> seen = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      CountMerger m = new CountMerger(byPartition.get(p).iterator(), budget);
      while (m.hasNext()) {
        InternalRow out = m.next();
        Key k = decode(out);
        assertEquals(p, EntryBlocks.partition(hashOf(k), partitions), k + " merged in the partition of its hash");
        assertEquals(null, seen.put(k, p), k + " comes out once");
        assertTrue(rows.containsKey(k), k + " was counted");
        assertEquals(rows.get(k)[0], out.getLong(6), k + " rows");
        assertEquals(weights.get(k)[0], out.getDouble(7), 1e-12 * weights.get(k)[0], k + " weight");
      }
    }
    assertEquals(rows.size(), seen.size(), "every distinct key comes out");
  }

  @Test
  void mergedCountsEqualTheSumsOfTheirEntries() {
    check(16, 1L << 30, false, 1);
    check(1, 1L << 30, true, 2);
  }

  @Test
  void aTinyBudgetSpillsAndMergesInPassesWithTheSameResult() {
    long before = CountMerger.SPILLS.get();
    check(3, 20_000, false, 3);
    check(2, 50_000, true, 4);
    assertTrue(CountMerger.SPILLS.get() >= before + 5, "the tiny budget made the partitions spill");
  }
}
