package io.infospark.measure;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeRowWriter;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The reduce side of {@link ValueCounts}: merges the partial counts of one shuffle partition,
 * which arrive sorted by their key hash {@code h} (a radix sort by Spark's external sorter, which
 * spills to disk under memory pressure), so equal keys are adjacent and the merge streams in
 * memory proportional to one run of equal hashes. Keys of a run are compared in full, so a hash
 * collision never merges two different values.
 *
 * <p>Input: rows of {@link ValueCounts#PARTIAL}; output: rows of {@link ValueCounts#SCHEMA}, one
 * per distinct key.
 */
final class CountMerger implements Iterator<InternalRow> {
  private final Iterator<InternalRow> in;
  private final List<UnsafeRow> run = new ArrayList<>();
  private long[] n = new long[4];
  private double[] w = new double[4];
  private int runSize;
  private int emitPos;
  private long runHash;
  private final UnsafeRow pending = newRow();
  private boolean hasPending;
  private final UnsafeRowWriter writer = new UnsafeRowWriter(ValueCounts.SCHEMA.size(), 32);

  CountMerger(Iterator<InternalRow> in) {
    this.in = in;
  }

  /** The hash of a key: its set, null mask and the hashes (or long values) of its one or two parts. */
  static long hash(int set, int nullmask, long h1, long h2) {
    long x = fmix64(h1 + 0x9E3779B97F4A7C15L * (4L * set + nullmask + 5));
    return fmix64(x ^ (h2 * 0xC2B2AE3D27D4EB4FL));
  }

  /** A 64-bit hash of a byte key (XXH64, as Spark's {@code xxhash64}). */
  static long hashBytes(UTF8String s) {
    return XXH64.hashUnsafeBytes(s.getBaseObject(), s.getBaseOffset(), s.numBytes(), 42L);
  }

  /** Murmur3's 64-bit finaliser. */
  static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }

  @Override
  public boolean hasNext() {
    while (emitPos == runSize) {
      if (!fillRun()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public InternalRow next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    int j = emitPos++;
    UnsafeRow key = run.get(j);
    writer.reset();
    writer.zeroOutNullBytes();
    writer.write(0, key.getInt(1));
    writer.write(1, key.getInt(2));
    for (int f = 3; f <= 6; f++) {
      if (key.isNullAt(f)) {
        writer.setNullAt(f - 1);
      } else if (f == 3 || f == 5) {
        writer.write(f - 1, key.getLong(f));
      } else {
        writer.write(f - 1, key.getUTF8String(f));
      }
    }
    writer.write(6, n[j]);
    writer.write(7, w[j]);
    return writer.getRow();
  }

  /** Reads the next run of rows with one hash; false at the end of the input. */
  private boolean fillRun() {
    runSize = 0;
    emitPos = 0;
    if (hasPending) {
      hasPending = false;
      add(pending);
    } else if (in.hasNext()) {
      add((UnsafeRow) in.next());
    } else {
      return false;
    }
    while (in.hasNext()) {
      UnsafeRow r = (UnsafeRow) in.next();
      if (r.getLong(0) != runHash) {
        pending.copyFrom(r);
        hasPending = true;
        break;
      }
      merge(r);
    }
    return true;
  }

  private void add(UnsafeRow r) {
    if (runSize == run.size()) {
      run.add(newRow());
    }
    if (runSize == n.length) {
      n = java.util.Arrays.copyOf(n, 2 * runSize);
      w = java.util.Arrays.copyOf(w, 2 * runSize);
    }
    run.get(runSize).copyFrom(r);
    runHash = r.getLong(0);
    n[runSize] = r.getLong(7);
    w[runSize] = r.getDouble(8);
    runSize++;
  }

  /** An empty row backed by a byte array, as {@link UnsafeRow#copyFrom} requires. */
  private static UnsafeRow newRow() {
    UnsafeRow r = new UnsafeRow(ValueCounts.PARTIAL.size());
    r.pointTo(new byte[64], 64);
    return r;
  }

  private void merge(UnsafeRow r) {
    for (int j = 0; j < runSize; j++) {
      if (sameKey(run.get(j), r)) {
        n[j] += r.getLong(7);
        w[j] += r.getDouble(8);
        return;
      }
    }
    add(r);
  }

  private static boolean sameKey(UnsafeRow a, UnsafeRow b) {
    if (a.getInt(1) != b.getInt(1) || a.getInt(2) != b.getInt(2)) {
      return false;
    }
    for (int f = 3; f <= 6; f++) {
      boolean na = a.isNullAt(f);
      if (na != b.isNullAt(f)) {
        return false;
      }
      if (na) {
        continue;
      }
      boolean same = f == 3 || f == 5 ? a.getLong(f) == b.getLong(f) : a.getUTF8String(f).equals(b.getUTF8String(f));
      if (!same) {
        return false;
      }
    }
    return true;
  }
}
