package io.infospark.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Spark standalone cluster on 127.0.0.1 for the {@code cluster} test tier: one master and n
 * workers (1 core, 1 GB each), each a separate JVM started from the test classpath (no Spark
 * distribution: {@code SPARK_HOME} is a folder with an empty {@code jars/}, and executors get the
 * whole classpath through {@code spark.executor.extraClassPath}).
 *
 * <p>Every process it starts is stopped by its own handle, with its descendants (a worker's
 * executors), on {@link #close()} and by a JVM shutdown hook if the tests die first.
 */
public final class LocalCluster implements AutoCloseable {
  /** The classpath of this test JVM (surefire passes it in a property). */
  public static final String CLASSPATH =
      System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));

  private final Path dir;
  private final int port;
  private final Process master;
  private final List<Process> workers = new ArrayList<>();
  private final Thread hook = new Thread(this::stopAll, "stop-local-cluster");

  private LocalCluster(Path dir, int port, Process master) {
    this.dir = dir;
    this.port = port;
    this.master = master;
  }

  /** Starts a master and {@code n} workers and waits until every worker has registered. */
  public static LocalCluster start(Path dir, int n, Duration timeout) throws IOException, InterruptedException {
    Path sparkHome = Files.createDirectories(dir.resolve("spark-home/jars"));
    Path log4j = dir.resolve("log4j2-cluster.properties");
    Files.writeString(log4j, String.join("\n",
        "rootLogger.level = warn", "rootLogger.appenderRef.stderr.ref = console",
        "appender.console.type = Console", "appender.console.name = console",
        "appender.console.target = SYSTEM_ERR", "appender.console.layout.type = PatternLayout",
        "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n",
        "logger.deploy.name = org.apache.spark.deploy", "logger.deploy.level = info", ""));
    int port = freePort();
    List<String> masterCmd = java(log4j, "-Dspark.worker.timeout=15");
    masterCmd.addAll(List.of("org.apache.spark.deploy.master.Master",
        "--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", "0"));
    LocalCluster c = new LocalCluster(dir, port, launch(masterCmd, dir.resolve("master.log"), sparkHome.getParent()));
    Runtime.getRuntime().addShutdownHook(c.hook);
    try {
      c.await("master", () -> log(dir.resolve("master.log")).contains("Starting Spark master at"), timeout);
      for (int i = 0; i < n; i++) {
        c.launchWorker();
      }
      c.awaitRegistered(n, timeout);
    } catch (IOException | InterruptedException | RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /**
   * Starts one more worker (say, to replace a killed one) and waits until the master has
   * registered it.
   */
  public Process addWorker(Duration timeout) throws IOException, InterruptedException {
    Process w = launchWorker();
    awaitRegistered(workers.size(), timeout);
    return w;
  }

  private Process launchWorker() throws IOException {
    int i = workers.size();
    Path work = Files.createDirectories(dir.resolve("worker-" + i));
    List<String> cmd = java(dir.resolve("log4j2-cluster.properties"));
    cmd.addAll(List.of("org.apache.spark.deploy.worker.Worker", masterUrl(), "--host", "127.0.0.1",
        "--cores", "1", "--memory", "1g", "--webui-port", "0", "--work-dir", work.toString()));
    Process w = launch(cmd, dir.resolve("worker-" + i + ".log"), dir.resolve("spark-home"));
    workers.add(w);
    return w;
  }

  /** Waits until the master has registered {@code n} workers in all (those since killed included). */
  private void awaitRegistered(int n, Duration timeout) throws InterruptedException {
    await(n + " workers registered",
        () -> log(dir.resolve("master.log")).split("Registering worker", -1).length - 1 >= n, timeout);
  }

  public String masterUrl() {
    return "spark://127.0.0.1:" + port;
  }

  /** The worker processes, in start order. */
  public List<Process> workers() {
    return workers;
  }

  /** Whether this process or one of its descendants (its executors) has the pid. */
  public static boolean treeHas(Process p, long pid) {
    return p.pid() == pid || p.descendants().anyMatch(d -> d.pid() == pid);
  }

  /** Kills a worker and its executors at once (SIGKILL), as a lost machine would. */
  public void kill(Process worker) {
    worker.descendants().forEach(ProcessHandle::destroyForcibly);
    worker.destroyForcibly();
  }

  /** The logs of the master and workers, for failure messages. */
  public String logs() {
    StringBuilder sb = new StringBuilder();
    try (var s = Files.list(dir)) {
      for (Path p : s.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
        String text = log(p);
        sb.append("--- ").append(p.getFileName()).append('\n')
            .append(text.length() > 4000 ? text.substring(text.length() - 4000) : text);
      }
    } catch (IOException e) {
      sb.append(e);
    }
    return sb.toString();
  }

  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down
    }
  }

  private void stopAll() {
    List<Process> all = new ArrayList<>(workers);
    all.add(master);
    for (Process p : all) {
      stopTree(p);
    }
  }

  /**
   * Starts cmd (output to log), waits until the log has a line starting with {@code marker} (at most
   * {@code limit}), then kills it and its descendants with SIGKILL after {@code delayMs}: no shutdown
   * hook, no cleanup — how the kill-midway tests stop a writer.
   */
  public static void killAfter(List<String> cmd, String marker, long delayMs, Path log, java.time.Duration limit)
      throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      java.time.Instant end = java.time.Instant.now().plus(limit);
      while (java.nio.file.Files.readAllLines(log).stream().noneMatch(l -> l.startsWith(marker))) {
        if (!p.isAlive()) {
          throw new AssertionError("the process ended before '" + marker + "':\n" + java.nio.file.Files.readString(log));
        }
        if (java.time.Instant.now().isAfter(end)) {
          throw new AssertionError("no '" + marker + "' in " + limit + ":\n" + java.nio.file.Files.readString(log));
        }
        Thread.sleep(2);
      }
      Thread.sleep(delayMs);
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError("the process outlived SIGKILL by 30 s");
      }
    } finally {
      stopTree(p);
    }
  }

  /** Stops a process and its descendants: TERM, then KILL after a few seconds. */
  public static void stopTree(Process p) {
    List<ProcessHandle> descendants = p.descendants().toList();
    p.destroy();
    descendants.forEach(ProcessHandle::destroy);
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  /** java with Spark's module options (those of this JVM), a small heap and the test classpath. */
  static List<String> java(Path log4j, String... props) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(moduleOptions());
    cmd.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-Dlog4j2.configurationFile=" + log4j.toUri()));
    cmd.addAll(List.of(props));
    cmd.addAll(List.of("-cp", CLASSPATH));
    return cmd;
  }

  /** The --add-opens/--add-modules options this JVM was started with (pom.xml spark.module.opens). */
  public static List<String> moduleOptions() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-") || a.startsWith("-XX:+IgnoreUnrecognizedVMOptions")
            || a.startsWith("-Djdk.reflect") || a.startsWith("-Dio.netty"))
        .collect(Collectors.toList());
  }

  private static Process launch(List<String> cmd, Path log, Path sparkHome) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = pb.environment();
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    return pb.start();
  }

  private void await(String what, java.util.function.BooleanSupplier ready, Duration timeout)
      throws InterruptedException {
    Instant end = Instant.now().plus(timeout);
    while (!ready.getAsBoolean()) {
      if (Instant.now().isAfter(end)) {
        throw new IllegalStateException("local cluster: no " + what + " after " + timeout + "\n" + logs());
      }
      if (!master.isAlive()) {
        throw new IllegalStateException("local cluster: the master exited\n" + logs());
      }
      Thread.sleep(250);
    }
  }

  private static String log(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
