package io.infospark.sql;

import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;

/**
 * One SQL function: its name, its documentation as {@code DESCRIBE FUNCTION} shows it, and the
 * builder that turns the resolved argument expressions of a call into a Catalyst expression
 * (checking them first). Both registration paths — the session extension and {@link
 * InfoSparkFunctions#register} — install exactly these.
 *
 * @param name the SQL name, lower case
 * @param usage one line: signature, meaning, unit
 * @param extended null/NaN policy, memory, examples
 * @param builder resolved arguments → expression; throws AnalysisException on bad arguments
 */
record SqlFunction(String name, String usage, String extended, Function<List<Expression>, Expression> builder) {

  FunctionIdentifier identifier() {
    return new FunctionIdentifier(name);
  }

  ExpressionInfo info() {
    return new ExpressionInfo(InfoSparkFunctions.class.getName(), null, name, usage, extended);
  }

}
