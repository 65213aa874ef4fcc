package io.infospark.core;

import java.util.Locale;

/**
 * A rule that says whether a metric's value in the current run is unusual against its values in
 * earlier runs (oldest first). Each rule gives a band of usual values; the current value is an
 * anomaly when it lies outside. A history too short for the rule is a reason, not a failure
 * ({@link Band#reason}). Pure arithmetic, no Spark.
 *
 * <ul>
 *   <li>{@link #rollingBand}: mean ± k standard deviations (sample, n − 1) of the last W values, as
 *       Deequ's {@code OnlineNormalStrategy} over a window;
 *   <li>{@link #rateOfChange}: the relative change from the previous value at most r, as Deequ's
 *       {@code RelativeRateOfChangeStrategy} (band previous·(1 ± r));
 *   <li>{@link #standardError}: the current value against the mean m of the last W values, the
 *       allowed distance k·√(se² + se_m²) from the metrics' own standard errors (se of the current
 *       value, se_m = √(Σ se_i²)/W of the mean of independent runs): a z-test, so that the sampling
 *       noise a small run carries does not alarm.
 * </ul>
 */
public abstract class AnomalyRule {
  private AnomalyRule() {}

  /** The band of usual values, or why there is none; and whether the value lies outside it. */
  public record Band(double value, Double lower, Double upper, String reason) {
    /** Whether a band exists and the value is outside it (NaN is outside any band). */
    public boolean anomaly() {
      return reason == null && !(value >= lower && value <= upper);
    }
  }

  /** The rule's name as a job or report shows it. */
  public abstract String name();

  /**
   * The band for {@code value} given the history (oldest first) and, where known, standard errors
   * (null or NaN entries where unknown; {@code valueStdError} likewise).
   */
  public abstract Band band(double[] history, double[] historyStdErrors, double value, Double valueStdError);

  /** Mean ± k sample standard deviations of the last {@code window} values (at least 2 needed). */
  public static AnomalyRule rollingBand(int window, double k) {
    requireWindow(window);
    requirePositive(k, "k");
    return new AnomalyRule() {
      @Override
      public String name() {
        return String.format(Locale.ROOT, "mean ± %s sd of the last %d runs", num(k), window);
      }

      @Override
      public Band band(double[] history, double[] se, double value, Double valueSe) {
        double[] h = last(history, window);
        if (h.length < 2) {
          return tooShort(value, h.length, 2);
        }
        double mean = mean(h);
        double ss = 0;
        for (double x : h) {
          ss += (x - mean) * (x - mean);
        }
        double sd = Math.sqrt(ss / (h.length - 1));
        return new Band(value, mean - k * sd, mean + k * sd, null);
      }
    };
  }

  /** The relative change from the previous value at most {@code maxChange} (0.1 = 10 %). */
  public static AnomalyRule rateOfChange(double maxChange) {
    requirePositive(maxChange, "max-change");
    return new AnomalyRule() {
      @Override
      public String name() {
        return String.format(Locale.ROOT, "change from the previous run within %s %%", num(100 * maxChange));
      }

      @Override
      public Band band(double[] history, double[] se, double value, Double valueSe) {
        if (history.length < 1) {
          return tooShort(value, 0, 1);
        }
        double prev = history[history.length - 1];
        double d = Math.abs(prev) * maxChange;
        return new Band(value, prev - d, prev + d, null);
      }
    };
  }

  /**
   * The current value within k·√(se² + se_m²) of the mean m of the last {@code window} values,
   * se_m = √(Σ se_i²)/W (at least 1 run with a standard error, and the current one's, needed).
   */
  public static AnomalyRule standardError(int window, double k) {
    requireWindow(window);
    requirePositive(k, "k");
    return new AnomalyRule() {
      @Override
      public String name() {
        return String.format(Locale.ROOT, "within %s standard errors of the mean of the last %d runs", num(k), window);
      }

      @Override
      public Band band(double[] history, double[] se, double value, Double valueSe) {
        if (valueSe == null || !Double.isFinite(valueSe)) {
          return new Band(value, null, null, "no standard error for this metric in this run");
        }
        double[] h = last(history, window);
        double[] s = se == null ? new double[0] : last(se, window);
        if (h.length < 1) {
          return tooShort(value, 0, 1);
        }
        double var = 0;
        for (int i = 0; i < h.length; i++) {
          if (i >= s.length || !Double.isFinite(s[i])) {
            return new Band(value, null, null, "no standard error for this metric in an earlier run");
          }
          var += s[i] * s[i];
        }
        double mean = mean(h);
        double d = k * Math.sqrt(valueSe * valueSe + var / ((double) h.length * h.length));
        return new Band(value, mean - d, mean + d, null);
      }
    };
  }

  private static Band tooShort(double value, int runs, int needed) {
    return new Band(value, null, null, "history too short: " + runs + " earlier run" + (runs == 1 ? "" : "s")
        + " with this metric; the rule needs at least " + needed);
  }

  private static double[] last(double[] values, int window) {
    int from = Math.max(0, values.length - window);
    return java.util.Arrays.copyOfRange(values, from, values.length);
  }

  private static double mean(double[] h) {
    CompensatedSum s = new CompensatedSum();
    for (double x : h) {
      s.add(x);
    }
    return s.value() / h.length;
  }

  private static void requireWindow(int window) {
    if (window < 1) {
      throw new BadInputException("window: expected a number of runs >= 1 but got " + window);
    }
  }

  private static void requirePositive(double x, String what) {
    if (!(x > 0) || Double.isInfinite(x)) {
      throw new BadInputException(what + ": expected a positive number but got " + x);
    }
  }

  private static String num(double x) {
    return x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x);
  }
}
