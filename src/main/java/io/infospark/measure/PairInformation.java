package io.infospark.measure;

import io.infospark.core.MutualInfoEstimate;
import java.io.Serializable;

/**
 * The mutual information of one pair of columns.
 *
 * @param x the first column (a feature, with a target)
 * @param y the second column (the target, with a target)
 * @param rows rows of the input (or of the pair's non-dropped rows under nulls = category: all)
 * @param rowsDropped rows left out because x or y was null (nulls = drop); the estimate counts
 *     rows − rowsDropped complete cases
 * @param estimate I, the entropies, normalised and Miller–Madow MI, the G-test, in the result's unit
 */
public record PairInformation(
    String x,
    String y,
    long rows,
    long rowsDropped,
    MutualInfoEstimate estimate) implements Serializable {}
