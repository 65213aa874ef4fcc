package io.infospark.job;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infospark.core.BadInputException;
import io.infospark.engine.CountState;
import io.infospark.engine.StateWindow;
import java.util.List;

/**
 * {@code compact-states}: merges the runs of a window of a states folder (old daily runs) into one
 * run {@code into} (a week, a month), and deletes them once it is in place. From the moment the
 * merged run is there it hides the runs it replaces, so a compaction killed midway never counts a
 * row twice; a later run of any job on the folder deletes what was left.
 */
public final class CompactStatesJob implements Job {

  @Override
  public String name() {
    return "compact-states";
  }

  @Override
  public String description() {
    return "merge a window of saved count states (e.g. last month's daily runs) into one run, then delete them";
  }

  @Override
  public List<JobConfig.Key<?>> keys() {
    return List.of(JobConfig.STATES, JobConfig.STATE_RUNS, JobConfig.STATE_LAST, JobConfig.STATE_FROM,
        JobConfig.STATE_TO, JobConfig.INTO);
  }

  @Override
  public void run(JobContext context) throws Exception {
    JobConfig c = context.config();
    if (!c.has(JobConfig.STATES)) {
      throw new BadInputException("states: missing; give --states DIR, the folder of saved states to compact");
    }
    if (!c.has(JobConfig.INTO)) {
      throw new BadInputException("into: missing; give --into RUN-ID, the id of the run that replaces the window's runs");
    }
    if (c.has(JobConfig.REPORT)) {
      throw new BadInputException("report: compact-states draws no report; leave report out (the summary lists "
          + "the runs merged)");
    }
    String states = c.get(JobConfig.STATES);
    StateWindow window = StateKeys.INPUT.window(c);
    CountState.Run run = CountState.compact(context.spark(), states, window, c.get(JobConfig.INTO));
    if (c.get(JobConfig.SHOW)) {
      context.out().println("compacted " + run.replaces().size() + " runs of " + states + " (" + run.dates() + ") into run "
          + run.id() + ": " + String.join(", ", run.replaces()));
    }
    if (c.get(JobConfig.SUMMARY) != null) {
      ObjectNode summary = SummaryWriter.begin(context);
      summary.put("run_id", c.runId());
      ObjectNode o = summary.putObject("states");
      o.put("folder", SummaryWriter.redact(states));
      o.put("window", window.describe());
      ArrayNode runs = o.putArray("runs");
      run.replaces().forEach(runs::add);
      ObjectNode compacted = summary.putObject("compacted");
      compacted.put("run", run.id());
      compacted.put("first_date", run.first().toString());
      compacted.put("last_date", run.last().toString());
      SummaryWriter.finish(summary, context, c.get(JobConfig.SUMMARY));
      context.out().println("infospark: wrote " + c.get(JobConfig.SUMMARY));
    }
  }
}
