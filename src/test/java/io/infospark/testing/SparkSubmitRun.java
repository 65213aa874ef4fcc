package io.infospark.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code spark-submit} as {@code scripts/submit.sh} runs it when no Spark is installed: Spark's
 * {@code SparkSubmit} class in a fresh JVM on the Maven class path, with Spark's module options.
 */
public record SparkSubmitRun(int code, String out, String err) {

  /**
   * Runs SparkSubmit with {@code args} on {@code classpath} and waits for it.
   *
   * @param log a file for stdout and stderr, kept for failure messages
   */
  public static SparkSubmitRun run(String classpath, List<String> args, Path log, Duration timeout)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(LocalCluster.moduleOptions());
    cmd.addAll(List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-Dlog4j2.configurationFile=" + Jars.TEST_CLASSES.resolve("log4j2-test.properties").toUri(),
        "-cp", classpath, "org.apache.spark.deploy.SparkSubmit"));
    cmd.addAll(args);
    Path out = Path.of(log + ".out");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(log.toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().remove("SPARK_HOME");
    Process p = pb.start();
    try {
      if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("spark-submit timed out after " + timeout + "\n" + Files.readString(log));
      }
    } finally {
      LocalCluster.stopTree(p);
    }
    return new SparkSubmitRun(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(log, StandardCharsets.UTF_8));
  }

  /** The class path of Spark alone (the test class path without infospark's and the test classes). */
  public static String sparkClasspath() {
    return Jars.sparkOnly(LocalCluster.CLASSPATH);
  }

  /** {@code a:b} of paths. */
  public static String join(String... entries) {
    return String.join(File.pathSeparator, entries);
  }

  @Override
  public String toString() {
    return "exit " + code + "\n--- out\n" + out + "\n--- err (tail)\n"
        + (err.length() > 8000 ? err.substring(err.length() - 8000) : err);
  }
}
