package io.infospark.measure;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.SparkEnv;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.sql.catalyst.expressions.codegen.UnsafeRowWriter;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Tuple2;

/**
 * The reduce side of {@link ValueCounts}: merges the entry blocks ({@link EntryBlocks}) of one
 * shuffle partition into one row of {@link ValueCounts#SCHEMA} per distinct key. Entries go into
 * an open-addressing hash table keyed by the hash of their canonical key bytes; a hash match is
 * confirmed by comparing the bytes, so a collision never merges two values. The shuffle has many
 * small partitions (a few thousand entries each at typical sizes), so the table stays in cache.
 *
 * <p>Memory is bounded: when the table outgrows its budget, the partition's entries (the table's
 * so far and the blocks still to come) are written to a local temporary file and merged in
 * several passes, each taking the keys whose hash falls in one of as many equal ranges.
 */
final class CountMerger implements Iterator<InternalRow> {
  /** How many partitions spilled in this JVM (for tests). */
  static final java.util.concurrent.atomic.AtomicLong SPILLS = new java.util.concurrent.atomic.AtomicLong();
  private final Iterator<Tuple2<Integer, byte[]>> in;
  private final long budget;
  private final EntryBlocks.Cursor cursor = new EntryBlocks.Cursor();
  private final UnsafeRowWriter writer = new UnsafeRowWriter(ValueCounts.SCHEMA.size(), 32);

  // the table: slots (hash, id + 1); per id its key's offset in `keys` (keyStart[id + 1] ends it), n, w
  private long[] slotHash;
  private int[] slotId;
  private int mask;
  private int size;
  private byte[] keys;
  private int[] keyStart;
  private long[] n;
  private double[] w;

  private boolean started;
  private int emitId;
  // spilled input: the file, how many passes over it, the next pass
  private File spill;
  private DataOutputStream spillOut;
  private int passes;
  private int pass;

  CountMerger(Iterator<Tuple2<Integer, byte[]>> in, long budget) {
    this.in = in;
    this.budget = budget;
    clear();
  }

  /** The hash of a key: its set, null mask and the hashes (or long values) of its one or two parts. */
  static long hash(int set, int nullmask, long h1, long h2) {
    long x = fmix64(h1 + 0x9E3779B97F4A7C15L * (4L * set + nullmask + 5));
    return fmix64(x ^ (h2 * 0xC2B2AE3D27D4EB4FL));
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
    if (!started) {
      started = true;
      readInput();
    }
    while (emitId == size) {
      if (pass == passes) {
        release();
        return false;
      }
      runPass(pass++);
    }
    return true;
  }

  @Override
  public InternalRow next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    int id = emitId++;
    byte[] b = keys;
    int pos = keyStart[id];
    int header = b[pos++];
    cursor.block = b;
    cursor.pos = pos;
    writer.reset();
    writer.zeroOutNullBytes();
    writer.write(0, (int) (cursor.readVarint() - 1));
    writer.write(1, header & 3);
    writeKey(header, EntryBlocks.K1, EntryBlocks.S1, 2);
    writeKey(header, EntryBlocks.K2, EntryBlocks.S2, 4);
    writer.write(6, n[id]);
    writer.write(7, w[id]);
    return writer.getRow();
  }

  private void writeKey(int header, int longBit, int bytesBit, int at) {
    if ((header & longBit) != 0) {
      writer.write(at, EntryBlocks.unzigzag(cursor.readVarint()));
    } else {
      writer.setNullAt(at);
    }
    if ((header & bytesBit) != 0) {
      int l = (int) cursor.readVarint();
      writer.write(at + 1, cursor.block, cursor.pos, l);
      cursor.pos += l;
    } else {
      writer.setNullAt(at + 1);
    }
  }

  /** Merges the input blocks in memory, or spills them when the table outgrows its budget. */
  private void readInput() {
    // the first blocks (up to 1/16 of the budget) size the table, so it rarely grows
    java.util.List<byte[]> first = new java.util.ArrayList<>();
    long firstBytes = 0;
    while (firstBytes < budget / 16 && in.hasNext()) {
      byte[] block = in.next()._2();
      first.add(block);
      firstBytes += block.length;
    }
    presize(firstBytes);
    for (byte[] block : first) {
      consume(block);
    }
    first = null;
    while (in.hasNext()) {
      consume(in.next()._2());
    }
    if (spillOut != null) {
      try {
        spillOut.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      spillOut = null;
      passes = (int) Math.max(2, Math.min(1 << 16, 2 * spill.length() / Math.max(1, budget) + 1));
    }
  }

  private void consume(byte[] block) {
    if (spillOut != null) {
      writeBlock(block, block.length);
      return;
    }
    cursor.reset(block, 0, block.length);
    while (cursor.next()) {
      add(cursor, hashOf(cursor));
    }
    if (bytes() > budget) {
      startSpill();
    }
  }

  /** Sizes the empty table for the keys of this many bytes of entries (≈ 10 bytes an entry). */
  private void presize(long entryBytes) {
    long keysAbout = Math.min(1 << 26, entryBytes / 10);
    int capacity = Integer.highestOneBit((int) Math.max(1024, 2 * keysAbout) - 1) << 1;
    if (capacity > mask + 1) {
      table(capacity, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(keys.length, entryBytes)));
    }
  }

  /** Writes the table's entries to a temporary file, to which the remaining blocks are appended. */
  private void startSpill() {
    SPILLS.incrementAndGet();
    Tuple2<?, File> block = SparkEnv.get() != null
        ? SparkEnv.get().blockManager().diskBlockManager().createTempLocalBlock()
        : new Tuple2<>(null, tempFile());
    spill = block._2();
    spill.deleteOnExit();
    try {
      spillOut = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(spill), 1 << 16));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] out = new byte[1 << 16];
    int len = 0;
    for (int id = 0; id < size; id++) {
      int keyLen = keyStart[id + 1] - keyStart[id];
      if (len + keyLen + 18 > out.length) {
        writeBlock(out, len);
        len = 0;
        if (keyLen + 18 > out.length) {
          out = new byte[keyLen + 18];
        }
      }
      System.arraycopy(keys, keyStart[id], out, len, keyLen);
      len = EntryBlocks.putCount(out, len, len + keyLen, n[id], w[id]);
    }
    writeBlock(out, len);
    clear();
  }

  private static File tempFile() {
    try {
      return File.createTempFile("infospark-merge", ".bin");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeBlock(byte[] block, int len) {
    try {
      spillOut.writeInt(len);
      spillOut.write(block, 0, len);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Merges the spilled entries whose key hash falls in range {@code j} of {@link #passes}. */
  private void runPass(int j) {
    clear();
    try (DataInputStream s = new DataInputStream(new BufferedInputStream(new FileInputStream(spill), 1 << 16))) {
      byte[] block = new byte[0];
      while (true) {
        int len;
        try {
          len = s.readInt();
        } catch (EOFException end) {
          break;
        }
        if (len > block.length) {
          block = new byte[len];
        }
        s.readFully(block, 0, len);
        cursor.reset(block, 0, len);
        while (cursor.next()) {
          long h = hashOf(cursor);
          if (EntryBlocks.partition(h, passes) == j) {
            add(cursor, h);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (j == passes - 1 && !spill.delete()) {
      spill.deleteOnExit();
    }
  }

  private static long hashOf(EntryBlocks.Cursor c) {
    return XXH64.hashUnsafeBytes(c.block, Platform.BYTE_ARRAY_OFFSET + c.keyStart + 1, c.keyEnd - c.keyStart - 1,
        c.header & EntryBlocks.KEY_BITS);
  }

  /** Adds the cursor's entry: to its key's counts, or as a new key. */
  private void add(EntryBlocks.Cursor c, long h) {
    int slot = (int) h & mask;
    while (true) {
      int id1 = slotId[slot];
      if (id1 == 0) {
        break;
      }
      if (slotHash[slot] == h && sameKey(id1 - 1, c)) {
        n[id1 - 1] += c.n;
        w[id1 - 1] += c.w;
        return;
      }
      slot = (slot + 1) & mask;
    }
    int id = size++;
    if (id == n.length) {
      keyStart = Arrays.copyOf(keyStart, 2 * n.length + 1);
      n = Arrays.copyOf(n, 2 * n.length);
      w = Arrays.copyOf(w, 2 * w.length);
    }
    int keyLen = c.keyEnd - c.keyStart;
    int at = keyStart[id];
    if (at + keyLen > keys.length) {
      keys = Arrays.copyOf(keys, Math.max(2 * keys.length, at + keyLen));
    }
    System.arraycopy(c.block, c.keyStart, keys, at, keyLen);
    keys[at] &= EntryBlocks.KEY_BITS;
    keyStart[id + 1] = at + keyLen;
    n[id] = c.n;
    w[id] = c.w;
    slotHash[slot] = h;
    slotId[slot] = id + 1;
    if (2 * size > mask + 1) {
      rehash();
    }
  }

  private boolean sameKey(int id, EntryBlocks.Cursor c) {
    int at = keyStart[id];
    int end = keyStart[id + 1];
    return end - at == c.keyEnd - c.keyStart
        && keys[at] == (c.block[c.keyStart] & EntryBlocks.KEY_BITS)
        && Arrays.equals(keys, at + 1, end, c.block, c.keyStart + 1, c.keyEnd);
  }

  private void rehash() {
    long[] oldHash = slotHash;
    int[] oldId = slotId;
    int oldCapacity = mask + 1;
    slotHash = new long[2 * oldCapacity];
    slotId = new int[2 * oldCapacity];
    mask = slotId.length - 1;
    for (int s = 0; s < oldCapacity; s++) {
      if (oldId[s] != 0) {
        int slot = (int) oldHash[s] & mask;
        while (slotId[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        slotHash[slot] = oldHash[s];
        slotId[slot] = oldId[s];
      }
    }
  }

  /** The heap the table holds, in bytes. */
  private long bytes() {
    return 12L * (mask + 1) + 20L * size + keys.length;
  }

  private void clear() {
    table(1024, 1 << 14);
  }

  /**
   * The arrays a task thread's mergers reuse, one partition after another (the merge runs many
   * small partitions in sequence; allocating and zeroing a table for each would cost more than
   * merging), kept while they hold at most {@link #SCRATCH_MAX} bytes.
   */
  private static final class Scratch {
    long[] slotHash;
    int[] slotId;
    int[] keyStart;
    long[] n;
    double[] w;
    byte[] keys;
    /** The merger using the arrays (a merger that is never finished keeps them: later ones allocate). */
    CountMerger owner;
  }

  private static final long SCRATCH_MAX = 16L << 20;
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** An empty table of this many slots (a power of two) and key bytes, on the thread's scratch arrays when they fit. */
  private void table(int capacity, int keyBytes) {
    Scratch sc = SCRATCH.get();
    if ((sc.owner == null || sc.owner == this) && sc.slotId != null && sc.slotId.length >= capacity
        && sc.keys.length >= keyBytes) {
      sc.owner = this;
      slotHash = sc.slotHash;
      slotId = sc.slotId;
      keyStart = sc.keyStart;
      n = sc.n;
      w = sc.w;
      keys = sc.keys;
      Arrays.fill(slotId, 0, capacity, 0);
    } else {
      slotHash = new long[capacity];
      slotId = new int[capacity];
      keyStart = new int[capacity / 2 + 1];
      n = new long[capacity / 2];
      w = new double[capacity / 2];
      keys = new byte[keyBytes];
    }
    mask = capacity - 1;
    size = 0;
    emitId = 0;
    keyStart[0] = 0;
  }

  /** Offers this merger's arrays to the thread's next merger (it is done with them). */
  private void release() {
    long bytes = 12L * slotId.length + 20L * n.length + keys.length;
    Scratch sc = SCRATCH.get();
    if (sc.owner == this) {
      sc.owner = null;
    }
    if (sc.owner == null && bytes <= SCRATCH_MAX && (sc.slotId == null || slotId.length >= sc.slotId.length)) {
      sc.slotHash = slotHash;
      sc.slotId = slotId;
      sc.keyStart = keyStart;
      sc.n = n;
      sc.w = w;
      sc.keys = keys;
    }
  }
}
