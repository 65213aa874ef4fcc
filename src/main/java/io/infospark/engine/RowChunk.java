package io.infospark.engine;

import io.infospark.engine.spark.ByteKeys;
import io.infospark.engine.spark.ColumnChunk;
import io.infospark.engine.spark.KeyType;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * The public-API path's chunks: {@link Row}s of the key columns (and the weight column) in chunks
 * of {@link #CHUNK}, read into the keys of {@link KeyType} from their Java objects. Dates and
 * timestamps are selected as their day or microsecond numbers ({@link #select}), so their keys are
 * exactly the fast path's whatever the JVM's time zone and calendar.
 */
final class RowChunk implements ColumnChunk {
  static final int CHUNK = 4096;
  private final KeyType[] types;
  private final int weightOrdinal;
  private final Row[] rows = new Row[CHUNK];
  private int n;

  private RowChunk(KeyType[] types, int weightOrdinal) {
    this.types = types;
    this.weightOrdinal = weightOrdinal;
  }

  /**
   * The column to select for a key column on this path: the column itself, or for dates the days
   * since the epoch, for timestamps the microseconds since the epoch (local microseconds for
   * timestamps without time zone).
   */
  static Column select(String name, DataType t) {
    String quoted = "`" + name.replace("`", "``") + "`";
    if (t instanceof DateType) {
      return functions.expr("unix_date(" + quoted + ")");
    }
    if (t instanceof TimestampType) {
      return functions.expr("unix_micros(" + quoted + ")");
    }
    if (t instanceof TimestampNTZType) {
      return functions.expr("timestampdiff(MICROSECOND, TIMESTAMP_NTZ'1970-01-01 00:00:00', " + quoted + ")");
    }
    return functions.col(quoted);
  }

  /** Chunks of the rows of a partition. */
  static Iterator<ColumnChunk> chunks(Iterator<Row> it, KeyType[] types, boolean weighted) {
    RowChunk chunk = new RowChunk(types, weighted ? types.length : -1);
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public ColumnChunk next() {
        int k = 0;
        while (k < CHUNK && it.hasNext()) {
          chunk.rows[k++] = it.next();
        }
        chunk.n = k;
        return chunk;
      }
    };
  }

  @Override
  public int rows() {
    return n;
  }

  @Override
  public boolean longs(int c, long[] keys, boolean[] isNull) {
    KeyType t = types[c];
    boolean always = t.kind() == KeyType.Kind.NULL;
    boolean any = false;
    for (int r = 0; r < n; r++) {
      Row row = rows[r];
      boolean isN = always || row.isNullAt(c);
      isNull[r] = isN;
      any |= isN;
      if (!isN) {
        keys[r] = longKey(t, row.get(c));
      }
    }
    return any;
  }

  @Override
  public boolean bytes(int c, ByteKeys out) {
    KeyType t = types[c];
    boolean any = false;
    out.reset();
    for (int r = 0; r < n; r++) {
      Row row = rows[r];
      if (row.isNullAt(c)) {
        out.setNull(r);
        any = true;
      } else {
        byte[] b = bytesKey(t, row.get(c));
        out.set(r, b, 0, b.length);
      }
    }
    return any;
  }

  @Override
  public long longAt(int c, int r) {
    return longKey(types[c], rows[r].get(c));
  }

  @Override
  public void bytesAt(int c, int r, ByteKeys out, int slot) {
    byte[] b = bytesKey(types[c], rows[r].get(c));
    out.set(slot, b, 0, b.length);
  }

  @Override
  public void weights(double[] w, byte[] problem) {
    for (int r = 0; r < n; r++) {
      Row row = rows[r];
      if (row.isNullAt(weightOrdinal)) {
        problem[r] = 1;
        continue;
      }
      double x = row.getDouble(weightOrdinal);
      w[r] = x;
      problem[r] = ColumnChunk.weightProblem(x);
    }
  }

  /** The long key of a non-null value as a {@link Row} holds it (dates and timestamps already numbers). */
  static long longKey(KeyType t, Object v) {
    switch (t.kind()) {
      case BOOLEAN: return KeyType.booleanKey((Boolean) v);
      case FLOAT: return KeyType.floatKey((Float) v);
      case DOUBLE: return KeyType.doubleKey((Double) v);
      case DECIMAL_LONG: return ((BigDecimal) v).setScale(t.scale()).unscaledValue().longValueExact();
      default: break;
    }
    if (v instanceof Number x) {
      return x.longValue();
    }
    if (v instanceof java.time.Duration d) {
      // day-time intervals: microseconds, as Spark holds them
      return Math.addExact(Math.multiplyExact(d.getSeconds(), 1_000_000L), d.getNano() / 1000);
    }
    if (v instanceof java.time.Period p) {
      // year-month intervals: months
      return p.toTotalMonths();
    }
    if (v instanceof java.time.LocalTime lt) {
      // the time type: nanoseconds of the day
      return lt.toNanoOfDay();
    }
    throw new IllegalStateException("no long key for a value of " + v.getClass().getName() + " in a column of " + t);
  }

  /** The byte key of a non-null value as a {@link Row} holds it. */
  static byte[] bytesKey(KeyType t, Object v) {
    switch (t.kind()) {
      case STRING: return ((String) v).getBytes(StandardCharsets.UTF_8);
      case COLLATED_STRING: return t.collationKey((String) v);
      case BINARY: return (byte[]) v;
      case DECIMAL_BYTES: return KeyType.wideDecimalKey(((BigDecimal) v).setScale(t.scale()));
      default: throw new IllegalStateException(t + " is long-keyed");
    }
  }
}
