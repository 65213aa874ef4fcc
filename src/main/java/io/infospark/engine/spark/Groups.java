package io.infospark.engine.spark;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.apache.spark.Partition;
import org.apache.spark.ShuffleDependency;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.PartitionGroup;
import org.apache.spark.rdd.RDD;

/**
 * Partitions put together into groups without a shuffle, by a rule fixed in advance instead of by
 * Spark's locality heuristics: the engine's merge partitions are read by a few tasks, each task one
 * contiguous range of them, so that the partition a key lands in says which task (and which saved
 * state file) holds it.
 */
public final class Groups {
  private Groups() {}

  /**
   * The group of partition {@code p} of {@code partitions} split into {@code groups} contiguous
   * ranges: group g holds partitions {@code [⌊g·partitions/groups⌋, ⌊(g+1)·partitions/groups⌋)}.
   */
  public static int groupOf(int p, int partitions, int groups) {
    return (int) (((p + 1L) * groups - 1) / partitions);
  }

  /** rdd's partitions in {@code groups} contiguous ranges ({@link #groupOf}), one task each, no shuffle. */
  public static <T> JavaRDD<T> contiguous(JavaRDD<T> rdd, int groups) {
    int n = rdd.getNumPartitions();
    int[] group = new int[n];
    for (int p = 0; p < n; p++) {
      group[p] = groupOf(p, n, groups);
    }
    return byGroup(rdd, group, groups);
  }

  /**
   * rdd's partitions put together by the group given for each ({@code group[p]} in [0, groups)):
   * partition g of the result reads, one after another, the partitions of group g (none: empty).
   * No shuffle.
   */
  public static <T> JavaRDD<T> byGroup(JavaRDD<T> rdd, int[] group, int groups) {
    if (group.length != rdd.getNumPartitions()) {
      throw new IllegalArgumentException(group.length + " groups given for " + rdd.getNumPartitions() + " partitions");
    }
    RDD<T> out = rdd.rdd().coalesce(groups, false, scala.Option.apply(new Fixed(group.clone(), groups)), null);
    return JavaRDD.fromRDD(out, rdd.classTag());
  }

  /** How many shuffles computing rdd involves, in its whole lineage. */
  public static int shuffles(JavaRDD<?> rdd) {
    Set<Integer> shuffles = new HashSet<>();
    Deque<RDD<?>> todo = new ArrayDeque<>();
    Set<Integer> seen = new HashSet<>();
    todo.push(rdd.rdd());
    while (!todo.isEmpty()) {
      RDD<?> r = todo.pop();
      if (!seen.add(r.id())) {
        continue;
      }
      scala.collection.Iterator<org.apache.spark.Dependency<?>> deps = r.dependencies().iterator();
      while (deps.hasNext()) {
        org.apache.spark.Dependency<?> d = deps.next();
        if (d instanceof ShuffleDependency<?, ?, ?> sd) {
          shuffles.add(sd.shuffleId());
        }
        todo.push(d.rdd());
      }
    }
    return shuffles.size();
  }

  /** Groups partitions as an array says. */
  private static final class Fixed implements SerializableCoalescer {
    private static final long serialVersionUID = 1L;
    private final int[] group;
    private final int groups;

    Fixed(int[] group, int groups) {
      this.group = group;
      this.groups = groups;
    }

    @Override
    public PartitionGroup[] coalesce(int maxPartitions, RDD<?> parent) {
      PartitionGroup[] out = new PartitionGroup[groups];
      for (int g = 0; g < groups; g++) {
        out[g] = new PartitionGroup(scala.Option.empty());
      }
      Partition[] parts = parent.partitions();
      for (int p = 0; p < parts.length; p++) {
        out[group[p]].partitions().$plus$eq(parts[p]);
      }
      return out;
    }
  }
}
