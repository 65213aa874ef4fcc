package io.infospark.engine;

/**
 * One merged entry of the counts (a distinct key of one key set and its totals), as the merge hands
 * it on: a mutable view, refilled for every entry. Key set s &lt; columns is column s; set
 * {@code columns + p} is pair p; set {@link #WEIGHT_PROBLEMS} counts rows with unusable weights.
 * The null mask has bit 0 for the first part (the column, or the pair's x), bit 1 for the second.
 */
final class MergedEntry implements CountedValue {
  /** The key set of rows with a bad weight; k1 is 1 null, 2 NaN, 3 negative, 4 infinite. */
  static final int WEIGHT_PROBLEMS = -1;

  int set;
  int nullmask;
  boolean hasK1;
  long k1;
  byte[] s1;
  int s1Off;
  int s1Len = -1;
  boolean hasK2;
  long k2;
  byte[] s2;
  int s2Off;
  int s2Len = -1;
  long n;
  double w;

  void clearKeys() {
    hasK1 = false;
    hasK2 = false;
    s1Len = -1;
    s2Len = -1;
  }

  /** Part 0 or 1 of the key, or null when that part is null. */
  CountKey part(int i) {
    boolean hasK = i == 0 ? hasK1 : hasK2;
    if (hasK) {
      return CountKey.of(i == 0 ? k1 : k2);
    }
    int len = i == 0 ? s1Len : s2Len;
    if (len < 0) {
      return null;
    }
    byte[] out = new byte[len];
    System.arraycopy(i == 0 ? s1 : s2, i == 0 ? s1Off : s2Off, out, 0, len);
    return CountKey.ofOwned(out);
  }

  /** The key bytes of part 0 or 1 as a fresh array, or null when it is a long or null. */
  byte[] bytesOf(int i) {
    int len = i == 0 ? s1Len : s2Len;
    if (len < 0) {
      return null;
    }
    byte[] out = new byte[len];
    System.arraycopy(i == 0 ? s1 : s2, i == 0 ? s1Off : s2Off, out, 0, len);
    return out;
  }

  @Override
  public int column() {
    return set;
  }

  @Override
  public boolean isNull() {
    return (nullmask & 1) != 0;
  }

  @Override
  public long rows() {
    return n;
  }

  @Override
  public double weight() {
    return w;
  }

  @Override
  public CountKey key() {
    return part(0);
  }
}
