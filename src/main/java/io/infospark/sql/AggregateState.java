package io.infospark.sql;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * Reads an aggregation state back (between the partial and the final aggregation) with the class
 * loader that loaded infospark, not the one Java serialization guesses from the stack (the
 * application class loader, which does not see a jar added by {@code --jars}, {@code spark.jars} or
 * {@code --packages}). Used by every Scala line's {@code NamedAggregate}.
 */
final class AggregateState {
  private AggregateState() {}

  static Serializable read(byte[] bytes, String function) {
    try (ObjectInputStream in = new StateInputStream(new ByteArrayInputStream(bytes))) {
      return (Serializable) in.readObject();
    } catch (IOException e) {
      throw new UncheckedIOException("infospark: cannot read the state of " + function, e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("infospark: cannot read the state of " + function, e);
    }
  }

  /**
   * Resolves the classes of a state with infospark's own class loader (which sees infospark's
   * classes and, through its parents, Spark's and the JDK's), however the jar was added.
   */
  private static final class StateInputStream extends ObjectInputStream {
    private static final ClassLoader LOADER = AggregateState.class.getClassLoader();

    StateInputStream(InputStream in) throws IOException {
      super(in);
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      try {
        return Class.forName(desc.getName(), false, LOADER);
      } catch (ClassNotFoundException e) {
        return super.resolveClass(desc); // primitive types
      }
    }
  }
}
