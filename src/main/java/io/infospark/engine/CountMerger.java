package io.infospark.engine;

import io.infospark.engine.spark.MemoryBudget;
import io.infospark.engine.spark.SpillFiles;
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
import org.apache.spark.TaskContext;
import scala.Tuple2;

/**
 * The reduce side of the engine: merges the entry blocks ({@link EntryBlocks}) of one shuffle
 * partition into one {@link MergedEntry} per distinct key. Entries go into an open-addressing hash
 * table keyed by the hash of their canonical key bytes; a hash match is confirmed by comparing the
 * bytes, so a collision never merges two values. The shuffle has many small partitions (a few
 * thousand entries each at typical sizes), so the table stays in cache.
 *
 * <p>Memory comes from a {@link MemoryBudget} (the task's execution memory on the fast path): when
 * the table outgrows what the budget grants, or Spark asks for memory back, the partition's entries
 * (the table's so far and the blocks still to come) go to a local temporary file and are merged in
 * several passes, each taking the keys whose hash falls in one of as many equal ranges. The file is
 * deleted after the last pass, and by a task-completion listener if the task ends first.
 */
final class CountMerger implements Iterator<MergedEntry> {
  /** How many partitions spilled in this JVM (for tests). */
  static final java.util.concurrent.atomic.AtomicLong SPILLS = new java.util.concurrent.atomic.AtomicLong();
  private static final long SEED = 0x5EED;

  /**
   * Where a merger's memory and spill files come from.
   *
   * @param cap the most bytes a table may hold (0: {@link Settings#defaultMaxBytes} of the task's JVM)
   * @param internalSpillFiles whether spill files go through Spark's block manager
   */
  record Resources(long cap, Settings.Budgets budgets, boolean internalSpillFiles) implements java.io.Serializable {}

  private final Iterator<Tuple2<Integer, byte[]>> in;
  private final Resources resources;
  /** The most bytes the table may hold. */
  private final long cap;
  private final MemoryBudget budget;
  private final EntryBlocks.Cursor cursor = new EntryBlocks.Cursor();
  private final MergedEntry out = new MergedEntry();

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
  /** Held while the table changes: a spill Spark asks for waits for none of it (it is deferred instead). */
  private final java.util.concurrent.locks.ReentrantLock changing = new java.util.concurrent.locks.ReentrantLock();
  private boolean inputDone;
  private int emitId;
  /** Called after a partition starts to spill (tests make the task fail or wait to be killed there). */
  static volatile Runnable afterSpillForTests;
  // spilled input: the file, how many passes over it, the next pass
  private File spill;
  private DataOutputStream spillOut;
  private int passes;
  private int pass;

  CountMerger(Iterator<Tuple2<Integer, byte[]>> in, Resources resources) {
    this.in = in;
    this.resources = resources;
    this.cap = resources.cap() > 0 ? resources.cap() : Settings.defaultMaxBytes();
    this.budget = resources.budgets().create(cap, this::spillOnRequest);
    clear();
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
  public MergedEntry next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    int id = emitId++;
    MergedEntry e = out;
    EntryBlocks.decodeKey(keys, keyStart[id], e, cursor);
    e.n = n[id];
    e.w = w[id];
    return e;
  }

  /** Merges the input blocks in memory, or spills them when the table outgrows its budget. */
  private void readInput() {
    // the first blocks (up to 1/16 of the cap) size the table, so it rarely grows
    java.util.List<byte[]> first = new java.util.ArrayList<>();
    long firstBytes = 0;
    while (firstBytes < cap / 16 && in.hasNext()) {
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
    changing.lock();
    inputDone = true;
    changing.unlock();
    if (spillOut != null) {
      try {
        spillOut.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      spillOut = null;
      SpillFiles.reportSpill(0, spill.length());
      passes = (int) Math.max(2, Math.min(1 << 16, 2 * spill.length() / Math.max(1, cap) + 1));
    }
  }

  private void consume(byte[] block) {
    changing.lock();
    try {
      if (spillOut != null) {
        writeBlock(block, block.length);
        return;
      }
      cursor.reset(block, 0, block.length);
      while (cursor.next()) {
        add(cursor, hashOf(cursor));
      }
      if (!budget.hold(bytes()) || budget.spillRequested()) {
        startSpill();
      }
    } finally {
      changing.unlock();
    }
  }

  /**
   * Spark asks for memory for another consumer of the task: the table goes to disk now when the
   * merge is between two blocks of its input, else (being changed by another thread, or already
   * being read out) it is not freed now ({@link MemoryBudget#spillRequested} is set, and a table
   * still being filled spills at its next block).
   */
  private long spillOnRequest() {
    if (!changing.tryLock()) {
      return 0;
    }
    try {
      if (spillOut != null || inputDone || size == 0) {
        return 0;
      }
      long before = budget.held();
      startSpill();
      return Math.max(0, before - budget.held());
    } finally {
      changing.unlock();
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
    long inMemory = bytes();
    spill = SpillFiles.create(resources.internalSpillFiles());
    try {
      spillOut = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(spill), 1 << 16));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] buf = new byte[1 << 16];
    int len = 0;
    for (int id = 0; id < size; id++) {
      int keyLen = keyStart[id + 1] - keyStart[id];
      if (len + keyLen + 18 > buf.length) {
        writeBlock(buf, len);
        len = 0;
        if (keyLen + 18 > buf.length) {
          buf = new byte[keyLen + 18];
        }
      }
      System.arraycopy(keys, keyStart[id], buf, len, keyLen);
      len = EntryBlocks.putCount(buf, len, len + keyLen, n[id], w[id]);
    }
    writeBlock(buf, len);
    dropScratch();
    clear();
    budget.hold(bytes());
    SpillFiles.reportSpill(inMemory, 0);
    Runnable hook = afterSpillForTests;
    if (hook != null) {
      hook.run();
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
        budget.hold(bytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (j == passes - 1) {
      SpillFiles.delete(spill);
    }
  }

  private static long hashOf(EntryBlocks.Cursor c) {
    return Hashing.bytes(c.block, c.keyStart + 1, c.keyEnd - c.keyStart - 1, SEED + (c.header & EntryBlocks.KEY_BITS));
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

  /** The heap the table's arrays hold, in bytes. */
  private long bytes() {
    return 8L * slotHash.length + 4L * slotId.length + 4L * keyStart.length + 8L * n.length + 8L * w.length
        + keys.length;
  }

  private void clear() {
    table(1024, 1 << 14);
  }

  /**
   * The arrays a task's mergers reuse, one partition after another (the merge runs many small
   * partitions in sequence in one task; allocating and zeroing a table for each would cost more
   * than merging), kept while they hold at most {@link #SCRATCH_MAX} bytes and only for the task
   * that made them: a task-completion listener drops them.
   */
  private static final class Scratch {
    long task = -1;
    long[] slotHash;
    int[] slotId;
    int[] keyStart;
    long[] n;
    double[] w;
    byte[] keys;
    /** The merger using the arrays (a merger that is never finished keeps them: later ones allocate). */
    CountMerger owner;

    void drop() {
      slotHash = null;
      slotId = null;
      keyStart = null;
      n = null;
      w = null;
      keys = null;
      owner = null;
    }
  }

  private static final long SCRATCH_MAX = 16L << 20;
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** This thread's scratch arrays, emptied when they belong to another task than the running one. */
  private static Scratch scratch() {
    Scratch sc = SCRATCH.get();
    TaskContext task = TaskContext.get();
    long id = task == null ? -1 : task.taskAttemptId();
    if (sc.task != id) {
      sc.drop();
      sc.task = id;
      if (task != null) {
        task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) ctx -> {
          Scratch s = SCRATCH.get();
          s.drop();
          s.task = -1;
        });
      }
    }
    return sc;
  }

  /** An empty table of this many slots (a power of two) and key bytes, on the task's scratch arrays when they fit. */
  private void table(int capacity, int keyBytes) {
    Scratch sc = scratch();
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

  /** Lets go of the scratch arrays (a spill replaces the table by a small one). */
  private void dropScratch() {
    Scratch sc = scratch();
    if (sc.owner == this) {
      sc.drop();
    }
  }

  /** Offers this merger's arrays to the task's next merger (it is done with them) and gives back its memory. */
  private void release() {
    long bytes = bytes();
    Scratch sc = scratch();
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
    budget.release();
  }
}
