package io.infospark.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A user's application, the kind submitted with {@code spark-submit --jars infospark.jar}: it
 * knows nothing of infospark and runs the SQL statements of a file (each ending with {@code ;} at
 * the end of a line) in the session spark-submit configured. Prints {@code RESULT <i> <rows>} or
 * {@code ERROR <i> <message>} for each statement, and exits 1 if one failed. Tests package it in a
 * jar of its own ({@link Jars#application}).
 */
public final class SqlScriptApp {
  private SqlScriptApp() {}

  public static void main(String[] args) throws Exception {
    List<String> statements = statements(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8));
    SparkSession spark = SparkSession.builder().getOrCreate();
    boolean failed = false;
    for (int i = 0; i < statements.size(); i++) {
      try {
        List<Row> rows = spark.sql(statements.get(i)).collectAsList();
        System.out.println("RESULT " + i + " " + rows);
      } catch (Exception e) {
        failed = true;
        Throwable root = e;
        while (root.getCause() != null) {
          root = root.getCause();
        }
        System.out.println("ERROR " + i + " " + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
            + " | cause: " + root);
      }
    }
    spark.stop();
    System.exit(failed ? 1 : 0);
  }

  /** The statements of a script: text up to a {@code ;} that ends a line. */
  public static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    for (String s : script.split(";[ \\t]*(\\R|$)")) {
      if (!s.isBlank()) {
        out.add(s.strip());
      }
    }
    return out;
  }
}
