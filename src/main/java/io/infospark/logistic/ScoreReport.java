package io.infospark.logistic;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What scoring a table with a saved model found. {@code unscored} rows had a null, NaN or
 * infinite feature (their margin, probability and prediction are null); {@code unlabelled} rows
 * were scored but have no label. With a label column: the mean log-loss (nats per row, weights
 * ignored), the accuracy at threshold 0.5 and the area under the ROC curve (exact, ties averaged)
 * over the rows both scored and labelled; without one, or with no such row, those are null.
 */
public record ScoreReport(long rows, long unscored, long unlabelled, Double logLoss, Double accuracy, Double auc) {
  /** One row: rows, unscored, unlabelled, log_loss, accuracy, auc (nulls without a label). */
  public org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> toDataFrame(org.apache.spark.sql.SparkSession spark) {
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
        .add("rows", org.apache.spark.sql.types.DataTypes.LongType, false)
        .add("unscored", org.apache.spark.sql.types.DataTypes.LongType, false)
        .add("unlabelled", org.apache.spark.sql.types.DataTypes.LongType, false)
        .add("log_loss", org.apache.spark.sql.types.DataTypes.DoubleType, true)
        .add("accuracy", org.apache.spark.sql.types.DataTypes.DoubleType, true)
        .add("auc", org.apache.spark.sql.types.DataTypes.DoubleType, true);
    return spark.createDataFrame(java.util.List.of(org.apache.spark.sql.RowFactory.create(rows, unscored, unlabelled, logLoss,
        accuracy, auc)), schema);
  }

  /** A readable table. */
  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "%10s %10s %10s %10s %10s %10s%n%10d %10d %10d %10s %10s %10s%n%s", "rows",
        "unscored", "unlabelled", "log-loss", "accuracy", "AUC", rows, unscored, unlabelled, fmt(logLoss), fmt(accuracy), fmt(auc),
        logLoss == null ? "no scored row with a label: log-loss, accuracy and AUC undefined" : "log-loss in nats per row");
  }

  private static String fmt(Double x) {
    return x == null ? "-" : String.format(java.util.Locale.ROOT, "%.4f", x);
  }

  /** The fields of the {@code score-logistic} job summary (DESIGN.md §3). */
  public Map<String, Object> toSummary() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rows", rows);
    m.put("unscored", unscored);
    m.put("unlabelled", unlabelled);
    m.put("log_loss", logLoss);
    m.put("accuracy", accuracy);
    m.put("auc", auc);
    return m;
  }
}
