package io.infospark.measure;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DayTimeIntervalType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.sql.types.YearMonthIntervalType;

/**
 * Turns a counting key of {@link ColumnCodec} back into a readable value, for the few values a
 * result names (e.g. those behind a support mismatch): long keys by the column type (booleans,
 * integers, dates, timestamps in UTC, decimals, bin labels, doubles), byte keys as UTF-8 text
 * (binary columns as hex).
 */
final class KeyLabels {
  private KeyLabels() {}

  static String label(ColumnCodec codec, boolean isNull, Long longKey, byte[] bytesKey) {
    if (isNull) {
      return "null";
    }
    DataType t = codec.type();
    if (codec.bytesKeyed()) {
      if (t instanceof BinaryType) {
        StringBuilder sb = new StringBuilder("0x");
        for (byte b : bytesKey) {
          sb.append(String.format("%02x", b & 0xff));
        }
        return sb.toString();
      }
      return new String(bytesKey, StandardCharsets.UTF_8);
    }
    long k = longKey;
    if (t instanceof BooleanType) {
      return k == 1 ? "true" : "false";
    }
    if (t instanceof DateType) {
      return LocalDate.ofEpochDay(k).toString();
    }
    if (t instanceof TimestampType) {
      return Instant.ofEpochSecond(Math.floorDiv(k, 1_000_000L), Math.floorMod(k, 1_000_000L) * 1000).toString();
    }
    if (t instanceof TimestampNTZType) {
      return LocalDateTime.ofEpochSecond(Math.floorDiv(k, 1_000_000L), (int) Math.floorMod(k, 1_000_000L) * 1000,
          ZoneOffset.UTC).toString();
    }
    if (t instanceof DecimalType) {
      return BigDecimal.valueOf(k, ((DecimalType) t).scale()).toPlainString();
    }
    if (t instanceof YearMonthIntervalType) {
      return k + " months";
    }
    if (t instanceof DayTimeIntervalType) {
      return Duration.ofNanos(Math.multiplyExact(k, 1000L)).toString();
    }
    if (t instanceof DoubleType || t instanceof FloatType) {
      BinSpec bins = codec.bins();
      if (bins == null) {
        return Double.toString(Double.longBitsToDouble(k));
      }
      if (k >= 0 && bins.bins() == 0) {
        return "finite value (no finite values on the reference side to bin by)";
      }
      return bins.label(k);
    }
    return Long.toString(k);
  }
}
