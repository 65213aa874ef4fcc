/**
 * How a result describes its fields once: {@link io.infospark.result.Fields} gives, from one list
 * of named fields, the table's schema and rows (the history table and {@code toDataFrame}), the
 * objects of the summary JSON and the readable text table. {@link io.infospark.result.ResultTable}
 * is a result made of such rows. Sits on {@code core}, below the analyses that describe their
 * results with it.
 */
package io.infospark.result;
