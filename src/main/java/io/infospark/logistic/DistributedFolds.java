package io.infospark.logistic;

import io.infospark.core.logistic.DataBlock;
import io.infospark.core.logistic.FoldPass;
import io.infospark.core.logistic.SeparationCheck;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The passes of cross-validation over cached blocks sorted by fold: one {@code treeAggregate} of a
 * {@link FoldPass} serves every fold's requests.
 */
final class DistributedFolds implements FoldPass.Data {
  private final JavaRDD<DataBlock> blocks;
  private final int features;
  private final int folds;
  private final int depth;
  private final JavaSparkContext jsc;

  DistributedFolds(JavaRDD<DataBlock> blocks, int features, int folds, int depth) {
    this.blocks = blocks;
    this.features = features;
    this.folds = folds;
    this.depth = depth;
    this.jsc = JavaSparkContext.fromSparkContext(blocks.context());
  }

  @Override
  public int features() {
    return features;
  }

  @Override
  public int folds() {
    return folds;
  }

  @Override
  public List<Object> pass(List<FoldPass.Request> requests) {
    // the requests (K + 2 coefficient vectors at most) travel in the zero value, which allocates
    // its sums only when it meets its first block
    return blocks.treeAggregate(new FoldPass(features, folds, requests), FoldPass::add, FoldPass::merge, depth).results();
  }

  @Override
  public SeparationCheck.Result separation(int set, double[][] directions, double near) {
    Broadcast<double[][]> bc = jsc.broadcast(directions);
    try {
      int k = folds;
      return blocks.treeAggregate(new SeparationCheck(directions.length, features + 1, near),
          (a, b) -> a.add(set < k ? b.withoutFold(set) : b, bc.value()), SeparationCheck::merge, depth).result();
    } finally {
      bc.destroy();
    }
  }
}
