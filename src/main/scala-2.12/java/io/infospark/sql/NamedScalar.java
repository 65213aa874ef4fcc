package io.infospark.sql;

import org.apache.spark.sql.catalyst.expressions.ApplyFunctionExpression;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.connector.catalog.functions.ScalarFunction;
import scala.collection.IndexedSeq;
import scala.collection.Seq;

/**
 * Catalyst's {@link ApplyFunctionExpression} under the function's own name ({@code surprisal(p, 2)}
 * rather than {@code applyfunctionexpression(p)}); copies keep the subclass.
 */
final class NamedScalar extends ApplyFunctionExpression {
  private static final long serialVersionUID = 1L;

  public NamedScalar(ScalarFunction<?> function, Seq<Expression> children) {
    super(function, children);
  }

  private Call call() {
    return (Call) function();
  }

  @Override
  public String prettyName() {
    return call().name();
  }

  @Override
  public String sql() {
    return Call.sql(call(), Scala.list(children()).stream().map(Expression::sql).toList(), false);
  }

  @Override
  public String toString() {
    return Call.sql(call(), Scala.list(children()).stream().map(Object::toString).toList(), false);
  }

  @Override
  public Expression withNewChildrenInternal(IndexedSeq<Expression> newChildren) {
    return new NamedScalar(function(), newChildren);
  }
}
