package io.infospark.sql;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import scala.Tuple3;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/**
 * Conversions between Java and the Scala collections and functions of Spark's Catalyst API, Scala
 * 2.13 edition (its twin for Scala 2.12 is in {@code src/main/scala-2.12/java}; Maven compiles the
 * one of the build's Scala version).
 */
final class Scala {
  private Scala() {}

  static <T> scala.collection.immutable.Seq<T> seq(List<T> list) {
    return CollectionConverters.asScala(list).toSeq();
  }

  static <T> List<T> list(scala.collection.Seq<T> seq) {
    return CollectionConverters.asJava(seq);
  }

  static scala.collection.immutable.Map<String, String> map(Map<String, String> m) {
    return scala.collection.immutable.Map$.MODULE$.from(CollectionConverters.asScala(m));
  }

  static <A, B> scala.Function1<A, B> function(Function<A, B> f) {
    return new JavaFunction<>(f);
  }

  /** A function builder of the function registry (Catalyst's {@code FunctionBuilder}). */
  static scala.Function1<scala.collection.immutable.Seq<Expression>, Expression> builder(
      Function<List<Expression>, Expression> f) {
    return function(args -> f.apply(list(args)));
  }

  /** The argument of {@code SparkSessionExtensions.injectFunction}. */
  static Tuple3<FunctionIdentifier, ExpressionInfo, scala.Function1<scala.collection.immutable.Seq<Expression>, Expression>>
      injection(FunctionIdentifier id, ExpressionInfo info, Function<List<Expression>, Expression> f) {
    return new Tuple3<>(id, info, builder(f));
  }

  private static final class JavaFunction<A, B> extends AbstractFunction1<A, B> implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final Function<A, B> f;

    JavaFunction(Function<A, B> f) {
      this.f = f;
    }

    @Override
    public B apply(A a) {
      return f.apply(a);
    }
  }
}
