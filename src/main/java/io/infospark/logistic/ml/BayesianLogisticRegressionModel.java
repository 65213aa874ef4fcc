package io.infospark.logistic.ml;

import io.infospark.core.logistic.LogisticLoss;
import io.infospark.logistic.LogisticResult;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;

/**
 * A fitted {@link BayesianLogisticRegression}: rawPrediction = (−z, z), probability =
 * (1 − σ(z), σ(z)), prediction by the thresholds, as Spark's classifiers do. {@link #result()}
 * holds the whole fit (standard errors, J, log-likelihood, …). Saved as Spark ML metadata plus the
 * fit's {@code model.json} under {@code data/}; {@code write().overwrite().save(path)} replaces an
 * earlier model only once the new one is whole ({@link ReplacingWriter}), and the model is
 * checked when loaded.
 */
public class BayesianLogisticRegressionModel
    extends ProbabilisticClassificationModel<Vector, BayesianLogisticRegressionModel> implements MLWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final LogisticResult result;
  private final double intercept;
  private final double[] coefficients;

  public BayesianLogisticRegressionModel(String uid, LogisticResult result) {
    this(PendingUid.set(uid), result, true);
  }

  private BayesianLogisticRegressionModel(String uid, LogisticResult result, boolean pending) {
    PendingUid.clear();
    this.uid = uid;
    this.result = result;
    double[] b = result.coefficientArray();
    this.intercept = b[0];
    this.coefficients = java.util.Arrays.copyOfRange(b, 1, b.length);
  }

  @Override
  public String uid() {
    return uid != null ? uid : PendingUid.get();
  }

  public LogisticResult result() {
    return result;
  }

  public double intercept() {
    return intercept;
  }

  public Vector coefficients() {
    return Vectors.dense(coefficients.clone());
  }

  @Override
  public int numClasses() {
    return 2;
  }

  @Override
  public int numFeatures() {
    return coefficients.length;
  }

  @Override
  public Vector predictRaw(Vector features) {
    double z = intercept;
    if (features instanceof DenseVector) {
      double[] x = ((DenseVector) features).values();
      for (int j = 0; j < coefficients.length; j++) {
        z += coefficients[j] * x[j];
      }
    } else {
      org.apache.spark.ml.linalg.SparseVector s = (org.apache.spark.ml.linalg.SparseVector) features;
      for (int k = 0; k < s.indices().length; k++) {
        z += coefficients[s.indices()[k]] * s.values()[k];
      }
    }
    return Vectors.dense(-z, z);
  }

  @Override
  public Vector raw2probabilityInPlace(Vector raw) {
    double[] v = ((DenseVector) raw).values();
    double p = LogisticLoss.sigmoid(v[1]);
    v[0] = 1 - p;
    v[1] = p;
    return raw;
  }

  /** Java sees two inherited versions (Scala's covariant Tuple3); a raw type satisfies both. */
  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public scala.Tuple3 findSummaryModel() {
    return super.findSummaryModel();
  }

  @Override
  public BayesianLogisticRegressionModel copy(ParamMap extra) {
    return copyValues(new BayesianLogisticRegressionModel(uid, result), extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  public static MLReader<BayesianLogisticRegressionModel> read() {
    return new Reader();
  }

  public static BayesianLogisticRegressionModel load(String path) {
    return read().load(path);
  }

  static final class Writer extends ReplacingWriter {
    private final BayesianLogisticRegressionModel model;

    Writer(BayesianLogisticRegressionModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      // the SparkContext forms: the ones Spark 3.5 and 4 share
      DefaultParamsWriter.saveMetadata(model, path, sparkSession().sparkContext(), scala.Option.empty(),
          scala.Option.empty());
      model.result.save(sparkSession(), new org.apache.hadoop.fs.Path(path, "data").toString());
    }
  }

  static final class Reader extends MLReader<BayesianLogisticRegressionModel> {
    @Override
    public BayesianLogisticRegressionModel load(String given) {
      String path = ReplacingWriter.resolve(sparkSession(), given);
      // the SparkContext form: the one Spark 3.5 and 4 share
      DefaultParamsReader.Metadata md = DefaultParamsReader.loadMetadata(path, sparkSession().sparkContext(),
          BayesianLogisticRegressionModel.class.getName());
      LogisticResult r = LogisticResult.load(sparkSession(), new org.apache.hadoop.fs.Path(path, "data").toString());
      BayesianLogisticRegressionModel m = new BayesianLogisticRegressionModel(md.uid(), r);
      md.getAndSetParams(m, scala.Option.empty());
      return m;
    }
  }
}
