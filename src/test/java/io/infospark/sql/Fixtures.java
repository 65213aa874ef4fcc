package io.infospark.sql;

import org.apache.spark.sql.SparkSession;

/** The temporary views the SQL tests and the examples of docs/sql.md query. */
final class Fixtures {
  private Fixtures() {}

  static void createTables(SparkSession spark) {
    // FR: Paris ×3, Lyon, Nice and two nulls; DE: Berlin ×2, Bonn ×2; IT: Roma; ES: only null.
    spark.sql("CREATE OR REPLACE TEMPORARY VIEW cities AS SELECT * FROM VALUES"
        + " ('FR', 'Paris'), ('FR', 'Paris'), ('FR', 'Lyon'), ('FR', NULL), ('FR', 'Paris'), ('FR', 'Nice'),"
        + " ('FR', NULL), ('DE', 'Berlin'), ('DE', 'Bonn'), ('DE', 'Bonn'), ('DE', 'Berlin'), ('IT', 'Roma'),"
        + " ('ES', NULL) AS t(country, city)");
    // One row per (country, city): p counts, q probabilities.
    spark.sql("CREATE OR REPLACE TEMPORARY VIEW masses AS SELECT * FROM VALUES"
        + " ('FR', 'Paris', 3, 0.5), ('FR', 'Lyon', 1, 0.25), ('FR', 'Nice', 0, 0.25),"
        + " ('DE', 'Berlin', 2, 1), ('DE', 'Bonn', 2, 1),"
        + " ('IT', 'Roma', 1, 0), ('IT', 'Milano', 1, 2),"
        + " ('ES', 'Madrid', NULL, 1) AS t(country, city, p, q)");
    spark.sql("CREATE OR REPLACE TEMPORARY VIEW today AS SELECT * FROM VALUES"
        + " ('Paris', 5), ('Lyon', 3), ('Nice', 2) AS t(city, n)");
    spark.sql("CREATE OR REPLACE TEMPORARY VIEW yesterday AS SELECT * FROM VALUES"
        + " ('Paris', 4), ('Lyon', 4), ('Nice', 1), ('Lille', 1) AS t(city, n)");
    spark.sql("CREATE OR REPLACE TEMPORARY VIEW typed AS SELECT 'FR' AS country, array(1, 2) AS tags,"
        + " map('a', 1) AS attrs, named_struct('x', 1.0, 'y', 2.0) AS pos");
    spark.read().option("header", "true").option("inferSchema", "true").csv("data/birdstrikes.csv")
        .createOrReplaceTempView("birdstrikes");
    spark.read().option("header", "true").option("inferSchema", "true").csv("data/penguins.csv")
        .createOrReplaceTempView("penguins");
  }
}
