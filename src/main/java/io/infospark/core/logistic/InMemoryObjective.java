package io.infospark.core.logistic;

import java.util.List;

/** {@link Objective} over blocks held in memory: for tests and small data on the driver. */
public final class InMemoryObjective implements Objective {
  private final List<DataBlock> blocks;
  private final int features;

  public InMemoryObjective(int features, List<DataBlock> blocks) {
    this.features = features;
    this.blocks = List.copyOf(blocks);
  }

  @Override
  public int dimension() {
    return features + 1;
  }

  @Override
  public Eval evaluate(double[] beta, boolean withHessian, int[] columns) {
    LossAggregator agg = new LossAggregator(features, withHessian, columns);
    for (DataBlock b : blocks) {
      agg.add(b, beta);
    }
    return agg.result();
  }

  @Override
  public double[] lossAt(double[] beta, double[] direction, double[] steps) {
    LossAggregator.Line line = new LossAggregator.Line(steps);
    for (DataBlock b : blocks) {
      line.add(b, beta, direction);
    }
    return line.result();
  }

  @Override
  public SeparationCheck.Result separation(double[][] directions, double near) {
    SeparationCheck check = new SeparationCheck(directions.length, features + 1, near);
    for (DataBlock b : blocks) {
      check.add(b, directions);
    }
    return check.result();
  }
}
