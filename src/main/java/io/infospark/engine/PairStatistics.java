package io.infospark.engine;

import io.infospark.core.CountFingerprint;
import java.io.Serializable;

/**
 * The statistics of one counted pair (x, y) over the rows it counts (where both are non-null, or
 * every row when null is a value): the fingerprint of the joint counts and of each marginal, so
 * that H(X), H(Y) and H(X,Y) are entropies of one sample.
 *
 * @param joint the fingerprint of the (x, y) counts
 * @param x the fingerprint of x's counts over the pair's rows
 * @param y the fingerprint of y's counts over the pair's rows
 */
public record PairStatistics(CountFingerprint joint, CountFingerprint x, CountFingerprint y) implements Serializable {}
