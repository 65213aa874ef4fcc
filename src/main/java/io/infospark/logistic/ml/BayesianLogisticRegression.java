package io.infospark.logistic.ml;

import io.infospark.core.logistic.Prior;
import io.infospark.logistic.LogisticFit;
import io.infospark.logistic.LogisticOptions;
import io.infospark.logistic.LogisticResult;
import io.infospark.logistic.NaPolicy;
import io.infospark.logistic.ScaleChoice;
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
 * Choosing the scale: {@code scaleChoice} = given (default) | evidence (Gaussian) | cv, with
 * {@code path} ('' none, 'default', or scales), {@code folds} (5), {@code rule} (min | 1se),
 * {@code seed} (1); t priors by {@code prior} = t with {@code priorSd} as s and {@code priorDf}
 * (1 = Cauchy). The model's {@code result()} keeps the path, the chosen scale and how.
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
  private final Param<String> scaleChoice;
  private final Param<String> path;
  private final IntParam folds;
  private final Param<String> rule;
  private final org.apache.spark.ml.param.LongParam seed;
  private final DoubleParam priorDf;

  public BayesianLogisticRegression() {
    this(Identifiable$.MODULE$.randomUID("bayesLogReg"));
  }

  public BayesianLogisticRegression(String uid) {
    this(PendingUid.set(uid), true);
  }

  private BayesianLogisticRegression(String uid, boolean pending) {
    PendingUid.clear();
    this.uid = uid;
    prior = new Param<>(this, "prior", "prior on every coefficient: flat, gaussian, laplace, elastic or t (scale priorSd, priorDf degrees of freedom)",
        ParamValidators.inArray(new String[] {"flat", "gaussian", "laplace", "elastic", "t"}));
    priorSd = new DoubleParam(this, "priorSd", "sd of the Gaussian part (> 0)", ParamValidators.gt(0.0));
    priorScale = new DoubleParam(this, "priorScale", "scale b of the Laplace part (> 0)", ParamValidators.gt(0.0));
    priorMean = new DoubleParam(this, "priorMean", "prior mean of every coefficient");
    standardization = new BooleanParam(this, "standardization",
        "optimise in standardised units (exact reparametrisation: the optimum is unchanged)");
    maxIter = new IntParam(this, "maxIter", "maximum iterations (0 = auto)", ParamValidators.gtEq(0.0));
    tol = new DoubleParam(this, "tol", "KKT-norm tolerance per unit weight (> 0)", ParamValidators.gt(0.0));
    weightCol = new Param<>(this, "weightCol", "sample weight column ('' = none)");
    naDrop = new BooleanParam(this, "naDrop", "drop rows with NaN features instead of failing");
    scaleChoice = new Param<>(this, "scaleChoice", "how the prior's scale is chosen: given (priorSd/priorScale), "
        + "evidence (Gaussian priors: empirical Bayes) or cv (cross-validation over the path)",
        ParamValidators.inArray(new String[] {"given", "evidence", "cv"}));
    path = new Param<>(this, "path", "prior scales to fit in turn, comma-separated ('' = none, 'default' = the default grid)");
    folds = new IntParam(this, "folds", "folds of cross-validation (>= 2)", ParamValidators.gtEq(2.0));
    rule = new Param<>(this, "rule", "cross-validation rule: min or 1se", ParamValidators.inArray(new String[] {"min", "1se"}));
    seed = new org.apache.spark.ml.param.LongParam(this, "seed", "seed of the cross-validation folds");
    priorDf = new DoubleParam(this, "priorDf", "degrees of freedom of a t prior (> 0; 1 = Cauchy)", ParamValidators.gt(0.0));
    setDefault(prior, "flat");
    setDefault(priorSd, 1.0);
    setDefault(priorScale, 1.0);
    setDefault(priorMean, 0.0);
    // the defaults of LogisticOptions, which the facade and the fit-logistic job use too
    setDefault(standardization, LogisticOptions.DEFAULT_STANDARDIZE);
    setDefault(maxIter, LogisticOptions.DEFAULT_MAX_ITERATIONS);
    setDefault(tol, LogisticOptions.DEFAULT_TOLERANCE);
    setDefault(weightCol, "");
    setDefault(naDrop, LogisticOptions.DEFAULT_NA == NaPolicy.DROP);
    setDefault(scaleChoice, "given");
    setDefault(path, "");
    setDefault(folds, LogisticOptions.DEFAULT_FOLDS);
    setDefault(rule, LogisticOptions.DEFAULT_RULE.text());
    setDefault(seed, LogisticOptions.DEFAULT_SEED);
    setDefault(priorDf, 1.0);
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
  public Param<String> scaleChoice() { return scaleChoice; }
  public Param<String> path() { return path; }
  public IntParam folds() { return folds; }
  public Param<String> rule() { return rule; }
  public org.apache.spark.ml.param.LongParam seed() { return seed; }
  public DoubleParam priorDf() { return priorDf; }

  public BayesianLogisticRegression setPrior(String v) { set(prior, v); return this; }
  public BayesianLogisticRegression setPriorSd(double v) { set(priorSd, v); return this; }
  public BayesianLogisticRegression setPriorScale(double v) { set(priorScale, v); return this; }
  public BayesianLogisticRegression setPriorMean(double v) { set(priorMean, v); return this; }
  public BayesianLogisticRegression setStandardization(boolean v) { set(standardization, v); return this; }
  public BayesianLogisticRegression setMaxIter(int v) { set(maxIter, v); return this; }
  public BayesianLogisticRegression setTol(double v) { set(tol, v); return this; }
  public BayesianLogisticRegression setWeightCol(String v) { set(weightCol, v); return this; }
  public BayesianLogisticRegression setNaDrop(boolean v) { set(naDrop, v); return this; }
  public BayesianLogisticRegression setScaleChoice(String v) { set(scaleChoice, v); return this; }
  public BayesianLogisticRegression setPath(String v) { set(path, v); return this; }
  public BayesianLogisticRegression setFolds(int v) { set(folds, v); return this; }
  public BayesianLogisticRegression setRule(String v) { set(rule, v); return this; }
  public BayesianLogisticRegression setSeed(long v) { set(seed, v); return this; }
  public BayesianLogisticRegression setPriorDf(double v) { set(priorDf, v); return this; }

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
      case "t": return Prior.studentT(m, num(priorSd), num(priorDf));
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
    String c = $(scaleChoice);
    o.choose(c.equals("evidence") ? ScaleChoice.EVIDENCE : c.equals("cv") ? ScaleChoice.CROSS_VALIDATION : ScaleChoice.GIVEN);
    if (!$(path).isEmpty()) {
      o.path(ScaleChoice.parseScales($(path), "path"));
    }
    o.folds((Integer) $(folds)).rule(ScaleChoice.Rule.parse($(rule), "rule")).seed((Long) $(seed));
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
        // the SparkContext form: the one Spark 3.5 and 4 share
        DefaultParamsWriter.saveMetadata(self, path, sparkSession().sparkContext(), scala.Option.empty(),
            scala.Option.empty());
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
