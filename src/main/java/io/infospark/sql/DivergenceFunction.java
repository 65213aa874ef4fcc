package io.infospark.sql;

import io.infospark.core.CompensatedSum;
import io.infospark.core.LogBase;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.catalog.functions.AggregateFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code cross_entropy(p, q [, base])} = H(p,q) = −Σ p_v ln q_v and {@code kl_divergence(p, q [,
 * base])} = KL(p‖q) = Σ p_v ln(p_v/q_v) over pre-aggregated rows: each row of the group is one
 * value v with its mass on the p side and on the q side (counts or probabilities: each side is
 * divided by its own total in the group). A null mass is 0 (the value is absent from that side, as
 * a FULL OUTER JOIN of two count tables leaves it); a row with both null is skipped. A value with
 * q = 0 &lt; p makes both results +Infinity, exactly (DESIGN.md §1; no silent smoothing). A group
 * whose p or q total is 0 gives NULL. A negative, NaN or infinite mass fails the query.
 */
final class DivergenceFunction extends DoubleCall implements AggregateFunction<PairedMasses, Double> {
  private static final long serialVersionUID = 1L;

  enum Measure {
    CROSS_ENTROPY("cross_entropy"), KL("kl_divergence");

    final String sqlName;

    Measure(String sqlName) {
      this.sqlName = sqlName;
    }
  }

  private final Measure measure;

  DivergenceFunction(Measure measure, LogBase base, String baseSql) {
    super(measure.sqlName, base, baseSql);
    this.measure = measure;
  }

  @Override
  public PairedMasses newAggregationState() {
    return new PairedMasses();
  }

  @Override
  public PairedMasses update(PairedMasses state, InternalRow input) {
    boolean pNull = input.isNullAt(0);
    boolean qNull = input.isNullAt(1);
    if (pNull && qNull) {
      return state;
    }
    state.add(mass(pNull ? 0.0 : input.getDouble(0), "p"), mass(qNull ? 0.0 : input.getDouble(1), "q"));
    return state;
  }

  private double mass(double x, String side) {
    if (!(x >= 0) || Double.isInfinite(x)) {
      throw new IllegalArgumentException(measure.sqlName + ": every " + side
          + " mass (count or probability) must be finite and >= 0 but got " + x);
    }
    return x;
  }

  @Override
  public PairedMasses merge(PairedMasses left, PairedMasses right) {
    return left.size() >= right.size() ? left.merge(right) : right.merge(left);
  }

  @Override
  public Double produceResult(PairedMasses m) {
    CompensatedSum totalP = new CompensatedSum();
    CompensatedSum totalQ = new CompensatedSum();
    for (int i = 0; i < m.size(); i++) {
      totalP.add(m.p(i));
      totalQ.add(m.q(i));
    }
    double bigA = totalP.value();
    double bigB = totalQ.value();
    if (!(bigA > 0) || !(bigB > 0)) {
      return null; // one side has no mass: both measures are undefined
    }
    io.infospark.core.Divergence d = new io.infospark.core.Divergence(bigA, bigB);
    for (int i = 0; i < m.size(); i++) {
      d.add(m.p(i), m.q(i));
    }
    io.infospark.core.DivergenceEstimate e = d.estimate(base);
    return measure == Measure.CROSS_ENTROPY ? e.crossEntropy() : e.kl();
  }

  @Override
  public DataType[] inputTypes() {
    return new DataType[] {DataTypes.DoubleType, DataTypes.DoubleType};
  }
}
