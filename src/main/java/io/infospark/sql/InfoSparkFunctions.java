package io.infospark.sql;

import io.infospark.core.BadInputException;
import io.infospark.core.LogBase;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry$;
import org.apache.spark.sql.catalyst.expressions.ApplyFunctionExpression;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.expressions.aggregate.V2Aggregator;
import org.apache.spark.sql.connector.catalog.functions.AggregateFunction;
import org.apache.spark.sql.connector.catalog.functions.ScalarFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.FractionalType;
import scala.Option;

/**
 * The SQL functions of infospark, and {@link #register} to install them in one session.
 *
 * <pre>{@code
 * InfoSparkFunctions.register(spark);   // idempotent
 * spark.sql("SELECT country, entropy(city, 2) AS bits FROM t GROUP BY country");
 * }</pre>
 *
 * For every session of an application use the extension instead:
 * {@code spark.sql.extensions=io.infospark.sql.InfoSparkExtensions} ({@link InfoSparkExtensions}).
 *
 * <p>Implementation: each aggregate is a {@link AggregateFunction} (Spark's public connector
 * interface for aggregates) run by Catalyst's {@link V2Aggregator} — an object-hash aggregate with
 * partial aggregation before the shuffle; each scalar a {@link ScalarFunction} run by {@link
 * ApplyFunctionExpression}. The aggregates' state is a value → count map per group: memory grows
 * with the number of distinct values of the group and is not spillable (see {@code docs/sql.md}).
 * Those two Catalyst classes are the only Spark internals used here.
 */
public final class InfoSparkFunctions {
  private InfoSparkFunctions() {}

  private static final String NULLS = "Nulls are dropped; NaN is a value; a group without values gives NULL.";
  private static final String MEMORY =
      "Memory: a hash map per group with one entry per distinct value (~100 bytes each), not spillable.";
  private static final String BASE = "base: 'e' (nats, the default), 2 (bits) or 10 (hartleys), a constant.";

  /** Every function, in the order of the docs. */
  static List<SqlFunction> all() {
    return List.of(
        new SqlFunction("entropy",
            "entropy(col [, base]) - Plug-in (maximum-likelihood) entropy -sum p ln p of the values of col in the group.",
            "\n    " + NULLS + "\n    " + BASE + "\n    " + MEMORY
                + "\n    Examples:\n      > SELECT country, entropy(city, 2) FROM t GROUP BY country;\n",
            args -> entropy("entropy", "entropy(col [, base])", args, EntropyFunction.Estimator.PLUG_IN)),
        new SqlFunction("entropy_mm",
            "entropy_mm(col [, base]) - Miller-Madow bias-corrected entropy H + (K - 1)/(2N) of the values of col.",
            "\n    " + NULLS + "\n    " + BASE + "\n    " + MEMORY,
            args -> entropy("entropy_mm", "entropy_mm(col [, base])", args, EntropyFunction.Estimator.MILLER_MADOW)),
        new SqlFunction("entropy_grassberger",
            "entropy_grassberger(col [, base]) - Grassberger's bias-corrected entropy of the values of col (small samples).",
            "\n    " + NULLS + "\n    " + BASE + "\n    " + MEMORY,
            args -> entropy("entropy_grassberger", "entropy_grassberger(col [, base])", args,
                EntropyFunction.Estimator.GRASSBERGER)),
        new SqlFunction("entropy_james_stein",
            "entropy_james_stein(col [, base]) - James-Stein shrinkage entropy of the values of col (towards the "
                + "uniform on the values seen).",
            "\n    " + NULLS + " A group of one value gives NULL.\n    " + BASE + "\n    " + MEMORY,
            args -> entropy("entropy_james_stein", "entropy_james_stein(col [, base])", args,
                EntropyFunction.Estimator.JAMES_STEIN)),
        nsbFunction("entropy_nsb", "NSB posterior mean of the entropy of col, given the number of possible values.",
            EntropyFunction.Estimator.NSB),
        nsbFunction("entropy_nsb_sd", "NSB posterior standard deviation of the entropy of col.",
            EntropyFunction.Estimator.NSB_SD),
        new SqlFunction("sample_coverage",
            "sample_coverage(col) - Good-Turing sample coverage 1 - f1/N of col (f1: values seen once); "
                + "below 0.9 the plug-in entropy is not to be trusted.",
            "\n    Unit-free. " + NULLS + "\n    " + MEMORY,
            args -> {
              Arguments a = new Arguments("sample_coverage", "sample_coverage(col)", args).arity(1, 1);
              return aggregate(new EntropyFunction("sample_coverage", a.countable(0), LogBase.E, null,
                  EntropyFunction.Estimator.COVERAGE), a.get(0));
            }),
        new SqlFunction("mutual_information",
            "mutual_information(x, y [, base]) - Plug-in mutual information H(X) + H(Y) - H(X,Y) of two columns.",
            "\n    Rows where x or y is null are dropped; NaN is a value.\n    " + BASE
                + "\n    Memory: one entry per distinct (x, y) pair of the group, not spillable.",
            InfoSparkFunctions::mutualInformation),
        new SqlFunction("cross_entropy",
            "cross_entropy(p, q [, base]) - Cross-entropy H(p,q) = -sum p ln q over rows (value, p mass, q mass).",
            "\n    Each row is one value; p and q are counts or probabilities, each side normalised by its"
                + " sum in the group.\n    A null mass is 0; q = 0 < p gives Infinity. " + BASE,
            args -> divergence(DivergenceFunction.Measure.CROSS_ENTROPY, args)),
        new SqlFunction("kl_divergence",
            "kl_divergence(p, q [, base]) - Kullback-Leibler divergence KL(p||q) = sum p ln(p/q) over rows (value, p, q).",
            "\n    Each row is one value; p and q are counts or probabilities, each side normalised by its"
                + " sum in the group.\n    A null mass is 0; q = 0 < p gives Infinity. " + BASE,
            args -> divergence(DivergenceFunction.Measure.KL, args)),
        new SqlFunction("surprisal",
            "surprisal(p [, base]) - Surprisal (self-information) -log p of a probability p in [0, 1].",
            "\n    surprisal(0) = Infinity, surprisal(1) = 0. " + BASE,
            args -> {
              Arguments a = new Arguments("surprisal", "surprisal(p [, base])", args).arity(1, 2);
              a.numeric(0);
              return scalar(new ScalarFunctions.Surprisal(a.base(1), a.sqlOf(1)), a.get(0));
            }),
        new SqlFunction("binary_entropy",
            "binary_entropy(p [, base]) - Entropy -p ln p - (1-p) ln(1-p) of a coin with P(heads) = p in [0, 1].",
            "\n    " + BASE,
            args -> {
              Arguments a = new Arguments("binary_entropy", "binary_entropy(p [, base])", args).arity(1, 2);
              a.numeric(0);
              return scalar(new ScalarFunctions.BinaryEntropy(a.base(1), a.sqlOf(1)), a.get(0));
            }),
        new SqlFunction("entropy_of_counts",
            "entropy_of_counts(counts [, base]) - Plug-in entropy of a count vector array<bigint> (or array<double> of weights).",
            "\n    Null elements and zeros are ignored; no positive count gives NULL. " + BASE
                + "\n    Examples:\n      > SELECT entropy_of_counts(array(1, 1, 2, 4), 2);\n       1.75\n",
            InfoSparkFunctions::entropyOfCounts));
  }

  /**
   * Installs every function in this session's function registry. Idempotent: a function this
   * library already registered (by an earlier call or by the extension) is left as it is. Other
   * sessions are not affected; {@code spark.sql.extensions} reaches all of them.
   *
   * @throws BadInputException when the session is not a classic one (Spark Connect clients: set
   *     {@code spark.sql.extensions} on the server instead)
   */
  public static void register(SparkSession spark) {
    FunctionRegistry registry;
    try {
      registry = spark.sessionState().functionRegistry();
    } catch (UnsupportedOperationException | IllegalStateException e) {
      throw new BadInputException("InfoSparkFunctions.register needs a classic SparkSession; with Spark Connect set "
          + "spark.sql.extensions=" + InfoSparkExtensions.class.getName() + " on the server", e);
    }
    for (SqlFunction f : all()) {
      FunctionIdentifier id = registryIdentifier(f.name());
      Option<ExpressionInfo> existing = registry.lookupFunction(id);
      if (existing.isDefined() && InfoSparkFunctions.class.getName().equals(existing.get().getClassName())) {
        continue;
      }
      registry.registerFunction(id, f.info(), Scala.builder(f.builder()));
    }
  }

  /**
   * The key of a built-in function in a session's registry: {@code system.builtin.<name>} since
   * Spark 4.2 (which asserts 3-part names there), the bare name before. Session extensions get
   * the same qualification from Spark itself.
   */
  static FunctionIdentifier registryIdentifier(String name) {
    try {
      return (FunctionIdentifier) FunctionRegistry$.class.getMethod("builtinFunctionIdentifier", String.class)
          .invoke(FunctionRegistry$.MODULE$, name);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError olderSpark) {
      return new FunctionIdentifier(name);
    }
  }

  /** The names of the functions, for docs and tests. */
  public static List<String> names() {
    return all().stream().map(SqlFunction::name).toList();
  }

  private static Expression entropy(String name, String signature, List<Expression> args,
      EntropyFunction.Estimator estimator) {
    Arguments a = new Arguments(name, signature, args).arity(1, 2);
    DataType type = a.countable(0);
    LogBase base = a.base(1);
    return aggregate(new EntropyFunction(name, type, base, a.sqlOf(1), estimator), a.get(0));
  }

  private static SqlFunction nsbFunction(String name, String meaning, EntropyFunction.Estimator estimator) {
    return new SqlFunction(name, name + "(col, alphabet [, base]) - " + meaning,
        "\n    alphabet: the alphabet size A, a constant whole number at least the distinct values of a group.\n    "
            + NULLS + "\n    " + BASE + "\n    " + MEMORY
            + "\n    Examples:\n      > SELECT " + name + "(letter, 26, 2) FROM words;\n",
        args -> nsb(name, args, estimator));
  }

  private static Expression nsb(String name, List<Expression> args, EntropyFunction.Estimator estimator) {
    Arguments a = new Arguments(name, name + "(col, alphabet [, base])", args).arity(2, 3);
    DataType type = a.countable(0);
    long alphabet = a.positiveWholeNumber(1, "alphabet");
    LogBase base = a.base(2);
    // the constant arguments as the user wrote them, for the default column name
    String constants = a.sqlOf(1) + (a.size() > 2 ? ", " + a.sqlOf(2) : "");
    return aggregate(new EntropyFunction(name, type, base, constants, estimator, alphabet), a.get(0));
  }

  private static Expression mutualInformation(List<Expression> args) {
    Arguments a = new Arguments("mutual_information", "mutual_information(x, y [, base])", args).arity(2, 3);
    DataType x = a.countable(0);
    DataType y = a.countable(1);
    LogBase base = a.base(2);
    return aggregate(new MutualInformationFunction(x, y, base, a.sqlOf(2)), a.get(0), a.get(1));
  }

  private static Expression divergence(DivergenceFunction.Measure measure, List<Expression> args) {
    Arguments a = new Arguments(measure.sqlName, measure.sqlName + "(p, q [, base])", args).arity(2, 3);
    a.numeric(0);
    a.numeric(1);
    LogBase base = a.base(2);
    // p and q are cast to double by Spark's implicit casts (the function declares DOUBLE inputs).
    return aggregate(new DivergenceFunction(measure, base, a.sqlOf(2)), a.get(0), a.get(1));
  }

  private static Expression entropyOfCounts(List<Expression> args) {
    Arguments a = new Arguments("entropy_of_counts", "entropy_of_counts(counts [, base])", args).arity(1, 2);
    DataType element = a.numericArray(0).elementType();
    boolean fractional = element instanceof FractionalType || element instanceof DecimalType;
    DataType target = DataTypes.createArrayType(fractional ? DataTypes.DoubleType : DataTypes.LongType, true);
    return scalar(new ScalarFunctions.EntropyOfCounts(target, element, a.base(1), a.sqlOf(1)), a.get(0));
  }

  private static Expression aggregate(AggregateFunction<?, ?> f, Expression... children) {
    @SuppressWarnings({"unchecked", "rawtypes"})
    Expression e = new NamedAggregate((AggregateFunction) f, Scala.seq(List.of(children)), 0, 0);
    return e;
  }

  private static Expression scalar(ScalarFunction<?> f, Expression... children) {
    return new NamedScalar(f, Scala.seq(List.of(children)));
  }
}
