package io.infospark.sql;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.testing.SparkTestSession;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.junit.jupiter.api.Test;

/**
 * The two ways in: {@link InfoSparkFunctions#register} (idempotent, per session) and the session
 * extension (which degrades instead of failing). The extension configured by
 * {@code spark.sql.extensions} alone, in a JVM of its own, is {@link ExtensionInFreshJvmTest}.
 */
class RegistrationTest {
  private final SparkSession spark = SparkTestSession.get();

  /** A session of the shared SparkContext without infospark's functions. */
  private SparkSession sessionWithoutFunctions() {
    SparkSession s = spark.newSession();
    FunctionRegistry registry = s.sessionState().functionRegistry();
    for (String name : InfoSparkFunctions.names()) {
      registry.dropFunction(InfoSparkFunctions.registryIdentifier(name));
    }
    return s;
  }

  @Test
  void registerIsIdempotent() {
    SparkSession s = sessionWithoutFunctions();
    AnalysisException missing = assertThrows(AnalysisException.class, () -> s.sql("SELECT entropy(1)"));
    assertEquals("UNRESOLVED_ROUTINE", missing.getErrorClass());

    InfoSparkFunctions.register(s);
    InfoSparkFunctions.register(s); // twice: no error, no duplicate, same result
    assertEquals(1.0, s.sql("SELECT entropy(x, 2) FROM VALUES (1), (2) AS t(x)").first().getDouble(0), 1e-15);
    for (String name : InfoSparkFunctions.names()) {
      String usage = s.sql("DESCRIBE FUNCTION " + name).collectAsList().toString();
      assertTrue(usage.contains("Usage: " + name + "("), usage);
    }
  }

  @Test
  void everyFunctionIsInstalledInTheSharedSession() {
    // The shared test session was built with the service-loader entry on the classpath.
    for (String name : InfoSparkFunctions.names()) {
      assertTrue(spark.catalog().functionExists(name), name);
    }
    assertEquals(List.of("entropy", "entropy_mm", "entropy_grassberger", "entropy_james_stein", "entropy_nsb",
        "entropy_nsb_sd", "sample_coverage", "mutual_information", "cross_entropy", "kl_divergence",
        "surprisal", "binary_entropy", "entropy_of_counts"), InfoSparkFunctions.names());
  }

  /** Loading the function list throws: the extension logs a warning and returns. */
  @Test
  void extensionThatFailsToLoadDoesNotThrow() {
    InfoSparkExtensions broken = new InfoSparkExtensions(() -> {
      throw new NoClassDefFoundError("simulated: a Spark class infospark needs is missing");
    });
    SparkSessionExtensions extensions = new SparkSessionExtensions();
    assertDoesNotThrow(() -> broken.apply(extensions));
    assertDoesNotThrow(() -> new InfoSparkExtensions(() -> {
      throw new IllegalStateException("simulated");
    }).apply(extensions));
  }

  /**
   * A session built with a failing extension and one whose first function cannot be installed is
   * usable, and the functions that could be installed work.
   */
  @Test
  void failingExtensionLeavesTheSessionUsable() {
    SqlFunction answer = new SqlFunction("infospark_test_answer", "infospark_test_answer() - 42.", "",
        args -> Literal.create(42, org.apache.spark.sql.types.DataTypes.IntegerType));
    try {
      SparkSession s = io.infospark.testing.Sessions.withExtensions(spark.sparkContext(), List.of(
          new InfoSparkExtensions(() -> {
            throw new IllegalStateException("simulated load failure");
          }),
          new InfoSparkExtensions(() -> Arrays.asList(null, answer))));
      assertEquals(2, s.sql("SELECT 1 + 1").first().getInt(0), "the session works");
      assertEquals(42, s.sql("SELECT infospark_test_answer()").first().getInt(0), "the installable function works");
      assertFalse(spark.catalog().functionExists("infospark_test_answer"), "other sessions are not touched");
    } finally {
      // Builder.create() made the new session the default and active one; give them back.
      SparkSession.setDefaultSession(spark);
      SparkSession.setActiveSession(spark);
    }
  }
}
