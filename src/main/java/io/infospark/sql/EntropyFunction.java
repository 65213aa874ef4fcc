package io.infospark.sql;

import io.infospark.core.EntropyEstimate;
import io.infospark.core.Entropy;
import io.infospark.core.LogBase;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.catalog.functions.AggregateFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code entropy(col [, base])} and {@code entropy_mm(col [, base])}: the plug-in or Miller–Madow
 * entropy of the values of col in the group, from {@link Entropy#estimate}. Nulls are dropped, NaN
 * is a value; a group without values gives NULL. The state is a {@link Tally}: memory grows with
 * the group's number of distinct values.
 */
final class EntropyFunction implements AggregateFunction<Tally, Double>, Call {
  private static final long serialVersionUID = 1L;

  enum Estimator { PLUG_IN, MILLER_MADOW }

  private final String name;
  private final DataType inputType;
  private final ValueKey key;
  private final LogBase base;
  private final Estimator estimator;
  private final String baseSql;

  EntropyFunction(String name, DataType inputType, LogBase base, String baseSql, Estimator estimator) {
    this.baseSql = baseSql;
    this.name = name;
    this.inputType = inputType;
    this.key = new ValueKey(inputType);
    this.base = base;
    this.estimator = estimator;
  }

  @Override
  public Tally newAggregationState() {
    return new Tally();
  }

  @Override
  public Tally update(Tally state, InternalRow input) {
    Object k = key.read(input, 0);
    if (k != null) {
      state.add(k);
    }
    return state;
  }

  @Override
  public Tally merge(Tally left, Tally right) {
    return left.merge(right);
  }

  @Override
  public Double produceResult(Tally state) {
    EntropyEstimate e = Entropy.estimate(state.fingerprint(), base);
    return estimator == Estimator.PLUG_IN ? e.entropy() : e.millerMadow();
  }

  @Override
  public DataType[] inputTypes() {
    return new DataType[] {inputType};
  }

  @Override
  public DataType resultType() {
    return DataTypes.DoubleType;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String baseSql() {
    return baseSql;
  }

  @Override
  public String toString() {
    return name + "[" + base.unit() + "]";
  }

  /** Equal calls are one aggregate to Catalyst (computed once, matched by the cache). */
  @Override
  public boolean equals(Object o) {
    return o instanceof EntropyFunction f && f.name.equals(name) && f.inputType.equals(inputType)
        && f.base == base && f.estimator == estimator;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(name, inputType, base, estimator);
  }
}
