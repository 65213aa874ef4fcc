package io.infospark.measure;

import java.io.Serializable;

/**
 * One value of a compared column with its share of each side's values (before smoothing).
 *
 * @param value the value as text ({@code null} for the null value, a bin as {@code [lo, hi)})
 * @param p its count in p / the values of p counted
 * @param q the same in q
 */
public record ValueShare(String value, double p, double q) implements Serializable {}
