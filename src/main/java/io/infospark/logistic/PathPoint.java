package io.infospark.logistic;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One fit of a path of prior scales (DESIGN.md §5.6 {@code path[]}): the scale, J, the
 * log-likelihood, the non-zero coefficients, the KKT norm, the passes, the coefficients
 * (intercept first), and, when computed, the held-out mean log-loss of cross-validation with its
 * standard error and the log evidence (Gaussian priors); NaN when not computed.
 */
public record PathPoint(double scale, double objective, double logLikelihood, int nonzero, double kktNorm, int passes,
    double[] coefficients, double cvLogLoss, double cvStdError, double logEvidence) implements Serializable {

  /** The summary's fields, coefficients by name (NaN as null). */
  Map<String, Object> toSummary(List<String> names) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scale", scale);
    m.put("objective", objective);
    m.put("log_likelihood", logLikelihood);
    m.put("nonzero", nonzero);
    m.put("kkt_norm", kktNorm);
    m.put("passes", passes);
    m.put("cv_log_loss", nan(cvLogLoss));
    m.put("cv_std_error", nan(cvStdError));
    m.put("log_evidence", nan(logEvidence));
    m.put("intercept", coefficients[0]);
    Map<String, Object> c = new LinkedHashMap<>();
    for (int j = 0; j < names.size(); j++) {
      c.put(names.get(j), coefficients[j + 1]);
    }
    m.put("coefficients", c);
    return m;
  }

  /** From {@link #toSummary} (as read back from JSON: nulls are NaN). */
  static PathPoint fromSummary(Map<String, Object> m, List<String> names) {
    double[] b = new double[names.size() + 1];
    b[0] = num(m, "intercept");
    @SuppressWarnings("unchecked")
    Map<String, Object> c = (Map<String, Object>) m.get("coefficients");
    if (c == null) {
      throw new IllegalArgumentException("a path point has no coefficients");
    }
    for (int j = 0; j < names.size(); j++) {
      b[j + 1] = LogisticResult.num(c.get(names.get(j)), "path[].coefficients." + names.get(j));
    }
    return new PathPoint(num(m, "scale"), num(m, "objective"), num(m, "log_likelihood"),
        (int) num(m, "nonzero"), num(m, "kkt_norm"), (int) num(m, "passes"), b, num(m, "cv_log_loss"),
        num(m, "cv_std_error"), num(m, "log_evidence"));
  }

  private static Object nan(double v) {
    return Double.isNaN(v) ? null : v;
  }

  private static double num(Map<String, Object> m, String key) {
    return LogisticResult.num(m.get(key), "path[]." + key);
  }
}
