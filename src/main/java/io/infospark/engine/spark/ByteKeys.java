package io.infospark.engine.spark;

/**
 * The byte keys of one column of a chunk: key r is {@code base[r][offset[r], offset[r] + length[r])},
 * usually pointing into the chunk's own buffers (valid until the next chunk) and otherwise into
 * this object's arena (values that had to be converted or copied: collation keys, wide decimals,
 * strings in off-heap memory). A null value has length −1.
 */
public final class ByteKeys {
  public final byte[][] base;
  public final int[] offset;
  public final int[] length;
  private byte[] arena = new byte[1 << 12];
  private int used;

  public ByteKeys(int capacity) {
    base = new byte[capacity][];
    offset = new int[capacity];
    length = new int[capacity];
  }

  /** Forgets the arena's contents (at the start of a chunk). */
  public void reset() {
    used = 0;
  }

  public void setNull(int r) {
    base[r] = null;
    length[r] = -1;
  }

  /** Points key r at bytes that stay valid until the next chunk. */
  public void set(int r, byte[] b, int off, int len) {
    base[r] = b;
    offset[r] = off;
    length[r] = len;
  }

  /** Copies these bytes into the arena as key r. */
  public void copy(int r, byte[] b, int off, int len) {
    if (used + len > arena.length) {
      // earlier keys keep pointing at the old arena, which stays reachable through them
      arena = new byte[Math.max(2 * arena.length, len)];
      used = 0;
    }
    System.arraycopy(b, off, arena, used, len);
    set(r, arena, used, len);
    used += len;
  }

  /** Key r as a fresh array. */
  public byte[] toArray(int r) {
    byte[] out = new byte[length[r]];
    System.arraycopy(base[r], offset[r], out, 0, length[r]);
    return out;
  }
}
