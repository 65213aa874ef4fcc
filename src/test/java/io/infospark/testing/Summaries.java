package io.infospark.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Comparing the results of two summary JSON documents of the same job. */
public final class Summaries {
  /** Top-level fields that describe the run, not its results. */
  private static final Set<String> RUN_FIELDS = Set.of("parameters", "started", "finished", "seconds", "run_id",
      "input", "reference", "model", "output");

  private Summaries() {}

  /**
   * Every result field of {@code actual} equals that of {@code expected}: numbers to {@code rel}
   * relative ({@link Approx#close}), everything else exactly; the run's fields are ignored.
   *
   * @param relFitted the tolerance for fitted quantities (fields under coefficients, std_errors,
   *     intercept, objective, log_likelihood, log_prior, kkt_norm); results of an iterative fit
   */
  public static void assertSameResults(JsonNode expected, JsonNode actual, double rel, double relFitted) {
    List<String> problems = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = expected.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      if (!RUN_FIELDS.contains(f.getKey())) {
        compare(f.getKey(), f.getValue(), actual.get(f.getKey()), rel, relFitted, problems);
      }
    }
    if (!problems.isEmpty()) {
      fail(problems.size() + " differences:\n" + String.join("\n", problems.subList(0, Math.min(20, problems.size()))));
    }
  }

  private static final Set<String> FITTED = Set.of("coefficients", "std_errors", "intercept", "objective",
      "log_likelihood", "log_prior", "kkt_norm", "iterations", "passes");

  private static void compare(String path, JsonNode e, JsonNode a, double rel, double relFitted, List<String> problems) {
    if (a == null) {
      problems.add(path + ": missing");
    } else if (e.isNumber() && a.isNumber()) {
      String top = path.split("[.\\[]")[0];
      if (top.equals("iterations") || top.equals("passes") || top.equals("kkt_norm")) {
        return; // how a fit got there (and how close to the exact optimum it stopped) may differ; where it got is compared
      }
      double tol = FITTED.contains(top) ? relFitted : rel;
      if (!Approx.close(e.asDouble(), a.asDouble(), tol)) {
        problems.add(path + ": expected " + e + " but was " + a + " (rel " + tol + ")");
      }
    } else if (e.isObject() && a.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = e.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> f = it.next();
        compare(path + "." + f.getKey(), f.getValue(), a.get(f.getKey()), rel, relFitted, problems);
      }
      if (e.size() != a.size()) {
        problems.add(path + ": fields " + e.size() + " vs " + a.size());
      }
    } else if (e.isArray() && a.isArray()) {
      if (e.size() != a.size()) {
        problems.add(path + ": " + e.size() + " elements but " + a.size());
        return;
      }
      for (int i = 0; i < e.size(); i++) {
        compare(path + "[" + i + "]", e.get(i), a.get(i), rel, relFitted, problems);
      }
    } else if (!e.equals(a)) {
      problems.add(path + ": expected " + e + " but was " + a);
    }
  }
}
