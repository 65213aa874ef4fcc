package io.infospark.job;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code report} key of every job: a self-contained HTML page ({@link io.infospark.report})
 * written next to the summary, atomically (a temporary file, then a move). A job calls
 * {@link #write} once with the result's renderer, before it signals a threshold (so a failing
 * drift check still has its report); {@link Main} checks that a job given {@code --report} did.
 */
final class ReportFile {
  private ReportFile() {}

  /** Whether this run wrote its report. */
  static final class Written {
    private boolean done;

    boolean done() {
      return done;
    }
  }

  /**
   * Renders and writes the report when {@code report} is set; does nothing otherwise.
   *
   * @param render the page from the header facts (job, run id, parameters)
   */
  static void write(JobContext context, Function<Map<String, String>, String> render) throws IOException {
    String path = context.config().get(JobConfig.REPORT);
    if (path == null) {
      return;
    }
    String html = render.apply(facts(context));
    SummaryWriter.writeAtomically(html.getBytes(StandardCharsets.UTF_8), Path.of(path));
    context.report().done = true;
    context.out().println("infospark: wrote " + path);
  }

  /** The header of a report: job, run id, start, and the resolved parameters (credentials masked). */
  static Map<String, String> facts(JobContext context) {
    JobConfig c = context.config();
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("job", c.jobName());
    facts.put("run id", c.runId());
    facts.put("started (UTC)", context.started().toString());
    c.resolved().forEach((k, v) -> {
      if (!k.equals(JobConfig.JOB.name()) && !k.equals(JobConfig.SHOW.name()) && !k.equals(JobConfig.RUN_ID.name())) {
        facts.put(k, v.isEmpty() ? "(default)" : SummaryWriter.redact(v));
      }
    });
    return facts;
  }
}
