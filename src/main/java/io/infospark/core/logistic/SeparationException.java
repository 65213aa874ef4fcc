package io.infospark.core.logistic;

import io.infospark.core.BadInputException;
import java.util.List;

/**
 * Maximum likelihood has no finite optimum: the data are (quasi-)completely separated, which was
 * checked row by row ({@link SeparationCheck}): with d a direction in the coefficients of
 * {@link #features()} (and possibly the intercept), every row with positive weight has
 * (2y − 1)·(β₀ + x·d) ≥ 0, and {@link #separatedRows()} of them &gt; 0. J then decreases strictly
 * along d from every β, so no β minimises it. A Gaussian or Laplace prior on these coefficients
 * gives a finite MAP estimate.
 */
public class SeparationException extends BadInputException {
  private static final long serialVersionUID = 1L;
  private final List<String> features;
  private final boolean complete;
  private final long separatedRows;
  private final long boundaryRows;

  /**
   * @param features the features with a non-zero weight in the separating direction, largest
   *     (in standard units) first
   * @param separatedRows rows strictly on their class's side of the hyperplane
   * @param boundaryRows rows on the hyperplane (0: complete separation)
   * @param detail how the direction was found
   */
  public SeparationException(List<String> features, long separatedRows, long boundaryRows, String detail) {
    super(message(features, separatedRows, boundaryRows, detail));
    this.features = List.copyOf(features);
    this.complete = boundaryRows == 0;
    this.separatedRows = separatedRows;
    this.boundaryRows = boundaryRows;
  }

  private static String message(List<String> features, long separated, long boundary, String detail) {
    String by = String.join(", ", features);
    String rows = boundary == 0
        ? "completely separated by " + by + ": all " + separated + " rows lie strictly on their class's side of a hyperplane in "
        : "quasi-completely separated by " + by + ": " + separated + " rows lie strictly on their class's side of a hyperplane in ";
    return "the data are " + rows + (features.size() == 1 ? "this feature" : "these features")
        + (boundary == 0 ? "" : " and " + boundary + " rows lie on it")
        + " (checked row by row), so their maximum-likelihood coefficients are infinite (" + detail
        + "); put a Gaussian or Laplace prior on them (e.g. --prior gaussian:2.5) for a finite MAP fit";
  }

  /** The features whose coefficients diverge, largest weight (in standard units) first. */
  public List<String> features() {
    return features;
  }

  /** Complete separation: no row lies on the separating hyperplane. */
  public boolean complete() {
    return complete;
  }

  /** Rows strictly on their class's side of the separating hyperplane. */
  public long separatedRows() {
    return separatedRows;
  }

  /** Rows on the separating hyperplane (quasi-complete separation when &gt; 0). */
  public long boundaryRows() {
    return boundaryRows;
  }
}
