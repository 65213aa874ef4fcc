package io.infospark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.infospark.testing.Markdown;
import io.infospark.testing.SparkTestSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every command of the docs runs as written. The commands come from the fenced blocks of
 * README.md and every page under docs/ (read anew each run, so a new example is covered without a
 * change here): each {@code scripts/infospark …} command, in document order, from the repository
 * root, its words split by bash exactly as a shell splits them, run through {@link Main#run} (what
 * the script runs, in this JVM's Spark session), must end with exit 0, or with the code its comment
 * announces ({@code # … exits 3 …}). Commands that cannot run here (a YARN or Kubernetes cluster,
 * the build itself, a template with placeholders) are recognised by {@link #NOT_RUN_HERE} with the
 * reason; any other command, or a block of an unknown language, fails the test until it is
 * covered. Java cells run in JShell ({@code io.infospark.NotebookDocTest}), SQL through a session
 * ({@code io.infospark.sql.DocsExamplesTest}) and spark-submit ({@code io.infospark.sql.SqlJarTest}).
 */
class DocumentedCommandsTest {
  /** Blocks whose text is run by some test, by language. */
  static final List<String> RUN = List.of("bash", "sh", "shell", "java", "sql", "python");
  /** Blocks that show output, a layout or a configuration excerpt: not commands. */
  static final List<String> SHOWN = List.of("", "text", "json", "properties", "xml");

  /** Commands that cannot run in a test, by a pattern of the command, with the reason. */
  static final Map<Pattern, String> NOT_RUN_HERE = new LinkedHashMap<>();

  static {
    NOT_RUN_HERE.put(Pattern.compile("^(\\w+=\\S+\\s+)*SPARK_MASTER=(yarn|k8s://|spark://[\\w.-]*example\\.com)\\S*\\s.*"
        + "scripts/submit\\.sh.*", Pattern.DOTALL),
        "needs a YARN, Kubernetes or remote standalone cluster; ClusterTest runs scripts/submit.sh on a local one");
    NOT_RUN_HERE.put(Pattern.compile("^mvn\\s.*", Pattern.DOTALL), "the build and the test suite themselves");
    NOT_RUN_HERE.put(Pattern.compile("^spark-submit --jars infospark\\.jar\\b.*", Pattern.DOTALL),
        "a template (infospark.jar, my_job.py stand for your files); SqlJarTest submits an application this way");
    NOT_RUN_HERE.put(Pattern.compile("^spark-submit --packages io\\.infospark:infospark:\\S+ --repositories https://repo\\.example\\.com/.*",
        Pattern.DOTALL), "a template (the repository and my_job.py stand for yours); SqlJarTest submits with --packages "
        + "from a Maven repository");
    NOT_RUN_HERE.put(Pattern.compile("^(SPARK_MASTER=spark://127\\.0\\.0\\.1:7077 scripts/submit\\.sh|scripts/standalone-cluster\\.sh)\\b.*",
        Pattern.DOTALL), "starts a standalone cluster whose processes outlive a test; ClusterTest starts one the same way "
        + "(master and workers from the Maven classpath, no Spark distribution) and submits every job to it with "
        + "scripts/submit.sh");
    NOT_RUN_HERE.put(Pattern.compile("^scripts/jshell\\b.*", Pattern.DOTALL),
        "interactive; NotebookDocTest pastes the docs' Java cells into it");
    NOT_RUN_HERE.put(Pattern.compile("^scripts/check-quickstart\\.sh\\b.*", Pattern.DOTALL),
        "clones the repository and runs mvn test");
  }

  /**
   * Folders the docs' commands build from nothing, emptied before they run: saved states, whose
   * compaction retires the ids it replaced (saving those runs again is exit 2, by design).
   */
  static final List<String> BUILT_FROM_NOTHING = List.of("out/weather-states", "out/compact-example");

  private static final Pattern EXPECTED_EXIT = Pattern.compile("#.*\\bexits (\\d)\\b");

  /** A command of the docs: where it is and its text (continuation lines joined). */
  record Command(String where, String text) {}

  /** The commands of the shell blocks of the docs, in document order. */
  static List<Command> commands() {
    List<Command> out = new ArrayList<>();
    for (Path doc : Markdown.documents()) {
      for (Markdown.Block b : Markdown.blocks(doc)) {
        if (!RUN.contains(b.language()) && !SHOWN.contains(b.language())) {
          fail(b.where() + ": a ```" + b.language() + " block; no test runs it (languages run: " + RUN
              + "; shown only: " + SHOWN + ")");
        }
        if (!List.of("bash", "sh", "shell").contains(b.language())) {
          continue;
        }
        List<String> lines = b.text().lines().toList();
        StringBuilder command = new StringBuilder();
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i);
          if (command.length() == 0) {
            if (line.isBlank() || line.strip().startsWith("#")) {
              continue;
            }
            start = i;
          }
          if (line.endsWith("\\")) {
            command.append(line, 0, line.length() - 1).append(' ');
          } else {
            command.append(line);
            out.add(new Command(doc + ":" + (b.line() + 1 + start), command.toString().strip()));
            command.setLength(0);
          }
        }
        if (command.length() > 0) {
          fail(b.where() + ": a command ends with a line continuation: " + command);
        }
      }
    }
    return out;
  }

  /** The words of a command as bash splits them (quotes, escapes), without the script's name. */
  static List<String> words(String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", "-c", "scripts/infospark() { printf '%s\\0' \"$@\"; }; " + command)
        .redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), command);
    assertEquals(0, p.exitValue(), "bash could not parse: " + command + "\n" + new String(out, StandardCharsets.UTF_8));
    String text = new String(out, StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : Arrays.asList(text.substring(0, text.length() - 1).split("\0", -1));
  }

  @Test
  void everyInfosparkCommandOfTheDocsRuns() throws Exception {
    SparkTestSession.get();
    for (String folder : BUILT_FROM_NOTHING) {
      org.apache.commons.io.FileUtils.deleteDirectory(Path.of(folder).toFile());
    }
    List<Command> commands = commands();
    List<String> ran = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (Command c : commands) {
      String command = c.text().replaceFirst("^(\\w+=\\S*\\s+)*", "");
      if (command.startsWith("scripts/infospark ")) {
        Matcher m = EXPECTED_EXIT.matcher(c.text());
        int expected = m.find() ? Integer.parseInt(m.group(1)) : 0;
        List<String> args = words(c.text());
        JobRun r = JobRun.of(args.toArray(new String[0]));
        ran.add(c.where());
        if (r.code() != expected) {
          failures.add(c.where() + ": " + c.text() + "\nexpected exit " + expected + ", got " + r);
        } else if (expected == 0) {
          for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals("--summary") || args.get(i).equals("--report")) {
              if (!Files.isRegularFile(Path.of(args.get(i + 1)))) {
                failures.add(c.where() + ": " + c.text() + "\nno " + args.get(i + 1) + " written");
              }
            }
          }
        }
      } else if (NOT_RUN_HERE.keySet().stream().noneMatch(p -> p.matcher(c.text()).matches())) {
        failures.add(c.where() + ": no test runs this command: " + c.text()
            + "\n(add it to a test, or to NOT_RUN_HERE with the reason)");
      }
    }
    assertEquals(List.of(), failures, String.join("\n\n", failures));
    assertTrue(ran.size() >= 10, "the README's scripts/infospark commands: " + ran);
  }

  /** The harness itself: bash's words, continuation lines, the announced exit code. */
  @Test
  void wordsAreSplitAsAShellSplitsThem() throws Exception {
    assertEquals(List.of("fit-logistic", "--features", "Species,Beak Length (mm)", "--x", "a b", "$HOME"),
        words("JAVA_OPTS=-Xmx1g scripts/infospark fit-logistic --features \"Species,Beak Length (mm)\" --x a\\ b"
            + " '$HOME'   # exits 3"));
    Matcher m = EXPECTED_EXIT.matcher("scripts/infospark jobs/x.properties   # 2015 vs 2012: exits 3 (JS)");
    assertTrue(m.find());
    assertEquals("3", m.group(1));
    assertFalse(commands().isEmpty());
  }
}
