package io.infospark.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of DESIGN.md §4 as rules on the compiled classes (ArchUnit): core → engine →
 * measure / logistic → api (facade, ML, SQL functions) → job, each layer using only the layers
 * below it; Spark's internals only in the engine's adapter package and the SQL functions'
 * expression classes. A class that breaks a rule fails the build with the offending dependency.
 */
class LayersTest {
  private static JavaClasses classes;

  /** The main classes: the folder (or jar) the engine's entry point was loaded from, test classes apart. */
  @BeforeAll
  static void importClasses() throws java.net.URISyntaxException {
    java.nio.file.Path main = java.nio.file.Path.of(io.infospark.engine.ValueCounter.class.getProtectionDomain()
        .getCodeSource().getLocation().toURI());
    classes = new ClassFileImporter().importPath(main);
    org.junit.jupiter.api.Assertions.assertTrue(classes.contain(io.infospark.job.Main.class)
        && !classes.contain(LayersTest.class), "the main classes and nothing else: " + main);
  }

  /** Packages of Spark's internals (everything below the public Dataset, RDD, ML and connector APIs). */
  private static final String[] INTERNALS = {
      "org.apache.spark.sql.catalyst..", "org.apache.spark.sql.execution..", "org.apache.spark.sql.classic..",
      "org.apache.spark.sql.internal..", "org.apache.spark.unsafe..", "org.apache.spark.storage..",
      "org.apache.spark.memory.."};

  /** A Spark internal: a class of {@link #INTERNALS} or SparkEnv, but not StorageLevel (public API in the storage package). */
  private static DescribedPredicate<JavaClass> sparkInternals(String... packages) {
    return new DescribedPredicate<>("Spark internals " + String.join(", ", packages) + " or SparkEnv") {
      @Override
      public boolean test(JavaClass c) {
        if (c.getName().equals("org.apache.spark.storage.StorageLevel")) {
          return false;
        }
        if (c.getName().equals("org.apache.spark.SparkEnv")) {
          return true;
        }
        return com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage(packages).test(c);
      }
    };
  }

  private static void check(ArchRule rule) {
    rule.check(classes);
  }

  static final ArchRule INTERNALS_IN_THE_ADAPTER = noClasses()
      .that().resideOutsideOfPackages("io.infospark.engine.spark..", "io.infospark.sql..")
        .should().dependOnClassesThat(sparkInternals(INTERNALS))
        .because("Spark internals belong in the engine's adapter package (DESIGN.md §4)");

  static final ArchRule SQL_FUNCTIONS_USE_CATALYST_ONLY = noClasses().that().resideInAPackage("io.infospark.sql..")
        .should().dependOnClassesThat(sparkInternals("org.apache.spark.sql.execution..",
            "org.apache.spark.sql.classic..", "org.apache.spark.storage..", "org.apache.spark.memory.."))
        .because("the SQL functions extend Catalyst's expressions and need nothing else of Spark's internals");

  static final ArchRule CORE_IS_PURE = noClasses().that().resideInAPackage("io.infospark.core..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..", "org.apache.hadoop..")
        .orShould().dependOnClassesThat().resideInAnyPackage("io.infospark.engine..", "io.infospark.measure..",
            "io.infospark.logistic..", "io.infospark.api..", "io.infospark.sql..", "io.infospark.job..",
            "io.infospark.report..", "io.infospark.result..")
        .because("core is the pure math at the bottom");

  static final ArchRule RESULTS_ON_CORE = noClasses().that().resideInAPackage("io.infospark.result..")
        .should().dependOnClassesThat().resideInAnyPackage("io.infospark.engine..", "io.infospark.measure..",
            "io.infospark.logistic..", "io.infospark.api..", "io.infospark.sql..", "io.infospark.job..",
            "io.infospark.report..")
        .because("the description of results' fields sits on core, below the analyses that use it");

  static final ArchRule ENGINE_BELOW_ANALYSES = noClasses().that().resideInAPackage("io.infospark.engine..")
        .should().dependOnClassesThat().resideInAnyPackage("io.infospark.measure..", "io.infospark.logistic..",
            "io.infospark.api..", "io.infospark.sql..", "io.infospark.job..", "io.infospark.report..")
        .because("the engine sits on core only");

  static final ArchRule ADAPTER_AT_THE_BOTTOM = noClasses().that().resideInAPackage("io.infospark.engine.spark..")
        .should().dependOnClassesThat().resideInAnyPackage("io.infospark.engine", "io.infospark.core..",
            "io.infospark.measure..", "io.infospark.logistic..", "io.infospark.api..", "io.infospark.sql..",
            "io.infospark.job..", "io.infospark.report..")
        .because("the adapter is the engine's lowest part: the engine uses it, not the other way");

  static final ArchRule ANALYSES_BELOW_API = noClasses().that().resideInAnyPackage("io.infospark.measure..", "io.infospark.logistic")
        .should().dependOnClassesThat().resideInAnyPackage("io.infospark.api..", "io.infospark.sql..",
            "io.infospark.job..", "io.infospark.report..", "io.infospark.logistic.ml..")
        .because("measure and logistic sit on the engine and core");

  static final ArchRule ENGINE_THROUGH_ITS_ENTRY_POINT = noClasses().that().resideInAnyPackage(
          "io.infospark.measure..",
          "io.infospark.logistic..", "io.infospark.api..", "io.infospark.job..", "io.infospark.report..")
      .should().dependOnClassesThat().resideInAPackage("io.infospark.engine.spark..")
      .orShould().dependOnClassesThat(new DescribedPredicate<JavaClass>("non-public engine classes") {
          @Override
          public boolean test(JavaClass c) {
            return c.getPackageName().equals("io.infospark.engine")
                && !c.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC);
          }
        })
        .because("the engine is used through ValueCounter and its typed results; the SQL functions share its "
            + "definition of value equality from the adapter");

  static final ArchRule JOBS_ON_TOP = noClasses().that().resideOutsideOfPackage("io.infospark.job..")
        .should().dependOnClassesThat().resideInAPackage("io.infospark.job..")
        .because("jobs are the top layer: config → read → api → write");

  static final ArchRule[] RULES = {INTERNALS_IN_THE_ADAPTER, SQL_FUNCTIONS_USE_CATALYST_ONLY, CORE_IS_PURE,
      ENGINE_BELOW_ANALYSES, RESULTS_ON_CORE, ADAPTER_AT_THE_BOTTOM, ANALYSES_BELOW_API, ENGINE_THROUGH_ITS_ENTRY_POINT, JOBS_ON_TOP};

  @Test
  void onlyTheAdapterAndTheSqlFunctionsTouchSparkInternals() {
    check(INTERNALS_IN_THE_ADAPTER);
  }

  @Test
  void theSqlFunctionsUseOnlyCatalystsExpressionApi() {
    check(SQL_FUNCTIONS_USE_CATALYST_ONLY);
  }

  @Test
  void coreIsPureJava() {
    check(CORE_IS_PURE);
  }

  @Test
  void theEngineKnowsNothingAboveIt() {
    check(ENGINE_BELOW_ANALYSES);
  }

  @Test
  void resultDescriptionsSitOnCore() {
    check(RESULTS_ON_CORE);
  }

  @Test
  void theAdapterDependsOnNothingOfInfospark() {
    check(ADAPTER_AT_THE_BOTTOM);
  }

  @Test
  void analysesUseTheEngineNotTheLayersAbove() {
    check(ANALYSES_BELOW_API);
  }

  @Test
  void analysesCountOnlyThroughTheEnginesEntryPoint() {
    check(ENGINE_THROUGH_ITS_ENTRY_POINT);
  }

  @Test
  void theApiLayerIsBelowTheJobs() {
    check(JOBS_ON_TOP);
  }

  /**
   * Every rule can fail: each is broken by one of the fixture classes of the test sources
   * ({@code ArchitectureViolations} in core, engine, engine.spark, measure, sql and result).
   */
  @Test
  void everyRuleFlagsItsViolation() {
    JavaClasses fixtures = new ClassFileImporter().importClasses(
        io.infospark.core.ArchitectureViolations.class, io.infospark.engine.ArchitectureViolations.class,
        io.infospark.engine.spark.ArchitectureViolations.class, io.infospark.measure.ArchitectureViolations.class,
        io.infospark.sql.ArchitectureViolations.class, io.infospark.result.ArchitectureViolations.class);
    for (ArchRule rule : RULES) {
      org.junit.jupiter.api.Assertions.assertTrue(rule.evaluate(fixtures).hasViolation(),
          "no fixture breaks: " + rule.getDescription());
    }
  }
}
