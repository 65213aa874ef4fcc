package io.infospark.engine;

/**
 * One distinct value of a counted column with its counts, as a fold over the counts sees it
 * ({@link CountResult#fold}). A view: it may be reused for the next value, so keep what you need
 * of it ({@link #key} is a copy).
 */
public interface CountedValue {
  /** The column's position in the request ({@link CountRequest#columns}). */
  int column();

  /** Whether the value is null. */
  boolean isNull();

  /** Rows with this value. */
  long rows();

  /**
   * Summed weight of the rows with this value; equal to {@link #rows} without a weight column. For
   * the two sides of {@link ValueCounter#countSides}, the rows of the first side.
   */
  double weight();

  /** The value's counting key (a copy; null for a null value). */
  CountKey key();
}
