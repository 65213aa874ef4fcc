package io.infospark.logistic;

import io.infospark.core.logistic.DataBlock;
import io.infospark.core.logistic.Eval;
import io.infospark.core.logistic.LossAggregator;
import io.infospark.core.logistic.Objective;
import io.infospark.core.logistic.SeparationCheck;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The data part of J over cached blocks: each call is one {@code treeAggregate} of a
 * {@link LossAggregator}, with the coefficients broadcast and the broadcast destroyed afterwards.
 */
final class DistributedObjective implements Objective {
  private final JavaRDD<DataBlock> blocks;
  private final int features;
  private final int depth;
  private final JavaSparkContext jsc;

  DistributedObjective(JavaRDD<DataBlock> blocks, int features, int depth) {
    this.blocks = blocks;
    this.features = features;
    this.depth = depth;
    this.jsc = JavaSparkContext.fromSparkContext(blocks.context());
  }

  @Override
  public int dimension() {
    return features + 1;
  }

  @Override
  public Eval evaluate(double[] beta, boolean withHessian, int[] columns) {
    Broadcast<double[]> bc = jsc.broadcast(beta);
    try {
      int d = features;
      LossAggregator agg = blocks.treeAggregate(new LossAggregator(d, withHessian, columns),
          (a, b) -> a.add(b, bc.value()), LossAggregator::merge, depth);
      return agg.result();
    } finally {
      bc.destroy();
    }
  }

  @Override
  public double[] lossAt(double[] beta, double[] direction, double[] steps) {
    Broadcast<double[][]> bc = jsc.broadcast(new double[][] {beta, direction});
    try {
      LossAggregator.Line line = blocks.treeAggregate(new LossAggregator.Line(steps),
          (a, b) -> a.add(b, bc.value()[0], bc.value()[1]), LossAggregator.Line::merge, depth);
      return line.result();
    } finally {
      bc.destroy();
    }
  }

  @Override
  public SeparationCheck.Result separation(double[][] directions, double near) {
    Broadcast<double[][]> bc = jsc.broadcast(directions);
    try {
      return blocks.treeAggregate(new SeparationCheck(directions.length, features + 1, near),
          (a, b) -> a.add(b, bc.value()), SeparationCheck::merge, depth).result();
    } finally {
      bc.destroy();
    }
  }
}
