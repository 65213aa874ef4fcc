package io.infospark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A real headless browser (Debian's {@code chromium}) for the report tests: loads a report from a
 * file with networking off, returns the DOM after its scripts ran, and takes a screenshot. The
 * test is skipped, with a message, when chromium is not installed ({@code .ci/run} installs it).
 */
public final class Browser {
  private static final Pattern CONSOLE = Pattern.compile(".*:CONSOLE(:|\\().*");
  private static final Pattern SVG = Pattern.compile("<svg\\b.*?</svg>", Pattern.DOTALL);

  private Browser() {}

  /** The chromium executable, or a skipped test. */
  static String executable() {
    String env = System.getenv("CHROMIUM");
    List<String> candidates = new ArrayList<>();
    if (env != null && !env.isBlank()) {
      candidates.add(env);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      candidates.add(dir + "/chromium");
      candidates.add(dir + "/chromium-browser");
    }
    for (String c : candidates) {
      if (Files.isExecutable(Path.of(c))) {
        return c;
      }
    }
    Assumptions.abort("chromium is not installed (apt-get install -y chromium, or set CHROMIUM=/path); "
        + "browser checks of the HTML reports skipped");
    return null;
  }

  /** What the browser saw: the DOM after scripts, and its log. */
  public record Page(String dom, String log) {}

  /** Loads {@code html} and returns the DOM after its scripts ran, failing on any console message. */
  public static Page render(Path html, Path work) throws IOException, InterruptedException {
    Path stdout = work.resolve("dom.html");
    Path stderr = work.resolve("chromium.log");
    run(work, List.of("--dump-dom", html.toUri().toString()), stdout, stderr);
    String dom = Files.readString(stdout, StandardCharsets.UTF_8);
    String log = Files.readString(stderr, StandardCharsets.UTF_8);
    List<String> console = log.lines().filter(l -> CONSOLE.matcher(l).matches()).toList();
    if (!console.isEmpty()) {
      fail("the report logged to the browser console (a script error?):\n" + String.join("\n", console));
    }
    return new Page(dom, log);
  }

  /** A PNG screenshot of {@code html} at 1200 × {@code height} px. */
  public static void screenshot(Path html, Path png, int height, Path work) throws IOException, InterruptedException {
    Files.createDirectories(png.toAbsolutePath().getParent());
    run(work, List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=1200," + height,
        "--hide-scrollbars", html.toUri().toString()), work.resolve("shot.out"), work.resolve("shot.log"));
    assertTrue(Files.size(png) > 1000, "no screenshot written to " + png);
  }

  /**
   * The checks every report must pass in the browser: its self-check script ran and found no
   * empty chart, and each {@code <svg>} of the DOM holds at least one drawn mark.
   *
   * @return the number of charts
   */
  public static int assertChartsDrawn(Page page, String what) {
    Matcher ok = Pattern.compile("<body[^>]*\\bdata-ok=\"(\\w+)\"").matcher(page.dom());
    assertTrue(ok.find(), what + ": no data-ok attribute on <body>: did the page load?\n" + head(page.dom()));
    Matcher problems = Pattern.compile("\\bdata-problems=\"([^\"]*)\"").matcher(page.dom());
    assertEquals("true", ok.group(1), what + ": the page's check failed; empty charts: "
        + (problems.find() ? problems.group(1) : "?"));
    Matcher svg = SVG.matcher(page.dom());
    int charts = 0;
    while (svg.find()) {
      charts++;
      assertTrue(svg.group().contains("class=\"mark"), what + ": chart " + charts + " has no marks: "
          + head(svg.group()));
    }
    assertTrue(charts > 0, what + ": no chart in the page");
    return charts;
  }

  private static String head(String s) {
    return s.length() > 400 ? s.substring(0, 400) + "…" : s;
  }

  private static void run(Path work, List<String> args, Path stdout, Path stderr)
      throws IOException, InterruptedException {
    String exe = executable();
    Path profile = Files.createTempDirectory(work, "chromium-profile");
    List<String> cmd = new ArrayList<>(List.of(exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("chromium did not finish in 120 s: " + String.join(" ", cmd));
    }
    assertEquals(0, p.exitValue(), "chromium failed: " + String.join(" ", cmd) + "\n"
        + Files.readString(stderr, StandardCharsets.UTF_8));
  }
}
