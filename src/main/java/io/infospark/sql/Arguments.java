package io.infospark.sql;

import io.infospark.core.BadInputException;
import io.infospark.core.LogBase;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The resolved arguments of one call, checked at analysis time. Every problem is an {@link
 * AnalysisException} of Spark's own {@code DATATYPE_MISMATCH} family whose message names the call
 * (e.g. {@code "entropy(tags)"}) and what was expected, so SQL, PySpark and Scala users see it
 * before any job runs.
 */
final class Arguments {
  private static final String[] ORDINALS = {"first", "second", "third", "fourth"};
  static final String BASE_VALUES = "'e', 2, 10 (or 'nats', 'bits', 'hartleys')";

  private final String function;
  private final String signature;
  private final List<Expression> args;

  Arguments(String function, String signature, List<Expression> args) {
    this.function = function;
    this.signature = signature;
    this.args = args;
  }

  Expression get(int i) {
    return args.get(i);
  }

  int size() {
    return args.size();
  }

  /** Checks min ≤ number of arguments ≤ max. */
  Arguments arity(int min, int max) {
    if (args.size() < min || args.size() > max) {
      String expected = min == max ? String.valueOf(min) : min + " or " + max;
      throw mismatch("TYPE_CHECK_FAILURE_WITH_HINT", "msg",
          signature + " takes " + expected + " arguments but got " + args.size(), "hint", "");
    }
    return this;
  }

  /** Argument i has a type whose values can be counted (an atomic type). */
  DataType countable(int i) {
    DataType t = args.get(i).dataType();
    if (!ValueKey.countable(t)) {
      throw unexpectedType(i, ValueKey.COUNTABLE_TYPES);
    }
    return t;
  }

  /** Argument i is a number (or an untyped NULL). */
  DataType numeric(int i) {
    DataType t = args.get(i).dataType();
    if (!(t instanceof NumericType) && !(t instanceof NullType)) {
      throw unexpectedType(i, "NUMERIC (a count or a probability)");
    }
    return t;
  }

  /** Argument i is an array of numbers (counts). */
  ArrayType numericArray(int i) {
    DataType t = args.get(i).dataType();
    if (!(t instanceof ArrayType at) || !(at.elementType() instanceof NumericType)) {
      throw unexpectedType(i, "ARRAY<BIGINT> or ARRAY<DOUBLE> (a count vector)");
    }
    return at;
  }

  /** The SQL text of optional argument i (for the column name), or null when absent. */
  String sqlOf(int i) {
    return args.size() > i ? args.get(i).sql() : null;
  }

  /** The log base of optional argument i: a constant 'e', 2, 10 or unit name; e (nats) when absent. */
  LogBase base(int i) {
    if (args.size() <= i) {
      return LogBase.E;
    }
    Expression e = args.get(i);
    if (!e.foldable()) {
      throw mismatch("NON_FOLDABLE_INPUT", "inputName", "base", "inputType", "STRING or INT",
          "inputExpr", quote(e.sql()));
    }
    Object v = e.eval(null);
    String text;
    if (v instanceof UTF8String s) {
      text = s.toString();
    } else if (v instanceof Decimal d) {
      text = plain(d.toJavaBigDecimal());
    } else if (v instanceof Number n && e.dataType() instanceof NumericType) {
      text = plain(new BigDecimal(n.toString()));
    } else {
      text = null;
    }
    try {
      if (text == null || !(e.dataType() instanceof NumericType || e.dataType() instanceof StringType)) {
        throw new BadInputException("base");
      }
      return LogBase.parse(text, "base");
    } catch (BadInputException | NumberFormatException bad) {
      throw mismatch("INVALID_ARG_VALUE", "inputName", "base", "requireType", "STRING or INT",
          "validValues", BASE_VALUES, "inputValue", v == null ? "NULL" : e.sql());
    }
  }

  /** Argument i is a constant whole number >= 1 (e.g. an alphabet size). */
  long positiveWholeNumber(int i, String name) {
    Expression e = args.get(i);
    if (!e.foldable()) {
      throw mismatch("NON_FOLDABLE_INPUT", "inputName", name, "inputType", "BIGINT", "inputExpr", quote(e.sql()));
    }
    Object v = e.eval(null);
    BigDecimal d = null;
    if (v instanceof Decimal x) {
      d = x.toJavaBigDecimal();
    } else if (v instanceof Number n && e.dataType() instanceof NumericType) {
      d = new BigDecimal(n.toString());
    }
    if (d == null || d.signum() <= 0 || d.stripTrailingZeros().scale() > 0 || d.compareTo(BigDecimal.valueOf(1L << 53)) > 0) {
      throw mismatch("INVALID_ARG_VALUE", "inputName", name, "requireType", "BIGINT",
          "validValues", "a whole number >= 1", "inputValue", v == null ? "NULL" : e.sql());
    }
    return d.longValueExact();
  }

  private static String plain(BigDecimal d) {
    return d.stripTrailingZeros().toPlainString().toLowerCase(Locale.ROOT);
  }

  private RuntimeException unexpectedType(int i, String required) {
    Expression e = args.get(i);
    return mismatch("UNEXPECTED_INPUT_TYPE", "paramIndex", ORDINALS[Math.min(i, ORDINALS.length - 1)],
        "requiredType", required, "inputSql", quote(e.sql()),
        "inputType", quote(e.dataType().sql()));
  }

  /**
   * Throws a {@code DATATYPE_MISMATCH.<sub>} error about this call. AnalysisException is checked in
   * Java but not in Scala, where the analyzer that calls the builders catches it; it is thrown
   * undeclared so that it reaches the user as Spark's own analysis errors do.
   */
  private RuntimeException mismatch(String sub, String... keyValues) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("sqlExpr", quote(function + "(" + args.stream().map(Expression::sql)
        .collect(Collectors.joining(", ")) + ")"));
    for (int k = 0; k < keyValues.length; k += 2) {
      p.put(keyValues[k], keyValues[k + 1]);
    }
    throw Arguments.<RuntimeException>undeclared(new AnalysisException("DATATYPE_MISMATCH." + sub, Scala.map(p)));
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E undeclared(Throwable t) throws E {
    throw (E) t;
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }
}
