package io.infospark.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Java cells pasted into JShell as a user pastes them: the real {@code jshell} tool, started by
 * {@code scripts/jshell} from the repository root, reading the cells line by line from its input.
 * JShell runs a snippet as soon as its lines so far are complete, so a cell whose statement
 * continues on a line that starts with {@code .method()} fails here as it fails for a user.
 * Before each cell a marker line is printed so that errors can be told by cell.
 */
public final class JShellSession {
  /** What jshell prints for a snippet that failed to compile or threw. */
  private static final Pattern PROBLEM = Pattern.compile(
      "^\\|?\\s*(Error:|Exception |.*cannot be invoked until|.*Unresolved dependencies).*");

  private JShellSession() {}

  /** A cell and where it comes from (for messages). */
  public record Cell(String where, String text) {}

  /** The output of a session: stdout and stderr together, and the lines that report problems, by cell. */
  public record Result(int code, String output, List<String> problems) {
    /** Lines that look like log lines at INFO (Spark's default level). */
    public long infoLines() {
      return output.lines().filter(l -> l.matches(".*\\bINFO\\b.*")).count();
    }

    @Override
    public String toString() {
      return "exit " + code + "; problems:\n" + String.join("\n", problems) + "\n--- output (tail)\n"
          + (output.length() > 12000 ? output.substring(output.length() - 12000) : output);
    }
  }

  /**
   * Runs the cells, in order, in one JShell started by {@code scripts/jshell} with the test class
   * path (INFOSPARK_CLASSPATH) and a modest heap.
   */
  public static Result run(List<Cell> cells, Path workDir, Duration timeout) throws IOException, InterruptedException {
    StringBuilder input = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      input.append("System.out.println(\"@@cell ").append(i + 1).append(' ')
          .append(cells.get(i).where().replace("\\", "/").replace("\"", "'")).append("\");\n");
      input.append(cells.get(i).text()).append('\n');
    }
    input.append("/exit\n");
    Path in = Files.writeString(workDir.resolve("cells.jsh"), input.toString());
    Path out = workDir.resolve("jshell.out");
    ProcessBuilder pb = new ProcessBuilder("bash", "scripts/jshell", "-q", "-")
        .redirectInput(in.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().put("INFOSPARK_CLASSPATH", LocalCluster.CLASSPATH);
    pb.environment().put("JAVA_OPTS", "-Xmx1g -XX:+UseSerialGC");
    Process p = pb.start();
    try {
      if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("jshell timed out after " + timeout + "\n" + Files.readString(out));
      }
    } finally {
      LocalCluster.stopTree(p);
    }
    String output = Files.readString(out, StandardCharsets.UTF_8);
    List<String> problems = new ArrayList<>();
    String cell = "(before the first cell)";
    List<String> lines = output.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("@@cell ")) {
        cell = line.substring(2);
      } else if (PROBLEM.matcher(line).matches()) {
        String next = lines.subList(i + 1, Math.min(lines.size(), i + 4)).stream().map(String::strip)
            .reduce((a, b) -> a + " | " + b).orElse("");
        problems.add(cell + ": " + line.strip() + " | " + next);
      }
    }
    return new Result(p.exitValue(), output, problems);
  }
}
