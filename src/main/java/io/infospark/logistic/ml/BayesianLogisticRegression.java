package io.infospark.logistic.ml;

import io.infospark.core.logistic.Prior;
import io.infospark.logistic.LogisticFit;
import io.infospark.logistic.LogisticOptions;
import io.infospark.logistic.LogisticResult;
import io.infospark.logistic.NaPolicy;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Logistic regression by MLE or MAP as a Spark ML Estimator. Params and defaults:
 * {@code prior} = flat | gaussian | laplace | elastic (default flat), {@code priorSd} (1.0),
 * {@code priorScale} (1.0), {@code priorMean} (0.0) — the same prior on every coefficient, on the
 * original feature scale, intercept flat; {@code standardization} (true: an exact
 * reparametrisation, the optimum does not change), {@code maxIter} (0 = auto), {@code tol}
 * (1e-9), {@code weightCol} (none), {@code naDrop} (false: NaN features are an error), plus the
 * usual featuresCol/labelCol (0/1)/rawPredictionCol/probabilityCol/predictionCol/thresholds.
 */
public class BayesianLogisticRegression
    extends ProbabilisticClassifier<org.apache.spark.ml.linalg.Vector, BayesianLogisticRegression, BayesianLogisticRegressionModel>
    implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  private final String uid;
  private final Param<String> prior;
  private final DoubleParam priorSd;
  private final DoubleParam priorScale;
  private final DoubleParam priorMean;
  private final BooleanParam standardization;
  private final IntParam maxIter;
  private final DoubleParam tol;
  private final Param<String> weightCol;
  private final BooleanParam naDrop;

  public BayesianLogisticRegression() {
    this(Identifiable$.MODULE$.randomUID("bayesLogReg"));
  }

  public BayesianLogisticRegression(String uid) {
    this(PendingUid.set(uid), true);
  }

  private BayesianLogisticRegression(String uid, boolean pending) {
    PendingUid.clear();
    this.uid = uid;
    prior = new Param<>(this, "prior", "prior on every coefficient: flat, gaussian, laplace or elastic",
        ParamValidators.inArray(new String[] {"flat", "gaussian", "laplace", "elastic"}));
    priorSd = new DoubleParam(this, "priorSd", "sd of the Gaussian part (> 0)", ParamValidators.gt(0.0));
    priorScale = new DoubleParam(this, "priorScale", "scale b of the Laplace part (> 0)", ParamValidators.gt(0.0));
    priorMean = new DoubleParam(this, "priorMean", "prior mean of every coefficient");
    standardization = new BooleanParam(this, "standardization",
        "optimise in standardised units (exact reparametrisation: the optimum is unchanged)");
    maxIter = new IntParam(this, "maxIter", "maximum iterations (0 = auto)", ParamValidators.gtEq(0.0));
    tol = new DoubleParam(this, "tol", "KKT-norm tolerance per unit weight (> 0)", ParamValidators.gt(0.0));
    weightCol = new Param<>(this, "weightCol", "sample weight column ('' = none)");
    naDrop = new BooleanParam(this, "naDrop", "drop rows with NaN features instead of failing");
    setDefault(prior, "flat");
    setDefault(priorSd, 1.0);
    setDefault(priorScale, 1.0);
    setDefault(priorMean, 0.0);
    setDefault(standardization, true);
    setDefault(maxIter, 0);
    setDefault(tol, 1e-9);
    setDefault(weightCol, "");
    setDefault(naDrop, false);
  }

  @Override
  public String uid() {
    return uid != null ? uid : PendingUid.get();
  }

  public Param<String> prior() { return prior; }
  public DoubleParam priorSd() { return priorSd; }
  public DoubleParam priorScale() { return priorScale; }
  public DoubleParam priorMean() { return priorMean; }
  public BooleanParam standardization() { return standardization; }
  public IntParam maxIter() { return maxIter; }
  public DoubleParam tol() { return tol; }
  public Param<String> weightCol() { return weightCol; }
  public BooleanParam naDrop() { return naDrop; }

  public BayesianLogisticRegression setPrior(String v) { set(prior, v); return this; }
  public BayesianLogisticRegression setPriorSd(double v) { set(priorSd, v); return this; }
  public BayesianLogisticRegression setPriorScale(double v) { set(priorScale, v); return this; }
  public BayesianLogisticRegression setPriorMean(double v) { set(priorMean, v); return this; }
  public BayesianLogisticRegression setStandardization(boolean v) { set(standardization, v); return this; }
  public BayesianLogisticRegression setMaxIter(int v) { set(maxIter, v); return this; }
  public BayesianLogisticRegression setTol(double v) { set(tol, v); return this; }
  public BayesianLogisticRegression setWeightCol(String v) { set(weightCol, v); return this; }
  public BayesianLogisticRegression setNaDrop(boolean v) { set(naDrop, v); return this; }

  private double num(DoubleParam p) {
    return (Double) $(p);
  }

  private boolean bool(BooleanParam p) {
    return (Boolean) $(p);
  }

  /** The prior these params describe. */
  public Prior priorValue() {
    double m = num(priorMean);
    switch ($(prior)) {
      case "gaussian": return Prior.gaussian(m, num(priorSd));
      case "laplace": return Prior.laplace(m, num(priorScale));
      case "elastic": return Prior.elastic(m, num(priorSd), num(priorScale));
      default: return Prior.flat();
    }
  }

  @Override
  public BayesianLogisticRegressionModel train(Dataset<?> dataset) {
    @SuppressWarnings("unchecked")
    Dataset<Row> df = (Dataset<Row>) dataset;
    LogisticOptions o = LogisticOptions.label($(labelCol())).featuresVector($(featuresCol()), null)
        .prior(priorValue()).standardize(bool(standardization)).maxIterations((Integer) $(maxIter)).tolerance(num(tol))
        .na(bool(naDrop) ? NaPolicy.DROP : NaPolicy.ERROR);
    if (!$(weightCol).isEmpty()) {
      o.weight($(weightCol));
    }
    LogisticResult r = LogisticFit.fit(df, o);
    if (!r.converged()) {
      // as Spark's own estimators do: the model is returned, result().converged() says it is not an optimum
      org.slf4j.LoggerFactory.getLogger(BayesianLogisticRegression.class).warn(
          "{}: the fit did not converge ({}); result().converged() is false", uid, r.message());
    }
    for (String note : r.determinedByPrior()) {
      org.slf4j.LoggerFactory.getLogger(BayesianLogisticRegression.class).info("{}: {}", uid, note);
    }
    return new BayesianLogisticRegressionModel(uid, r);
  }

  @Override
  public BayesianLogisticRegression copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** Saves the params; {@code overwrite()} replaces an earlier save only once the new one is whole. */
  @Override
  public org.apache.spark.ml.util.MLWriter write() {
    BayesianLogisticRegression self = this;
    return new ReplacingWriter() {
      @Override
      public void saveImpl(String path) {
        DefaultParamsWriter.saveMetadata(self, path, sparkSession());
      }
    };
  }

  public static MLReader<BayesianLogisticRegression> read() {
    return new MLReader<>() {
      @Override
      public BayesianLogisticRegression load(String path) {
        return new DefaultParamsReader<BayesianLogisticRegression>().session(sparkSession())
            .load(ReplacingWriter.resolve(sparkSession(), path));
      }
    };
  }

  public static BayesianLogisticRegression load(String path) {
    return read().load(path);
  }
}
