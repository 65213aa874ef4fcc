package io.infospark.sql;

import io.infospark.core.Entropy;
import io.infospark.core.LogBase;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.catalog.functions.AggregateFunction;
import org.apache.spark.sql.types.DataType;

/**
 * {@code mutual_information(x, y [, base])}: I(X;Y) = H(X) + H(Y) − H(X,Y) of the rows of the
 * group (DESIGN.md §1), each entropy the plug-in estimate of {@link Entropy#estimate}. Rows where x
 * or y is null are dropped (pairwise complete); NaN is a value. The state is a {@link Tally} of
 * (x, y) pairs: memory grows with the number of distinct pairs in the group (≤ Kx·Ky).
 */
final class MutualInformationFunction extends DoubleCall implements AggregateFunction<Tally, Double> {
  private static final long serialVersionUID = 1L;

  private final DataType xType;
  private final DataType yType;
  private final ValueKey xKey;
  private final ValueKey yKey;

  MutualInformationFunction(DataType xType, DataType yType, LogBase base, String baseSql) {
    super("mutual_information", base, baseSql, xType, yType);
    this.xType = xType;
    this.yType = yType;
    this.xKey = new ValueKey(xType);
    this.yKey = new ValueKey(yType);
  }

  @Override
  public Tally newAggregationState() {
    return new Tally();
  }

  @Override
  public Tally update(Tally state, InternalRow input) {
    Object x = xKey.read(input, 0);
    Object y = yKey.read(input, 1);
    if (x != null && y != null) {
      state.add(new ValueKey.Pair(x, y));
    }
    return state;
  }

  @Override
  public Tally merge(Tally left, Tally right) {
    return left.merge(right);
  }

  @Override
  public Double produceResult(Tally joint) {
    if (joint.distinct() == 0) {
      return null;
    }
    return io.infospark.core.MutualInformation.estimate(joint.marginal(k -> ((ValueKey.Pair) k).x()).fingerprint(),
        joint.marginal(k -> ((ValueKey.Pair) k).y()).fingerprint(), joint.fingerprint(), base).mutualInformation();
  }

  @Override
  public DataType[] inputTypes() {
    return new DataType[] {xType, yType};
  }
}
