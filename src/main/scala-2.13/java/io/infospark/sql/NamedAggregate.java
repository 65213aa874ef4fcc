package io.infospark.sql;

import java.io.Serializable;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.aggregate.V2Aggregator;
import org.apache.spark.sql.connector.catalog.functions.AggregateFunction;
import scala.collection.immutable.IndexedSeq;
import scala.collection.immutable.Seq;

/**
 * Catalyst's {@link V2Aggregator} under the function's own name, so that the default column name
 * of {@code entropy(city, 2)} is {@code entropy(city, 2)} rather than {@code v2aggregator(city)}.
 * Every copy Catalyst makes keeps the subclass (the public 4-argument constructor matches the
 * case class's, which {@code TreeNode.makeCopy} relies on).
 *
 * <p>It also reads the aggregation state back (between the partial and the final aggregation) with
 * the class loader that loaded infospark, not the one Java serialization guesses from the stack
 * (the application class loader, which does not see a jar added by {@code --jars},
 * {@code spark.jars} or {@code --packages}).
 */
final class NamedAggregate extends V2Aggregator<Serializable, Object> {
  private static final long serialVersionUID = 1L;

  public NamedAggregate(AggregateFunction<Serializable, Object> f, Seq<Expression> children,
      int mutableAggBufferOffset, int inputAggBufferOffset) {
    super(f, children, mutableAggBufferOffset, inputAggBufferOffset);
  }

  private Call call() {
    return (Call) aggrFunc();
  }

  @Override
  public String prettyName() {
    return call().name();
  }

  @Override
  public String sql(boolean isDistinct) {
    return Call.sql(call(), Scala.list(children()).stream().map(Expression::sql).toList(), isDistinct);
  }

  @Override
  public String toAggString(boolean isDistinct) {
    return Call.sql(call(), Scala.list(children()).stream().map(Object::toString).toList(), isDistinct);
  }

  @Override
  public String toString() {
    return toAggString(false);
  }

  @Override
  public Serializable deserialize(byte[] bytes) {
    return AggregateState.read(bytes, call().name());
  }

  @Override
  public Expression withNewChildrenInternal(IndexedSeq<Expression> newChildren) {
    return new NamedAggregate(aggrFunc(), newChildren, mutableAggBufferOffset(), inputAggBufferOffset());
  }

  @Override
  public NamedAggregate withNewMutableAggBufferOffset(int offset) {
    return new NamedAggregate(aggrFunc(), children(), offset, inputAggBufferOffset());
  }

  @Override
  public NamedAggregate withNewInputAggBufferOffset(int offset) {
    return new NamedAggregate(aggrFunc(), children(), mutableAggBufferOffset(), offset);
  }
}
