package io.infospark.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;

/**
 * A fold over the rows of a Dataset with Spark's public API only (so also over Spark Connect):
 * each task folds its partition into one small accumulator, which reaches the driver serialized
 * (Java serialization into a byte array, so the accumulator's class need not be public), where
 * the accumulators are merged.
 */
public final class RowFold {
  private RowFold() {}

  /** A fresh accumulator. */
  public interface Zero<A> extends Serializable {
    A get();
  }

  /** Adds one row to an accumulator (returns it, or a replacement). */
  public interface Add<A, T> extends Serializable {
    A add(A acc, T row);
  }

  /** Merges two accumulators. */
  public interface Merge<A> extends Serializable {
    A merge(A a, A b);
  }

  /** Folds every row of df into one accumulator on the driver. */
  public static <T, A extends Serializable> A fold(Dataset<T> df, Zero<A> zero, Add<A, T> add, Merge<A> merge) {
    List<byte[]> parts = df.mapPartitions((MapPartitionsFunction<T, byte[]>) (Iterator<T> it) -> {
      A a = zero.get();
      while (it.hasNext()) {
        a = add.add(a, it.next());
      }
      return List.of(toBytes(a)).iterator();
    }, Encoders.BINARY()).collectAsList();
    A out = zero.get();
    for (byte[] b : parts) {
      @SuppressWarnings("unchecked")
      A a = (A) fromBytes(b);
      out = merge.merge(out, a);
    }
    return out;
  }

  static byte[] toBytes(Object o) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Reads an object back with the class loader that has this library (the thread's, else this class's). */
  static Object fromBytes(byte[] b) {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    ClassLoader loader = context != null ? context : RowFold.class.getClassLoader();
    try (ObjectInputStream in = new LoaderStream(new ByteArrayInputStream(b), loader)) {
      return in.readObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class LoaderStream extends ObjectInputStream {
    private final ClassLoader loader;

    LoaderStream(InputStream in, ClassLoader loader) throws IOException {
      super(in);
      this.loader = loader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      try {
        return Class.forName(desc.getName(), false, loader);
      } catch (ClassNotFoundException e) {
        return super.resolveClass(desc);
      }
    }
  }
}
