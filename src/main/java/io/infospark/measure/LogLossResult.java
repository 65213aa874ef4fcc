package io.infospark.measure;

import io.infospark.core.LogBase;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The mean log-loss (cross-entropy) of a probability column against a 0/1 label.
 *
 * @param probability the probability column
 * @param label the label column
 * @param rows rows scored
 * @param logLoss −(1/n) Σ [y ln p + (1 − y) ln(1 − p)] in the unit of {@code base}; +∞ when a row
 *     has infinite loss; null for no rows
 * @param epsilon the clipping bound ε (0: no clipping)
 * @param clippedLow rows whose p was raised to ε
 * @param clippedHigh rows whose p was lowered to 1 − ε
 * @param infiniteRows rows with p = 0 for label 1 or p = 1 for label 0 (after clipping)
 * @param base log base of the loss
 * @param reason why the loss is infinite or null, else null
 */
public record LogLossResult(
    String probability,
    String label,
    long rows,
    Double logLoss,
    double epsilon,
    long clippedLow,
    long clippedHigh,
    long infiniteRows,
    LogBase base,
    String reason) implements Serializable {

  public static final StructType SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField("probability", DataTypes.StringType, false),
      DataTypes.createStructField("label", DataTypes.StringType, false),
      DataTypes.createStructField("rows", DataTypes.LongType, false),
      DataTypes.createStructField("log_loss", DataTypes.DoubleType, true),
      DataTypes.createStructField("epsilon", DataTypes.DoubleType, false),
      DataTypes.createStructField("clipped", DataTypes.LongType, false),
      DataTypes.createStructField("clipped_low", DataTypes.LongType, false),
      DataTypes.createStructField("clipped_high", DataTypes.LongType, false),
      DataTypes.createStructField("infinite_rows", DataTypes.LongType, false),
      DataTypes.createStructField("unit", DataTypes.StringType, false),
      DataTypes.createStructField("reason", DataTypes.StringType, true),
  });

  public String unit() {
    return base.unit();
  }

  /** Rows whose probability was clipped, at either end. */
  public long clipped() {
    return clippedLow + clippedHigh;
  }

  public Dataset<Row> toDataFrame(SparkSession spark) {
    return spark.createDataFrame(List.of(RowFactory.create(probability, label, rows, logLoss, epsilon, clipped(),
        clippedLow, clippedHigh, infiniteRows, unit(), reason)), SCHEMA);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "log-loss of '%s' against '%s': %s %s over %d rows; clipping: %s%s",
        probability, label, logLoss == null ? "-" : logLoss.isInfinite() ? "Infinity" : String.format(Locale.ROOT,
            "%.6f", logLoss), unit(), rows,
        epsilon == 0 ? "none" : String.format(Locale.ROOT, "[%s, 1 - %s], %d rows clipped (%d low, %d high)", epsilon,
            epsilon, clipped(), clippedLow, clippedHigh),
        reason == null ? "" : "; " + reason);
  }
}
