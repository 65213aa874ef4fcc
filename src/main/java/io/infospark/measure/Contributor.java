package io.infospark.measure;

import java.io.Serializable;

/**
 * One value (or bin) of a compared column and how much of the divergence it makes: the "why" of a
 * drift. Its terms are its own summands of KL(p‖q) (the non-negative q·φ(p/q − 1), so the terms of
 * all values sum to KL and none is negative) and of JS, in the comparison's unit, computed on the
 * distributions compared (after smoothing); its shares are the terms over the totals.
 *
 * @param value the value as text ({@code null} for the null value, a bin as {@code [lo, hi)})
 * @param p its count in p / the values of p counted (before smoothing)
 * @param q the same in q
 * @param klTerm its term of KL(p‖q); +∞ for a value with q = 0 &lt; p
 * @param klShare klTerm / KL(p‖q); null when KL is infinite or 0
 * @param jsTerm its term of the Jensen–Shannon divergence
 * @param jsShare jsTerm / JS; null when JS is 0
 */
public record Contributor(String value, double p, double q, double klTerm, Double klShare, double jsTerm,
    Double jsShare) implements Serializable {}
