package io.infospark.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.shiftrightunsigned;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;

/**
 * Deterministic benchmark data, written once to Parquet under {@code bench-data/} (git-ignored) and
 * reused while its parameters are unchanged.
 *
 * <h2>The profile table ({@link #profileTable})</h2>
 *
 * {@code rows} rows (default 5,000,000), 15 categorical columns, no nulls. Column types alternate
 * int / string by position; half the columns (7 of 15) follow a Zipf-like law, the rest are
 * uniform. The cardinality K is the size of the support of the law; with a skewed law and a large
 * K not every value is drawn, so the observed number of distinct values can be smaller.
 *
 * <pre>
 *  #  column                 type    K               law
 *  1  c01_int_k2_uniform     int     2               uniform
 *  2  c02_str_k5_zipf        string  5               zipf-like, s = 1.1
 *  3  c03_int_k10_zipf       int     10              zipf-like, s = 1.1
 *  4  c04_str_k50_uniform    string  50              uniform
 *  5  c05_int_k100_uniform   int     100             uniform
 *  6  c06_str_k500_zipf      string  500             zipf-like, s = 1.1
 *  7  c07_int_k1k_zipf       int     1,000           zipf-like, s = 1.1
 *  8  c08_str_k5k_uniform    string  5,000           uniform
 *  9  c09_int_k10k_uniform   int     10,000          uniform
 * 10  c10_str_k50k_zipf      string  50,000          zipf-like, s = 1.1
 * 11  c11_int_k100k_zipf     int     100,000         zipf-like, s = 1.1
 * 12  c12_str_k500k_uniform  string  500,000         uniform
 * 13  c13_int_k1m_zipf       int     1,000,000       zipf-like, s = 1.1
 * 14  c14_str_nearunique     string  10 × rows       uniform (≈ 95% of rows distinct)
 * 15  c15_long_nearunique    bigint  10 × rows       uniform (≈ 95% of rows distinct)
 * </pre>
 *
 * Columns 1–11 are the "small" set (K ≤ 100,000).
 *
 * <h2>Exact distributions</h2>
 *
 * Every cell is a function of the row id alone, so the data do not depend on partitioning, core
 * count or Spark's random generators. For column number j a uniform variate is
 *
 * <pre>  u = (xxhash64(id, SEED, j) &gt;&gt;&gt; 11) · 2^−53        u ∈ [0, 1), 53 random bits</pre>
 *
 * (Spark's {@code xxhash64}, seed 42, chained over the three arguments). From u, a value k in
 * 1 … K:
 *
 * <ul>
 *   <li>uniform: {@code k = floor(u·K) + 1}, P(k) = 1/K;
 *   <li>zipf-like with exponent s = 1.1: {@code k = min(K, floor((1 + u·((K+1)^(1−s) − 1))^(1/(1−s))))},
 *       the inverse CDF of the bounded power-law density ∝ x^−s on [1, K+1), floored. Hence
 *       exactly P(k) = (k^(1−s) − (k+1)^(1−s)) / (1 − (K+1)^(1−s)), which for large k is
 *       ∝ k^−s · (1 + O(1/k)) — Zipf's law with a slightly flatter head (P(1)/P(2) = 1.81 where
 *       Zipf(1.1) has 2.14). Rank 1 is the most frequent value.
 * </ul>
 *
 * An int column holds k itself; a string column holds {@code "v" + k} (e.g. {@code v17}); the
 * near-unique bigint column holds k for K = 10·rows. With rows draws from K = 10·rows equally likely
 * values, the expected number of distinct values is K(1 − e^(−1/10)) ≈ 0.952·rows.
 *
 * <h2>The near-unique table ({@link #uniqueTable})</h2>
 *
 * One string column {@code u_str_nearunique}: {@code rows} (default 10,000,000) uniform draws
 * {@code "v" + k}, k in 1 … 10·rows, built as above with column number 101.
 *
 * <p>The Parquet files are written with Spark's defaults (snappy) as {@value #FILES} files.
 */
public final class BenchData {
  /** Seed of every column; changing it (or the generator) changes {@link #VERSION}. */
  public static final long SEED = 20_261_127L;
  /** Bumped whenever the generated values change, so stale data are not reused. */
  public static final int VERSION = 1;
  /** Exponent of the Zipf-like columns. */
  public static final double ZIPF_S = 1.1;
  /** Parquet files per table. */
  public static final int FILES = 8;
  /** Largest cardinality of the "small" column set. */
  public static final long SMALL_MAX_CARDINALITY = 100_000L;

  /** The law of one generated column. */
  public enum Law { UNIFORM, ZIPF }

  /** The type of one generated column. */
  public enum Kind { INT, STRING, LONG }

  /**
   * One generated column.
   *
   * @param number the column number j, which also selects its random stream
   * @param name column name
   * @param kind Spark type
   * @param cardinality K, the support size of the law; 0 means 10 × rows (near-unique)
   * @param law uniform or zipf-like
   */
  public record Spec(int number, String name, Kind kind, long cardinality, Law law) {
    /** K for a table of {@code rows} rows. */
    public long support(long rows) {
      return cardinality == 0 ? 10L * rows : cardinality;
    }

    /** Entropy of the law itself, in nats (what the plug-in estimate tends to as rows grow). */
    public double lawEntropy(long rows) {
      long k = support(rows);
      if (law == Law.UNIFORM) {
        return Math.log(k);
      }
      double a = 1.0 - ZIPF_S;
      double z = 1.0 - Math.pow(k + 1.0, a);
      double h = 0.0;
      for (long i = 1; i <= k; i++) {
        double p = (Math.pow(i, a) - Math.pow(i + 1.0, a)) / z;
        if (p > 0) {
          h -= p * Math.log(p);
        }
      }
      return h;
    }

    String describe(long rows) {
      String k = cardinality == 0 ? "10*rows=" + support(rows) : Long.toString(cardinality);
      return String.format(Locale.ROOT, "%-22s %-6s K=%-18s %s", name, kind.name().toLowerCase(Locale.ROOT), k,
          law == Law.UNIFORM ? "uniform" : "zipf-like s=" + ZIPF_S);
    }
  }

  /** The 15 columns of the profile table, in order (see the class comment). */
  public static final List<Spec> PROFILE_COLUMNS = List.of(
      new Spec(1, "c01_int_k2_uniform", Kind.INT, 2, Law.UNIFORM),
      new Spec(2, "c02_str_k5_zipf", Kind.STRING, 5, Law.ZIPF),
      new Spec(3, "c03_int_k10_zipf", Kind.INT, 10, Law.ZIPF),
      new Spec(4, "c04_str_k50_uniform", Kind.STRING, 50, Law.UNIFORM),
      new Spec(5, "c05_int_k100_uniform", Kind.INT, 100, Law.UNIFORM),
      new Spec(6, "c06_str_k500_zipf", Kind.STRING, 500, Law.ZIPF),
      new Spec(7, "c07_int_k1k_zipf", Kind.INT, 1_000, Law.ZIPF),
      new Spec(8, "c08_str_k5k_uniform", Kind.STRING, 5_000, Law.UNIFORM),
      new Spec(9, "c09_int_k10k_uniform", Kind.INT, 10_000, Law.UNIFORM),
      new Spec(10, "c10_str_k50k_zipf", Kind.STRING, 50_000, Law.ZIPF),
      new Spec(11, "c11_int_k100k_zipf", Kind.INT, 100_000, Law.ZIPF),
      new Spec(12, "c12_str_k500k_uniform", Kind.STRING, 500_000, Law.UNIFORM),
      new Spec(13, "c13_int_k1m_zipf", Kind.INT, 1_000_000, Law.ZIPF),
      new Spec(14, "c14_str_nearunique", Kind.STRING, 0, Law.UNIFORM),
      new Spec(15, "c15_long_nearunique", Kind.LONG, 0, Law.UNIFORM));

  /** The one column of the near-unique table. */
  public static final Spec UNIQUE_COLUMN = new Spec(101, "u_str_nearunique", Kind.STRING, 0, Law.UNIFORM);

  private BenchData() {}

  /** Names of all 15 profile columns. */
  public static List<String> allColumns() {
    return PROFILE_COLUMNS.stream().map(Spec::name).toList();
  }

  /** Names of the profile columns with K ≤ {@value #SMALL_MAX_CARDINALITY}. */
  public static List<String> smallColumns() {
    return PROFILE_COLUMNS.stream()
        .filter(s -> s.cardinality() != 0 && s.cardinality() <= SMALL_MAX_CARDINALITY)
        .map(Spec::name).toList();
  }

  /** The profile table of {@code rows} rows under {@code dataDir}, generated if absent. */
  public static Path profileTable(SparkSession spark, Path dataDir, long rows) {
    return table(spark, dataDir.resolve("profile15-rows" + rows + "-v" + VERSION), rows, PROFILE_COLUMNS);
  }

  /** The near-unique table of {@code rows} rows under {@code dataDir}, generated if absent. */
  public static Path uniqueTable(SparkSession spark, Path dataDir, long rows) {
    return table(spark, dataDir.resolve("unique1-rows" + rows + "-v" + VERSION), rows, List.of(UNIQUE_COLUMN));
  }

  private static Path table(SparkSession spark, Path dir, long rows, List<Spec> specs) {
    String params = params(rows, specs);
    Path marker = dir.resolve("_bench-params.txt");
    try {
      if (Files.isRegularFile(marker) && Files.readString(marker, StandardCharsets.UTF_8).equals(params)) {
        System.out.println("data: reusing " + dir);
        return dir;
      }
      System.out.println("data: generating " + dir + " (" + rows + " rows, " + specs.size() + " columns)");
      long t0 = System.nanoTime();
      Files.createDirectories(dir.getParent());
      Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp-" + ProcessHandle.current().pid());
      deleteTree(tmp);
      List<Column> cols = new ArrayList<>();
      for (Spec s : specs) {
        cols.add(column(s, rows).as(s.name()));
      }
      spark.range(0, rows, 1, FILES).select(cols.toArray(new Column[0]))
          .write().mode("error").parquet(tmp.toString());
      Files.writeString(tmp.resolve("_bench-params.txt"), params, StandardCharsets.UTF_8);
      deleteTree(dir);
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      System.out.printf(Locale.ROOT, "data: generated in %.1f s, %.1f MB on disk%n",
          (System.nanoTime() - t0) / 1e9, sizeOf(dir) / 1e6);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("bench data " + dir, e);
    }
  }

  /** Everything the generated values depend on; data are reused only when this matches. */
  static String params(long rows, List<Spec> specs) {
    StringBuilder sb = new StringBuilder();
    sb.append("generator=").append(BenchData.class.getName()).append(" version=").append(VERSION)
        .append(" seed=").append(SEED).append(" rows=").append(rows).append(" zipf_s=").append(ZIPF_S)
        .append(" files=").append(FILES).append('\n');
    for (Spec s : specs) {
      sb.append(s).append('\n');
    }
    return sb.toString();
  }

  /** The Spark expression of one column (see the class comment for the exact law). */
  static Column column(Spec s, long rows) {
    long k = s.support(rows);
    // 53 high bits of a 64-bit hash of (id, seed, column number), scaled to [0, 1)
    Column u = shiftrightunsigned(xxhash64(col("id"), lit(SEED), lit(s.number())), 11)
        .cast("double").multiply(lit(Math.scalb(1.0, -53)));
    Column rank;
    if (s.law() == Law.UNIFORM) {
      rank = floor(u.multiply(lit((double) k))).plus(lit(1L));
    } else {
      double a = 1.0 - ZIPF_S;
      // inverse CDF of the density ∝ x^-s on [1, K+1); least() guards the rounding at u → 1
      Column x = pow(lit(1.0).plus(u.multiply(lit(Math.pow(k + 1.0, a) - 1.0))), lit(1.0 / a));
      rank = least(lit(k), floor(x));
    }
    switch (s.kind()) {
      case INT:
        return rank.cast("int");
      case LONG:
        return rank.cast("bigint");
      case STRING:
        return concat(lit("v"), rank.cast("string"));
      default:
        throw new IllegalStateException(s.kind().name());
    }
  }

  static long sizeOf(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
