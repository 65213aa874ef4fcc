package io.infospark.measure;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.InputAdapter;
import org.apache.spark.sql.execution.ProjectExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The places infospark reaches below Spark's public Dataset API, kept here so that an upgrade of
 * Spark has one file to check. They exist because converting every row to a
 * {@link org.apache.spark.sql.Row} (Java Strings, boxed numbers), or a columnar batch to rows,
 * would cost more than counting it. Spark 4 "classic" (non-Connect) sessions only.
 */
final class SparkInternals {
  private SparkInternals() {}

  /** The rows of df in Spark's internal format (UnsafeRow, possibly reused between calls). */
  static JavaRDD<InternalRow> internalRows(Dataset<Row> df) {
    return ((org.apache.spark.sql.classic.Dataset<Row>) df).queryExecution().toRdd().toJavaRDD();
  }

  /** A DataFrame over rows already in the internal format of {@code schema}. */
  static Dataset<Row> fromInternalRows(SparkSession spark, JavaRDD<InternalRow> rows, StructType schema) {
    return ((org.apache.spark.sql.classic.SparkSession) spark).internalCreateDataFrame(rows.rdd(), schema, false);
  }

  /** Columnar batches, and where each output column of the selection is among their columns. */
  record Columnar(RDD<ColumnarBatch> batches, int[] ordinals) {}

  /**
   * The columnar batches behind a selection of plain columns when its physical plan is a columnar
   * scan (Parquet, ORC, cached tables) under at most a column-only projection; null otherwise
   * (filters, expressions, joins, row sources such as CSV), and the caller reads rows.
   */
  static Columnar columnar(Dataset<Row> selection) {
    SparkPlan plan = ((org.apache.spark.sql.classic.Dataset<Row>) selection).queryExecution().executedPlan();
    List<Attribute> wanted = CollectionConverters.asJava(plan.output());
    boolean converted = false;
    while (!converted) {
      if (plan instanceof WholeStageCodegenExec w) {
        plan = w.child();
      } else if (plan instanceof InputAdapter a) {
        plan = a.child();
      } else if (plan instanceof ProjectExec p && onlyAttributes(p.projectList())) {
        plan = p.child();
      } else if (plan instanceof ColumnarToRowExec c) {
        plan = c.child();
        converted = true;
      } else {
        return null;
      }
    }
    while (plan instanceof InputAdapter a) {
      plan = a.child();
    }
    if (!plan.supportsColumnar()) {
      return null;
    }
    List<Attribute> have = CollectionConverters.asJava(plan.output());
    int[] ordinals = new int[wanted.size()];
    for (int i = 0; i < ordinals.length; i++) {
      ordinals[i] = -1;
      for (int j = 0; j < have.size(); j++) {
        if (have.get(j).exprId().equals(wanted.get(i).exprId())) {
          ordinals[i] = j;
        }
      }
      if (ordinals[i] < 0) {
        return null;
      }
    }
    return new Columnar(plan.executeColumnar(), ordinals);
  }

  private static final java.lang.reflect.Field VECTOR_DICTIONARY =
      field(org.apache.spark.sql.execution.vectorized.WritableColumnVector.class, "dictionary");
  private static final java.lang.reflect.Field PARQUET_DICTIONARY =
      field(org.apache.spark.sql.execution.datasources.parquet.ParquetDictionary.class, "dictionary");

  private static java.lang.reflect.Field field(Class<?> c, String name) {
    try {
      java.lang.reflect.Field f = c.getDeclaredField(name);
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /**
   * An object that stays the same while a dictionary-encoded vector's ids keep their meaning: the
   * Parquet column chunk's dictionary (Spark wraps it in a new {@code ParquetDictionary} for every
   * batch); null when unknown (then every batch counts as a new dictionary).
   */
  static Object dictionaryOf(org.apache.spark.sql.execution.vectorized.WritableColumnVector v) {
    if (VECTOR_DICTIONARY == null) {
      return null;
    }
    try {
      Object d = VECTOR_DICTIONARY.get(v);
      if (d instanceof org.apache.spark.sql.execution.datasources.parquet.ParquetDictionary && PARQUET_DICTIONARY != null) {
        return PARQUET_DICTIONARY.get(d);
      }
      return null;
    } catch (IllegalAccessException e) {
      return null;
    }
  }

  private static boolean onlyAttributes(scala.collection.Seq<NamedExpression> list) {
    for (NamedExpression e : CollectionConverters.asJava(list)) {
      if (!(e instanceof Attribute)) {
        return false;
      }
    }
    return true;
  }
}
