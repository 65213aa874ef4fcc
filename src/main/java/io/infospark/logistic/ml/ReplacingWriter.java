package io.infospark.logistic.ml;

import io.infospark.logistic.ModelFiles;
import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.MLWriter;

/**
 * An {@link MLWriter} that never deletes the stage it replaces before the new one is whole:
 * Spark's {@code write().overwrite().save(path)} deletes {@code path} and then writes, so a job
 * killed in between has no model at all. Here {@link #saveImpl} writes into a hidden sibling
 * folder, which then replaces {@code path} by renames ({@link ModelFiles#replaceFolder}); without
 * {@code overwrite()} an existing path is an error, as in Spark.
 */
abstract class ReplacingWriter extends MLWriter {
  @Override
  public void save(String path) throws IOException {
    ModelFiles.replaceFolder(sparkSession().sparkContext().hadoopConfiguration(), new Path(path), shouldOverwrite(),
        folder -> saveImpl(folder.toString()));
  }

  /** The folder to load a stage from: {@code path}, or its earlier version when a replacement was interrupted. */
  static String resolve(org.apache.spark.sql.SparkSession spark, String path) {
    try {
      return ModelFiles.resolveFolder(spark.sparkContext().hadoopConfiguration(), new Path(path)).toString();
    } catch (IOException e) {
      return path;
    }
  }
}
