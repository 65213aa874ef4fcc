package io.infospark.core.logistic;

import io.infospark.core.BadInputException;
import java.util.List;

/**
 * Maximum likelihood has no finite optimum: the data are (quasi-)completely separated, so J keeps
 * decreasing as the coefficients of {@link #features()} grow without bound. A Gaussian or Laplace
 * prior on them gives a finite MAP estimate.
 */
public class SeparationException extends BadInputException {
  private static final long serialVersionUID = 1L;
  private final List<String> features;

  public SeparationException(List<String> features, String detail) {
    super("the data are (quasi-)completely separated by " + String.join(", ", features)
        + ": their maximum-likelihood coefficients are infinite (" + detail
        + "); put a Gaussian or Laplace prior on them (e.g. --prior gaussian:2.5) for a finite MAP fit");
    this.features = List.copyOf(features);
  }

  /** The features whose coefficients diverge. */
  public List<String> features() {
    return features;
  }
}
