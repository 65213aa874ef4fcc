package io.infospark.engine;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Times {@link SortedStateMerge} alone, on one thread, over saved states already written (a
 * {@code main}, never a timed unit test): {@code SortedMergeTiming <states folder> [repeats]} merges
 * group g of every {@code run_id=} folder, as a task of the merge does, folds the merged counts as the
 * statistics do, and prints the merged entries per second (and the entries read from the files).
 */
public final class SortedMergeTiming {
  private static final Pattern PART = Pattern.compile("part-(\\d+)-.*\\.parquet");

  private SortedMergeTiming() {
  }

  public static void main(String[] args) throws Exception {
    File dir = new File(args[0]);
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    // "alone": each file merged by itself (its reading and order check, no merge across files)
    boolean alone = args.length > 2 && args[2].equals("alone");
    TreeMap<Integer, List<String>> groups = new TreeMap<>();
    Configuration conf = new Configuration();
    long read = 0;
    for (File run : dir.listFiles()) {
      if (!run.getName().startsWith("run_id=day-")) {
        continue;
      }
      for (File f : run.listFiles()) {
        Matcher m = PART.matcher(f.getName());
        if (m.matches()) {
          groups.computeIfAbsent(Integer.parseInt(m.group(1)), g -> new ArrayList<>()).add(f.getPath());
          try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(
              new org.apache.hadoop.fs.Path(f.getPath()), conf))) {
            read += r.getRecordCount();
          }
        }
      }
    }
    for (int rep = 0; rep < repeats; rep++) {
      java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
      long c0 = mx.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      long entries = 0;
      long rows = 0;
      long check = 0;
      List<List<String>> merges = new ArrayList<>();
      for (List<String> files : groups.values()) {
        if (alone) {
          files.forEach(f -> merges.add(List.of(f)));
        } else {
          merges.add(files);
        }
      }
      for (List<String> files : merges) {
        SortedStateMerge m = new SortedStateMerge(files, conf, false);
        while (m.hasNext()) {
          MergedEntry e = m.next();
          entries++;
          rows += e.n;
          check = check * 31 + e.n + e.set + (e.hasK1 ? e.k1 : e.s1Len);
        }
      }
      double s = (System.nanoTime() - t0) / 1e9;
      double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
      System.out.printf(Locale.ROOT, "%d groups, %d entries read, %d merged, %d rows (check %x): %.2f s wall,"
          + " %.2f s cpu, %.2f M entries read per cpu second%n", groups.size(), read, entries, rows, check, s, cpu,
          read / cpu / 1e6);
    }
  }
}
