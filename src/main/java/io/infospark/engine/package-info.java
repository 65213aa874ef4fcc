/**
 * The counting engine: exact counts of the distinct values of many columns and column pairs of a
 * DataFrame in one scan and one shuffle, behind one entry point, {@link
 * io.infospark.engine.ValueCounter#count}, with typed results ({@link
 * io.infospark.engine.CountResult}: per column and pair its count fingerprint, weighted moments and
 * nulls; folds over the distinct values; the value table). The analyses ({@code measure}) count
 * only through it.
 *
 * <p>Inside: the map side ({@link io.infospark.engine.TaskCounter} and its parts: per-column tables,
 * dictionary ids, dense pair matrices, the near-unique rule, the emitter), the compact block format
 * of the shuffle ({@link io.infospark.engine.EntryBlocks}) and the merge ({@link
 * io.infospark.engine.CountMerger}) are plain Java; what touches Spark's internals — reading
 * internal rows and column vectors, task memory, spill files, the one definition of value equality
 * — lives in the adapter package {@code io.infospark.engine.spark}. Two paths drive the same
 * machinery ({@link io.infospark.engine.EnginePath}): the fast one through the adapter, the
 * public-API one through Spark's public Dataset API only.
 *
 * <p>Layering: uses {@code core}; {@code measure}, {@code logistic}, {@code api}, {@code job} use
 * it; it knows nothing of them.
 */
package io.infospark.engine;
