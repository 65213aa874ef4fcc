package io.infospark.job;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infospark.core.BadInputException;
import io.infospark.engine.CountResult;
import io.infospark.engine.CountState;
import io.infospark.engine.StateWindow;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The keys of saved count states, by side: a folder ({@code states}) and a window of its runs
 * ({@code state-runs}, {@code state-last}, or {@code state-from}/{@code state-to}; none: every run),
 * and the same for a comparison's reference ({@code reference-states}, …). Checked with the rest of
 * the configuration, before Spark starts.
 */
final class StateKeys {
  private StateKeys() {}

  /** One side's keys: folder and window. */
  record Side(JobConfig.Key<String> states, JobConfig.Key<List<String>> runs, JobConfig.Key<Integer> last,
      JobConfig.Key<LocalDate> from, JobConfig.Key<LocalDate> to) {

    /** Whether this side reads states. */
    boolean given(JobConfig c) {
      return c.accepted().contains(states) && c.has(states);
    }

    /** The window of runs the keys give (every run when none is given). */
    StateWindow window(JobConfig c) {
      if (!c.get(runs).isEmpty()) {
        return StateWindow.runs(c.get(runs));
      }
      if (c.has(last)) {
        return StateWindow.last(c.get(last));
      }
      return StateWindow.between(c.get(from), c.get(to));
    }

    /** The merged counts of the window; the runs merged are remembered for the summary. */
    CountResult merge(JobContext context) {
      JobConfig c = context.config();
      StateWindow w = window(c);
      List<String> ids = CountState.select(context.spark(), c.get(states), w).stream().map(CountState.Run::id).toList();
      MERGED.computeIfAbsent(c, k -> new java.util.concurrent.ConcurrentHashMap<>()).put(states.name(), ids);
      return CountState.merge(context.spark(), c.get(states), StateWindow.runs(ids));
    }

    private void validate(JobConfig c) {
      if (!c.accepted().contains(states)) {
        return;
      }
      List<JobConfig.Key<?>> window = List.of(runs, last, from, to);
      for (JobConfig.Key<?> k : window) {
        if (c.has(k) && !c.has(states)) {
          throw new BadInputException(k.name() + ": a window of saved states; give --" + states.name() + " DIR too");
        }
      }
      int forms = (c.has(runs) ? 1 : 0) + (c.has(last) ? 1 : 0) + (c.has(from) || c.has(to) ? 1 : 0);
      if (forms > 1) {
        throw new BadInputException(runs.name() + ", " + last.name() + ", " + from.name() + "/" + to.name()
            + ": give one window of runs, not several");
      }
      if (c.has(runs) && c.get(runs).isEmpty()) {
        throw new BadInputException(runs.name() + ": expected run ids separated by ','");
      }
      if (c.has(from) && c.has(to) && c.get(to).isBefore(c.get(from))) {
        throw new BadInputException(to.name() + ": " + c.get(to) + " is before " + from.name() + " " + c.get(from)
            + "; expected from <= to");
      }
    }

    /** {@code {"folder": …, "window": …, "runs": [...]}}: which runs were merged. */
    private void summarize(JobContext context, ObjectNode summary, String field) {
      JobConfig c = context.config();
      ObjectNode o = summary.putObject(field);
      o.put("folder", SummaryWriter.redact(c.get(states)));
      StateWindow w = window(c);
      o.put("window", w.describe());
      ArrayNode runs = o.putArray("runs");
      MERGED.getOrDefault(c, java.util.Map.of()).getOrDefault(states.name(), List.of()).forEach(runs::add);
    }
  }

  /** The runs each side of a run merged (by the run's configuration, an identity key). */
  private static final java.util.Map<JobConfig, java.util.Map<String, List<String>>> MERGED =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  static final Side INPUT = new Side(JobConfig.STATES, JobConfig.STATE_RUNS, JobConfig.STATE_LAST,
      JobConfig.STATE_FROM, JobConfig.STATE_TO);
  static final Side REFERENCE = new Side(JobConfig.REFERENCE_STATES, JobConfig.REFERENCE_STATE_RUNS,
      JobConfig.REFERENCE_STATE_LAST, JobConfig.REFERENCE_STATE_FROM, JobConfig.REFERENCE_STATE_TO);

  /** Checks the state keys' combinations (one line naming the key). */
  static void validate(JobConfig c) {
    INPUT.validate(c);
    REFERENCE.validate(c);
    boolean input = c.has(JobConfig.INPUT) || c.has(JobConfig.TABLE);
    if (c.accepted().contains(JobConfig.SAVE_STATE)) {
      if (c.has(JobConfig.SAVE_STATE) && !input) {
        throw new BadInputException("save-state: saves the counts of the input; give --input PATH or --table NAME "
            + "(the states read are saved already)");
      }
      if (c.has(JobConfig.STATE_DATE) && !c.has(JobConfig.SAVE_STATE)) {
        throw new BadInputException("state-date: the date of a saved state; give --save-state DIR too");
      }
    }
  }

  /** Whether the run saves its counts. */
  static boolean saves(JobConfig c) {
    return c.accepted().contains(JobConfig.SAVE_STATE) && c.has(JobConfig.SAVE_STATE);
  }

  /** Saves one side of counts as this run ({@code run-id}, {@code state-date}) in {@code save-state}. */
  static void save(CountResult counts, CountState.Side side, JobContext context) {
    JobConfig c = context.config();
    CountState.save(counts, side, c.get(JobConfig.SAVE_STATE), c.runId(), date(context));
  }

  /**
   * The analysis of the merged states of the run's window, plus its input (if any) counted like
   * them and added; the input's own counts are then saved when {@code save-state} asks.
   */
  static <R> R analyseStates(JobContext context, java.util.function.Function<CountResult, R> analyse) {
    JobConfig c = context.config();
    try (CountResult states = INPUT.merge(context)) {
      requireCountedLike(c, states.request(), c.get(JobConfig.STATES));
      if (!c.has(JobConfig.INPUT) && !c.has(JobConfig.TABLE)) {
        return analyse.apply(states);
      }
      try (CountResult input = io.infospark.measure.StateCounts.countLike(Inputs.read(context.spark(), c),
              states.request());
          CountResult all = io.infospark.engine.ValueCounter.add(states, input)) {
        R result = analyse.apply(all);
        if (saves(c)) {
          save(input, CountState.Side.ALL, context);
        }
        return result;
      }
    }
  }

  /** Where the run saves its counts (null: it does not). */
  static io.infospark.measure.StateTarget target(JobContext context) {
    JobConfig c = context.config();
    return saves(c) ? new io.infospark.measure.StateTarget(c.get(JobConfig.SAVE_STATE), c.runId(), date(context)) : null;
  }

  private static LocalDate date(JobContext context) {
    JobConfig c = context.config();
    return c.has(JobConfig.STATE_DATE) ? c.get(JobConfig.STATE_DATE)
        : context.started().atZone(ZoneOffset.UTC).toLocalDate();
  }

  /**
   * With states read, the counting keys are the states' own: a key given that counts otherwise
   * (other columns, null policy or weight; bins of any kind, which new data takes from the states)
   * is an error naming it.
   */
  static void requireCountedLike(JobConfig c, io.infospark.engine.CountRequest states, String folder) {
    List<String> names = states.columns().stream().map(io.infospark.engine.CountedColumn::name).toList();
    java.util.Set<String> given = new java.util.HashSet<>(c.get(JobConfig.COLUMNS));
    if (c.accepted().contains(JobConfig.TARGET) && c.has(JobConfig.TARGET)) {
      given.add(c.get(JobConfig.TARGET));
    }
    if (!c.get(JobConfig.COLUMNS).isEmpty() && !given.equals(new java.util.HashSet<>(names))) {
      throw new BadInputException("columns: the states in " + folder + " count " + String.join(", ", names)
          + "; expected those columns or no columns key");
    }
    if (c.has(JobConfig.NULLS) && (c.get(JobConfig.NULLS) == io.infospark.measure.NullPolicy.CATEGORY)
        != states.nullsAsValue()) {
      throw new BadInputException("nulls: the states in " + folder + " were counted with nulls "
          + (states.nullsAsValue() ? "category" : "drop") + "; expected the same or no nulls key");
    }
    if (c.accepted().contains(JobConfig.WEIGHT) && c.has(JobConfig.WEIGHT)
        && !c.get(JobConfig.WEIGHT).equals(states.weight())) {
      throw new BadInputException("weight: the states in " + folder + " were counted with "
          + (states.weight() == null ? "no weight column" : "weight '" + states.weight() + "'")
          + "; expected the same or no weight key");
    }
    // a run that saves and reads states keeps its bin ranges: they must be the states' bins
    c.get(JobConfig.BIN_RANGE).forEach((column, range) -> {
      int i = names.indexOf(column);
      io.infospark.engine.ValueBins bins = i < 0 ? null : states.columns().get(i).bins();
      double[] edges = bins == null ? new double[0] : bins.edges();
      if (i < 0 || bins == null || !bins.kindName().equals("equal-width") || bins.bins() != c.get(JobConfig.BINS)
          || edges[0] != range[0] || edges[edges.length - 1] != range[1]) {
        throw new BadInputException("bin-range: column '" + column + "' of the states in " + folder + " is "
            + (i < 0 ? "not counted" : bins == null ? "not binned" : "binned " + bins.describe()) + "; expected "
            + c.get(JobConfig.BINS) + " equal-width bins on [" + range[0] + ", " + range[1] + "] (or no bin-range key)");
      }
    });
    for (JobConfig.Key<?> k : List.of(JobConfig.BINNING, JobConfig.BINS)) {
      if (c.has(k) && !c.has(JobConfig.BIN_RANGE)) {
        throw new BadInputException(k.name() + ": with saved states, data is binned by the states' own bins; "
            + "leave " + k.name() + " out (it applies when a state is saved)");
      }
    }
  }

  /** The summary's {@code states}, {@code reference_states} and {@code saved_state}, for the keys given. */
  static void summarize(JobContext context, ObjectNode summary) {
    JobConfig c = context.config();
    if (INPUT.given(c)) {
      INPUT.summarize(context, summary, "states");
    }
    if (REFERENCE.given(c)) {
      REFERENCE.summarize(context, summary, "reference_states");
    }
    if (saves(c)) {
      ObjectNode o = summary.putObject("saved_state");
      o.put("folder", SummaryWriter.redact(c.get(JobConfig.SAVE_STATE)));
      o.put("run", c.runId());
    }
  }
}
