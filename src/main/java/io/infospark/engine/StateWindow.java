package io.infospark.engine;

import io.infospark.core.BadInputException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Which saved runs ({@link CountState}) to merge: given run ids, the last N runs, or the runs whose
 * data lies between two dates (inclusive). A compacted run is one run covering its days; a window of
 * dates that cuts through it is an error rather than a silent half.
 */
public final class StateWindow {
  private final List<String> ids;
  private final int last;
  private final LocalDate from;
  private final LocalDate to;

  private StateWindow(List<String> ids, int last, LocalDate from, LocalDate to) {
    this.ids = ids;
    this.last = last;
    this.from = from;
    this.to = to;
  }

  /** These runs. */
  public static StateWindow runs(List<String> ids) {
    return new StateWindow(List.copyOf(ids), 0, null, null);
  }

  /** The last n runs by date. */
  public static StateWindow last(int n) {
    if (n < 1) {
      throw new BadInputException("last-runs: expected a number of runs >= 1 but got " + n);
    }
    return new StateWindow(null, n, null, null);
  }

  /** The runs whose data lies between these dates (inclusive; null: open). */
  public static StateWindow between(LocalDate from, LocalDate to) {
    if (from != null && to != null && to.isBefore(from)) {
      throw new BadInputException("states window: " + from + " .. " + to + " ends before it starts; expected from <= to");
    }
    return new StateWindow(null, 0, from, to);
  }

  /**
   * The ids of the window's runs among {@code runs} (sorted by date), oldest first.
   *
   * @throws BadInputException for an unknown run, an empty window or a compacted run cut by dates
   */
  List<String> select(List<CountState.Run> runs, String dir) {
    List<String> out = new ArrayList<>();
    List<String> known = runs.stream().map(CountState.Run::id).toList();
    if (ids != null) {
      for (String id : ids) {
        if (!known.contains(id)) {
          throw new BadInputException("states: run '" + id + "' not found in " + dir + "; runs there: "
              + (known.isEmpty() ? "none" : String.join(", ", known.size() > 20 ? known.subList(known.size() - 20,
                  known.size()) : known)));
        }
        if (!out.contains(id)) {
          out.add(id);
        }
      }
    } else if (last > 0) {
      out.addAll(known.subList(Math.max(0, known.size() - last), known.size()));
    } else {
      for (CountState.Run r : runs) {
        boolean startsIn = from == null || !r.first().isBefore(from);
        boolean endsIn = to == null || !r.last().isAfter(to);
        boolean overlaps = (from == null || !r.last().isBefore(from)) && (to == null || !r.first().isAfter(to));
        if (startsIn && endsIn) {
          out.add(r.id());
        } else if (overlaps) {
          throw new BadInputException("states: run '" + r.id() + "' covers " + r.dates() + ", partly inside the window "
              + describe() + "; expected a window that holds whole runs");
        }
      }
    }
    if (out.isEmpty()) {
      throw new BadInputException("states: the window " + describe() + " holds no saved run in " + dir
          + " (runs there: " + (known.isEmpty() ? "none" : known.size() + ", " + runs.get(0).dates() + " to "
              + runs.get(runs.size() - 1).dates()) + ")");
    }
    return out;
  }

  /** The window in words. */
  public String describe() {
    if (ids != null) {
      return "runs " + String.join(", ", ids);
    }
    if (last > 0) {
      return "last " + last + " runs";
    }
    return (from == null ? "…" : from.toString()) + " .. " + (to == null ? "…" : to.toString());
  }
}
