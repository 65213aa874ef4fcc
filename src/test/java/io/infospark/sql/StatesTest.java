package io.infospark.sql;

import static io.infospark.testing.Approx.PARTITION_INVARIANT;
import static io.infospark.testing.Approx.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.infospark.core.LogBase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Random;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/**
 * The aggregate states without Spark: the merge law state(A).merge(state(B)) = state(A ∪ B), and
 * the Java-serialization round trip Spark applies between the partial and the final aggregation.
 */
class StatesTest {
  private static final int ROWS = 2_000;

  @SuppressWarnings("unchecked")
  private static <T extends Serializable> T roundTrip(T state) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(state);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  private static InternalRow row(Object... values) {
    return new GenericInternalRow(values);
  }

  /** Zipf-like strings, some nulls. */
  private static InternalRow[] rows(long seed) {
    Random r = new Random(seed);
    InternalRow[] rows = new InternalRow[ROWS];
    for (int i = 0; i < ROWS; i++) {
      int v = (int) Math.floor(1 / (r.nextDouble() + 0.01));
      rows[i] = row(i % 17 == 0 ? null : UTF8String.fromString("v" + v), UTF8String.fromString("w" + (v % 3)));
    }
    return rows;
  }

  @Test
  void entropyMergeLawAndSerialization() throws Exception {
    EntropyFunction f = new EntropyFunction("entropy", DataTypes.StringType, LogBase.TWO, "2",
        EntropyFunction.Estimator.PLUG_IN);
    InternalRow[] rows = rows(1);
    Tally whole = f.newAggregationState();
    Tally left = f.newAggregationState();
    Tally right = f.newAggregationState();
    for (int i = 0; i < ROWS; i++) {
      f.update(whole, rows[i]);
      f.update(i % 3 == 0 ? left : right, rows[i]);
    }
    Tally merged = f.merge(roundTrip(left), roundTrip(right));
    assertEquals(whole.fingerprint(), merged.fingerprint());
    assertClose(f.produceResult(whole), f.produceResult(merged), PARTITION_INVARIANT, "entropy");
    assertNull(f.produceResult(f.newAggregationState()), "no values: null");
  }

  @Test
  void mutualInformationMergeLaw() throws Exception {
    MutualInformationFunction f = new MutualInformationFunction(DataTypes.StringType, DataTypes.StringType,
        LogBase.E, null);
    InternalRow[] rows = rows(2);
    Tally whole = f.newAggregationState();
    Tally[] parts = {f.newAggregationState(), f.newAggregationState(), f.newAggregationState()};
    for (int i = 0; i < ROWS; i++) {
      f.update(whole, rows[i]);
      f.update(parts[i % 3], rows[i]);
    }
    Tally merged = f.merge(f.merge(roundTrip(parts[0]), roundTrip(parts[1])), roundTrip(parts[2]));
    assertEquals(whole.fingerprint(), merged.fingerprint());
    assertClose(f.produceResult(whole), f.produceResult(merged), PARTITION_INVARIANT, "MI");
  }

  @Test
  void divergenceMergeLaw() throws Exception {
    DivergenceFunction f = new DivergenceFunction(DivergenceFunction.Measure.KL, LogBase.E, null);
    Random r = new Random(3);
    PairedMasses whole = f.newAggregationState();
    PairedMasses left = f.newAggregationState();
    PairedMasses right = f.newAggregationState();
    for (int i = 0; i < 500; i++) {
      InternalRow row = row(1.0 + r.nextInt(50), 1.0 + r.nextInt(50));
      f.update(whole, row);
      f.update(i % 2 == 0 ? left : right, row);
    }
    assertClose(f.produceResult(whole), f.produceResult(f.merge(roundTrip(left), roundTrip(right))),
        PARTITION_INVARIANT, "KL");
  }

  /** NaN is one value, −0.0 is 0.0, binary values compare by content. */
  @Test
  void keys() {
    ValueKey doubles = new ValueKey(DataTypes.DoubleType);
    assertEquals(doubles.read(row(Double.longBitsToDouble(0x7ff8000000000001L)), 0), doubles.read(row(Double.NaN), 0));
    assertEquals(doubles.read(row(0.0), 0), doubles.read(row(-0.0), 0));
    ValueKey binary = new ValueKey(DataTypes.BinaryType);
    assertEquals(binary.read(row((Object) new byte[] {1, 2}), 0), binary.read(row((Object) new byte[] {1, 2}), 0));
    assertNull(binary.read(row((Object) null), 0));
  }
}
