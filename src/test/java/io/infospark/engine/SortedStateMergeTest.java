package io.infospark.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The merge of sorted state files in key order against a merge by a hash map of the same entries:
 * random keys of single columns (long or bytes) and pairs, with nulls, empty strings, bytes above
 * 0x7F, long shared prefixes and extreme longs, drawn from small pools so that most keys recur across
 * runs; 1 to 8 runs (the heads scanned) and 11 (the heap). The files are written as the state writer
 * writes them (Spark's Parquet writer, rows sorted by key) in several Parquet settings — dictionary
 * pages falling back to plain ones, many small pages, no dictionary, version-2 pages with their own
 * encodings — so that every way a page can be decoded is read.
 */
class SortedStateMergeTest {
  private final SparkSession spark = SparkTestSession.get();
  @TempDir Path tmp;

  private static final String[] KEY = {"set", "nullmask", "k1", "s1", "k2", "s2"};
  private static final long[] LONGS = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -300, -1, 0, 1, 2, 255, 256, 65_536,
      1L << 40, Long.MAX_VALUE};
  private static final byte[] ALPHABET = {0x00, 0x01, 0x61, 0x7F, (byte) 0x80, (byte) 0xFF};
  /** Writer settings: Parquet's defaults; tiny dictionary and pages; no dictionary; version-2 pages. */
  private static final List<Map<String, String>> WRITERS = List.of(Map.of(),
      Map.of("parquet.dictionary.page.size", "256", "parquet.page.size", "512", "parquet.page.row.count.limit", "37"),
      Map.of("parquet.enable.dictionary", "false", "parquet.page.row.count.limit", "100"),
      Map.of("parquet.writer.version", "v2", "parquet.page.row.count.limit", "64"),
      Map.of("parquet.writer.version", "v2", "parquet.enable.dictionary", "false"));

  @Test
  void mergeInKeyOrderEqualsAHashMapMergeOfTheSameEntries() throws IOException {
    Random r = new Random(20261207);
    int trial = 0;
    for (int k : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 11}) {
      boolean weighted = k % 2 == 0;
      Map<String, double[]> expected = new HashMap<>();
      List<String> files = new ArrayList<>();
      for (int run = 0; run < k; run++) {
        Map<String, Row> rows = new LinkedHashMap<>();
        int size = r.nextInt(4) == 0 ? 1 + r.nextInt(4) : 200 + r.nextInt(600);
        while (rows.size() < size) {
          Row key = key(r);
          rows.put(text(key), key);
        }
        List<Row> out = new ArrayList<>();
        for (Map.Entry<String, Row> e : rows.entrySet()) {
          long n = 1 + r.nextInt(1000);
          double w = 0.25 * (1 + r.nextInt(8));
          Row key = e.getValue();
          out.add(RowFactory.create(key.get(0), key.get(1), key.get(2), key.get(3), key.get(4), key.get(5), n, w));
          double[] sum = expected.computeIfAbsent(e.getKey(), x -> new double[2]);
          sum[0] += n;
          sum[1] += weighted ? w : n;
        }
        files.add(write(out, weighted, WRITERS.get(trial++ % WRITERS.size())));
      }
      SortedStateMerge m = new SortedStateMerge(files, spark.sparkContext().hadoopConfiguration(), weighted);
      Map<String, double[]> actual = new HashMap<>();
      while (m.hasNext()) {
        MergedEntry e = m.next();
        String key = text(RowFactory.create(e.set, e.nullmask, e.hasK1 ? e.k1 : null, e.bytesOf(0),
            e.hasK2 ? e.k2 : null, e.bytesOf(1)));
        assertNull(actual.put(key, new double[] {e.n, e.w}), "key merged twice: " + key);
      }
      assertEquals(expected.size(), actual.size(), k + " runs");
      for (Map.Entry<String, double[]> e : expected.entrySet()) {
        double[] a = actual.get(e.getKey());
        assertTrue(a != null, "key missing: " + e.getKey());
        assertEquals(e.getValue()[0], a[0], 0, e.getKey());
        assertEquals(e.getValue()[1], a[1], 0, e.getKey());
      }
    }
  }

  /**
   * A key: set 0 a long column, 1 a bytes column, 2 a pair of longs, 3 a pair (bytes, bytes), −1 the
   * weight problems (a long); each part null one time in ten (its null mask bit set).
   */
  private static Row key(Random r) {
    int set = r.nextInt(5) - 1;
    boolean bytes = set == 1 || set == 3;
    int nullmask = 0;
    Long k1 = null;
    byte[] s1 = null;
    Long k2 = null;
    byte[] s2 = null;
    if (r.nextInt(10) == 0 && set >= 0) {
      nullmask |= 1;
    } else if (bytes) {
      s1 = bytes(r);
    } else {
      k1 = LONGS[r.nextInt(LONGS.length)];
    }
    if (set >= 2) {
      if (r.nextInt(10) == 0) {
        nullmask |= 2;
      } else if (bytes) {
        s2 = bytes(r);
      } else {
        k2 = LONGS[r.nextInt(LONGS.length)];
      }
    }
    return RowFactory.create(set, nullmask, k1, s1, k2, s2);
  }

  /** Empty, short from a small alphabet, or a long shared prefix with a short tail. */
  private static byte[] bytes(Random r) {
    int kind = r.nextInt(4);
    if (kind == 0) {
      return r.nextInt(3) == 0 ? new byte[0] : new byte[] {ALPHABET[r.nextInt(ALPHABET.length)]};
    }
    int prefix = kind == 3 ? 7 + r.nextInt(20) : 0;
    byte[] b = new byte[prefix + r.nextInt(kind == 1 ? 10 : 3)];
    for (int i = 0; i < b.length; i++) {
      b[i] = i < prefix ? (byte) ('p' + i % 3) : ALPHABET[r.nextInt(ALPHABET.length)];
    }
    return b;
  }

  private static String text(Row k) {
    HexFormat h = HexFormat.of();
    return k.get(0) + "|" + k.get(1) + "|" + k.get(2) + "|" + (k.get(3) == null ? "-" : "x" + h.formatHex((byte[]) k.get(3)))
        + "|" + k.get(4) + "|" + (k.get(5) == null ? "-" : "x" + h.formatHex((byte[]) k.get(5)));
  }

  /** The rows as one Parquet file sorted by key, as the state writer writes a group's file. */
  private String write(List<Row> rows, boolean weighted, Map<String, String> options) throws IOException {
    StructType schema = MergedCounts.MERGED;
    Path dir = tmp.resolve("run-" + Files.list(tmp).count());
    var out = spark.createDataFrame(rows, schema).repartition(1);
    if (!weighted) {
      out = out.drop("w");
    }
    out.sortWithinPartitions(java.util.Arrays.stream(KEY).map(functions::col).toArray(Column[]::new))
        .write().options(options).option("compression", "zstd").parquet(dir.toString());
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow().toString();
    }
  }
}
