package io.infospark.sql;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/** Conversions between Java and the Scala collections and functions of Spark's Catalyst API. */
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
