package io.infospark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.infospark.testing.Approx;
import io.infospark.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input matrix (issue 6): every job with every kind of wrong or awkward input. Each case
 * ends either with exit code 2 and ONE line on stderr naming the key, column or path (no
 * exception class names, no stack frames), or with exit 0 and a correct result — never a stack
 * trace, a hang, or a silently wrong number. The number of cases is in the README ("Hardening").
 */
@Tag("line-independent")
class BadInputMatrixTest {
  /**
   * A hang detector, not a speed limit: the 10,000-column cases take about 45 s on Spark 4.2 and
   * over 3 minutes on Spark 3.5 on a loaded 2-core machine.
   */
  private static final Duration TIMEOUT = Duration.ofMinutes(8);

  @TempDir
  static Path dir;

  private static SparkSession spark;
  private static String good;
  private static String weighted;

  /** What a case must end with. */
  sealed interface Expect permits Bad, Ok {}

  /** Exit 2, one line, naming every one of {@code mentions}. */
  record Bad(String... mentions) implements Expect {}

  /** Exit 0; the summary (if the case wrote one) passes the check. */
  record Ok(Consumer<JsonNode> check) implements Expect {}

  record Case(String job, String name, List<String> args, Expect expect) {}

  @BeforeAll
  static void fixtures() throws IOException {
    spark = SparkTestSession.get();
    good = write("good.csv", "city,size,w,label", "Oslo,1,1.0,1", "Rome,2,2.0,0", "Oslo,3,0.5,1", "Rome,2,1.5,0");
    weighted = write("weights.csv", "city,w,s", "Oslo,1.0,a", "Rome,-2.0,b", "Oslo,,c");
    logisticFixtures();
  }

  static String write(String name, String... lines) throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, List.of(lines));
    return f.toString();
  }

  static Ok ok(Consumer<JsonNode> check) {
    return new Ok(check);
  }

  static JsonNode column(JsonNode summary, String name) {
    for (JsonNode c : summary.get("columns")) {
      if (c.get("column").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no column " + name + " in " + summary);
  }

  /** The profile cases. */
  static List<Case> profileCases() throws IOException {
    List<Case> cases = new ArrayList<>();
    String p = "profile";
    // ---- keys ----
    cases.add(new Case(p, "no input key", List.of(p), new Bad("input")));
    cases.add(new Case(p, "misspelt key --colums", List.of(p, "--input", good, "--colums", "city"),
        new Bad("colums", "columns")));
    cases.add(new Case(p, "misspelt key --bsae", List.of(p, "--input", good, "--bsae", "2"), new Bad("bsae", "base")));
    cases.add(new Case(p, "misspelt job", List.of("profil", "--input", good), new Bad("profil", "profile")));
    cases.add(new Case(p, "key without value", List.of(p, "--input", good, "--base"), new Bad("base")));
    cases.add(new Case(p, "bare word", List.of(p, "--input", good, "extra"), new Bad("extra")));
    cases.add(new Case(p, "--job flag", List.of(p, "--job", p), new Bad("job")));
    cases.add(new Case(p, "input and table", List.of(p, "--input", good, "--table", "t"), new Bad("input", "table")));
    cases.add(new Case(p, "format with table", List.of(p, "--table", "t", "--format", "csv"), new Bad("format")));
    // ---- wrong types and values ----
    cases.add(new Case(p, "bins not a number", List.of(p, "--input", good, "--bins", "ten"), new Bad("bins", "ten")));
    cases.add(new Case(p, "bins zero", List.of(p, "--input", good, "--bins", "0"), new Bad("bins")));
    cases.add(new Case(p, "bins 1e3", List.of(p, "--input", good, "--bins", "1e3"), new Bad("bins", "1e3")));
    cases.add(new Case(p, "bins too many", List.of(p, "--input", good, "--bins", "99999999999"), new Bad("bins")));
    cases.add(new Case(p, "base 3", List.of(p, "--input", good, "--base", "3"), new Bad("base", "3")));
    cases.add(new Case(p, "nulls maybe", List.of(p, "--input", good, "--nulls", "maybe"), new Bad("nulls", "maybe")));
    cases.add(new Case(p, "binning unknown", List.of(p, "--input", good, "--binning", "log"), new Bad("binning", "log")));
    cases.add(new Case(p, "show perhaps", List.of(p, "--input", good, "--show", "perhaps"), new Bad("show", "perhaps")));
    cases.add(new Case(p, "format xls", List.of(p, "--input", good, "--format", "xls"), new Bad("format", "xls")));
    cases.add(new Case(p, "output-format txt", List.of(p, "--input", good, "--output-format", "txt"),
        new Bad("output-format", "txt")));
    cases.add(new Case(p, "run-id with a slash", List.of(p, "--input", good, "--run-id", "../x"), new Bad("run-id")));
    cases.add(new Case(p, "run-id with =", List.of(p, "--input", good, "--run-id", "a=b"), new Bad("run-id")));
    cases.add(new Case(p, "weight is a string column", List.of(p, "--input", weighted, "--weight", "s"),
        new Bad("weight", "'s'")));
    cases.add(new Case(p, "weight negative and null", List.of(p, "--input", weighted, "--weight", "w"),
        new Bad("weight", "negative", "null")));
    cases.add(new Case(p, "missing column", List.of(p, "--input", good, "--columns", "city,town"), new Bad("town")));
    cases.add(new Case(p, "missing weight column", List.of(p, "--input", good, "--weight", "weight"),
        new Bad("weight")));
    cases.add(new Case(p, "csv read as parquet", List.of(p, "--input", good, "--format", "parquet"),
        new Bad(good)));
    // ---- paths ----
    String missing = dir.resolve("no/such/file.csv").toString();
    cases.add(new Case(p, "path does not exist", List.of(p, "--input", missing), new Bad(missing)));
    cases.add(new Case(p, "credentials in a URI are masked", List.of(p, "--input", "s3a://AKIA42:SECRET42@bucket/x.csv"),
        new Bad("s3a://***@bucket/x.csv")));
    cases.add(new Case(p, "unknown scheme", List.of(p, "--input", "nosuchfs://host/x.csv"), new Bad("nosuchfs://host/x.csv")));
    cases.add(new Case(p, "table name that is SQL", List.of(p, "--table", "t; DROP TABLE x"), new Bad("t; DROP TABLE x")));
    cases.add(new Case(p, "missing table", List.of(p, "--table", "no_such_view_42"), new Bad("no_such_view_42")));
    Path emptyDir = Files.createDirectories(dir.resolve("empty-folder"));
    cases.add(new Case(p, "empty folder", List.of(p, "--input", emptyDir.toString()), new Bad("empty-folder")));
    Path locked = dir.resolve("locked.csv");
    Files.write(locked, List.of("a", "x", "y"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    if (Files.isReadable(locked)) {
      // root reads any file whatever its mode: the correct result is then the answer
      cases.add(new Case(p, "no read permission (root: readable)", List.of(p, "--input", locked.toString()),
          ok(s -> assertEquals(2, column(s, "a").get("distinct").asInt()))));
    } else {
      cases.add(new Case(p, "no read permission", List.of(p, "--input", locked.toString()),
          new Bad(locked.toString())));
    }
    String fileAsFolder = good + "/summary.json";
    cases.add(new Case(p, "summary under a file", List.of(p, "--input", good, "--summary", fileAsFolder),
        new Bad("summary", fileAsFolder)));
    cases.add(new Case(p, "output under a file", List.of(p, "--input", good, "--output", good + "/history"),
        new Bad("output", good)));
    // ---- job files ----
    String typo = write("typo.properties", "job = profile", "input = " + good, "colums = city");
    cases.add(new Case(p, "job file: misspelt key", List.of(typo), new Bad("colums", typo, "columns")));
    String twice = write("twice.properties", "job = profile", "input = " + good, "base = 2", "base = e");
    cases.add(new Case(p, "job file: key twice", List.of(twice), new Bad("base", twice)));
    String noJob = write("nojob.properties", "input = " + good);
    cases.add(new Case(p, "job file: no job line", List.of(noJob), new Bad(noJob, "job")));
    String noFile = dir.resolve("nothere.properties").toString();
    cases.add(new Case(p, "job file does not exist", List.of(noFile), new Bad(noFile)));
    String code = write("code.properties", "job = profile", "input = $(touch " + dir.resolve("pwned") + ")",
        "columns = `rm -rf /`");
    cases.add(new Case(p, "job file: shell in values is text", List.of(code), new Bad("$(touch")));
    // ---- awkward tables ----
    String headerOnly = write("header-only.csv", "a,b");
    cases.add(new Case(p, "empty table (header only)", List.of(p, "--input", headerOnly), ok(s -> {
      JsonNode a = column(s, "a");
      assertEquals(0, a.get("count").asLong());
      assertTrue(a.get("entropy").isNull() && a.has("reason"), a.toString());
    })));
    String zeroBytes = write("zero.csv");
    Files.write(Path.of(zeroBytes), new byte[0]);
    cases.add(new Case(p, "empty file (0 bytes)", List.of(p, "--input", zeroBytes), new Bad(zeroBytes)));
    String allNull = write("all-null.csv", "a,b", ",1", ",2", ",3");
    cases.add(new Case(p, "all-null column", List.of(p, "--input", allNull), ok(s -> {
      JsonNode a = column(s, "a");
      assertEquals(3, a.get("nulls").asLong());
      assertEquals(0, a.get("count").asLong());
      assertTrue(a.get("entropy").isNull() && a.has("reason"), a.toString());
    })));
    cases.add(new Case(p, "all-null column as a category", List.of(p, "--input", allNull, "--nulls", "category"),
        ok(s -> {
          JsonNode a = column(s, "a");
          assertEquals(3, a.get("count").asLong());
          assertEquals(0.0, a.get("entropy").asDouble());
        })));
    Path nan = dir.resolve("all-nan.parquet");
    spark.range(4).select(functions.lit(Double.NaN).as("x"), functions.col("id")).write().parquet(nan.toString());
    for (String binning : List.of("equal-width", "quantile", "exact")) {
      cases.add(new Case(p, "all-NaN column, " + binning, List.of(p, "--input", nan.toString(), "--binning", binning),
          ok(s -> {
            JsonNode x = column(s, "x");
            assertEquals(4, x.get("count").asLong(), "NaN is a value, never dropped");
            assertEquals(1, x.get("distinct").asLong());
            assertEquals(0.0, x.get("entropy").asDouble());
          })));
    }
    String one = write("one-row.csv", "a,b,c", "x,1,2.5");
    cases.add(new Case(p, "single row", List.of(p, "--input", one), ok(s -> {
      for (String c : List.of("a", "b", "c")) {
        assertEquals(1, column(s, c).get("count").asLong());
        assertEquals(0.0, column(s, c).get("entropy").asDouble());
      }
    })));
    String[] names = {"a.b", "c d", "e`f", "g\"h", "ü名", "a; DROP TABLE x", "`", "'q'"};
    String header = Arrays.stream(names).map(n -> "\"" + n.replace("\"", "\"\"") + "\"").collect(Collectors.joining(","));
    String odd = write("odd-names.csv", header, "1,2,3,4,5,6,7,8", "1,3,3,4,5,6,7,9");
    cases.add(new Case(p, "odd column names, all", List.of(p, "--input", odd), ok(s -> {
      for (String n : names) {
        assertEquals(2, column(s, n).get("count").asLong(), n);
      }
      assertEquals(1.0, column(s, "c d").get("normalized_entropy").asDouble(), 1e-12);
    })));
    for (String n : names) {
      cases.add(new Case(p, "odd column name " + n, List.of(p, "--input", odd, "--columns", n), ok(s -> {
        assertEquals(1, s.get("columns").size());
        assertEquals(n, s.get("columns").get(0).get("column").asText());
      })));
    }
    cases.add(new Case(p, "odd name misspelt", List.of(p, "--input", odd, "--columns", "a;DROP TABLE x"),
        new Bad("a;DROP TABLE x")));
    String ragged = write("ragged.csv", "a,b", "1,2", "3", "4,5,6");
    cases.add(new Case(p, "ragged CSV rows", List.of(p, "--input", ragged), new Bad(ragged)));
    // Spark checks a row's field count only when it parses every field (no column pruning)
    cases.add(new Case(p, "ragged CSV rows, one column read", List.of(p, "--input", ragged, "--columns", "a"),
        new Bad(ragged)));
    int wide = 10_000;
    String wideCsv = write("wide.csv", IntStream.range(0, wide).mapToObj(i -> "c" + i).collect(Collectors.joining(",")),
        IntStream.range(0, wide).mapToObj(i -> String.valueOf(i % 7)).collect(Collectors.joining(",")),
        IntStream.range(0, wide).mapToObj(i -> "x" + i).collect(Collectors.joining(",")));
    // ---- small-sample estimators ----
    cases.add(new Case(p, "alphabet smaller than the values seen", List.of(p, "--input", good, "--alphabet", "city=1"),
        new Bad("alphabet", "'city'", "2 distinct values", "declared alphabet size is 1")));
    cases.add(new Case(p, "alphabet of a column not profiled",
        List.of(p, "--input", good, "--columns", "city", "--alphabet", "town=5"), new Bad("alphabet", "town")));
    cases.add(new Case(p, "alphabet without a size", List.of(p, "--input", good, "--alphabet", "city"),
        new Bad("alphabet", "city")));
    cases.add(new Case(p, "alphabet zero", List.of(p, "--input", good, "--alphabet", "city=0"),
        new Bad("alphabet", "city", "0")));
    cases.add(new Case(p, "alphabet not whole", List.of(p, "--input", good, "--alphabet", "city=2.5"),
        new Bad("alphabet", "city", "2.5")));
    cases.add(new Case(p, "alphabet given twice", List.of(p, "--input", good, "--alphabet", "city=5,city=6"),
        new Bad("alphabet", "city", "twice")));
    cases.add(new Case(p, "binning pooled-quantile needs two sides", List.of(p, "--input", good, "--binning",
        "pooled-quantile"), new Bad("binning", "pooled-quantile")));
    cases.add(new Case(p, "NSB without an alphabet: null with the reason", List.of(p, "--input", good, "--columns",
        "city"), ok(s -> {
          JsonNode city = column(s, "city");
          assertTrue(city.get("nsb").isNull() && city.get("nsb_sd").isNull(), city.toString());
          assertTrue(city.get("reason").asText().contains("alphabet size unknown"), city.toString());
          assertEquals(1.0, city.get("coverage").asDouble(), city.toString());
        })));
    cases.add(new Case(p, "NSB with a declared alphabet", List.of(p, "--input", good, "--columns", "city",
        "--alphabet", "city=2"), ok(s -> {
          JsonNode city = column(s, "city");
          assertTrue(city.get("nsb").asDouble() > 0 && city.get("nsb").asDouble() < Math.log(2), city.toString());
          assertEquals(2, city.get("alphabet").asLong());
        })));
    cases.add(new Case(p, "10,000 columns", List.of(p, "--input", wideCsv), ok(s -> {
      assertEquals(wide, s.get("columns").size());
      Approx.assertClose(Math.log(2), column(s, "c9999").get("entropy").asDouble(), Approx.PARTITION_INVARIANT);
    })));
    return cases;
  }

  /** Cases every job reading one or two tables shares, for compare and mutual-info. */
  static List<Case> sharedCases(String job, List<String> base, List<String> noInput) throws IOException {
    List<Case> cases = new ArrayList<>();
    List<String> b = new ArrayList<>(base);
    cases.add(new Case(job, "no input key", noInput, new Bad("input")));
    cases.add(new Case(job, "misspelt key --colums", plus(b, "--colums", "city"), new Bad("colums", "columns")));
    cases.add(new Case(job, "base 3", plus(b, "--base", "3"), new Bad("base", "3")));
    cases.add(new Case(job, "nulls maybe", plus(b, "--nulls", "maybe"), new Bad("nulls", "maybe")));
    cases.add(new Case(job, "bins 0", plus(b, "--bins", "0"), new Bad("bins")));
    cases.add(new Case(job, "binning unknown", plus(b, "--binning", "log"), new Bad("binning", "log")));
    cases.add(new Case(job, "weight is not a key", plus(b, "--weight", "w"), new Bad("weight")));
    cases.add(new Case(job, "missing column", plus(b, "--columns", "city,town"), new Bad("town")));
    cases.add(new Case(job, "output under a file", plus(b, "--output", good + "/history"), new Bad("output", good)));
    String missing = dir.resolve("no/such/" + job + ".csv").toString();
    cases.add(new Case(job, "path does not exist", swap(b, good, missing), new Bad(missing)));
    String ragged = dir.resolve("ragged.csv").toString();
    cases.add(new Case(job, "ragged CSV rows", plus(swap(b, good, ragged), "--columns", "a,b"), new Bad(ragged)));
    String zero = dir.resolve("zero.csv").toString();
    cases.add(new Case(job, "empty file (0 bytes)", swap(b, good, zero), new Bad(zero)));
    return cases;
  }

  static List<String> plus(List<String> base, String... more) {
    List<String> l = new ArrayList<>(base);
    l.addAll(List.of(more));
    return l;
  }

  /** The arguments with every occurrence of one value replaced. */
  static List<String> swap(List<String> base, String from, String to) {
    return base.stream().map(a -> a.equals(from) ? to : a).collect(Collectors.toList());
  }

  static List<Case> compareCases() throws IOException {
    String c = "compare";
    String other = write("other.csv", "city,size,w,label", "Oslo,1,1.0,1", "Bergen,2,2.0,0", "Oslo,3,0.5,1");
    List<String> base = List.of(c, "--input", good, "--reference", good);
    List<Case> cases = sharedCases(c, base, List.of(c, "--reference", other));
    cases.add(new Case(c, "no reference", List.of(c, "--input", good), new Bad("reference")));
    cases.add(new Case(c, "reference and reference-table",
        plus(base, "--reference-table", "t"), new Bad("reference")));
    String missing = dir.resolve("no/such/reference.csv").toString();
    cases.add(new Case(c, "reference does not exist", List.of(c, "--input", good, "--reference", missing),
        new Bad(missing)));
    cases.add(new Case(c, "smoothing negative", plus(base, "--smoothing", "-1"), new Bad("smoothing", "-1")));
    cases.add(new Case(c, "smoothing not a number", plus(base, "--smoothing", "lots"), new Bad("smoothing", "lots")));
    cases.add(new Case(c, "smoothing NaN", plus(base, "--smoothing", "NaN"), new Bad("smoothing", "NaN")));
    cases.add(new Case(c, "max-kl not a number", plus(base, "--max-kl", "x"), new Bad("max-kl", "x")));
    String noCity = write("no-city.csv", "town,size", "Oslo,1");
    cases.add(new Case(c, "column only in the input", List.of(c, "--input", good, "--reference", noCity,
        "--columns", "city"), new Bad("city", noCity)));
    cases.add(new Case(c, "same table: zero divergence", List.of(c, "--input", good, "--reference", good), ok(s -> {
      for (JsonNode col : s.get("columns")) {
        assertEquals(0.0, col.get("kl").asDouble(), 1e-15, col.toString());
        assertEquals(0.0, col.get("js").asDouble(), 1e-15, col.toString());
      }
    })));
    cases.add(new Case(c, "value missing from the reference: KL Infinity",
        List.of(c, "--input", good, "--reference", other, "--columns", "city"),
        ok(s -> assertEquals("Infinity", column(s, "city").get("kl").asText()))));
    String headerOnly = dir.resolve("header-only.csv").toString();
    cases.add(new Case(c, "empty input table", List.of(c, "--input", headerOnly, "--reference", headerOnly), ok(s -> {
      JsonNode a = column(s, "a");
      assertTrue(a.get("kl").isNull() && a.has("reason"), a.toString());
    })));
    String allNull = dir.resolve("all-null.csv").toString();
    cases.add(new Case(c, "all-null column", List.of(c, "--input", allNull, "--reference", allNull), ok(s -> {
      JsonNode a = column(s, "a");
      assertTrue(a.get("kl").isNull() && a.has("reason"), a.toString());
      assertEquals(0.0, column(s, "b").get("kl").asDouble());
    })));
    String nan = dir.resolve("all-nan.parquet").toString();
    cases.add(new Case(c, "all-NaN column", List.of(c, "--input", nan, "--reference", nan), ok(s -> {
      JsonNode x = column(s, "x");
      assertEquals(0.0, x.get("kl").asDouble(), x.toString());
      assertEquals(0.0, x.get("entropy_p").asDouble(), x.toString());
    })));
    String one = dir.resolve("one-row.csv").toString();
    cases.add(new Case(c, "single row", List.of(c, "--input", one, "--reference", one),
        ok(s -> assertEquals(0.0, column(s, "a").get("js").asDouble()))));
    String odd = dir.resolve("odd-names.csv").toString();
    cases.add(new Case(c, "odd column names", List.of(c, "--input", odd, "--reference", odd,
        "--columns", "a; DROP TABLE x,`,ü名,e`f"), ok(s -> assertEquals(4, s.get("columns").size()))));
    String wide = dir.resolve("wide.csv").toString();
    cases.add(new Case(c, "10,000 columns", List.of(c, "--input", wide, "--reference", wide),
        ok(s -> assertEquals(10_000, s.get("columns").size()))));
    // ---- significance ----
    for (String alpha : List.of("0", "1", "1.5", "-0.05", "five", "NaN")) {
      cases.add(new Case(c, "alpha " + alpha, plus(base, "--max-js", "0.1", "--alpha", alpha),
          new Bad("alpha", alpha, "between 0 and 1")));
    }
    cases.add(new Case(c, "max-hellinger above 1", plus(base, "--max-hellinger", "1.5"),
        new Bad("max-hellinger", "1.5")));
    cases.add(new Case(c, "bin-columns on a string column, pooled-quantile",
        plus(base, "--columns", "city,size", "--bin-columns", "city", "--binning", "pooled-quantile"),
        new Bad("bin-columns", "'city'", "string", "numeric")));
    cases.add(new Case(c, "bin-columns not compared", plus(base, "--columns", "city", "--bin-columns", "size"),
        new Bad("bin-columns", "'size'")));
    cases.add(new Case(c, "bin-columns with exact binning",
        plus(base, "--columns", "size", "--bin-columns", "size", "--binning", "exact"),
        new Bad("bin-columns", "'size'", "exact")));
    cases.add(new Case(c, "alpha, same table: nothing exceeded, p = 1", plus(base, "--max-js", "0", "--alpha", "0.05"),
        ok(s -> {
          assertEquals(0, s.get("exceeded").size(), s.toString());
          for (JsonNode col : s.get("columns")) {
            assertEquals(1.0, col.get("p_value").asDouble(), 1e-12, col.toString());
            assertEquals(0.0, col.get("g_statistic").asDouble(), 1e-12, col.toString());
            assertEquals(0.0, col.get("hellinger").asDouble(), 1e-12, col.toString());
          }
        })));
    cases.add(new Case(c, "pooled quantiles of a whole-number column", plus(base, "--columns", "size",
        "--bin-columns", "size", "--binning", "pooled-quantile", "--bins", "2"), ok(s -> {
          JsonNode size = column(s, "size");
          assertEquals("int", size.get("type").asText());
          assertTrue(size.get("binning").asText().startsWith("pooled-quantile: 2 bins on [1, 3]"), size.toString());
          assertEquals(2, size.get("histogram").size(), size.toString());
        })));
    return cases;
  }

  static List<Case> mutualInfoCases() throws IOException {
    String m = "mutual-info";
    List<String> base = List.of(m, "--input", good);
    List<Case> cases = sharedCases(m, base, List.of(m, "--target", "city"));
    cases.add(new Case(m, "missing target", plus(base, "--target", "towns"), new Bad("towns")));
    cases.add(new Case(m, "binning pooled-quantile needs two sides", plus(base, "--binning", "pooled-quantile"),
        new Bad("binning", "pooled-quantile")));
    cases.add(new Case(m, "one column, no target", plus(base, "--columns", "city"), new Bad("columns")));
    cases.add(new Case(m, "single row", List.of(m, "--input", dir.resolve("one-row.csv").toString()), ok(s -> {
      for (JsonNode pair : s.get("pairs")) {
        assertEquals(0.0, pair.get("mutual_information").asDouble(), pair.toString());
      }
    })));
    String allNull = dir.resolve("all-null.csv").toString();
    cases.add(new Case(m, "all-null column", List.of(m, "--input", allNull), ok(s -> {
      JsonNode pair = s.get("pairs").get(0);
      assertTrue(pair.get("mutual_information").isNull() && pair.has("reason"), pair.toString());
    })));
    cases.add(new Case(m, "all-null column as a category", List.of(m, "--input", allNull, "--nulls", "category"),
        ok(s -> assertEquals(0.0, s.get("pairs").get(0).get("mutual_information").asDouble()))));
    cases.add(new Case(m, "all-NaN column", List.of(m, "--input", dir.resolve("all-nan.parquet").toString()),
        ok(s -> assertEquals(0.0, s.get("pairs").get(0).get("mutual_information").asDouble()))));
    String headerOnly = dir.resolve("header-only.csv").toString();
    cases.add(new Case(m, "empty table", List.of(m, "--input", headerOnly), ok(s -> {
      JsonNode pair = s.get("pairs").get(0);
      assertTrue(pair.get("mutual_information").isNull() && pair.has("reason"), pair.toString());
    })));
    String odd = dir.resolve("odd-names.csv").toString();
    cases.add(new Case(m, "odd column names", List.of(m, "--input", odd, "--target", "'q'",
        "--columns", "`,ü名,e`f,g\"h,a; DROP TABLE x"), ok(s -> assertEquals(5, s.get("pairs").size()))));
    cases.add(new Case(m, "target with one value", List.of(m, "--input", odd, "--target", "a; DROP TABLE x"),
        new Bad("target", "a; DROP TABLE x")));
    cases.add(new Case(m, "10,000 columns against a target", List.of(m, "--input", dir.resolve("wide.csv").toString(),
        "--target", "c0"), ok(s -> assertEquals(9_999, s.get("pairs").size()))));
    return cases;
  }

  // ---- fit-logistic and score-logistic ----

  /** x1 (double), x2 (int), grp (string), y (0/1), yn (yes/no, = y), three (3 classes), one, w. */
  static final String[] LOGIT = {"x1,x2,grp,y,yn,three,one,w",
      "0.5,1,a,0,no,a,1,1.0", "1.5,2,b,1,yes,b,1,2.0", "-0.3,3,a,0,no,c,1,0.5", "2.2,1,b,1,yes,a,1,1.5",
      "0.1,2,a,1,yes,b,1,1.0", "-1.2,3,b,0,no,c,1,1.0", "0.9,1,a,1,yes,a,1,2.5", "-0.7,2,b,0,no,b,1,1.0",
      "1.1,3,a,0,no,c,1,1.0", "0.4,1,b,1,yes,a,1,0.7", "-0.2,2,a,1,yes,b,1,1.0", "1.8,3,b,0,no,c,1,1.2"};

  /**
   * MLE of y ~ x1 on {@link #LOGIT}, statsmodels 0.13.5:
   * <pre>
   * x1 = np.array([0.5, 1.5, -0.3, 2.2, 0.1, -1.2, 0.9, -0.7, 1.1, 0.4, -0.2, 1.8])
   * y  = np.array([0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0])
   * r = sm.Logit(y, sm.add_constant(x1)).fit(method="newton", tol=1e-12, disp=0); r.params, r.llf
   * keep = np.ones(12, bool); keep[[2, 7]] = False      # rows 2 and 7 have x1 = NaN in logit-na
   * r = sm.Logit(y[keep], sm.add_constant(x1[keep])).fit(method="newton", tol=1e-12, disp=0)
   * </pre>
   */
  static final double[] MLE_X1 = {-0.34321401233415355, 0.6775204284307073};
  static final double LLF_X1 = -7.713402959268773;
  static final double[] MLE_X1_DROPPED = {0.20568873489988593, 0.29156658553253373};

  private static String logit;
  private static String logitNa;
  private static String logitOdd;
  private static String logitEmpty;
  private static String model;
  private static String oddModel;
  private static String yesModel;
  private static final String[] ODD = {"a.b", "c d", "e`f", "ü名", "a; DROP TABLE x", "'q'"};

  static void logisticFixtures() throws IOException {
    logit = write("logit.csv", LOGIT);
    // the same rows with bad values: x1 NaN in rows 2 and 7, x2 null in row 4, x3 +∞ in row 0 and
    // −∞ in row 5 (and finite elsewhere), w null in row 1
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i < LOGIT.length; i++) {
      String[] f = LOGIT[i].split(",");
      int r = i - 1;
      rows.add(RowFactory.create(r == 2 || r == 7 ? Double.NaN : Double.parseDouble(f[0]),
          r == 4 ? null : Integer.valueOf(f[1]),
          r == 0 ? Double.POSITIVE_INFINITY : r == 5 ? Double.NEGATIVE_INFINITY : (double) r,
          Integer.valueOf(f[3]), r == 1 ? null : Double.valueOf(f[7])));
    }
    StructType schema = new StructType().add("x1", DataTypes.DoubleType).add("x2", DataTypes.IntegerType)
        .add("x3", DataTypes.DoubleType).add("y", DataTypes.IntegerType).add("w", DataTypes.DoubleType);
    logitNa = dir.resolve("logit-na.parquet").toString();
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(logitNa);
    // odd column names: a.b = x1, c d = x2, e`f = grp, ü名 = w, a; DROP TABLE x = yn, 'q' = y
    String header = Arrays.stream(ODD).map(n -> "\"" + n.replace("\"", "\"\"") + "\"").collect(Collectors.joining(","));
    List<String> odd = new ArrayList<>(List.of(header));
    for (int i = 1; i < LOGIT.length; i++) {
      String[] f = LOGIT[i].split(",");
      odd.add(String.join(",", f[0], f[1], f[2], f[7], f[4], f[3]));
    }
    logitOdd = write("logit-odd.csv", odd.toArray(new String[0]));
    logitEmpty = dir.resolve("logit-empty.parquet").toString();
    spark.createDataFrame(rows, schema).limit(0).write().parquet(logitEmpty);
    model = dir.resolve("logit-model").toString();
    fitOrFail("fit-logistic", "--input", logit, "--label", "y", "--features", "x1", "--model", model);
    yesModel = dir.resolve("yes-model").toString();
    fitOrFail("fit-logistic", "--input", logitOdd, "--label", "a; DROP TABLE x", "--positive", "yes",
        "--features", "a.b,c d,e`f,ü名", "--prior", "gaussian:1", "--model", yesModel);
    oddModel = dir.resolve("odd-model").toString();
    fitOrFail("fit-logistic", "--input", logitOdd, "--label", "'q'", "--features", "a.b,c d,e`f,ü名",
        "--prior", "gaussian:1", "--model", oddModel);
  }

  private static void fitOrFail(String... args) {
    JobRun r = JobRun.of(plus(List.of(args), "--show", "false").toArray(new String[0]));
    assertEquals(0, r.code(), "fixture: " + r);
  }

  static void assertMle(double[] expected, JsonNode s, String feature) {
    Approx.assertClose(expected[0], s.get("intercept").asDouble(), 1e-6, "intercept");
    Approx.assertClose(expected[1], s.get("coefficients").get(feature).asDouble(), 1e-6, feature);
    assertTrue(s.get("converged").asBoolean(), s.toString());
  }

  static List<Case> fitLogisticCases() throws IOException {
    String f = "fit-logistic";
    List<String> b = List.of(f, "--input", logit, "--label", "y", "--features", "x1");
    List<Case> cases = new ArrayList<>();
    // ---- keys ----
    cases.add(new Case(f, "no input key", List.of(f, "--label", "y", "--features", "x1"), new Bad("input")));
    cases.add(new Case(f, "no label", List.of(f, "--input", logit, "--features", "x1"), new Bad("label")));
    cases.add(new Case(f, "no features", List.of(f, "--input", logit, "--label", "y"), new Bad("features")));
    cases.add(new Case(f, "misspelt key --lable", List.of(f, "--input", logit, "--lable", "y", "--features", "x1"),
        new Bad("lable", "label")));
    cases.add(new Case(f, "misspelt key --feature", List.of(f, "--input", logit, "--label", "y", "--feature", "x1"),
        new Bad("feature", "features")));
    cases.add(new Case(f, "misspelt key --prior-means", plus(b, "--prior-means", "1"),
        new Bad("prior-means", "prior-mean")));
    cases.add(new Case(f, "key of another job (--bins)", plus(b, "--bins", "3"), new Bad("bins")));
    cases.add(new Case(f, "key without value", plus(b, "--prior"), new Bad("prior")));
    String typo = write("fit-typo.properties", "job = fit-logistic", "input = " + logit, "label = y",
        "features = x1", "priro = gaussian:1");
    cases.add(new Case(f, "job file: misspelt key", List.of(typo), new Bad("priro", typo, "prior")));
    // ---- wrong types and values ----
    // choosing the prior's scale (DESIGN.md §5.3, §5.4)
    cases.add(new Case(f, "path empty", plus(b, "--prior", "laplace:1", "--path", " "), new Bad("path", "empty")));
    cases.add(new Case(f, "path with 0", plus(b, "--prior", "laplace:1", "--path", "0.1,0"), new Bad("path", "0")));
    cases.add(new Case(f, "path with -1", plus(b, "--prior", "gaussian:1", "--path", "-1,2"), new Bad("path", "-1")));
    cases.add(new Case(f, "path not numbers", plus(b, "--prior", "gaussian:1", "--path", "0.1,big"), new Bad("path", "big")));
    cases.add(new Case(f, "path with a flat prior", plus(b, "--path", "0.1,1"), new Bad("prior", "flat")));
    cases.add(new Case(f, "folds 1", plus(b, "--prior", "laplace:cv", "--folds", "1"), new Bad("folds", "2")));
    cases.add(new Case(f, "folds more than rows", plus(b, "--prior", "laplace:cv", "--folds", "13"), new Bad("folds", "12")));
    cases.add(new Case(f, "rule max", plus(b, "--prior", "laplace:cv", "--rule", "max"), new Bad("rule", "max", "1se")));
    cases.add(new Case(f, "auto with laplace", plus(b, "--prior", "laplace:auto"),
        new Bad("prior", "Gaussian", "laplace:cv")));
    cases.add(new Case(f, "t with nu 0", plus(b, "--prior", "t:1:0"), new Bad("prior", "degrees of freedom")));
    cases.add(new Case(f, "t with nu -2", plus(b, "--prior", "t:1:-2"), new Bad("prior", "degrees of freedom")));
    cases.add(new Case(f, "cauchy without scale", plus(b, "--prior", "cauchy"), new Bad("prior", "cauchy:S")));
    cases.add(new Case(f, "seed not a number", plus(b, "--prior", "laplace:cv", "--seed", "x"), new Bad("seed", "x")));
    cases.add(new Case(f, "max-iterations abc", plus(b, "--max-iterations", "abc"), new Bad("max-iterations", "abc")));
    cases.add(new Case(f, "max-iterations 0", plus(b, "--max-iterations", "0"), new Bad("max-iterations", "0")));
    cases.add(new Case(f, "max-iterations -5", plus(b, "--max-iterations", "-5"), new Bad("max-iterations", "-5")));
    cases.add(new Case(f, "max-iterations 2.5", plus(b, "--max-iterations", "2.5"), new Bad("max-iterations", "2.5")));
    cases.add(new Case(f, "tolerance x", plus(b, "--tolerance", "x"), new Bad("tolerance", "x")));
    cases.add(new Case(f, "tolerance -1", plus(b, "--tolerance", "-1"), new Bad("tolerance", "-1")));
    cases.add(new Case(f, "tolerance NaN", plus(b, "--tolerance", "NaN"), new Bad("tolerance", "NaN")));
    cases.add(new Case(f, "prior gaussian:-1", plus(b, "--prior", "gaussian:-1"), new Bad("prior", "-1")));
    cases.add(new Case(f, "prior laplace:0", plus(b, "--prior", "laplace:0"), new Bad("prior", "0")));
    cases.add(new Case(f, "prior bogus", plus(b, "--prior", "bogus"), new Bad("prior", "bogus")));
    cases.add(new Case(f, "prior gaussian:abc", plus(b, "--prior", "gaussian:abc"), new Bad("prior", "abc")));
    cases.add(new Case(f, "prior gaussian without sd", plus(b, "--prior", "gaussian"), new Bad("prior", "gaussian")));
    cases.add(new Case(f, "prior elastic:1 without b", plus(b, "--prior", "elastic:1"), new Bad("prior", "elastic:1")));
    cases.add(new Case(f, "prior gaussian:Infinity", plus(b, "--prior", "gaussian:Infinity"),
        new Bad("prior", "Infinity")));
    cases.add(new Case(f, "prior-mean abc", plus(b, "--prior", "gaussian:1", "--prior-mean", "abc"),
        new Bad("prior-mean", "abc")));
    cases.add(new Case(f, "prior-mean NaN", plus(b, "--prior", "gaussian:1", "--prior-mean", "NaN"),
        new Bad("prior-mean", "NaN")));
    cases.add(new Case(f, "prior-mean: 3 values for 2 features", List.of(f, "--input", logit, "--label", "y",
        "--features", "x1,x2", "--prior", "gaussian:1", "--prior-mean", "1,2,3"), new Bad("prior-mean", "3")));
    cases.add(new Case(f, "priors name a missing feature", plus(b, "--priors", "x9=gaussian:1"),
        new Bad("priors", "x9")));
    cases.add(new Case(f, "priors without =", plus(b, "--priors", "x1"), new Bad("priors", "x1")));
    cases.add(new Case(f, "priors with a bad prior", plus(b, "--priors", "x1=laplace:-2"), new Bad("priors", "-2")));
    cases.add(new Case(f, "na fail (not a value)", plus(b, "--na", "fail"), new Bad("na", "fail")));
    cases.add(new Case(f, "standardize perhaps", plus(b, "--standardize", "perhaps"), new Bad("standardize", "perhaps")));
    cases.add(new Case(f, "output-format txt", plus(b, "--output-format", "txt"), new Bad("output-format", "txt")));
    // ---- labels ----
    cases.add(new Case(f, "label with one class", List.of(f, "--input", logit, "--label", "one", "--features", "x1"),
        new Bad("label", "'one'", "2 classes")));
    cases.add(new Case(f, "label with three classes", List.of(f, "--input", logit, "--label", "three",
        "--features", "x1"), new Bad("label", "'three'", "2 classes")));
    cases.add(new Case(f, "label not 0/1, no positive", List.of(f, "--input", logit, "--label", "yn",
        "--features", "x1"), new Bad("label", "'yn'", "positive")));
    cases.add(new Case(f, "label int not 0/1, no positive", List.of(f, "--input", logit, "--label", "x2",
        "--features", "x1", "--na", "drop"), new Bad("label", "'x2'")));
    cases.add(new Case(f, "positive not a value of the label", List.of(f, "--input", logit, "--label", "yn",
        "--positive", "maybe", "--features", "x1"), new Bad("positive", "maybe", "'yn'")));
    cases.add(new Case(f, "label yes/no with positive: the 0/1 fit", List.of(f, "--input", logit, "--label", "yn",
        "--positive", "yes", "--features", "x1"), ok(s -> assertMle(MLE_X1, s, "x1"))));
    cases.add(new Case(f, "missing label column", List.of(f, "--input", logit, "--label", "z", "--features", "x1"),
        new Bad("label", "'z'")));
    cases.add(new Case(f, "label is also a feature", List.of(f, "--input", logit, "--label", "y", "--features",
        "x1,y"), new Bad("label", "'y'")));
    // ---- features and weights ----
    cases.add(new Case(f, "missing feature column", plus(List.of(f, "--input", logit, "--label", "y"), "--features",
        "x1,x9"), new Bad("features", "x9")));
    cases.add(new Case(f, "missing weight column", plus(b, "--weight", "ww"), new Bad("weight", "ww")));
    cases.add(new Case(f, "weight is a string column", plus(b, "--weight", "grp"), new Bad("weight", "'grp'")));
    cases.add(new Case(f, "NaN in a feature", List.of(f, "--input", logitNa, "--label", "y", "--features", "x1"),
        new Bad("2 rows", "'x1'", "drop")));
    cases.add(new Case(f, "null in a feature", List.of(f, "--input", logitNa, "--label", "y", "--features", "x2"),
        new Bad("1 rows", "'x2'", "drop")));
    cases.add(new Case(f, "±Infinity in a feature", List.of(f, "--input", logitNa, "--label", "y", "--features", "x3"),
        new Bad("2 rows", "'x3'", "drop")));
    cases.add(new Case(f, "bad values in two features and the weight", List.of(f, "--input", logitNa, "--label", "y",
        "--features", "x1,x2", "--weight", "w"), new Bad("2 rows", "'x1'", "1 rows", "'x2'", "'w'")));
    cases.add(new Case(f, "NaN dropped with na drop", List.of(f, "--input", logitNa, "--label", "y", "--features", "x1",
        "--na", "drop"), ok(s -> {
          assertMle(MLE_X1_DROPPED, s, "x1");
          assertEquals(2, s.get("dropped_rows").asLong());
          assertEquals(10, s.get("rows").asLong());
        })));
    String negative = write("negative-weight.csv", "x1,y,w", "0.5,1,1.0", "1.5,0,-2.0", "0.1,1,1.0", "2.0,0,1.0");
    cases.add(new Case(f, "negative weight", List.of(f, "--input", negative, "--label", "y",
        "--features", "x1", "--weight", "w"), new Bad("1 rows", "weight", "'w'")));
    cases.add(new Case(f, "separable data without a prior", List.of(f, "--input", logit, "--label", "y",
        "--features", "yn"), new Bad("yn", "prior")));
    // ---- paths and tables ----
    String missing = dir.resolve("no/such/fit.csv").toString();
    cases.add(new Case(f, "path does not exist", swap(b, logit, missing), new Bad(missing)));
    cases.add(new Case(f, "0-byte file", swap(b, logit, dir.resolve("zero.csv").toString()), new Bad("zero.csv")));
    String ragged = write("logit-ragged.csv", "x1,y", "0.5,1", "1.5", "0.1,1", "2.0,0,7");
    cases.add(new Case(f, "ragged CSV rows", swap(b, logit, ragged), new Bad(ragged)));
    String headerOnly = write("logit-header-only.csv", LOGIT[0]);
    cases.add(new Case(f, "empty CSV (header only: no types)", swap(b, logit, headerOnly),
        new Bad("'x1'", "no non-null values")));
    cases.add(new Case(f, "empty table", swap(b, logit, logitEmpty), new Bad("label", "'y'", "0")));
    String oneRow = write("logit-one-row.csv", LOGIT[0], LOGIT[1]);
    cases.add(new Case(f, "single row", swap(b, logit, oneRow), new Bad("label", "'y'")));
    String noModel = dir.resolve("no/such/model").toString();
    cases.add(new Case(f, "prior-model does not exist", plus(b, "--prior-model", noModel),
        new Bad("prior-model", noModel)));
    cases.add(new Case(f, "prior-model is a CSV file", plus(b, "--prior-model", logit), new Bad("prior-model", logit)));
    cases.add(new Case(f, "model under a file", plus(b, "--model", logit + "/model"), new Bad("model", logit)));
    cases.add(new Case(f, "output under a file", plus(b, "--output", logit + "/history"), new Bad("output", logit)));
    // ---- odd names ----
    cases.add(new Case(f, "odd column names: the 0/1 fit", List.of(f, "--input", logitOdd, "--label", "'q'",
        "--features", "a.b"), ok(s -> assertMle(MLE_X1, s, "a.b"))));
    cases.add(new Case(f, "odd column names: every kind", List.of(f, "--input", logitOdd, "--label", "a; DROP TABLE x",
        "--positive", "yes", "--features", "a.b,c d,e`f,ü名", "--prior", "gaussian:1", "--priors", "c d=laplace:1"),
        ok(s -> {
          for (String n : List.of("a.b", "c d", "e`f=b", "ü名")) {
            assertTrue(s.get("coefficients").has(n), n + " in " + s);
          }
        })));
    cases.add(new Case(f, "odd name misspelt", List.of(f, "--input", logitOdd, "--label", "'q'", "--features",
        "a;DROP TABLE x"), new Bad("a;DROP TABLE x")));
    return cases;
  }

  static List<Case> scoreLogisticCases() throws IOException {
    String sc = "score-logistic";
    List<String> b = List.of(sc, "--input", logit, "--model", model);
    List<Case> cases = new ArrayList<>();
    cases.add(new Case(sc, "scores its own training rows", b, ok(s -> {
      assertEquals(12, s.get("rows").asLong());
      // mean log-loss of the MLE on its training rows = −llf / n
      Approx.assertClose(-LLF_X1 / 12, s.get("log_loss").asDouble(), 1e-9);
    })));
    cases.add(new Case(sc, "no model", List.of(sc, "--input", logit), new Bad("model")));
    cases.add(new Case(sc, "no input", List.of(sc, "--model", model), new Bad("input")));
    cases.add(new Case(sc, "misspelt key --modle", List.of(sc, "--input", logit, "--modle", model),
        new Bad("modle", "model")));
    cases.add(new Case(sc, "key of fit-logistic (--label)", plus(b, "--label", "y"), new Bad("label")));
    String noModel = dir.resolve("no/such/model").toString();
    cases.add(new Case(sc, "model does not exist", List.of(sc, "--input", logit, "--model", noModel),
        new Bad("model", noModel)));
    cases.add(new Case(sc, "model is a CSV file", List.of(sc, "--input", logit, "--model", logit),
        new Bad("model", logit)));
    Path emptyModel = Files.createDirectories(dir.resolve("empty-model"));
    cases.add(new Case(sc, "model folder is empty", List.of(sc, "--input", logit, "--model", emptyModel.toString()),
        new Bad("model", emptyModel.toString())));
    Path brokenModel = Files.createDirectories(dir.resolve("broken-model"));
    Files.writeString(brokenModel.resolve("model.json"), "{\"format\": ");
    cases.add(new Case(sc, "model.json is cut short", List.of(sc, "--input", logit, "--model", brokenModel.toString()),
        new Bad("model", brokenModel.toString())));
    cases.add(new Case(sc, "model features not in the data", List.of(sc, "--input", good, "--model", model),
        new Bad("'x1'", "model")));
    String x1Text = write("x1-text.csv", "x1,y", "high,1", "low,0");
    cases.add(new Case(sc, "feature of another type", List.of(sc, "--input", x1Text, "--model", model),
        new Bad("'x1'", "string", "number")));
    cases.add(new Case(sc, "label not 0/1 for a 0/1 model", List.of(sc, "--input",
        write("x1-label-2.csv", "x1,y", "0.5,1", "1.5,2"), "--model", model), new Bad("label", "'y'", "2")));
    cases.add(new Case(sc, "label yes/no for a 0/1 model", List.of(sc, "--input",
        write("x1-label-yes.csv", "x1,y", "0.5,yes", "1.5,no"), "--model", model), new Bad("label", "'y'", "yes")));
    cases.add(new Case(sc, "label with 3 classes for a positive-class model", List.of(sc, "--input",
        write("odd-label-3.csv", "a.b,c d,e`f,ü名,a; DROP TABLE x", "0.5,1,a,1.0,yes", "1.5,2,b,1.0,no",
            "0.1,3,a,1.0,maybe"), "--model", yesModel), new Bad("label", "'a; DROP TABLE x'", "maybe")));
    cases.add(new Case(sc, "NaN and null features are scored as null", List.of(sc, "--input", logitNa,
        "--model", model), ok(s -> assertEquals(12, s.get("rows").asLong()))));
    String missing = dir.resolve("no/such/score.csv").toString();
    cases.add(new Case(sc, "path does not exist", swap(b, logit, missing), new Bad(missing)));
    cases.add(new Case(sc, "ragged CSV rows", swap(b, logit, dir.resolve("logit-ragged.csv").toString()),
        new Bad("logit-ragged.csv")));
    cases.add(new Case(sc, "0-byte file", swap(b, logit, dir.resolve("zero.csv").toString()), new Bad("zero.csv")));
    String headerOnly = dir.resolve("logit-header-only.csv").toString();
    cases.add(new Case(sc, "empty CSV (header only: every column a string)", swap(b, logit, headerOnly),
        new Bad("'x1'", "string")));
    cases.add(new Case(sc, "empty table", swap(b, logit, logitEmpty), ok(s -> {
      assertEquals(0, s.get("rows").asLong());
      assertTrue(s.get("log_loss").isNull(), s.toString());
    })));
    cases.add(new Case(sc, "output-format txt", plus(b, "--output-format", "txt"), new Bad("output-format", "txt")));
    cases.add(new Case(sc, "output under a file", plus(b, "--output", logit + "/scores"), new Bad("output", logit)));
    cases.add(new Case(sc, "odd column names", List.of(sc, "--input", logitOdd, "--model", oddModel),
        ok(s -> assertEquals(12, s.get("rows").asLong()))));
    String unseen = write("unseen-level.csv", "a.b,c d,e`f,ü名,'q'", "0.5,1,zzz,1.0,1");
    cases.add(new Case(sc, "a level the model never saw", List.of(sc, "--input", unseen, "--model", oddModel),
        new Bad("1 rows", "e`f")));
    return cases;
  }

  @TestFactory
  Stream<DynamicTest> matrix() throws IOException {
    List<Case> cases = new ArrayList<>(profileCases());
    cases.addAll(compareCases());
    cases.addAll(mutualInfoCases());
    cases.addAll(fitLogisticCases());
    cases.addAll(scoreLogisticCases());
    // -Dmatrix.jobs=fit-logistic,score-logistic runs the cases of some jobs only
    String only = System.getProperty("matrix.jobs", "");
    if (!only.isBlank()) {
      cases.removeIf(c -> !List.of(only.split(",")).contains(c.job()));
    }
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.job() + ": " + c.name(), () -> check(c)));
  }

  private static void check(Case c) throws IOException {
    Path summary = dir.resolve("summary-" + Math.abs(c.name().hashCode()) + ".json");
    List<String> args = new ArrayList<>(c.args());
    boolean ownSummary = args.contains("--summary");
    if (c.expect() instanceof Ok && !ownSummary) {
      args.addAll(List.of("--summary", summary.toString()));
    }
    if (args.size() > 1 && !args.contains("--show")) {
      args.addAll(List.of("--show", "false"));
    }
    JobRun r = assertTimeoutPreemptively(TIMEOUT, () -> JobRun.of(args.toArray(new String[0])), c.name() + ": hangs");
    assertFalse(r.err().contains("SECRET42") || r.out().contains("SECRET42"), "credentials printed: " + r);
    assertFalse(Files.exists(dir.resolve("pwned")), "a job file ran a command");
    if (c.expect() instanceof Bad bad) {
      assertEquals(Main.BAD_INPUT, r.code(), r.toString());
      String err = r.err().strip();
      assertEquals(1, err.lines().count(), "one line: " + r);
      assertTrue(err.startsWith("infospark: "), r.toString());
      assertFalse(err.contains("Exception") || err.matches("(?s).*\\bat [\\w.$]+\\(.*"), "no exception or frame: " + err);
      for (String m : bad.mentions()) {
        assertTrue(err.contains(m), "the message names '" + m + "': " + err);
      }
    } else {
      assertEquals(0, r.code(), r.toString());
      ((Ok) c.expect()).check().accept(SummaryWriter.JSON.readTree(summary.toFile()));
    }
  }
}
