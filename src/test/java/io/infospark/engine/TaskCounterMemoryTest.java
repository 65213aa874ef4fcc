package io.infospark.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.engine.spark.ByteKeys;
import io.infospark.engine.spark.ColumnChunk;
import io.infospark.engine.spark.TaskMemory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.memory.MemoryConsumer;
import org.apache.spark.memory.MemoryMode;
import org.apache.spark.memory.TaskMemoryManager;
import org.apache.spark.memory.UnifiedMemoryManager;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * The map side's tables take their memory from the task's execution memory: when Spark asks for
 * memory (another consumer of the task needs it) or grants no more, the tables are written out
 * early — more, smaller entries — and the merged counts stay exact.
 */
class TaskCounterMemoryTest {
  private static final int ROWS = 200_000;
  private static final int CHUNK = 4096;

  /** One long column, key r % 50_000 at row r. */
  private static final class Longs implements ColumnChunk {
    int start;
    int n;

    @Override
    public int rows() {
      return n;
    }

    @Override
    public boolean longs(int c, long[] keys, boolean[] isNull) {
      for (int r = 0; r < n; r++) {
        keys[r] = (start + r) % 50_000;
        isNull[r] = false;
      }
      return false;
    }

    @Override
    public boolean bytes(int c, ByteKeys out) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long longAt(int c, int r) {
      return (start + r) % 50_000;
    }

    @Override
    public void bytesAt(int c, int r, ByteKeys out, int slot) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void weights(double[] w, byte[] problem) {
      throw new UnsupportedOperationException();
    }
  }

  private static Iterator<ColumnChunk> chunks(Runnable betweenChunks) {
    Longs chunk = new Longs();
    return new Iterator<>() {
      int next;

      @Override
      public boolean hasNext() {
        return next < ROWS;
      }

      @Override
      public ColumnChunk next() {
        if (next > 0) {
          betweenChunks.run();
        }
        chunk.start = next;
        chunk.n = Math.min(CHUNK, ROWS - next);
        next += chunk.n;
        return chunk;
      }
    };
  }

  private static TaskMemoryManager taskMemory(long bytes) {
    SparkConf conf = new SparkConf().set("spark.memory.fraction", "1").set("spark.memory.storageFraction", "0.5");
    return new TaskMemoryManager(new UnifiedMemoryManager(conf, 2 * bytes, bytes, 1), 0);
  }

  /** Counts the chunks with this budget; merges the output; returns the number of entries written. */
  private static int countAndCheck(Settings.Budgets budgets, Runnable betweenChunks) {
    CounterSettings s = new CounterSettings(new boolean[] {false}, new ValueBins[1], new int[0][], false, 1.0, false,
        false, 4, 1 << 24, 1L << 30, budgets);
    List<List<Tuple2<Integer, byte[]>>> partitions = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      partitions.add(new ArrayList<>());
    }
    Iterator<Tuple2<Integer, byte[]>> blocks = new TaskCounter(chunks(betweenChunks), s).blocks();
    int entries = 0;
    while (blocks.hasNext()) {
      Tuple2<Integer, byte[]> b = blocks.next();
      partitions.get(b._1()).add(b);
      EntryBlocks.Cursor c = new EntryBlocks.Cursor();
      c.reset(b._2(), 0, b._2().length);
      while (c.next()) {
        entries++;
      }
    }
    Map<Long, Long> counts = new HashMap<>();
    for (List<Tuple2<Integer, byte[]>> part : partitions) {
      CountMerger m = new CountMerger(part.iterator(), new CountMerger.Resources(1L << 30, Settings.FIXED, false));
      while (m.hasNext()) {
        MergedEntry e = m.next();
        assertEquals(null, counts.put(e.k1, e.n), "one entry per key after the merge");
      }
    }
    assertEquals(50_000, counts.size());
    for (long k = 0; k < 50_000; k++) {
      assertEquals(4L, counts.get(k), "key " + k); // 200,000 rows, keys r % 50,000
    }
    return entries;
  }

  @Test
  void withoutMemoryPressureEachKeyIsWrittenOnce() {
    TaskMemoryManager tmm = taskMemory(256L << 20);
    assertEquals(50_000, countAndCheck((cap, spill) -> TaskMemory.of(tmm, cap, spill), () -> { }));
    assertEquals(0, tmm.getMemoryConsumptionForThisTask(), "every byte given back");
  }

  @Test
  void aSmallExecutionMemoryWritesTheTablesOutEarly() {
    TaskMemoryManager tmm = taskMemory(256 << 10);
    int entries = countAndCheck((cap, spill) -> TaskMemory.of(tmm, cap, spill), () -> { });
    assertTrue(entries > 50_000, "tables written out early: " + entries + " entries");
    assertEquals(0, tmm.getMemoryConsumptionForThisTask(), "every byte given back");
  }

  @Test
  void sparkAskingForMemoryWritesTheTablesOut() {
    TaskMemoryManager tmm = taskMemory(256L << 20);
    MemoryConsumer other = new MemoryConsumer(tmm, tmm.pageSizeBytes(), MemoryMode.ON_HEAP) {
      @Override
      public long spill(long size, MemoryConsumer trigger) {
        return 0;
      }
    };
    int[] asked = new int[1];
    int entries = countAndCheck((cap, spill) -> TaskMemory.of(tmm, cap, spill), () -> {
      if (++asked[0] % 10 == 0) {
        // more than there is: Spark asks the counting tables to spill
        other.acquireMemory(1L << 30);
        other.freeMemory(other.getUsed());
      }
    });
    assertTrue(entries > 50_000, "tables written out when asked: " + entries + " entries");
  }
}
