package io.infospark.sql;

import io.infospark.core.EntropyEstimate;
import io.infospark.core.Entropy;
import io.infospark.core.LogBase;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.catalog.functions.AggregateFunction;
import org.apache.spark.sql.types.DataType;

/**
 * {@code entropy(col [, base])}, {@code entropy_mm(col [, base])} and the small-sample estimators
 * ({@code entropy_grassberger}, {@code entropy_james_stein}, {@code entropy_nsb(col, alphabet)},
 * {@code entropy_nsb_sd(col, alphabet)}, {@code sample_coverage}): one estimator of the entropy of
 * the values of col in the group, from {@link Entropy#estimate} on the group's count fingerprint.
 * Nulls are dropped, NaN is a value; a group without values gives NULL (and James–Stein a group of
 * one value). The state is a {@link Tally}: memory grows with the group's number of distinct values.
 */
final class EntropyFunction extends DoubleCall implements AggregateFunction<Tally, Double> {
  private static final long serialVersionUID = 1L;

  enum Estimator { PLUG_IN, MILLER_MADOW, GRASSBERGER, JAMES_STEIN, NSB, NSB_SD, COVERAGE }

  private final DataType inputType;
  private final ValueKey key;
  private final Estimator estimator;
  /** A, the alphabet size, for NSB; null otherwise. */
  private final Long alphabet;

  EntropyFunction(String name, DataType inputType, LogBase base, String baseSql, Estimator estimator) {
    this(name, inputType, base, baseSql, estimator, null);
  }

  EntropyFunction(String name, DataType inputType, LogBase base, String baseSql, Estimator estimator, Long alphabet) {
    super(name, base, baseSql, inputType, estimator, alphabet);
    this.alphabet = alphabet;
    this.inputType = inputType;
    this.key = new ValueKey(inputType);
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
    if (alphabet != null && state.distinct() > alphabet) {
      throw new IllegalArgumentException(name() + "(" + inputType.simpleString() + " column, " + alphabet
          + "): a group has " + state.distinct() + " distinct values, more than the alphabet size " + alphabet
          + "; expected an alphabet of at least the values that occur");
    }
    EntropyEstimate e = Entropy.estimate(state.fingerprint(), base,
        estimator == Estimator.NSB || estimator == Estimator.NSB_SD ? alphabet : null);
    return switch (estimator) {
      case PLUG_IN -> e.entropy();
      case MILLER_MADOW -> e.millerMadow();
      case GRASSBERGER -> e.grassberger();
      case JAMES_STEIN -> e.jamesStein();
      case NSB -> e.nsb();
      case NSB_SD -> e.nsbSd();
      case COVERAGE -> e.coverage();
    };
  }

  @Override
  public DataType[] inputTypes() {
    return new DataType[] {inputType};
  }

  @Override
  public String toString() {
    return estimator == Estimator.COVERAGE ? name() : super.toString();
  }
}
