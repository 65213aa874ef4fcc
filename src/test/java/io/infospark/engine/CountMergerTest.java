package io.infospark.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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

  /** Any hash that is a function of the bytes partitions consistently; the test uses Java's String hash. */
  private static long bytesHash(String s) {
    return s.hashCode() * 0x9E3779B97F4A7C15L;
  }

  private static long hashOf(Key k) {
    long h1 = k.s1() != null ? bytesHash(k.s1()) : k.k1() != null ? k.k1() : 0;
    long h2 = k.s2() != null ? bytesHash(k.s2()) : k.k2() != null ? k.k2() : 0;
    return Hashing.entry(k.set(), k.nullmask(), h1, h2);
  }

  /** One entry as a task writes it. */
  private record Entry(Key key, long n, double w) {}

  private static void write(EntryBlocks.Writer out, Entry e) {
    Key k = e.key();
    out.start(hashOf(k), k.set(), k.nullmask());
    Object[] parts = {k.k1() != null ? k.k1() : k.s1(), k.k2() != null ? k.k2() : k.s2()};
    int used = k.set() >= 3 ? 2 : 1; // sets 3 and 4 stand for pairs
    for (int i = 0; i < used; i++) {
      if (parts[i] == null) {
        out.nullKey();
      } else if (parts[i] instanceof Long l) {
        out.longKey(l);
      } else {
        byte[] b = ((String) parts[i]).getBytes(StandardCharsets.UTF_8);
        out.bytesKey(b, 0, b.length);
      }
    }
    out.finish(e.n(), e.w());
  }

  private static Key decode(MergedEntry e) {
    return new Key(e.set, e.nullmask, e.hasK1 ? e.k1 : null,
        e.s1Len < 0 ? null : new String(e.s1, e.s1Off, e.s1Len, StandardCharsets.UTF_8),
        e.hasK2 ? e.k2 : null,
        e.s2Len < 0 ? null : new String(e.s2, e.s2Off, e.s2Len, StandardCharsets.UTF_8));
  }

  private static void check(int partitions, long budget, boolean weighted, long seed) {
    check(partitions, new CountMerger.Resources(budget, Settings.FIXED, false), weighted, seed, in -> in);
  }

  /**
   * Merges random entries of three tasks in {@code partitions} partitions with these resources,
   * each partition's input passed through {@code input} (to act on the merge between blocks).
   */
  private static void check(int partitions, CountMerger.Resources resources, boolean weighted, long seed,
      java.util.function.UnaryOperator<Iterator<Tuple2<Integer, byte[]>>> input) {
    SplittableRandom r = new SplittableRandom(seed);
    Map<Key, long[]> rows = new HashMap<>();
    Map<Key, double[]> weights = new HashMap<>();
    List<List<Entry>> tasks = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      List<Entry> task = new ArrayList<>();
      for (int i = 0; i < 20_000; i++) {
        Key k = randomKey(r);
        long n = r.nextInt(10) == 0 ? r.nextLong(1L << 40) : 1 + r.nextInt(3);
        double w = weighted ? r.nextDouble() * 5 : n;
        task.add(new Entry(k, n, w));
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
    for (List<Entry> task : tasks) {
      Iterator<Entry> entries = task.iterator();
      EntryBlocks.Writer writer = new EntryBlocks.Writer(partitions);
      Iterator<Tuple2<Integer, byte[]>> blocks = writer.from(() -> {
        if (!entries.hasNext()) {
          return false;
        }
        write(writer, entries.next());
        return true;
      });
      while (blocks.hasNext()) {
        Tuple2<Integer, byte[]> b = blocks.next();
        byPartition.get(b._1()).add(b);
      }
    }
    Map<Key, Integer> seen = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      CountMerger m = new CountMerger(input.apply(byPartition.get(p).iterator()), resources);
      while (m.hasNext()) {
        MergedEntry out = m.next();
        Key k = decode(out);
        assertEquals(p, EntryBlocks.partition(hashOf(k), partitions), k + " merged in the partition of its hash");
        assertEquals(null, seen.put(k, p), k + " comes out once");
        assertTrue(rows.containsKey(k), k + " was counted");
        assertEquals(rows.get(k)[0], out.n, k + " rows");
        assertEquals(weights.get(k)[0], out.w, 1e-12 * weights.get(k)[0], k + " weight");
      }
    }
    assertEquals(rows.size(), seen.size(), "every distinct key comes out");
  }

  @Test
  void mergedCountsEqualTheSumsOfTheirEntries() {
    check(16, 1L << 30, false, 1);
    check(1, 1L << 30, true, 2);
  }

  /** A memory manager with this much execution memory (and as much for storage), one core. */
  private static org.apache.spark.memory.TaskMemoryManager taskMemory(long bytes) {
    org.apache.spark.SparkConf conf = new org.apache.spark.SparkConf()
        .set("spark.memory.fraction", "1").set("spark.memory.storageFraction", "0.5");
    return new org.apache.spark.memory.TaskMemoryManager(
        new org.apache.spark.memory.UnifiedMemoryManager(conf, 2 * bytes, bytes, 1), 0);
  }

  /**
   * The table's memory comes from Spark's execution memory (a {@code TaskMemory} consumer); with
   * 1 MB of it, far below the 1 GB cap, each partition spills when Spark grants no more.
   */
  @Test
  void aSmallExecutionMemoryMakesEveryPartitionSpillWithTheSameResult() {
    org.apache.spark.memory.TaskMemoryManager tmm = taskMemory(1 << 20);
    long before = CountMerger.SPILLS.get();
    check(2, new CountMerger.Resources(1L << 30, (cap, spill) -> io.infospark.engine.spark.TaskMemory.of(tmm, cap, spill),
        false), true, 5, in -> in);
    assertTrue(CountMerger.SPILLS.get() >= before + 2, "each partition spilled");
    assertEquals(0, tmm.getMemoryConsumptionForThisTask(), "every byte given back");
  }

  /** Another consumer of the task asks for memory between two blocks: the table goes to disk there. */
  @Test
  void anotherConsumerThatNeedsMemoryMakesTheMergeSpill() {
    org.apache.spark.memory.TaskMemoryManager tmm = taskMemory(64L << 20);
    Greedy other = new Greedy(tmm);
    long[] granted = new long[1];
    long before = CountMerger.SPILLS.get();
    // a cap of 4 MB: the first block (≈ 300 kB, above cap / 16) is merged before the second is read
    check(1, new CountMerger.Resources(4L << 20, (cap, spill) -> io.infospark.engine.spark.TaskMemory.of(tmm, cap, spill),
        false), false, 6, in -> new Iterator<>() {
          int blocks;

          @Override
          public boolean hasNext() {
            return in.hasNext();
          }

          @Override
          public Tuple2<Integer, byte[]> next() {
            if (++blocks == 2) {
              // more than all of the execution memory: Spark asks every other consumer to spill
              granted[0] = other.acquireMemory(1L << 30);
            }
            return in.next();
          }
        });
    assertTrue(CountMerger.SPILLS.get() > before, "the merge spilled when the other consumer asked");
    // the pool is 128 MB (execution may take the empty storage half): the merge gave back all but the
    // small table it starts over with (a few tens of kB), at once
    assertTrue(granted[0] > (128L << 20) - (256 << 10), "granted to the other consumer: " + granted[0]);
    other.freeMemory(other.getUsed());
  }

  /** A consumer that takes what it asks for and never spills. */
  private static final class Greedy extends org.apache.spark.memory.MemoryConsumer {
    Greedy(org.apache.spark.memory.TaskMemoryManager tmm) {
      super(tmm, tmm.pageSizeBytes(), org.apache.spark.memory.MemoryMode.ON_HEAP);
    }

    @Override
    public long spill(long size, org.apache.spark.memory.MemoryConsumer trigger) {
      return 0;
    }
  }

  @Test
  void aTinyBudgetSpillsAndMergesInPassesWithTheSameResult() {
    long before = CountMerger.SPILLS.get();
    check(3, 20_000, false, 3);
    check(2, 50_000, true, 4);
    assertTrue(CountMerger.SPILLS.get() >= before + 5, "the tiny budget made the partitions spill");
  }
}
