package io.infospark.sql;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * The temporary views the SQL tests and the examples of the docs query, as SQL statements, so that
 * a session in this JVM and an application submitted with spark-submit create the same tables.
 */
final class Fixtures {
  private Fixtures() {}

  /** The statements that create the views (paths absolute, so they work from any directory). */
  static List<String> statements() {
    return List.of(
        // FR: Paris ×3, Lyon, Nice and two nulls; DE: Berlin ×2, Bonn ×2; IT: Roma; ES: only null.
        "CREATE OR REPLACE TEMPORARY VIEW cities AS SELECT * FROM VALUES"
            + " ('FR', 'Paris'), ('FR', 'Paris'), ('FR', 'Lyon'), ('FR', NULL), ('FR', 'Paris'), ('FR', 'Nice'),"
            + " ('FR', NULL), ('DE', 'Berlin'), ('DE', 'Bonn'), ('DE', 'Bonn'), ('DE', 'Berlin'), ('IT', 'Roma'),"
            + " ('ES', NULL) AS t(country, city)",
        // One row per (country, city): p counts, q probabilities.
        "CREATE OR REPLACE TEMPORARY VIEW masses AS SELECT * FROM VALUES"
            + " ('FR', 'Paris', 3, 0.5), ('FR', 'Lyon', 1, 0.25), ('FR', 'Nice', 0, 0.25),"
            + " ('DE', 'Berlin', 2, 1), ('DE', 'Bonn', 2, 1),"
            + " ('IT', 'Roma', 1, 0), ('IT', 'Milano', 1, 2),"
            + " ('ES', 'Madrid', NULL, 1) AS t(country, city, p, q)",
        "CREATE OR REPLACE TEMPORARY VIEW today AS SELECT * FROM VALUES"
            + " ('Paris', 5), ('Lyon', 3), ('Nice', 2) AS t(city, n)",
        "CREATE OR REPLACE TEMPORARY VIEW yesterday AS SELECT * FROM VALUES"
            + " ('Paris', 4), ('Lyon', 4), ('Nice', 1), ('Lille', 1) AS t(city, n)",
        "CREATE OR REPLACE TEMPORARY VIEW typed AS SELECT 'FR' AS country, array(1, 2) AS tags,"
            + " map('a', 1) AS attrs, named_struct('x', 1.0, 'y', 2.0) AS pos",
        csvView("birdstrikes", "data/birdstrikes.csv"),
        csvView("penguins", "data/penguins.csv"));
  }

  static void createTables(SparkSession spark) {
    statements().forEach(spark::sql);
  }

  private static String csvView(String name, String file) {
    return "CREATE OR REPLACE TEMPORARY VIEW " + name + " USING csv OPTIONS (path '"
        + Path.of(file).toAbsolutePath().toString().replace("'", "\\'") + "', header 'true', inferSchema 'true')";
  }
}
