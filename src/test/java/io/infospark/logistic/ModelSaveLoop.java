package io.infospark.logistic;

import io.infospark.logistic.ml.BayesianLogisticRegressionModel;
import org.apache.spark.sql.SparkSession;

/**
 * A process that saves two models in turn over the same place, forever, for a test to kill with
 * SIGKILL at any moment ({@code io.infospark.job.ModelSafetyTest}). Arguments: a target for
 * {@link LogisticResult#save} (what {@code fit-logistic --model} does), a target for a
 * {@link BayesianLogisticRegressionModel}'s {@code write().overwrite().save}, and two model
 * folders written by {@code fit-logistic --model}. Each round saves 20 times to the first
 * target (a save there is short), then once to the second. Prints {@code saving} once the loop
 * has started and {@code saved N} after each round.
 */
public final class ModelSaveLoop {
  private ModelSaveLoop() {}

  public static void main(String[] args) throws Exception {
    SparkSession spark = SparkSession.builder().master("local[1]").appName("model-save-loop")
        .config("spark.ui.enabled", "false").getOrCreate();
    LogisticResult[] models = {LogisticResult.load(spark, args[2]), LogisticResult.load(spark, args[3])};
    System.out.println("saving");
    System.out.flush();
    for (long n = 0; ; n++) {
      for (int k = 0; k < 20; k++) {
        models[k % 2].save(spark, args[0]);
      }
      new BayesianLogisticRegressionModel("blr-loop", models[(int) (n % 2)]).write().overwrite().save(args[1]);
      System.out.println("saved " + n);
      System.out.flush();
    }
  }
}
