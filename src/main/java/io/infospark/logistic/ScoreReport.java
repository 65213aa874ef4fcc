package io.infospark.logistic;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What scoring a table with a saved model found. With a label column: the mean log-loss (nats per
 * row, weights ignored), the accuracy at threshold 0.5 and the area under the ROC curve (exact,
 * ties averaged); without one those are null. {@code unscored} rows had a null/NaN feature.
 */
public record ScoreReport(long rows, long unscored, Double logLoss, Double accuracy, Double auc) {
  /** The fields of the {@code score-logistic} job summary (DESIGN.md §3). */
  public Map<String, Object> toSummary() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rows", rows);
    m.put("unscored", unscored);
    m.put("log_loss", logLoss);
    m.put("accuracy", accuracy);
    m.put("auc", auc);
    return m;
  }
}
