package io.infospark.measure;

import io.infospark.core.BadInputException;
import io.infospark.core.CompensatedSum;
import io.infospark.core.LogBase;
import io.infospark.engine.RowFold;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;

/**
 * The cross-entropy of a model on data: the mean log-loss
 * −(1/n) Σ [y ln p + (1 − y) ln(1 − p)] of a probability column p = P(y = 1) against a 0/1 label
 * column y — the quantity maximum-likelihood fitting minimises. One aggregation over the rows,
 * summed with compensation.
 *
 * <p>Clipping of p to [ε, 1 − ε] is an option ({@code epsilon}, default 0: none) and the rows it
 * changed are counted in the result. Without clipping a row with p = 0 and y = 1 (or p = 1 and
 * y = 0) has infinite loss and the mean is +∞, as it is. A probability that is null, NaN or
 * outside [0, 1], and a label that is null or not 0/1 (false/true), is bad input: the error
 * names the column and the number of such rows.
 */
public final class LogLoss {
  private LogLoss() {}

  /**
   * @param probability a numeric column of P(label = 1)
   * @param label a numeric column of 0/1, or a boolean column
   * @param epsilon clip p to [ε, 1 − ε] when ε > 0; 0 ≤ ε &lt; 0.5
   */
  public static LogLossResult measure(Dataset<Row> df, String probability, String label, double epsilon,
      LogBase base) {
    if (!(epsilon >= 0 && epsilon < 0.5)) {
      throw new BadInputException("epsilon: expected a clipping bound in [0, 0.5) but got " + epsilon);
    }
    ColumnNames.require(df, List.of(probability), "probability");
    ColumnNames.require(df, List.of(label), "label");
    DataType pt = df.schema().apply(probability).dataType();
    DataType lt = df.schema().apply(label).dataType();
    if (!(pt instanceof NumericType)) {
      throw new BadInputException("probability: column '" + probability + "' has type " + pt.simpleString()
          + "; expected a numeric column of probabilities in [0, 1]");
    }
    if (!(lt instanceof NumericType) && !(lt instanceof BooleanType)) {
      throw new BadInputException("label: column '" + label + "' has type " + lt.simpleString()
          + "; expected a numeric 0/1 or a boolean column");
    }
    Dataset<Row> two = df.select(ColumnNames.col(probability).cast(DataTypes.DoubleType),
        ColumnNames.col(label).cast(DataTypes.DoubleType));
    Sums s = RowFold.fold(two, Sums::new, (Sums t, Row r) -> {
      t.add(r, epsilon);
      return t;
    }, Sums::merge);
    List<String> bad = new ArrayList<>();
    if (s.nullP > 0) {
      bad.add(s.nullP + " null");
    }
    if (s.nanP > 0) {
      bad.add(s.nanP + " NaN");
    }
    if (s.outsideP > 0) {
      bad.add(s.outsideP + " outside [0, 1]");
    }
    if (!bad.isEmpty()) {
      throw new BadInputException("probability: column '" + probability + "' has " + String.join(", ", bad)
          + " (rows); expected probabilities in [0, 1]");
    }
    if (s.nullY + s.otherY > 0) {
      throw new BadInputException("label: column '" + label + "' has " + (s.nullY > 0 ? s.nullY + " null" : "")
          + (s.nullY > 0 && s.otherY > 0 ? ", " : "") + (s.otherY > 0 ? s.otherY + " not 0 or 1" : "")
          + " (rows); expected labels 0 or 1");
    }
    Double mean;
    String reason = null;
    if (s.rows == 0) {
      mean = null;
      reason = "no rows";
    } else if (s.infinite > 0) {
      mean = Double.POSITIVE_INFINITY;
      reason = String.format(Locale.ROOT, "%d row(s) with p = 0 for label 1 or p = 1 for label 0 have infinite loss"
          + " (clip with epsilon > 0 to bound it)", s.infinite);
    } else {
      mean = base.fromNats(s.loss.value() / s.rows);
    }
    return new LogLossResult(probability, label, s.rows, mean, epsilon, s.clippedLow, s.clippedHigh, s.infinite,
        base, reason);
  }

  static final class Sums implements Serializable {
    private static final long serialVersionUID = 1L;
    final CompensatedSum loss = new CompensatedSum();
    long rows;
    long clippedLow;
    long clippedHigh;
    long infinite;
    long nullP;
    long nanP;
    long outsideP;
    long nullY;
    long otherY;

    void add(Row r, double epsilon) {
      boolean ok = true;
      if (r.isNullAt(1)) {
        nullY++;
        ok = false;
      } else {
        double y = r.getDouble(1);
        if (y != 0 && y != 1) {
          otherY++;
          ok = false;
        }
      }
      if (r.isNullAt(0)) {
        nullP++;
        return;
      }
      double p = r.getDouble(0);
      if (Double.isNaN(p)) {
        nanP++;
        return;
      }
      if (p < 0 || p > 1) {
        outsideP++;
        return;
      }
      if (!ok) {
        return;
      }
      rows++;
      boolean one = r.getDouble(1) == 1;
      if (p < epsilon) {
        p = epsilon;
        clippedLow++;
      } else if (p > 1 - epsilon) {
        // clipped to 1 − ε: then 1 − p is ε exactly (1 − (1 − ε) in doubles is not)
        clippedHigh++;
        loss.add(one ? -Math.log1p(-epsilon) : -Math.log(epsilon));
        return;
      }
      if (one ? p == 0 : p == 1) {
        infinite++;
        return;
      }
      // −ln(1 − p) as −log1p(−p): exact for the small p of confident negatives
      loss.add(one ? -Math.log(p) : -Math.log1p(-p));
    }

    Sums merge(Sums o) {
      loss.merge(o.loss);
      rows += o.rows;
      clippedLow += o.clippedLow;
      clippedHigh += o.clippedHigh;
      infinite += o.infinite;
      nullP += o.nullP;
      nanP += o.nanP;
      outsideP += o.outsideP;
      nullY += o.nullY;
      otherY += o.otherY;
      return this;
    }
  }
}
