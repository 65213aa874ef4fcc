package io.infospark.core.logistic;

import io.infospark.core.BadInputException;
import java.io.Serializable;

/**
 * A prior distribution on one coefficient, in natural units on the original feature scale.
 * {@code −ln p(β)} (up to a constant) splits into a smooth Gaussian part
 * {@code (β − μ)² / (2σ²)} and a non-smooth Laplace part {@code |β − μ| / b}; the optimisers use
 * the first through {@link #smoothValue}/{@link #smoothGradient}/{@link #smoothCurvature} and the
 * second through {@link #l1Weight} (a proximal term). Absent parts are σ = ∞ or b = ∞.
 */
public interface Prior extends Serializable {

  /** The improper flat prior: maximum likelihood for this coefficient. */
  static Prior flat() {
    return StandardPrior.FLAT;
  }

  /**
   * Gaussian(mean, sd): penalty (β − mean)² / (2 sd²), i.e. L2 with λ₂ = 1/(2 sd²). The precision
   * 1/sd² must be a finite double: sd ≥ {@link #MIN_SD}.
   */
  static Prior gaussian(double mean, double sd) {
    return new StandardPrior(checkMean(mean), checkSd(sd), Double.POSITIVE_INFINITY);
  }

  /** Laplace(mean, b): penalty |β − mean| / b, i.e. L1 with λ₁ = 1/b (finite: b ≥ {@link #MIN_SCALE}). */
  static Prior laplace(double mean, double b) {
    return new StandardPrior(checkMean(mean), Double.POSITIVE_INFINITY, checkScale(b));
  }

  /** Both terms (elastic net): (β − mean)² / (2 sd²) + |β − mean| / b. */
  static Prior elastic(double mean, double sd, double b) {
    return new StandardPrior(checkMean(mean), checkSd(sd), checkScale(b));
  }

  /**
   * Student-t(mean, s, ν): penalty ((ν + 1)/2) ln(1 + ((β − mean)/s)²/ν) (DESIGN.md §5.4). Not
   * log-concave: a fit with it finds a local mode. s and ν must be finite and > 0.
   */
  static Prior studentT(double mean, double s, double df) {
    checkMean(mean);
    if (!(s > 0) || !Double.isFinite(s) || s < MIN_SD) {
      throw new BadInputException("prior scale s of a t prior must be finite and at least " + MIN_SD + " but got " + s);
    }
    if (!(df > 0) || !Double.isFinite(df)) {
      throw new BadInputException("degrees of freedom of a t prior must be finite and > 0 but got " + df);
    }
    return new StudentTPrior(mean, s, df);
  }

  /** Cauchy(mean, s): the Student-t with ν = 1, penalty ln(1 + ((β − mean)/s)²). */
  static Prior cauchy(double mean, double s) {
    return studentT(mean, s, 1.0);
  }

  /** The smallest Gaussian sd whose precision 1/sd² is a finite double (≈ 7.5e-155). */
  double MIN_SD = 1.0 / Math.sqrt(Double.MAX_VALUE);
  /** The smallest Laplace scale whose weight 1/b is a finite double (≈ 5.6e-309). */
  double MIN_SCALE = 1.0 / Double.MAX_VALUE;

  /**
   * Parses {@code flat}, {@code gaussian:SD}, {@code laplace:B}, {@code elastic:SD:B},
   * {@code t:S:NU} or {@code cauchy:S} (the job syntax, DESIGN.md §3, §5.4) with the given mean.
   *
   * @throws BadInputException naming {@code key} when the text is malformed or a scale is ≤ 0
   */
  static Prior parse(String text, double mean, String key) {
    String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
    String[] p = t.split(":");
    try {
      switch (p[0]) {
        case "flat": case "none": case "mle":
          if (p.length == 1) {
            return flat();
          }
          break;
        case "gaussian": case "normal": case "l2":
          if (p.length == 2) {
            return gaussian(mean, Double.parseDouble(p[1]));
          }
          break;
        case "laplace": case "l1":
          if (p.length == 2) {
            return laplace(mean, Double.parseDouble(p[1]));
          }
          break;
        case "elastic":
          if (p.length == 3) {
            return elastic(mean, Double.parseDouble(p[1]), Double.parseDouble(p[2]));
          }
          break;
        case "t": case "student": case "student-t":
          if (p.length == 3) {
            return studentT(mean, Double.parseDouble(p[1]), Double.parseDouble(p[2]));
          }
          break;
        case "cauchy":
          if (p.length == 2) {
            return cauchy(mean, Double.parseDouble(p[1]));
          }
          break;
        default:
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    } catch (BadInputException e) {
      throw new BadInputException(key + ": " + e.getMessage());
    }
    throw new BadInputException(key + ": expected flat, gaussian:SD, laplace:B, elastic:SD:B, t:S:NU or cauchy:S but got '" + text + "'");
  }

  /** μ: the location of the prior (0 for {@link #flat()}). */
  double mean();

  /** σ of the Gaussian part, +∞ when there is none. */
  double sd();

  /** b of the Laplace part, +∞ when there is none. */
  double scale();

  /** True for the flat prior (no penalty at all). */
  default boolean isFlat() {
    return Double.isInfinite(sd()) && Double.isInfinite(scale());
  }

  /** True when there is a Laplace (L1) part. */
  default boolean hasL1() {
    return !Double.isInfinite(scale());
  }

  /** (β − μ)² / (2σ²). */
  default double smoothValue(double beta) {
    double d = beta - mean();
    return Double.isInfinite(sd()) ? 0.0 : d * d / (2 * sd() * sd());
  }

  /** d/dβ of {@link #smoothValue}: (β − μ)/σ². */
  default double smoothGradient(double beta) {
    return Double.isInfinite(sd()) ? 0.0 : (beta - mean()) / (sd() * sd());
  }

  /** d²/dβ² of {@link #smoothValue}: 1/σ² (the Hessian diagonal term); at the mean for a t prior. */
  default double smoothCurvature() {
    return Double.isInfinite(sd()) ? 0.0 : 1.0 / (sd() * sd());
  }

  /** d²/dβ² of {@link #smoothValue} at β: constant but for a t prior. */
  default double smoothCurvature(double beta) {
    return smoothCurvature();
  }

  /** False for priors whose −ln p is not convex (Student-t): J may then have local minima. */
  default boolean isConvex() {
    return true;
  }

  /**
   * The one scale a path varies: σ of a Gaussian, b of a Laplace, s of a t prior; NaN for the flat
   * and elastic priors.
   */
  double pathScale();

  /** The same family and mean with {@link #pathScale()} replaced by {@code s}. */
  Prior withScale(double s);

  /** λ₁ = 1/b, the weight of |β − μ|; 0 without a Laplace part. */
  default double l1Weight() {
    return hasL1() ? 1.0 / scale() : 0.0;
  }

  /** The whole penalty −ln p(β) up to a constant: smooth part + |β − μ|/b. */
  default double penalty(double beta) {
    return smoothValue(beta) + (hasL1() ? Math.abs(beta - mean()) / scale() : 0.0);
  }

  /**
   * The prior of γ = s·β when this is the prior of β (used to fit in standardised units): the
   * same distribution, stretched by s > 0.
   */
  default Prior rescaled(double s) {
    return isFlat() ? this : new StandardPrior(mean() * s, sd() * s, scale() * s);
  }

  /** A short description in the job syntax, e.g. {@code gaussian(mean=0, sd=0.5)}. */
  String describe();

  private static double checkSd(double v) {
    if (!(v > 0) || Double.isNaN(v)) {
      throw new BadInputException("prior sd must be > 0 but got " + v);
    }
    if (v < MIN_SD) {
      throw new BadInputException("prior sd must be at least " + MIN_SD + " (its precision 1/sd² must be a finite"
          + " number) but got " + v);
    }
    return v;
  }

  private static double checkScale(double v) {
    if (!(v > 0) || Double.isNaN(v)) {
      throw new BadInputException("prior scale b must be > 0 but got " + v);
    }
    if (v < MIN_SCALE) {
      throw new BadInputException("prior scale b must be at least " + MIN_SCALE + " (1/b must be a finite number) but got " + v);
    }
    return v;
  }

  private static double checkMean(double m) {
    if (!Double.isFinite(m)) {
      throw new BadInputException("prior mean must be finite but got " + m);
    }
    return m;
  }
}
