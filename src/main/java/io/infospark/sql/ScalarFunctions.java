package io.infospark.sql;

import io.infospark.core.CountFingerprint;
import io.infospark.core.Entropy;
import io.infospark.core.LogBase;
import io.infospark.core.WeightedCounts;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.connector.catalog.functions.ScalarFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.FractionalType;

/** The scalar SQL functions; NULL in gives NULL out, a value outside the domain fails the query. */
final class ScalarFunctions {
  private ScalarFunctions() {}

  /** {@code surprisal(p [, base])} = −log p: +Infinity for p = 0, 0 for p = 1. */
  static final class Surprisal extends DoubleCall implements ScalarFunction<Double> {
    private static final long serialVersionUID = 1L;

    Surprisal(LogBase base, String baseSql) {
      super("surprisal", base, baseSql);
    }

    @Override
    public Double produceResult(InternalRow input) {
      if (input.isNullAt(0)) {
        return null;
      }
      double p = probability(input.getDouble(0), name());
      return base.fromNats(0.0 - Math.log(p)); // 0.0 − … turns −log 1 = −0.0 into 0.0
    }

    @Override
    public DataType[] inputTypes() {
      return new DataType[] {DataTypes.DoubleType};
    }
  }

  /** {@code binary_entropy(p [, base])} = H(p, 1 − p), the entropy of a coin with P(heads) = p. */
  static final class BinaryEntropy extends DoubleCall implements ScalarFunction<Double> {
    private static final long serialVersionUID = 1L;

    BinaryEntropy(LogBase base, String baseSql) {
      super("binary_entropy", base, baseSql);
    }

    @Override
    public Double produceResult(InternalRow input) {
      if (input.isNullAt(0)) {
        return null;
      }
      double p = probability(input.getDouble(0), name());
      return Entropy.estimate(WeightedCounts.of(p, 1.0 - p), base).entropy();
    }

    @Override
    public DataType[] inputTypes() {
      return new DataType[] {DataTypes.DoubleType};
    }
  }

  /**
   * {@code entropy_of_counts(counts [, base])}: the plug-in entropy of a count vector (an array of
   * integers, or of non-negative reals such as summed weights). Null elements and zeros are
   * ignored; an array without positive counts gives NULL.
   */
  static final class EntropyOfCounts extends DoubleCall implements ScalarFunction<Double> {
    private static final long serialVersionUID = 1L;
    private final DataType arrayType;
    private final boolean integral;

    EntropyOfCounts(DataType arrayType, DataType elementType, LogBase base, String baseSql) {
      super("entropy_of_counts", base, baseSql, arrayType);
      this.arrayType = arrayType;
      this.integral = !(elementType instanceof FractionalType || elementType instanceof DecimalType);
    }

    @Override
    public Double produceResult(InternalRow input) {
      if (input.isNullAt(0)) {
        return null;
      }
      ArrayData counts = input.getArray(0);
      int n = counts.numElements();
      if (integral) {
        CountFingerprint f = new CountFingerprint();
        for (int i = 0; i < n; i++) {
          if (!counts.isNullAt(i)) {
            long c = counts.getLong(i);
            if (c < 0) {
              throw new IllegalArgumentException(name() + ": counts must be >= 0 but got " + c);
            }
            f.add(c);
          }
        }
        return Entropy.estimate(f, base).entropy();
      }
      WeightedCounts w = new WeightedCounts();
      for (int i = 0; i < n; i++) {
        if (!counts.isNullAt(i)) {
          double c = counts.getDouble(i);
          if (!(c >= 0) || Double.isInfinite(c)) {
            throw new IllegalArgumentException(name() + ": counts must be finite and >= 0 but got " + c);
          }
          w.add(c);
        }
      }
      return Entropy.estimate(w, base).entropy();
    }

    @Override
    public DataType[] inputTypes() {
      return new DataType[] {arrayType};
    }
  }

  static double probability(double p, String function) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(function + ": p must be a probability in [0, 1] but got " + p);
    }
    return p;
  }
}
