package io.infospark.measure;

import io.infospark.core.AnomalyRule;
import io.infospark.core.BadInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Each metric of a run against its history: the results table the jobs append to ({@code output},
 * one partition per {@code run_id}) read back, its runs ordered by run id (the default run ids are
 * start times, which sort), the last one — or a named one — checked against those before it by
 * {@link AnomalyRule}s. Profile tables give {@code entropy} (with its {@code std_error}), {@code
 * distinct}, {@code null_share} (nulls / rows, standard error √(s(1 − s)/rows)) and {@code
 * coverage}; comparison tables give the divergences against the reference {@code js}, {@code kl},
 * {@code psi} and {@code hellinger}. Only runs × columns numbers reach the driver.
 */
public final class AnomalyCheck {
  private AnomalyCheck() {}

  /** The partition column of a history table. */
  public static final String RUN_ID = "run_id";

  /** The metrics checked in a profile history. */
  public static final List<String> PROFILE_METRICS = List.of("entropy", "distinct", "null_share", "coverage");
  /** The metrics checked in a comparison history. */
  public static final List<String> COMPARE_METRICS = List.of("js", "kl", "psi", "hellinger");

  /**
   * One metric of one column under one rule: the current value, the band (null with a reason when
   * the rule could not apply) and the earlier values it was judged against (oldest first).
   */
  public record Finding(String column, String metric, String rule, String runId, double value, Double lower,
      Double upper, boolean anomaly, String reason, double[] history) {
    /** One line: column, metric, value, band and rule; or the reason. */
    public String describe() {
      String head = "column '" + column + "' " + metric + " = " + fmt(value);
      if (reason != null) {
        return head + ": not checked (" + reason + ")";
      }
      return head + (anomaly ? " outside " : " within ") + "[" + fmt(lower) + ", " + fmt(upper) + "] (" + rule + ")";
    }
  }

  /** Reads a history table (a folder written by the jobs' {@code output}) in its format. */
  public static Dataset<Row> read(SparkSession spark, String folder, String format) {
    try {
      Dataset<Row> h = spark.read().format(format).option("header", "true").option("inferSchema", "true").load(folder);
      if (!Arrays.asList(h.columns()).contains(RUN_ID)) {
        throw new BadInputException("history: " + folder + " has no run_id partitions; expected the output folder of "
            + "earlier runs of profile or compare");
      }
      return h;
    } catch (Exception e) { // AnalysisException is checked, and thrown from Scala undeclared
      if (!(e instanceof org.apache.spark.sql.AnalysisException)) {
        throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
      }
      throw new BadInputException("history: cannot read " + folder + " as " + format + " (" + e.getMessage()
          .lines().findFirst().orElse("") + "); expected the output folder of earlier runs", e);
    }
  }

  /**
   * Checks run {@code runId} (null: the last run) of a history table against the runs before it.
   *
   * @throws BadInputException when the table is neither a profile's nor a comparison's, or the run
   *     is not in it
   */
  public static List<Finding> check(Dataset<Row> history, String runId, List<AnomalyRule> rules) {
    return History.of(history).check(runId, rules);
  }

  /**
   * A history table's metrics on the driver (runs × columns × metrics numbers: small), to check any
   * of its runs against those before it, or every run in turn (the trail a report plots).
   */
  public static final class History {
    private final List<String> metrics;
    private final TreeMap<String, Map<String, double[][]>> byRun;
    private final String unit;

    private History(List<String> metrics, TreeMap<String, Map<String, double[][]>> byRun, String unit) {
      this.metrics = metrics;
      this.byRun = byRun;
      this.unit = unit;
    }

    /**
     * Collects the metrics of a history table.
     *
     * @throws BadInputException when the table is neither a profile's nor a comparison's, or empty
     */
    public static History of(Dataset<Row> history) {
      List<String> fields = Arrays.asList(history.columns());
      boolean profile = fields.contains("entropy") && fields.contains("rows");
      boolean compare = fields.contains("js");
      if (!profile && !compare) {
        throw new BadInputException("history: expected the results of profile (column, entropy, …) or compare "
            + "(column, js, …) but found the fields " + String.join(", ", fields));
      }
      List<String> metrics = profile ? PROFILE_METRICS : COMPARE_METRICS;
      List<Column> select = new ArrayList<>(List.of(functions.col(RUN_ID).cast("string"), functions.col("column")));
      List<String> wanted = profile ? List.of("entropy", "std_error", "distinct", "nulls", "rows", "coverage")
          : COMPARE_METRICS;
      for (String f : wanted) {
        select.add(fields.contains(f) ? functions.col(f).cast("double").as(f) : functions.lit(null).cast("double").as(f));
      }
      select.add(fields.contains("unit") ? functions.col("unit").cast("string") : functions.lit(null).cast("string"));
      // runs × columns numbers: small
      List<Row> rows = history.select(select.toArray(new Column[0])).collectAsList();
      TreeMap<String, Map<String, double[][]>> byRun = new TreeMap<>();
      String unit = null;
      for (Row r : rows) {
        double[][] values = new double[metrics.size()][2];
        for (int m = 0; m < metrics.size(); m++) {
          values[m] = metric(r, metrics.get(m), profile);
        }
        byRun.computeIfAbsent(r.getString(0), k -> new LinkedHashMap<>()).put(r.getString(1), values);
        unit = r.isNullAt(r.length() - 1) ? unit : r.getString(r.length() - 1);
      }
      if (byRun.isEmpty()) {
        throw new BadInputException("history: the table holds no runs");
      }
      return new History(metrics, byRun, unit);
    }

    /** The metrics of this table: {@link #PROFILE_METRICS} or {@link #COMPARE_METRICS}. */
    public List<String> metrics() {
      return metrics;
    }

    /** The run ids, oldest first. */
    public List<String> runIds() {
      return new ArrayList<>(byRun.keySet());
    }

    /** The unit of the information measures ({@code nats}, {@code bits}, …), or null when the table has none. */
    public String unit() {
      return unit;
    }

    /**
     * Checks run {@code runId} (null: the last run) against the runs before it.
     *
     * @throws BadInputException when the run is not in the history
     */
    public List<Finding> check(String runId, List<AnomalyRule> rules) {
      String current = runId == null ? byRun.lastKey() : runId;
      if (!byRun.containsKey(current)) {
        throw new BadInputException("run-id: run '" + current + "' is not in the history; expected one of its "
            + byRun.size() + " runs (" + byRun.firstKey() + " … " + byRun.lastKey() + ")");
      }
      List<Map<String, double[][]>> earlier = new ArrayList<>(byRun.headMap(current, false).values());
      List<Finding> out = new ArrayList<>();
      for (Map.Entry<String, double[][]> c : byRun.get(current).entrySet()) {
        for (int m = 0; m < metrics.size(); m++) {
          double[] now = c.getValue()[m];
          if (Double.isNaN(now[0])) {
            continue; // a metric this run does not have (no values, or not in the table)
          }
          List<double[]> past = new ArrayList<>();
          for (Map<String, double[][]> run : earlier) {
            double[][] v = run.get(c.getKey());
            if (v != null && !Double.isNaN(v[m][0])) {
              past.add(v[m]);
            }
          }
          double[] h = new double[past.size()];
          double[] se = new double[past.size()];
          for (int i = 0; i < h.length; i++) {
            h[i] = past.get(i)[0];
            se[i] = past.get(i)[1];
          }
          for (AnomalyRule rule : rules) {
            AnomalyRule.Band b = rule.band(h, se, now[0], Double.isNaN(now[1]) ? null : now[1]);
            out.add(new Finding(c.getKey(), metrics.get(m), rule.name(), current, now[0], b.lower(), b.upper(),
                b.anomaly(), b.reason(), h));
          }
        }
      }
      return out;
    }
  }

  /** {value, standard error} of one metric of a row (NaN where unknown). */
  private static double[] metric(Row r, String metric, boolean profile) {
    if (!profile) {
      return new double[] {get(r, 2 + COMPARE_METRICS.indexOf(metric)), Double.NaN};
    }
    switch (metric) {
      case "entropy": return new double[] {get(r, 2), get(r, 3)};
      case "distinct": return new double[] {get(r, 4), Double.NaN};
      case "null_share": {
        double nulls = get(r, 5);
        double rows = get(r, 6);
        double s = nulls / rows;
        return new double[] {s, Math.sqrt(s * (1 - s) / rows)};
      }
      default: return new double[] {get(r, 7), Double.NaN};
    }
  }

  private static double get(Row r, int i) {
    return r.isNullAt(i) ? Double.NaN : r.getDouble(i);
  }

  private static String fmt(Double x) {
    return x == null ? "null" : String.format(java.util.Locale.ROOT, "%.6g", x);
  }
}
