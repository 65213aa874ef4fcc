package io.infospark.logistic;

import io.infospark.core.BadInputException;
import io.infospark.core.logistic.Prior;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the scale of the prior is chosen (DESIGN.md §5.3), and the parsing of its job syntax: a prior
 * such as {@code gaussian:0.5} has its scale; {@code gaussian:auto} picks σ by the evidence
 * (empirical Bayes, Gaussian priors only); {@code laplace:cv} (or {@code gaussian:cv},
 * {@code t:cv:NU}, {@code cauchy:cv}) by K-fold cross-validation over a path of scales.
 */
public enum ScaleChoice {
  /** The scale given. */
  GIVEN,
  /** σ* = argmax ln Z(σ): Gaussian priors only. */
  EVIDENCE,
  /** The path's scale with the least held-out log-loss, or the 1se rule's. */
  CROSS_VALIDATION;

  /** The cross-validation rules: least mean held-out log-loss, or the strongest prior within one standard error of it. */
  public enum Rule {
    MIN("cv-min"), ONE_SE("cv-1se");

    private final String selection;

    Rule(String selection) {
      this.selection = selection;
    }

    /** The summary's {@code selection}: cv-min or cv-1se. */
    public String selection() {
      return selection;
    }

    /** As written in a setting: {@code min} or {@code 1se} (what {@link #parse} reads). */
    public String text() {
      return selection.substring("cv-".length());
    }

    /** {@code min} or {@code 1se}; anything else is an error naming {@code key}. */
    public static Rule parse(String text, String key) {
      String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
      switch (t) {
        case "min": return MIN;
        case "1se": case "one-se": return ONE_SE;
        default:
          throw new BadInputException(key + ": expected min or 1se but got '" + text + "'");
      }
    }
  }

  /** A parsed prior: the prior (scale 1 as a placeholder when it is chosen) and how its scale is chosen. */
  public record Spec(Prior prior, ScaleChoice choice) {}

  /**
   * Parses the job syntax of {@code --prior}: what {@link Prior#parse} accepts, with {@code auto} or
   * {@code cv} in place of the scale.
   */
  public static Spec parse(String text, double mean, String key) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    String[] p = t.split(":");
    if (p.length >= 2 && (p[1].equals("auto") || p[1].equals("cv"))) {
      ScaleChoice c = p[1].equals("auto") ? EVIDENCE : CROSS_VALIDATION;
      String family = p[0];
      boolean gaussian = family.equals("gaussian") || family.equals("normal") || family.equals("l2");
      if (c == EVIDENCE && !gaussian) {
        throw new BadInputException(key + ": '" + text + "': the evidence (auto) is defined here for Gaussian priors only;"
            + " use " + family + ":cv to choose the scale by cross-validation");
      }
      if (family.equals("elastic")) {
        throw new BadInputException(key + ": '" + text + "': an elastic prior has two scales; choose one of gaussian:cv or laplace:cv");
      }
      List<String> parts = new ArrayList<>(List.of(p));
      parts.set(1, "1");
      return new Spec(Prior.parse(String.join(":", parts), mean, key), c);
    }
    return new Spec(Prior.parse(text, mean, key), GIVEN);
  }

  /**
   * Scales of a path: positive finite numbers, comma-separated (sorted ascending here), or
   * {@code default} for the default grid (an empty list).
   */
  public static double[] parseScales(String text, String key) {
    String t = text == null ? "" : text.trim();
    if (t.equalsIgnoreCase("default")) {
      return new double[0];
    }
    if (t.isEmpty()) {
      throw new BadInputException(key + ": expected scales > 0, comma-separated (or 'default') but got an empty list");
    }
    String[] parts = t.split(",");
    double[] s = new double[parts.length];
    for (int k = 0; k < parts.length; k++) {
      try {
        s[k] = Double.parseDouble(parts[k].trim());
      } catch (NumberFormatException e) {
        throw new BadInputException(key + ": expected scales > 0, comma-separated, but got '" + parts[k].trim() + "'");
      }
      checkScale(s[k], key);
    }
    java.util.Arrays.sort(s);
    return s;
  }

  static void checkScale(double s, String key) {
    if (!(s > 0) || !Double.isFinite(s)) {
      throw new BadInputException(key + ": every scale must be a finite number > 0 but got " + s);
    }
  }
}
