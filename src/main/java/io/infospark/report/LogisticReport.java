package io.infospark.report;

import io.infospark.logistic.LogisticResult;
import io.infospark.logistic.ScoreReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTML report of a logistic fit: coefficients with ±2 standard errors; for each prior, its
 * density (and the other family's with the same variance, as in the source document's Gaussian
 * vs Laplace figure) over a histogram of the fitted coefficients' distance from the prior mean;
 * and the objective J per iteration.
 */
public final class LogisticReport {
  private static final Pattern PRIOR = Pattern.compile(
      "(gaussian|laplace|elastic)\\(mean=([^,]+)(?:, sd=([^,)]+))?(?:, b=([^,)]+))?\\)");

  private LogisticReport() {}

  /** A parsed prior: family, mean, sd (Gaussian part) and b (Laplace part); NaN when absent. */
  record Prior(String family, double mean, double sd, double b) {
    static Prior parse(String text) {
      Matcher m = PRIOR.matcher(text);
      if (!m.matches()) {
        return null; // flat, or a form this report does not draw
      }
      return new Prior(m.group(1), Double.parseDouble(m.group(2)),
          m.group(3) == null ? Double.NaN : Double.parseDouble(m.group(3)),
          m.group(4) == null ? Double.NaN : Double.parseDouble(m.group(4)));
    }

    /** The spread, ignoring the mean: coefficients sharing it share one histogram. */
    String shape() {
      return family + (Double.isNaN(sd) ? "" : " sd=" + Chart.number(sd)) + (Double.isNaN(b) ? "" : " b=" + Chart.number(b));
    }

    double variance() {
      double g = Double.isNaN(sd) ? Double.POSITIVE_INFINITY : sd * sd;
      double l = Double.isNaN(b) ? Double.POSITIVE_INFINITY : 2 * b * b;
      return Math.min(g, l);
    }
  }

  static double gaussian(double x, double sd) {
    return Math.exp(-x * x / (2 * sd * sd)) / (Math.sqrt(2 * Math.PI) * sd);
  }

  static double laplace(double x, double b) {
    return Math.exp(-Math.abs(x) / b) / (2 * b);
  }

  public static String html(LogisticResult r, Map<String, String> facts) {
    double[] objectivePerIteration = r.objectiveTrace();
    Html page = new Html("Logistic regression of " + r.label() + (r.positive() == null ? "" : " = " + r.positive()),
        facts);
    page.note(String.format(java.util.Locale.ROOT, "%d rows, %s after %d iterations (%d passes), J = %s nats, "
        + "log-likelihood %s, log-prior %s, mean log-loss %s, %d non-zero coefficients.", r.rows(),
        r.converged() ? "converged" : "NOT converged (" + r.message() + ")", r.iterations(), r.passes(),
        Chart.number(r.objective()), Chart.number(r.logLikelihood()), Chart.number(r.logPrior()),
        Chart.number(r.meanLogLoss()), r.nonZero()));
    for (String note : r.determinedByPrior()) {
      page.note(note + ".");
    }
    double[] beta = r.coefficientArray();
    double[] se = r.stdErrorArray();
    List<String> priors = r.priors();
    List<Chart.Bar> bars = new ArrayList<>();
    List<List<String>> table = new ArrayList<>();
    for (int j = 0; j < beta.length; j++) {
      String name = j == 0 ? "(intercept)" : r.names().get(j - 1);
      boolean noSe = Double.isNaN(se[j]);
      if (j > 0) { // the intercept is in the table: on its own scale, it would flatten every other bar
        bars.add(new Chart.Bar(name, java.util.Arrays.asList(beta[j]), noSe ? null : 2 * se[j],
            noSe ? "no standard error" : null));
      }
      table.add(List.of(name, Chart.number(beta[j]), noSe ? "undefined" : Chart.number(se[j]),
          noSe ? "undefined" : Chart.number(beta[j] / se[j]), priors.get(j)));
    }
    page.heading("Coefficients with ±2 standard errors")
        .note("Log-odds per unit of each feature, on the original feature scale; bars are ±2 Laplace-approximation "
            + "standard errors (none where a Laplace prior holds a coefficient at exactly its mean). The intercept, "
            + Chart.number(beta[0]) + (Double.isNaN(se[0]) ? "" : " ± " + Chart.number(2 * se[0])) + ", is in the table.")
        .chart(Chart.bars("coefficient (log-odds)", List.of("estimate"), bars, List.of()));

    // Coefficients sharing a prior's spread share a chart (in log-odds from the prior mean). Priors
    // that differ per coefficient (a previous fit's posterior as the prior) are drawn per family in
    // standard units instead: z = (β − mean) / sd or / b, over the standard density.
    Map<String, List<Integer>> groups = group(priors, beta.length, false);
    boolean standardized = groups.size() > 4;
    if (standardized) {
      groups = group(priors, beta.length, true);
    }
    page.heading("Priors and fitted coefficients");
    page.note("A Gaussian prior is L2 regularisation, a Laplace prior L1: the Laplace density is peaked at its mean "
        + "and heavy-tailed, so it pulls small coefficients to exactly the mean and leaves large ones. Each chart "
        + "shows the prior's density (solid), the other family with the same variance (dashed), and a histogram of "
        + (standardized ? "the fitted coefficients in standard units of their own priors, z = (β − mean) / sd (or / b)."
            : "the fitted coefficients minus their prior means."));
    for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
      Prior p = Prior.parse(priors.get(g.getValue().get(0)));
      page.subheading("prior " + g.getKey() + ": " + g.getValue().size() + " coefficient"
          + (g.getValue().size() == 1 ? "" : "s"));
      if (p == null) {
        page.note("flat prior (maximum likelihood): no density to draw.");
        continue;
      }
      if (standardized) {
        p = new Prior(p.family(), 0, Double.isNaN(p.sd()) ? Double.NaN : 1, Double.isNaN(p.b()) ? Double.NaN : 1);
      }
      double[] d = new double[g.getValue().size()];
      for (int i = 0; i < d.length; i++) {
        int j = g.getValue().get(i);
        Prior pj = Prior.parse(priors.get(j));
        double unit = !standardized ? 1 : Double.isNaN(pj.sd()) ? pj.b() : pj.sd();
        d[i] = (beta[j] - pj.mean()) / unit;
      }
      page.chart(Chart.histogram(standardized ? "z = (coefficient − prior mean) / prior scale"
          : "coefficient − prior mean (log-odds)", d, -3.5 * Math.sqrt(p.variance()), 3.5 * Math.sqrt(p.variance()),
          curves(p)));
    }

    if (objectivePerIteration != null && objectivePerIteration.length > 0) {
      page.heading("Objective per iteration")
          .note("J = −log-likelihood − log-prior (nats) at the start of each iteration of " + r.method()
              + " (0: the starting point), ending with the final J.")
          .chart(Chart.line("iteration", "J (nats)", objectivePerIteration, 0));
    } else {
      page.heading("Objective per iteration").note("undefined: the fit recorded no per-iteration objective.");
    }
    pathCharts(page, r);
    page.heading("Table").table(List.of("coefficient", "estimate", "std. error", "z", "prior"), table);
    return page.render();
  }

  /** Feature coefficients (not the intercept) by prior shape, or by family when {@code byFamily}. */
  private static Map<String, List<Integer>> group(List<String> priors, int n, boolean byFamily) {
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (int j = 1; j < n; j++) {
      Prior p = Prior.parse(priors.get(j));
      String key = p == null ? priors.get(j) : byFamily ? p.family() + " (each coefficient its own mean and scale)"
          : p.shape();
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(j);
    }
    return groups;
  }

  /** The prior's density, and for a Gaussian or Laplace one the other family with the same variance. */
  /** The path: coefficients by scale, the cross-validation curve with ± 1 standard error, the evidence. */
  private static void pathCharts(Html page, LogisticResult r) {
    List<io.infospark.logistic.PathPoint> path = r.path();
    if (path.isEmpty()) {
      return;
    }
    int n = path.size();
    double[] xs = new double[n];
    for (int t = 0; t < n; t++) {
      xs[t] = path.get(t).scale();
    }
    String mark = r.selection() == null ? "" : "chosen (" + r.selection() + ")";
    List<Chart.Series> coefs = new ArrayList<>();
    for (int j = 0; j < r.names().size(); j++) {
      double[] ys = new double[n];
      for (int t = 0; t < n; t++) {
        ys[t] = path.get(t).coefficients()[j + 1];
      }
      coefs.add(new Chart.Series(r.names().get(j), ys, null));
    }
    page.heading("Path of coefficients by prior scale")
        .note("Each fit starts from the one at the next smaller scale. Coefficients on their features' own units."
            + (r.selection() == null ? "" : " Dashed: the chosen scale " + Chart.number(r.selectedScale()) + "."))
        .chart(Chart.xy("prior scale", "coefficient", xs, coefs, r.selectedScale(), mark));
    if (path.stream().anyMatch(q -> !Double.isNaN(q.cvLogLoss()))) {
      double[] ys = path.stream().mapToDouble(io.infospark.logistic.PathPoint::cvLogLoss).toArray();
      double[] es = path.stream().mapToDouble(io.infospark.logistic.PathPoint::cvStdError).toArray();
      page.heading("Cross-validation: held-out mean log-loss ± 1 standard error")
          .chart(Chart.xy("prior scale", "held-out log-loss (nats)", xs,
              List.of(new Chart.Series("held-out log-loss", ys, es)), r.selectedScale(), mark));
    }
    if (path.stream().anyMatch(q -> !Double.isNaN(q.logEvidence()))) {
      double[] ys = path.stream().mapToDouble(io.infospark.logistic.PathPoint::logEvidence).toArray();
      page.heading("Evidence: ln Z by prior scale (Laplace approximation)")
          .chart(Chart.xy("prior scale", "ln Z (nats)", xs, List.of(new Chart.Series("ln Z", ys, null)),
              r.selectedScale(), mark));
    }
  }

  private static List<Chart.Curve> curves(Prior p) {
    List<Chart.Curve> curves = new ArrayList<>();
    double sdEq = Math.sqrt(p.variance());
    double bEq = sdEq / Math.sqrt(2);
    switch (p.family()) {
      case "gaussian" -> {
        curves.add(new Chart.Curve("Gaussian prior, sd " + Chart.number(p.sd()), x -> gaussian(x, p.sd()), false));
        curves.add(new Chart.Curve("Laplace, same variance (b " + Chart.number(bEq) + ")", x -> laplace(x, bEq), true));
      }
      case "laplace" -> {
        curves.add(new Chart.Curve("Laplace prior, b " + Chart.number(p.b()), x -> laplace(x, p.b()), false));
        curves.add(new Chart.Curve("Gaussian, same variance (sd " + Chart.number(sdEq) + ")", x -> gaussian(x, sdEq),
            true));
      }
      default -> {
        double z = elasticNorm(p.sd(), p.b());
        curves.add(new Chart.Curve("elastic prior", x -> Math.exp(-x * x / (2 * p.sd() * p.sd())
            - Math.abs(x) / p.b()) / z, false));
      }
    }
    return curves;
  }

  /**
   * The report of scoring a table with a saved model: how well it did (with a label column) and
   * the model's coefficients.
   */
  public static String scoring(ScoreReport s, LogisticResult model, Map<String, String> facts) {
    Html page = new Html("Scoring with the logistic model of " + model.label(), facts);
    page.note(s.rows() + " rows: " + (s.rows() - s.unscored()) + " scored, " + s.unscored()
        + " unscored (a null, NaN or infinite feature), " + s.unlabelled() + " of the scored without a label"
        + " (not in the metrics).");
    String noLabel = "no label column " + model.label() + " in the scored data";
    page.heading("Accuracy and AUC")
        .note("Accuracy at probability 0.5; AUC: the area under the ROC curve (0.5 = chance, 1 = perfect).")
        .chart(Chart.bars("unit-free, 0 to 1", List.of("value"), List.of(Chart.Bar.of("accuracy", s.accuracy(), noLabel),
            Chart.Bar.of("AUC", s.auc(), noLabel)), List.of()));
    page.heading("Mean log-loss (nats)")
        .note("The mean cross-entropy of the predicted probabilities against the labels; ln 2 = 0.693 is a coin flip.")
        .chart(Chart.bars("log-loss (nats)", List.of("value"), List.of(Chart.Bar.of("log-loss", s.logLoss(), noLabel)),
            List.of(new Chart.Line("ln 2 (coin flip)", Math.log(2)))));
    double[] beta = model.coefficientArray();
    double[] se = model.stdErrorArray();
    List<Chart.Bar> bars = new ArrayList<>();
    for (int j = 1; j < beta.length; j++) {
      bars.add(new Chart.Bar(model.names().get(j - 1), java.util.Arrays.asList(beta[j]),
          Double.isNaN(se[j]) ? null : 2 * se[j], null));
    }
    page.heading("The model's coefficients with ±2 standard errors")
        .chart(Chart.bars("coefficient (log-odds)", List.of("estimate"), bars, List.of()));
    return page.render();
  }

  /** ∫ exp(−x²/2σ² − |x|/b) dx, by the trapezoid rule (for the elastic prior's density). */
  private static double elasticNorm(double sd, double b) {
    double lim = 12 * Math.min(sd, b);
    int n = 4000;
    double h = 2 * lim / n;
    double s = 0;
    for (int i = 0; i <= n; i++) {
      double x = -lim + i * h;
      double f = Math.exp(-x * x / (2 * sd * sd) - Math.abs(x) / b);
      s += (i == 0 || i == n) ? f / 2 : f;
    }
    return s * h;
  }
}
