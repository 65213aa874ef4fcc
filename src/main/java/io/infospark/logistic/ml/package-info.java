/**
 * Spark ML stages for logistic regression by MLE/MAP: {@link
 * io.infospark.logistic.ml.BayesianLogisticRegression} (an Estimator over a vector features
 * column and a 0/1 label, usable in Pipelines, CrossValidator, BinaryClassificationEvaluator) and
 * its {@link io.infospark.logistic.ml.BayesianLogisticRegressionModel}, both saveable.
 */
package io.infospark.logistic.ml;
