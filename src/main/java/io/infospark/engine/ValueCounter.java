package io.infospark.engine;

import io.infospark.core.BadInputException;
import io.infospark.engine.spark.InternalInput;
import io.infospark.engine.spark.KeyType;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The counting engine's one entry point: exact counts of the distinct values of many columns (and
 * column pairs) of a DataFrame in one scan and one shuffle.
 *
 * <pre>{@code
 * CountRequest request = CountRequest.of(columns).withWeight("w");
 * try (CountResult counts = ValueCounter.count(df, request)) {
 *   EntropyEstimate h = counts.column("city").estimate(true, LogBase.TWO);
 * }
 * }</pre>
 *
 * <p>Two paths give the same counts ({@link EnginePath}, setting {@code spark.infospark.engine.path}):
 * the fast path reads Spark's internal formats (columnar batches, dictionary ids) and takes its
 * memory from the task's execution memory; the public-API path uses only Spark's public Dataset
 * API and runs anywhere, Spark Connect included. By default the fast path runs where it can; where
 * it cannot (a Spark Connect Dataset, internals of another Spark build) the public-API path runs
 * instead, and the log says so once, with the reason.
 *
 * <p>How it counts: each task counts its rows into a primitive hash table per column and per pair,
 * column by column, and writes only the distinct (key, count) entries, compactly, into one byte
 * block per merge partition; the blocks are shuffled into many small partitions, each merged in a
 * cache-sized hash table that compares keys byte for byte. Tables that reach their budget are
 * emitted and cleared, merges that outgrow theirs spill to local disk: memory is bounded whatever
 * the cardinality, and nothing proportional to the distinct values reaches the driver.
 */
public final class ValueCounter {
  private ValueCounter() {}

  private static final Logger LOG = LoggerFactory.getLogger(ValueCounter.class);
  private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();
  static final String FALLBACK = "infospark: counting on the public-API path because the fast path cannot run here: %s. "
      + "The counts are the same; counting is slower. Set " + Settings.PATH + "=public to choose this path "
      + "(and silence this message).";

  /** Counts the request's columns and pairs of df. */
  public static CountResult count(Dataset<Row> df, CountRequest request) {
    return run(df, null, request, false);
  }

  /**
   * {@link #count}, the statistics folded only when first asked for (at once with a weight column),
   * and the merged counts kept (memory and disk, until closed) by their first pass: for counts that
   * are only saved and added to a running count ({@link RunningCounts#add}), such as a stream's
   * micro-batch, which then cost one scan and one merge. The merge's partitions are sized by the
   * input ({@link Settings#forInput}), in a layout of the same groups as the default one. A failure of the fast path inside its tasks
   * surfaces where the counts are first read, not as a switch to the public-API path.
   */
  public static CountResult countLazily(Dataset<Row> df, CountRequest request) {
    return run(df, null, request, true);
  }

  /**
   * Counts the request's columns of p and q together: for every value the rows of both sides
   * ({@link CountedValue#rows}) and the rows of p ({@link CountedValue#weight}), from one shuffle.
   * The request has no pairs and no weight column.
   */
  public static CountResult countSides(Dataset<Row> p, Dataset<Row> q, CountRequest request) {
    if (request.weight() != null || request.pairCount() > 0) {
      throw new IllegalArgumentException("two sides are counted without a weight column and without pairs");
    }
    return run(p, q, request, false);
  }

  private static CountResult run(Dataset<Row> p, Dataset<Row> q, CountRequest request, boolean lazy) {
    Settings s = lazy ? Settings.forInput(p.sparkSession(), InternalInput.estimatedBytes(p)) : Settings.of(p.sparkSession());
    if (lazy && LOG.isDebugEnabled()) {
      LOG.debug("counting lazily with {} (input of about {} bytes)", s, InternalInput.estimatedBytes(p));
    }
    if (s.path() != EnginePath.PUBLIC) {
      String why = InternalInput.unavailable(p);
      if (why == null && q != null) {
        why = InternalInput.unavailable(q);
      }
      if (why == null) {
        try {
          MergedCounts counts = q == null ? FastCounts.count(p, request, s, lazy) : FastCounts.countSides(p, q, request, s);
          return new CountResult(request, EnginePath.FAST, counts, q != null, lazy);
        } catch (Throwable e) { // SparkException is checked, and thrown from Scala undeclared
          String linkage = linkageCause(e);
          if (linkage == null) {
            throw ValueCounter.<RuntimeException>rethrow(e);
          }
          why = "Spark's internals differ from the ones of this build (" + linkage + ")";
        }
      }
      if (s.path() == EnginePath.FAST) {
        throw new BadInputException(Settings.PATH + "=fast: the fast path cannot run here: " + why
            + "; expected a classic session of the Spark line this artifact was built for (or set "
            + Settings.PATH + "=auto)");
      }
      if (LOGGED.add(why)) {
        LOG.warn(String.format(FALLBACK, why));
      }
    }
    MergedCounts counts = q == null ? PublicCounts.count(p, request, s) : PublicCounts.countSides(p, q, request, s);
    return new CountResult(request, EnginePath.PUBLIC, counts, q != null, lazy);
  }

  /**
   * The counts of two inputs counted alike, added: exactly the counts of their union (the merged
   * states of some runs plus today's data). One aggregation over the distinct values of both; a
   * and b stay open (close them after the result).
   *
   * @throws BadInputException when the two were counted differently (naming the difference)
   */
  public static CountResult add(CountResult a, CountResult b) {
    if (a.sides() || b.sides()) {
      throw new IllegalArgumentException("add one-sided counts");
    }
    String difference = CountState.difference(a.request(), b.request());
    if (difference != null) {
      throw new BadInputException("the counts to add were counted differently: " + difference);
    }
    return added(a.request(), false, List.of(a, b), List.of(a.counts().rows(), b.counts().rows()));
  }

  /**
   * Two counts of one request combined as the two sides of {@link #countSides} (for every value
   * the rows of both and, as its weight, the rows of p), as if p's and q's inputs had been counted
   * together: how a saved state ({@link CountState}) stands as either side of a comparison. One
   * aggregation over the distinct values of both; p and q stay open (close them after the result).
   *
   * @throws BadInputException when the two were counted differently (naming the difference)
   */
  public static CountResult combineSides(CountResult p, CountResult q) {
    for (CountResult c : java.util.List.of(p, q)) {
      if (c.sides() || c.request().weight() != null || c.request().pairCount() > 0) {
        throw new IllegalArgumentException("two sides combine counts without a weight column, pairs or sides");
      }
    }
    String difference = CountState.difference(q.request(), p.request());
    if (difference != null) {
      throw new BadInputException("the two sides were counted differently: " + difference);
    }
    return added(q.request(), true, List.of(p, q),
        List.of(CountState.sideRows(p.counts().rows(), true), CountState.sideRows(q.counts().rows(), false)));
  }

  /**
   * The rows of counts (rows of {@link MergedCounts#MERGED}) added by the engine's merge, keeping
   * the counts' layout when they share one ({@link CountState#merged}).
   */
  private static CountResult added(CountRequest request, boolean sides, List<CountResult> counts, List<Dataset<Row>> rows) {
    List<FastCounts.Part> parts = new java.util.ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      FastCounts.Layout layout = counts.get(i).counts() instanceof FastCounts f ? f.layout() : null;
      parts.add(new FastCounts.Part(rows.get(i), true, layout, -1));
    }
    return CountState.merged(counts.get(0).sparkSession(), request, sides, parts);
  }


  /**
   * df with the counting key of one of its columns appended, as the counts of that column hold it
   * ({@link CountResult#values}: {@code key} and {@code key_bytes}), so rows can be joined with
   * counted values: {@code longKey} (bigint, for long-keyed values), {@code bytesKey} (binary, for
   * bytes-keyed values), {@code isNull} (boolean). Spark's public API only.
   */
  public static Dataset<Row> withKeys(Dataset<Row> df, CountedColumn column, String longKey, String bytesKey,
      String isNull) {
    StructType keyType = new StructType().add("k", DataTypes.LongType, true).add("s", DataTypes.BinaryType, true)
        .add("n", DataTypes.BooleanType, false);
    KeyType type = column.keyType();
    ValueBins bins = column.bins();
    UserDefinedFunction key = functions.udf((UDF1<Object, Row>) v -> {
      if (v == null || type.kind() == KeyType.Kind.NULL) {
        return RowFactory.create(null, null, true);
      }
      if (type.bytesKeyed()) {
        return RowFactory.create(null, RowChunk.bytesKey(type, v).clone(), false);
      }
      long k = RowChunk.longKey(type, v);
      if (bins != null) {
        k = bins.index(Double.longBitsToDouble(k));
      }
      return RowFactory.create(k, null, false);
    }, keyType);
    String tmp = "__infospark_key";
    return df.withColumn(tmp, key.apply(RowChunk.select(column.name(), column.type())))
        .withColumn(longKey, functions.col(tmp + ".k"))
        .withColumn(bytesKey, functions.col(tmp + ".s"))
        .withColumn(isNull, functions.col(tmp + ".n"))
        .drop(tmp);
  }

  /** Linkage errors: a class or member this build calls is missing or different in the running Spark. */
  private static final java.util.List<String> LINKAGE = java.util.List.of("java.lang.NoSuchMethodError",
      "java.lang.NoSuchFieldError", "java.lang.NoClassDefFoundError", "java.lang.AbstractMethodError",
      "java.lang.IncompatibleClassChangeError", "java.lang.LinkageError");

  /**
   * The linkage error behind a failure, or null: thrown here, a cause, or named in the message of a
   * failed job (a task's error reaches the driver as text when it cannot be sent as an object).
   */
  private static String linkageCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof LinkageError) {
        return t.toString();
      }
      String m = t.getMessage();
      if (m != null) {
        for (String name : LINKAGE) {
          int at = m.indexOf(name);
          if (at >= 0) {
            int end = m.indexOf('\n', at);
            return m.substring(at, end < 0 ? m.length() : end).strip();
          }
        }
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E rethrow(Throwable t) throws E {
    throw (E) t;
  }

  /** Forgets which fallback messages were logged (tests check that each is logged once). */
  static void forgetLoggedForTests() {
    LOGGED.clear();
  }
}
