package io.infospark.engine.spark;

/**
 * A chunk of rows of the columns being counted (a columnar batch, or a few thousand rows), read
 * column by column into the keys of {@link KeyType}: the engine decodes one column of a chunk at a
 * time into primitive arrays and counts them, so one table is hot in cache at a time and no value
 * is boxed. Columns are numbered 0 … k−1 in the order they were selected.
 */
public interface ColumnChunk {
  /** Rows in this chunk (at most the capacity the reader was made for). */
  int rows();

  /**
   * Column c's long keys: {@code keys[r]} for the non-null rows, {@code isNull[r]} for every row.
   *
   * @return whether any row is null
   */
  boolean longs(int c, long[] keys, boolean[] isNull);

  /**
   * Column c's byte keys (length −1 for a null), valid until the next chunk.
   *
   * @return whether any row is null
   */
  boolean bytes(int c, ByteKeys out);

  /**
   * Column c's dictionary ids ({@code ids[r]}, −1 for a null) when its values come dictionary-encoded
   * (Parquet keeps low- and mid-cardinality column chunks so); false (and ids untouched) otherwise.
   */
  default boolean dictionaryIds(int c, int[] ids) {
    return false;
  }

  /**
   * An object that stays the same for as long as column c's dictionary ids keep their meaning (a
   * Parquet column chunk's dictionary, over many batches), or null when unknown: then the ids are
   * only known to mean the same values within this chunk.
   */
  default Object dictionary(int c) {
    return null;
  }

  /** The long key of column c at row r (not null). */
  long longAt(int c, int r);

  /** The byte key of column c at row r (not null), into slot {@code slot} of out. */
  void bytesAt(int c, int r, ByteKeys out, int slot);

  /**
   * The weight of each row, when a weight column was selected: {@code w[r]}, and {@code problem[r]}
   * 0 for a usable weight (finite, ≥ 0), 1 null, 2 NaN, 3 negative, 4 infinite.
   */
  void weights(double[] w, byte[] problem);

  /** The problem code of a non-null weight: 0 usable (finite, ≥ 0), 2 NaN, 3 negative, 4 infinite (1 is null). */
  static byte weightProblem(double x) {
    return (byte) (Double.isNaN(x) ? 2 : x < 0 ? 3 : Double.isInfinite(x) ? 4 : 0);
  }
}
