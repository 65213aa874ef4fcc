package io.infospark.sql;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The state of {@code cross_entropy} and {@code kl_divergence}: the (a, b) masses of the rows of a
 * group, one row per value, a on the p side and b on the q side. They are kept, not summed,
 * because each side is normalised by its total only when the group is complete. Memory: 16 bytes
 * per row of the group (a pre-aggregated group has one row per distinct value).
 */
final class PairedMasses implements Serializable {
  private static final long serialVersionUID = 1L;
  private transient double[] a = new double[8];
  private transient double[] b = new double[8];
  private transient int size;

  void add(double p, double q) {
    if (size == a.length) {
      a = Arrays.copyOf(a, size * 2);
      b = Arrays.copyOf(b, size * 2);
    }
    a[size] = p;
    b[size] = q;
    size++;
  }

  PairedMasses merge(PairedMasses other) {
    for (int i = 0; i < other.size; i++) {
      add(other.a[i], other.b[i]);
    }
    return this;
  }

  int size() {
    return size;
  }

  double p(int i) {
    return a[i];
  }

  double q(int i) {
    return b[i];
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    out.writeInt(size);
    for (int i = 0; i < size; i++) {
      out.writeDouble(a[i]);
      out.writeDouble(b[i]);
    }
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    int n = in.readInt();
    a = new double[Math.max(8, n)];
    b = new double[Math.max(8, n)];
    for (int i = 0; i < n; i++) {
      a[i] = in.readDouble();
      b[i] = in.readDouble();
    }
    size = n;
  }
}
