package io.infospark.sql;

import io.infospark.core.LogBase;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * What every infospark SQL function (scalar or aggregate) shares: a DOUBLE result in a unit fixed
 * by its base, its SQL name and the SQL text of its base argument ({@link Call}), and equality by
 * its class, name, base and the fields that change its result — Catalyst treats equal calls as
 * one expression (computed once in SELECT and GROUP BY, matched by the cache).
 */
abstract class DoubleCall implements Call, Serializable {
  private static final long serialVersionUID = 1L;
  private final String name;
  /** The unit of the result. */
  final LogBase base;
  private final String baseSql;
  private final List<Object> identity;

  /**
   * @param identity the other fields that change the result (input types, estimator, …)
   */
  DoubleCall(String name, LogBase base, String baseSql, Object... identity) {
    this.name = name;
    this.base = base;
    this.baseSql = baseSql;
    this.identity = Arrays.asList(identity.clone());
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String baseSql() {
    return baseSql;
  }

  public final DataType resultType() {
    return DataTypes.DoubleType;
  }

  @Override
  public String toString() {
    return name + "[" + base.unit() + "]";
  }

  @Override
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && ((DoubleCall) o).name.equals(name)
        && ((DoubleCall) o).base == base && ((DoubleCall) o).identity.equals(identity);
  }

  @Override
  public final int hashCode() {
    return java.util.Objects.hash(getClass(), name, base, identity);
  }
}
