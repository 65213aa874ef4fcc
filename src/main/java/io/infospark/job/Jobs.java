package io.infospark.job;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** The registry of jobs by name. */
public final class Jobs {
  private final Map<String, Job> byName = new LinkedHashMap<>();

  public Jobs(Job... jobs) {
    for (Job j : jobs) {
      if (byName.put(j.name(), j) != null) {
        throw new IllegalArgumentException("two jobs named " + j.name());
      }
    }
  }

  /** Every job of the command line; add a job here. */
  public static Jobs standard() {
    return new Jobs(
        new ProfileJob(),
        new CompareJob(),
        new MutualInfoJob(),
        new CompactStatesJob(),
        new FitLogisticJob(),
        new ScoreLogisticJob(),
        new AnomaliesJob(),
        new StreamJob(false),
        new StreamJob(true));
  }

  /** The job of this name, or null. */
  public Job get(String name) {
    return byName.get(name);
  }

  public Collection<Job> all() {
    return byName.values();
  }

  public String names() {
    return String.join(", ", byName.keySet());
  }
}
