package io.infospark.logistic;

import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.infospark.core.BadInputException;
import io.infospark.core.logistic.LogisticLoss;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import scala.Tuple2;

/**
 * Applies a fitted {@link LogisticResult} to a table: margin, probability, prediction; metrics.
 * Scoring adds columns and never replaces one: an input column with the name of an added column is
 * an error, unless a prefix makes the added names different.
 */
public final class LogisticScoring {
  private LogisticScoring() {}

  /** The columns {@link #score} adds, in order (each after the prefix). */
  public static final List<String> COLUMNS = List.of("margin", "probability", "prediction");

  /** {@link #score(LogisticResult, Dataset, String)} without a prefix. */
  public static Dataset<Row> score(LogisticResult model, Dataset<Row> df) {
    return score(model, df, "");
  }

  /**
   * Adds {@code <prefix>margin} (z = β₀ + x·β), {@code <prefix>probability} (of the positive
   * class) and {@code <prefix>prediction} (1.0 when the probability is ≥ 0.5, else 0.0) as SQL
   * expressions (no UDF, except for a vector column). A row with a null, NaN or infinite feature
   * is not scored: all three are null.
   *
   * @throws BadInputException when a model column is missing or of another type, a string column
   *     holds levels the model never saw (their count is in the message), or the input already has
   *     a column named like one that scoring adds
   */
  public static Dataset<Row> score(LogisticResult model, Dataset<Row> df, String prefix) {
    String pre = prefix == null ? "" : prefix;
    for (String c : COLUMNS) {
      requireFree(df, pre + c, pre.isEmpty() ? " (or set a prefix for the added columns)" : "");
    }
    Column z = margin(model, df);
    // σ(z) evaluated with a non-positive exponent on both branches (no overflow).
    Column p = when(z.geq(0), lit(1.0).divide(lit(1.0).plus(exp(functions.negate(z)))))
        .otherwise(exp(z).divide(lit(1.0).plus(exp(z))));
    // null when p is null (an unscored row): no invented prediction
    Column prediction = when(p.geq(0.5), lit(1.0)).when(p.lt(0.5), lit(0.0));
    return df.withColumn(pre + "margin", z).withColumn(pre + "probability", p).withColumn(pre + "prediction", prediction);
  }

  /**
   * @throws BadInputException when {@code df} has a column {@code name} (compared as Spark
   *     resolves names, case-insensitively unless spark.sql.caseSensitive is set)
   */
  public static void requireFree(Dataset<Row> df, String name, String advice) {
    boolean caseSensitive = Boolean.parseBoolean(df.sparkSession().conf().get("spark.sql.caseSensitive", "false"));
    for (String c : df.columns()) {
      if (caseSensitive ? c.equals(name) : c.equalsIgnoreCase(name)) {
        throw new BadInputException("the input already has a column '" + c + "'; scoring adds '" + name
            + "' and never replaces an input column: rename that column" + advice);
      }
    }
  }

  /**
   * z = β₀ + x·β as an expression; null for a row with a null, NaN or ±∞ feature.
   *
   * @throws BadInputException see {@link #score}
   */
  static Column margin(LogisticResult model, Dataset<Row> df) {
    double[] beta = model.beta;
    Column z = lit(beta[0]);
    List<Column> unseen = new ArrayList<>();
    for (FeatureSpace.Column c : model.space.columns()) {
      if (!Arrays.asList(df.columns()).contains(c.name())) {
        throw new BadInputException("column '" + c.name() + "' of the model is not in the data; the model was fitted on "
            + String.join(", ", model.names()));
      }
      DataType t = df.schema().apply(c.name()).dataType();
      Column x = FeatureSpace.col(c.name());
      switch (c.kind()) {
        case NUMERIC: {
          requireType(c, t instanceof NumericType, t, "a number");
          Column xd = x.cast(DataTypes.DoubleType);
          Column bad = functions.isnan(xd).or(xd.equalTo(lit(Double.POSITIVE_INFINITY)))
              .or(xd.equalTo(lit(Double.NEGATIVE_INFINITY)));
          z = z.plus(when(bad, lit(null).cast(DataTypes.DoubleType)).otherwise(xd.multiply(beta[c.offset() + 1])));
          break;
        }
        case BOOLEAN:
          requireType(c, t instanceof BooleanType, t, "a boolean");
          z = z.plus(when(x, lit(beta[c.offset() + 1])).when(functions.not(x), lit(0.0)));
          break;
        case CATEGORICAL: {
          requireType(c, t instanceof StringType, t, "a string");
          Column term = when(x.equalTo(lit(c.reference())), lit(0.0));
          for (int i = 0; i < c.levels().size(); i++) {
            term = term.when(x.equalTo(lit(c.levels().get(i))), lit(beta[c.offset() + 1 + i]));
          }
          z = z.plus(term); // unseen level → null, counted below
          List<Object> known = new ArrayList<>(c.levels());
          known.add(c.reference());
          unseen.add(when(x.isNotNull().and(functions.not(x.isin(known.toArray()))), 1).otherwise(0));
          break;
        }
        default: {
          double[] w = Arrays.copyOfRange(beta, 1, beta.length);
          int width = c.width();
          UserDefinedFunction dot = functions.udf((UDF1<Vector, Double>) v -> {
            if (v == null) {
              return null;
            }
            if (v.size() != width) {
              throw new BadInputException("vector column has size " + v.size() + " but the model has " + width + " features");
            }
            double s = 0;
            for (int j = 0; j < width; j++) {
              double xj = v.apply(j);
              if (!Double.isFinite(xj)) {
                return null;
              }
              s += w[j] * xj;
            }
            return s;
          }, DataTypes.DoubleType);
          z = z.plus(dot.apply(x));
        }
      }
    }
    if (!unseen.isEmpty()) {
      Column sum = unseen.get(0);
      for (int i = 1; i < unseen.size(); i++) {
        sum = sum.plus(unseen.get(i));
      }
      long n = df.where(sum.gt(0)).count();
      if (n > 0) {
        throw new BadInputException(n + " rows have a level of a string feature that the model was not fitted on (columns "
            + String.join(", ", model.space.columns().stream().filter(c -> c.kind() == FeatureSpace.Kind.CATEGORICAL)
                .map(FeatureSpace.Column::name).toList()) + ")");
      }
    }
    // two features overflowing in opposite directions give ∞ − ∞: not a score either
    return when(functions.isnan(z), lit(null).cast(DataTypes.DoubleType)).otherwise(z);
  }

  /**
   * The label of the scored rows must be coded as the training label was: 0/1 or boolean when the
   * model has no positive class, else at most two classes (any but the positive one counts as 0).
   */
  private static void checkLabel(Dataset<Row> df, String label, String positive) {
    List<String> values = new ArrayList<>();
    boolean notZeroOne = false;
    for (Row r : df.select(FeatureSpace.col(label)).na().drop().distinct().limit(3).collectAsList()) {
      Object v = r.get(0);
      values.add(v.toString());
      if (positive == null && !(v instanceof Boolean)) {
        notZeroOne |= !(v instanceof Number) || (((Number) v).doubleValue() != 0 && ((Number) v).doubleValue() != 1);
      }
    }
    java.util.Collections.sort(values);
    if (notZeroOne) {
      throw new BadInputException("label '" + label + "' has values " + String.join(", ", values)
          + "; the model was fitted on a 0/1 (or boolean) label, so expected 0/1 or boolean");
    }
    if (values.size() > 2) {
      throw new BadInputException("label '" + label + "' has more than 2 classes (" + String.join(", ", values)
          + ", …); the model has 2, with positive class '" + positive + "'");
    }
  }

  private static void requireType(FeatureSpace.Column c, boolean ok, DataType t, String expected) {
    if (!ok) {
      throw new BadInputException("column '" + c.name() + "' has type " + t.simpleString() + " but the model expects " + expected);
    }
  }

  /**
   * Scores {@code df} and, when it has the model's label column, reports log-loss, accuracy and AUC
   * over the rows that are both scored and labelled. {@code unscored} counts the rows with a null,
   * NaN or infinite feature; {@code unlabelled} the scored rows without a label (not in the metrics).
   */
  public static ScoreReport evaluate(LogisticResult model, Dataset<Row> df) {
    Column z = margin(model, df);
    boolean labelled = Arrays.asList(df.columns()).contains(model.label);
    if (!labelled) {
      Row r = df.agg(functions.count(lit(1)), functions.count(z)).first();
      return new ScoreReport(r.getLong(0), r.getLong(0) - r.getLong(1), r.getLong(1), null, null, null);
    }
    checkLabel(df, model.label, model.positive);
    TrainingData.LabelCoding coding = new TrainingData.LabelCoding(model.positive,
        df.schema().apply(model.label).dataType() instanceof NumericType);
    // z and the label only: no clash with the input's own column names
    JavaRDD<double[]> zy = df.select(z, FeatureSpace.col(model.label)).javaRDD()
        .map(r -> new double[] {r.isNullAt(0) ? Double.NaN : r.getDouble(0), coding.y(r, 1)});
    // per row: [1, scored, scored and labelled, loss, correct]
    double[] sums = zy.map(a -> {
      boolean scored = !Double.isNaN(a[0]);
      boolean both = scored && !Double.isNaN(a[1]);
      return new double[] {1, scored ? 1 : 0, both ? 1 : 0, both ? LogisticLoss.loss(a[0], a[1]) : 0,
          both && (a[0] >= 0 ? 1.0 : 0.0) == a[1] ? 1 : 0};
    }).fold(new double[5], (a, b) -> new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3], a[4] + b[4]});
    long total = (long) sums[0];
    long scored = (long) sums[1];
    long n = (long) sums[2];
    Double auc = null;
    if (n > 0) {
      BinaryClassificationMetrics m = new BinaryClassificationMetrics(
          zy.filter(a -> !Double.isNaN(a[0]) && !Double.isNaN(a[1])).map(a -> new Tuple2<Object, Object>(a[0], a[1])).rdd());
      auc = m.areaUnderROC();
      m.unpersist();
    }
    return new ScoreReport(total, total - scored, scored - n, n == 0 ? null : sums[3] / n, n == 0 ? null : sums[4] / n, auc);
  }
}
