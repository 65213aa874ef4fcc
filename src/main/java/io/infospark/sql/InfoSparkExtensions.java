package io.infospark.sql;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.SparkSessionExtensionsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * The session extension that installs infospark's SQL functions in every SparkSession:
 *
 * <pre>
 * spark-submit --jars infospark.jar --conf spark.sql.extensions=io.infospark.sql.InfoSparkExtensions ...
 * SparkSession.builder.config("spark.sql.extensions", "io.infospark.sql.InfoSparkExtensions")  # PySpark
 * </pre>
 *
 * It is also listed in {@code META-INF/services/org.apache.spark.sql.SparkSessionExtensionsProvider},
 * which Spark 4 reads when it creates a session, so the jar on the driver's classpath is enough
 * (both routes together are harmless: the functions are installed once per session's extensions).
 *
 * <p>It never breaks the session: if a function cannot be installed (e.g. a Spark version whose
 * internals differ), it logs a warning naming it and installs the others; if nothing can be
 * loaded, it logs and returns. The functions are then missing ("UNRESOLVED_ROUTINE"), nothing else.
 */
public final class InfoSparkExtensions extends AbstractFunction1<SparkSessionExtensions, BoxedUnit>
    implements SparkSessionExtensionsProvider {
  private static final Logger LOG = LoggerFactory.getLogger(InfoSparkExtensions.class);

  /** The extensions already given the functions: the service loader and the setting both call apply. */
  private static final Map<SparkSessionExtensions, Boolean> APPLIED =
      Collections.synchronizedMap(new WeakHashMap<>());

  private final Supplier<List<SqlFunction>> functions;
  private final boolean standard;

  /** The constructor Spark calls (by reflection or through the service loader). */
  public InfoSparkExtensions() {
    this(InfoSparkFunctions::all, true);
  }

  /** For tests: installs the given functions (a supplier that fails simulates a broken load). */
  InfoSparkExtensions(Supplier<List<SqlFunction>> functions) {
    this(functions, false);
  }

  private InfoSparkExtensions(Supplier<List<SqlFunction>> functions, boolean standard) {
    this.functions = functions;
    this.standard = standard;
  }

  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    if (standard && APPLIED.putIfAbsent(extensions, Boolean.TRUE) != null) {
      return BoxedUnit.UNIT;
    }
    List<SqlFunction> all;
    try {
      all = functions.get();
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("infospark SQL functions not installed; the session works without them", e);
      return BoxedUnit.UNIT;
    }
    int installed = 0;
    for (SqlFunction f : all) {
      try {
        extensions.injectFunction(Scala.injection(f.identifier(), f.info(), f.builder()));
        installed++;
      } catch (RuntimeException | LinkageError e) {
        LOG.warn("infospark SQL function '{}' not installed; the other functions and the session are unaffected",
            f == null ? "?" : f.name(), e);
      }
    }
    LOG.debug("infospark: {} of {} SQL functions injected", installed, all.size());
    return BoxedUnit.UNIT;
  }
}
