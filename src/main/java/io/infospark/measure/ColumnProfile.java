package io.infospark.measure;

import io.infospark.core.EntropyEstimate;
import java.io.Serializable;

/**
 * The entropy profile of one column.
 *
 * @param column the column name as in the DataFrame
 * @param type Spark SQL type name ({@code string}, {@code int}, {@code double}, …)
 * @param rows rows seen (or summed weight)
 * @param nulls null values seen (rows, or summed weight); counted as a value when nulls = category
 * @param estimate entropy, its estimators and error, in the profile's unit; its total is the
 *     number of values counted
 * @param binning for a discretised floating-point column a description of the bins, else null
 */
public record ColumnProfile(
    String column,
    String type,
    double rows,
    double nulls,
    EntropyEstimate estimate,
    String binning) implements Serializable {}
