package io.infospark.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.infospark.core.BadInputException;
import io.infospark.engine.spark.InternalInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Saved count states: the exact merged counts of a run (per column, and per pair), kept between
 * runs so that the counts of many runs can be merged — exactly the counts of the union of their
 * inputs — without reading those inputs again.
 *
 * <p>Layout: one folder per run, {@code <dir>/run_id=<id>/}, holding Parquet files (zstd) of one
 * row per distinct key of each column and pair — {@code set} (the column's position in the request,
 * or columns + p for pair p), {@code nullmask} (bit 0: the value, or the pair's x, is null; bit 1:
 * the pair's y), {@code k1}/{@code s1} and {@code k2}/{@code s2} (the counting key as a long, or
 * bytes), {@code n} (rows) and, for a weighted count only, {@code w} (summed weight) — and {@code
 * _state.json}: the request (columns, types, bins, pairs, weight column, null policy), the run's
 * dates and the runs it replaces (a compacted run). The rows are sorted by key set and key, so the
 * set and null mask cost next to nothing and a count a few bits; a distinct value costs its key
 * (8 bytes for numbers, dates, booleans and bins; the value's bytes for strings) and its count.
 *
 * <p>Writing is atomic: a run is written into a hidden folder beside the others and renamed into
 * place; a run saved again replaces the old one by two renames, and a reader that finds only the
 * old one (a writer killed between them) reads it. A compacted run lists the runs it replaces and
 * hides them as soon as it is in place, so a compaction killed before it deleted them never counts
 * a row twice.
 *
 * <p>The files are laid out as the engine merges ({@link FastCounts.Layout}): every key in one of
 * the merge's hash partitions, the partitions split into contiguous groups, each file holding one
 * group (recorded in {@code _state.json}), its rows sorted by key. Runs of one layout merge one
 * task per group, reading that group's file of each run side by side in key order ({@link
 * SortedStateMerge}): no shuffle, no hash table; runs of other layouts (other settings, the
 * public-API path, format 2) by the engine's merge ({@link CountMerger}) after one shuffle of their
 * entries. The merged counts are a {@link CountResult} like any other (its
 * statistics are folded on the executors), so nothing proportional to the distinct values reaches
 * the driver, and they keep their layout when written again (compaction, a running state).
 */
public final class CountState {
  private CountState() {}

  static final String FORMAT = "infospark-count-state/3";
  /** The format before states recorded their layout: still read, merged through a shuffle. */
  static final String FORMAT_2 = "infospark-count-state/2";
  private static final Pattern PART_FILE = Pattern.compile("part-(\\d+)-.*");
  static final String META = "_state.json";
  static final String PREFIX = "run_id=";
  private static final String OLD = "_old-";
  private static final String DELETED = ".deleted-";
  private static final String TMP = "_tmp-";
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
  private static final String[] KEY = {"set", "nullmask", "k1", "s1", "k2", "s2"};
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Which counts of a two-sided count ({@link ValueCounter#countSides}) to save. */
  public enum Side {
    /** The counts of a one-sided count. */
    ALL,
    /** The first side (p, the data under test). */
    FIRST,
    /** The second side (q, the reference). */
    SECOND
  }

  /**
   * One saved run: its id, when it was saved, the dates its data covers (one day for a daily run,
   * the days of the runs a compacted run replaced) and the runs it replaces.
   */
  public record Run(String id, Instant created, LocalDate first, LocalDate last, List<String> replaces) {
    /** The dates as text: one date, or {@code first..last}. */
    public String dates() {
      return first.equals(last) ? first.toString() : first + ".." + last;
    }
  }

  /** Saves the counts of a one-sided count as run {@code runId} of today (UTC). */
  public static Run save(CountResult counts, String dir, String runId) {
    return save(counts, Side.ALL, dir, runId, LocalDate.now(ZoneOffset.UTC));
  }

  /**
   * Saves one side of the counts as run {@code runId} whose data is of {@code date}, atomically;
   * a run of that id already there is replaced.
   *
   * @throws BadInputException for a run id that is not a plain name
   */
  public static Run save(CountResult counts, Side side, String dir, String runId, LocalDate date) {
    if (counts.sides() == (side == Side.ALL)) {
      throw new IllegalArgumentException(counts.sides() ? "two-sided counts: save Side.FIRST or Side.SECOND"
          : "one-sided counts: save Side.ALL");
    }
    requireRunId(runId);
    requireNotCompacted(counts.sparkSession(), dir, runId);
    Dataset<Row> rows = counts.counts().rows();
    boolean weighted = counts.request().weight() != null;
    if (side != Side.ALL) {
      Column p = functions.col("w").cast(DataTypes.LongType);
      Column n = side == Side.FIRST ? p : functions.col("n").minus(p);
      rows = rows.withColumn("n", n).filter(functions.col("n").gt(0));
    }
    Run run = new Run(runId, Instant.now(), date, date, List.of());
    write(counts.sparkSession(), rows, weighted, counts.request(), dir, run, layout(counts), true);
    return run;
  }

  /**
   * {@link #save} of a one-sided count by a writer that keeps its own log in {@code dir} (a
   * running count): it knows that no run there replaced {@code runId}, and deletes what killed
   * writers left ({@link #clean}) itself, so nothing of the folder is listed or read here.
   */
  static void saveNew(CountResult counts, String dir, String runId, LocalDate date) {
    if (counts.sides()) {
      throw new IllegalArgumentException("two-sided counts: save Side.FIRST or Side.SECOND");
    }
    requireRunId(runId);
    write(counts.sparkSession(), counts.counts().rows(), counts.request().weight() != null, counts.request(), dir,
        new Run(runId, Instant.now(), date, date, List.of()), layout(counts), false);
  }

  /** Deletes what killed writers left in {@code dir} (see {@link #clean(FileSystem, Path)}). */
  static void clean(SparkSession spark, String dir) {
    FileSystem fs = fileSystem(spark, dir);
    try {
      clean(fs, fs.makeQualified(new Path(dir)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean up " + dir, e);
    }
  }

  /** The runs saved in {@code dir} (none when it does not exist), oldest first by their dates. */
  public static List<Run> runs(SparkSession spark, String dir) {
    return new ArrayList<>(listing(spark, dir).values().stream().map(Stored::run).toList());
  }

  /**
   * The runs of a window, oldest first.
   *
   * @throws BadInputException for an unknown run id or an empty window
   */
  public static List<Run> select(SparkSession spark, String dir, StateWindow window) {
    Map<String, Stored> stored = listing(spark, dir);
    List<String> ids = window.select(new ArrayList<>(stored.values().stream().map(Stored::run).toList()), dir);
    return ids.stream().map(id -> stored.get(id).run).toList();
  }

  /**
   * The merged counts of the runs of a window: exactly the counts of the union of their inputs.
   *
   * @throws BadInputException for an unknown run id, an empty window, or runs counted differently
   *     (other columns, types, bins, weight column or null policy: the difference named)
   */
  public static CountResult merge(SparkSession spark, String dir, StateWindow window) {
    Map<String, Stored> stored = listing(spark, dir);
    List<String> ids = window.select(new ArrayList<>(stored.values().stream().map(Stored::run).toList()), dir);
    List<Stored> chosen = new ArrayList<>();
    for (String id : ids) {
      chosen.add(stored.get(id));
    }
    CountRequest request = requireSame(chosen);
    FastCounts.Layout common = commonLayout(chosen);
    if (common != null && Settings.of(spark).path() != EnginePath.PUBLIC
        && InternalInput.unavailable(spark.emptyDataFrame()) == null) {
      List<List<String>> files = new ArrayList<>();
      for (int g = 0; g < common.groups(); g++) {
        List<String> group = new ArrayList<>();
        for (Stored r : chosen) {
          r.files(g).forEach(f -> group.add(new Path(r.path(), f).toString()));
        }
        files.add(group);
      }
      return new CountResult(request, EnginePath.FAST,
          FastCounts.mergeSorted(spark, common, files, request.weight() != null), false);
    }
    return merged(spark, request, false, parts(spark, request, chosen));
  }

  /** The layout all the runs were saved with (their groups the same), or null when they differ or one is unknown. */
  private static FastCounts.Layout commonLayout(List<Stored> runs) {
    FastCounts.Layout common = runs.get(0).layout();
    for (Stored r : runs) {
      if (common == null || !common.sameGroups(r.layout())) {
        return null;
      }
    }
    return common;
  }

  /**
   * Parts of counts of one request merged by the engine's merge ({@link FastCounts#mergeParts});
   * on the public-API path (chosen by the settings, or the engine's internals unavailable) by one
   * aggregation of the public API.
   */
  static CountResult merged(SparkSession spark, CountRequest request, boolean sides, List<FastCounts.Part> parts) {
    Settings s = Settings.of(spark);
    if (s.path() == EnginePath.PUBLIC || parts.stream().anyMatch(p -> InternalInput.unavailable(p.rows()) != null)) {
      Dataset<Row> rows = null;
      for (FastCounts.Part p : parts) {
        Dataset<Row> r = p.weightColumn() ? p.rows()
            : p.rows().withColumn("w", functions.col("n").cast(DataTypes.DoubleType));
        r = r.select(columns(MergedCounts.MERGED.fieldNames()));
        rows = rows == null ? r : rows.union(r);
      }
      return new CountResult(request, EnginePath.PUBLIC, PublicCounts.of(sum(rows)), sides);
    }
    return new CountResult(request, EnginePath.FAST, FastCounts.mergeParts(spark, s, parts), sides);
  }

  /**
   * The saved rows of runs as parts to merge: when the runs were saved with one layout, one part per
   * group of it (that group's file of every run); else all their rows in one part of unknown layout.
   */
  private static List<FastCounts.Part> parts(SparkSession spark, CountRequest request, List<Stored> runs) {
    boolean weighted = request.weight() != null;
    FastCounts.Layout common = commonLayout(runs);
    if (common == null) {
      return List.of(new FastCounts.Part(read(spark, request, runs.stream().map(Stored::path).toList()),
          weighted, null, -1));
    }
    List<FastCounts.Part> parts = new ArrayList<>();
    for (int g = 0; g < common.groups(); g++) {
      List<Path> files = new ArrayList<>();
      for (Stored r : runs) {
        for (String f : r.files(g)) {
          files.add(new Path(r.path(), f));
        }
      }
      if (!files.isEmpty()) {
        parts.add(new FastCounts.Part(read(spark, request, files), weighted, common, g));
      }
    }
    if (parts.isEmpty()) { // runs of no rows at all: merged as such
      return List.of(new FastCounts.Part(read(spark, request, runs.stream().map(Stored::path).toList()),
          weighted, null, -1));
    }
    return parts;
  }

  /** The layout of counts: how the fast path merged them, null for the public-API path's. */
  private static FastCounts.Layout layout(CountResult counts) {
    return counts.counts() instanceof FastCounts f ? f.layout() : null;
  }

  /**
   * Merges the runs of a window into one run {@code into} (a week, a month) and then deletes them.
   * The compacted run covers their dates and lists them as replaced, so from the moment it is in
   * place readers no longer see them, even when the deletion did not happen (a killed compaction).
   *
   * @return the compacted run
   */
  public static Run compact(SparkSession spark, String dir, StateWindow window, String into) {
    requireRunId(into);
    Map<String, Stored> stored = listing(spark, dir);
    List<String> ids = window.select(new ArrayList<>(stored.values().stream().map(Stored::run).toList()), dir);
    Run run = compacted(stored, ids, into, true);
    try (CountResult merged = merge(spark, dir, window)) {
      write(spark, merged.counts().rows(), merged.request().weight() != null, merged.request(), dir, run,
          layout(merged), true);
    }
    deleteRuns(spark, dir, stored, ids);
    return run;
  }

  /**
   * {@link #compact} of runs {@code ids} whose merged counts are already at hand ({@code rows} of
   * {@link MergedCounts#MERGED}, e.g. a stream's running counts held in memory): written as run
   * {@code into}, which replaces them, without reading them; partition g of rows holding group g of
   * {@code layout} (null: unknown), the run is saved in that layout.
   */
  static Run replace(SparkSession spark, Dataset<Row> rows, CountRequest request, String dir, List<String> ids,
      String into, FastCounts.Layout layout) {
    requireRunId(into);
    Map<String, Stored> stored = listing(spark, dir);
    for (String id : ids) {
      if (!stored.containsKey(id)) {
        throw new BadInputException("states: run '" + id + "' not found in " + dir);
      }
    }
    Run run = compacted(stored, ids, into, false);
    write(spark, rows, request.weight() != null, request, dir, run, layout, true);
    deleteRuns(spark, dir, stored, ids);
    return run;
  }

  /**
   * The run {@code into} that replaces runs {@code ids}: their dates, and those runs — with every
   * run they replaced when {@code retire} (so that those ids stay retired: {@link
   * #requireNotCompacted}); else only them, so that a run compacted again and again (a stream's
   * running count) lists a bounded number of runs: what they replaced is gone by then, deleted by
   * the {@link #clean} before the compacted run is written, as runs a present run replaces.
   */
  private static Run compacted(Map<String, Stored> stored, List<String> ids, String into, boolean retire) {
    if (ids.contains(into)) {
      throw new BadInputException("compact: the compacted run '" + into + "' is one of the runs it replaces; "
          + "expected a new run id");
    }
    List<String> replaced = new ArrayList<>();
    LocalDate first = null;
    LocalDate last = null;
    for (String id : ids) {
      Run r = stored.get(id).run;
      replaced.add(id);
      if (retire) {
        replaced.addAll(r.replaces());
      }
      first = first == null || r.first().isBefore(first) ? r.first() : first;
      last = last == null || r.last().isAfter(last) ? r.last() : last;
    }
    return new Run(into, Instant.now(), first, last, List.copyOf(replaced));
  }

  private static void deleteRuns(SparkSession spark, String dir, Map<String, Stored> stored, List<String> ids) {
    FileSystem fs = fileSystem(spark, dir);
    try {
      for (String id : ids) {
        fs.delete(stored.get(id).path, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("compact: cannot delete the replaced runs in " + dir, e);
    }
  }

  /**
   * Writes run {@code into}: the counts of run {@code previous} (null: none) plus {@code counts},
   * replacing {@code previous} (hidden once {@code into} is in place, then deleted) — a running
   * state that grows by one count at a time, such as a stream's micro-batches.
   *
   * @throws BadInputException when the counts were counted differently from the previous run
   */
  public static Run accumulate(CountResult counts, String dir, String previous, String into, LocalDate date) {
    if (counts.sides()) {
      throw new IllegalArgumentException("two-sided counts: accumulate one side");
    }
    requireRunId(into);
    SparkSession spark = counts.sparkSession();
    Map<String, Stored> stored = listing(spark, dir);
    List<FastCounts.Part> parts = new ArrayList<>();
    parts.add(new FastCounts.Part(counts.counts().rows(), true, layout(counts), -1));
    List<String> replaces = new ArrayList<>();
    LocalDate first = date;
    if (previous != null) {
      Stored prev = stored.get(previous);
      if (prev == null) {
        throw new BadInputException("states: run '" + previous + "' not found in " + dir);
      }
      String d = difference(prev.request(), counts.request());
      if (d != null) {
        throw new BadInputException("states: the counts differ from run '" + previous + "': " + d);
      }
      parts.addAll(0, parts(spark, counts.request(), List.of(prev)));
      replaces.add(previous);
      first = prev.run.first().isBefore(date) ? prev.run.first() : date;
    }
    Run run = new Run(into, Instant.now(), first, date, List.copyOf(replaces));
    try (CountResult merged = merged(spark, counts.request(), false, parts)) {
      write(spark, merged.counts().rows(), counts.request().weight() != null, counts.request(), dir, run,
          layout(merged), true);
    }
    if (previous != null) {
      FileSystem fs = fileSystem(spark, dir);
      try {
        Path root = fs.makeQualified(new Path(dir));
        // what the previous run replaced is hidden only while it is there: delete that first
        for (String id : stored.get(previous).run.replaces()) {
          fs.delete(new Path(root, PREFIX + id), true);
        }
        fs.delete(stored.get(previous).path, true);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete run '" + previous + "' in " + dir, e);
      }
    }
    return run;
  }

  /**
   * Deletes run {@code runId} of {@code dir} (nothing when it is not there): a state no longer
   * needed. The run is renamed to a hidden name first, so a kill never leaves half a run in the
   * listing; what such a kill left hidden goes with the next deletion.
   */
  public static void delete(SparkSession spark, String dir, String runId) {
    requireRunId(runId);
    FileSystem fs = fileSystem(spark, dir);
    try {
      Path root = fs.makeQualified(new Path(dir));
      Path gone = new Path(root, DELETED + runId + "-" + UUID.randomUUID());
      if (fs.rename(new Path(root, PREFIX + runId), gone)) {
        fs.delete(gone, true);
      }
      for (FileStatus f : fs.exists(root) ? fs.listStatus(root) : new FileStatus[0]) {
        if (f.getPath().getName().startsWith(DELETED)) {
          fs.delete(f.getPath(), true);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete run '" + runId + "' in " + dir, e);
    }
  }

  /**
   * The rows of saved runs (their folders, or files) of one request, in one scan with the schema
   * given (no schema inference, no footers read on the driver), as rows of {@link
   * MergedCounts#MERGED}, without the weight {@code w} when the request has no weight column.
   */
  private static Dataset<Row> read(SparkSession spark, CountRequest request, List<Path> runs) {
    boolean weighted = request.weight() != null;
    org.apache.spark.sql.types.StructType schema = MergedCounts.MERGED;
    if (!weighted) {
      schema = new org.apache.spark.sql.types.StructType(Arrays.copyOf(schema.fields(), schema.fields().length - 1));
    }
    Dataset<Row> r = spark.read().schema(schema).parquet(runs.stream().map(Path::toString).toArray(String[]::new));
    return r.select(columns(schema.fieldNames()));
  }

  /** Rows of two counts of one request as the two sides: the weight of p's rows is their count, q's 0. */
  static Dataset<Row> sideRows(Dataset<Row> rows, boolean first) {
    Column w = first ? functions.col("n").cast(DataTypes.DoubleType) : functions.lit(0.0);
    return rows.withColumn("w", w).select(columns(MergedCounts.MERGED.fieldNames()));
  }

  /**
   * Merged rows summed per key by the public API, where the engine's merge cannot run (a Spark
   * Connect session): one aggregation over the distinct keys, its partitions then read by as many
   * tasks as the engine's merge uses (a few per core).
   */
  static Dataset<Row> sum(Dataset<Row> rows) {
    Settings s = Settings.of(rows.sparkSession());
    return rows.groupBy(columns(KEY)).agg(functions.sum("n").as("n"), functions.sum("w").as("w"))
        .select(columns(MergedCounts.MERGED.fieldNames())).coalesce(s.mergeTasks());
  }

  private static Column[] columns(String... names) {
    return Arrays.stream(names).map(functions::col).toArray(Column[]::new);
  }

  /**
   * How request b was counted differently from request a, in words (columns, types, bins, pairs,
   * weight column, null policy), or null when alike.
   */
  static String difference(CountRequest a, CountRequest b) {
    List<String> na = a.columns().stream().map(CountedColumn::name).toList();
    List<String> nb = b.columns().stream().map(CountedColumn::name).toList();
    if (!na.equals(nb)) {
      return "columns " + String.join(", ", nb) + " against " + String.join(", ", na);
    }
    for (int i = 0; i < na.size(); i++) {
      CountedColumn ca = a.columns().get(i);
      CountedColumn cb = b.columns().get(i);
      if (!ca.type().equals(cb.type())) {
        return "column '" + ca.name() + "' has type " + cb.type().simpleString() + " against " + ca.type().simpleString();
      }
      if (!sameBins(ca.bins(), cb.bins())) {
        return "column '" + ca.name() + "' is " + binning(cb) + " against " + binning(ca)
            + " (states merge only with the same bins: fix the bin edges, or count exactly)";
      }
    }
    if (!Arrays.deepEquals(a.pairs(), b.pairs())) {
      return "pairs " + pairs(b) + " against " + pairs(a);
    }
    if (!java.util.Objects.equals(a.weight(), b.weight())) {
      return "weight column " + (b.weight() == null ? "none" : "'" + b.weight() + "'") + " against "
          + (a.weight() == null ? "none" : "'" + a.weight() + "'");
    }
    if (a.nullsAsValue() != b.nullsAsValue()) {
      return "nulls " + (b.nullsAsValue() ? "counted as a value" : "dropped") + " against "
          + (a.nullsAsValue() ? "counted as a value" : "dropped");
    }
    return null;
  }

  private static boolean sameBins(ValueBins a, ValueBins b) {
    return a == null ? b == null : b != null && a.kindName().equals(b.kindName()) && Arrays.equals(a.edges(), b.edges());
  }

  private static String binning(CountedColumn c) {
    return c.bins() == null ? "not binned" : "binned " + c.bins().describe();
  }

  private static String pairs(CountRequest r) {
    List<String> out = new ArrayList<>();
    for (int[] p : r.pairs()) {
      out.add("(" + r.columns().get(p[0]).name() + ", " + r.columns().get(p[1]).name() + ")");
    }
    return out.isEmpty() ? "none" : String.join(" ", out);
  }

  private static CountRequest requireSame(List<Stored> runs) {
    CountRequest first = runs.get(0).request();
    for (Stored s : runs.subList(1, runs.size())) {
      String d = difference(first, s.request());
      if (d != null) {
        throw new BadInputException("states: run '" + s.run.id() + "' was counted differently from run '"
            + runs.get(0).run.id() + "': " + d);
      }
    }
    return first;
  }

  /** A run id a compacted run replaced stays retired: a new run of that id would be hidden. */
  private static void requireNotCompacted(SparkSession spark, String dir, String runId) {
    for (Stored s : listing(spark, dir).values()) {
      if (s.run.replaces().contains(runId)) {
        throw new BadInputException("run id '" + runId + "': that run was compacted into run '" + s.run.id()
            + "' in " + dir + "; expected a new run id");
      }
    }
  }

  static void requireRunId(String runId) {
    if (runId == null || !RUN_ID.matcher(runId).matches()) {
      throw new BadInputException("run id '" + runId + "': expected letters, digits, '.', '_' or '-' "
          + "(starting with a letter or digit, at most 200)");
    }
  }

  // ---- files -------------------------------------------------------------------------------

  /** A run as found on disk: where its rows are, and its metadata. */
  private record Stored(Run run, Path path, JsonNode meta) {
    CountRequest request() {
      return readRequest(meta.get("request"), path);
    }

    /** How the run's rows are laid out in its files, or null when unknown (written by the public-API path, or format 2). */
    FastCounts.Layout layout() {
      JsonNode l = meta.get("layout");
      if (l == null || l.isNull()) {
        return null;
      }
      return new FastCounts.Layout(l.path("buckets").asInt(), l.path("groups").asInt());
    }

    /** The files of the run that hold group g of its layout. */
    List<String> files(int g) {
      List<String> out = new ArrayList<>();
      for (JsonNode f : meta.get("layout").path("files")) {
        if (f.get(0).asInt() == g) {
          out.add(f.get(1).asText());
        }
      }
      return out;
    }
  }

  /**
   * Writes rows as run {@code run}; when layout is given, partition g of rows holds group g of it
   * and the files written are recorded by group.
   */
  private static void write(SparkSession spark, Dataset<Row> rows, boolean weighted, CountRequest request,
      String dir, Run run, FastCounts.Layout layout, boolean clean) {
    FileSystem fs = fileSystem(spark, dir);
    Path root = fs.makeQualified(new Path(dir));
    Path target = new Path(root, PREFIX + run.id());
    Path tmp = new Path(root, TMP + run.id() + "-" + UUID.randomUUID());
    try {
      if (clean) {
        clean(fs, root);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean up " + dir, e);
    }
    Dataset<Row> out = rows.select(columns(MergedCounts.MERGED.fieldNames()));
    if (!weighted) {
      out = out.drop("w");
    }
    // every file sorted by key: runs of one layout merge in key order (SortedStateMerge)
    out.sortWithinPartitions(columns(KEY)).write().option("compression", "zstd").parquet(tmp.toString());
    try {
      ObjectNode meta = meta(request, weighted, run);
      meta.set("layout", layout == null ? null : layoutJson(fs, tmp, layout));
      try (FSDataOutputStream o = fs.create(new Path(tmp, META), false)) {
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue((java.io.OutputStream) o, meta);
      }
      if (fs.exists(target)) {
        Path old = new Path(root, OLD + run.id() + "-" + UUID.randomUUID());
        try {
          fs.setTimes(target, System.currentTimeMillis(), -1); // when it was moved aside, for clean()
        } catch (IOException | UnsupportedOperationException e) {
          // a file system without folder times: the copy aside is never settled, so never touched
        }
        rename(fs, target, old);
        rename(fs, tmp, target);
        fs.delete(old, true);
      } else {
        rename(fs, tmp, target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the state of run '" + run.id() + "' in " + dir, e);
    }
  }

  /**
   * Deletes what killed writers left in root, by the rule of every atomic writer ({@link Leftovers}):
   * a {@code _tmp-} folder in which nothing changed for a day (a live run's is younger); an
   * {@code _old-} copy moved aside more than {@link Leftovers#IN_FLIGHT} ago — deleted when its run
   * is back in place, else renamed back (until then readers read it where it is); and runs that a
   * present compacted run replaces (a compaction killed before it deleted them).
   */
  private static void clean(FileSystem fs, Path root) throws IOException {
    if (!fs.exists(root) || !fs.getFileStatus(root).isDirectory()) {
      return;
    }
    long now = System.currentTimeMillis();
    Set<String> replaced = new HashSet<>();
    Map<String, Path> runs = new LinkedHashMap<>();
    for (FileStatus f : fs.listStatus(root)) {
      String name = f.getPath().getName();
      if (!f.isDirectory()) {
        continue;
      }
      if (name.startsWith(TMP) && Leftovers.abandoned(fs, f, now)) {
        fs.delete(f.getPath(), true);
      } else if (name.startsWith(OLD) && name.length() > OLD.length() + 37 && Leftovers.settled(f, now)) {
        Path back = new Path(root, PREFIX + name.substring(OLD.length(), name.length() - 37));
        if (fs.exists(back)) {
          fs.delete(f.getPath(), true);
        } else {
          fs.rename(f.getPath(), back);
        }
      } else if (name.startsWith(PREFIX)) {
        Stored s = read(fs, f.getPath());
        if (s != null) {
          runs.put(s.run.id(), f.getPath());
          replaced.addAll(s.run.replaces());
        }
      }
    }
    for (String id : replaced) {
      if (runs.containsKey(id)) {
        fs.delete(runs.get(id), true);
      }
    }
  }

  /**
   * The layout of a run's files: the merge partitions (buckets), the groups, and for each data file
   * the group it holds — the group of the task that wrote it, which Spark names the file by
   * ({@code part-<task>-…}); null (layout unknown) when a file is not named so.
   */
  private static ObjectNode layoutJson(FileSystem fs, Path folder, FastCounts.Layout layout) throws IOException {
    ObjectNode l = MAPPER.createObjectNode();
    l.put("buckets", layout.buckets());
    l.put("groups", layout.groups());
    ArrayNode files = l.putArray("files");
    for (FileStatus f : fs.listStatus(folder)) {
      String name = f.getPath().getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        continue;
      }
      java.util.regex.Matcher m = PART_FILE.matcher(name);
      if (!m.matches() || Long.parseLong(m.group(1)) >= layout.groups()) {
        return null;
      }
      files.addArray().add(Integer.parseInt(m.group(1))).add(name);
    }
    return l;
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("cannot rename " + from + " to " + to);
    }
  }

  private static ObjectNode meta(CountRequest r, boolean weighted, Run run) {
    ObjectNode m = new ObjectMapper().createObjectNode();
    m.put("format", FORMAT);
    m.put("run_id", run.id());
    m.put("created", run.created().toString());
    m.put("first_date", run.first().toString());
    m.put("last_date", run.last().toString());
    ArrayNode replaces = m.putArray("replaces");
    run.replaces().forEach(replaces::add);
    m.put("weighted", weighted);
    m.set("request", requestJson(r));
    return m;
  }

  /**
   * The runs of dir by id: each {@code run_id=} folder with its metadata, or the old copy of a run
   * whose replacement was killed between its two renames; runs a present compacted run replaces are
   * left out.
   */
  private static Map<String, Stored> listing(SparkSession spark, String dir) {
    FileSystem fs = fileSystem(spark, dir);
    Path root = fs.makeQualified(new Path(dir));
    List<Stored> found = new ArrayList<>();
    Map<String, Path> olds = new LinkedHashMap<>();
    Set<String> present = new HashSet<>();
    try {
      if (!fs.exists(root)) {
        return Map.of();
      }
      if (!fs.getFileStatus(root).isDirectory()) {
        throw new BadInputException("states: " + dir + " is a file; expected the folder of saved states");
      }
      for (FileStatus f : fs.listStatus(root)) {
        String name = f.getPath().getName();
        if (!f.isDirectory()) {
          continue;
        }
        if (name.startsWith(PREFIX)) {
          Stored s = read(fs, f.getPath());
          if (s != null) {
            found.add(s);
            present.add(s.run.id());
          }
        } else if (name.startsWith(OLD)) {
          olds.put(name.substring(OLD.length(), name.length() - 37), f.getPath());
        }
      }
      for (Map.Entry<String, Path> e : olds.entrySet()) {
        if (!present.contains(e.getKey())) {
          Stored s = read(fs, e.getValue());
          if (s != null) {
            found.add(s);
          }
        }
      }
    } catch (IOException e) {
      throw new BadInputException("states: cannot list " + dir + " (" + e.getMessage() + ")", e);
    }
    Set<String> replaced = new HashSet<>();
    found.forEach(s -> replaced.addAll(s.run.replaces()));
    found.removeIf(s -> replaced.contains(s.run.id()));
    found.sort(Comparator.comparing((Stored s) -> s.run.last()).thenComparing(s -> s.run.first())
        .thenComparing(s -> s.run.created()).thenComparing(s -> s.run.id()));
    Map<String, Stored> out = new LinkedHashMap<>();
    found.forEach(s -> out.put(s.run.id(), s));
    return out;
  }

  private static Stored read(FileSystem fs, Path folder) throws IOException {
    Path meta = new Path(folder, META);
    if (!fs.exists(meta)) {
      return null;
    }
    JsonNode m;
    try (FSDataInputStream in = fs.open(meta)) {
      m = new ObjectMapper().readTree((java.io.InputStream) in);
    }
    if (!FORMAT.equals(m.path("format").asText()) && !FORMAT_2.equals(m.path("format").asText())) {
      throw new BadInputException("states: " + meta + " has format '" + m.path("format").asText() + "'; expected "
          + FORMAT);
    }
    List<String> replaces = new ArrayList<>();
    m.get("replaces").forEach(r -> replaces.add(r.asText()));
    Run run = new Run(m.get("run_id").asText(), Instant.parse(m.get("created").asText()),
        LocalDate.parse(m.get("first_date").asText()), LocalDate.parse(m.get("last_date").asText()), replaces);
    return new Stored(run, folder, m);
  }

  private static FileSystem fileSystem(SparkSession spark, String dir) {
    try {
      return new Path(dir).getFileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException | IllegalArgumentException e) {
      throw new BadInputException("states: cannot use " + dir + " (" + e.getMessage() + ")", e);
    }
  }

  /**
   * The request as JSON: each column's name, Spark type (its JSON form) and bins (kind and edges),
   * the pairs (column positions), the weight column and the null policy.
   */
  static ObjectNode requestJson(CountRequest r) {
    ObjectNode o = MAPPER.createObjectNode();
    ArrayNode cols = o.putArray("columns");
    for (CountedColumn c : r.columns()) {
      ObjectNode col = cols.addObject();
      col.put("name", c.name());
      try {
        col.set("type", MAPPER.readTree(c.type().json()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (c.bins() != null) {
        ObjectNode b = col.putObject("bins");
        b.put("kind", c.bins().kindName());
        ArrayNode edges = b.putArray("edges");
        for (double e : c.bins().edges()) {
          edges.add(e);
        }
      }
    }
    ArrayNode ps = o.putArray("pairs");
    for (int[] p : r.pairs()) {
      ps.addArray().add(p[0]).add(p[1]);
    }
    o.put("weight", r.weight());
    o.put("nulls_as_value", r.nullsAsValue());
    return o;
  }

  /** The request of {@link #requestJson}; a field missing or of the wrong kind names the state. */
  static CountRequest readRequest(JsonNode o, Path folder) {
    try {
      List<CountedColumn> columns = new ArrayList<>();
      for (JsonNode c : required(o, "columns")) {
        ValueBins bins = null;
        if (c.hasNonNull("bins")) {
          JsonNode e = required(c.get("bins"), "edges");
          double[] edges = new double[e.size()];
          for (int i = 0; i < edges.length; i++) {
            edges[i] = e.get(i).asDouble();
          }
          bins = EdgeBins.of(required(c.get("bins"), "kind").asText(), edges);
        }
        columns.add(CountedColumn.of(required(c, "name").asText(),
            org.apache.spark.sql.types.DataType.fromJson(required(c, "type").toString()), bins));
      }
      JsonNode ps = required(o, "pairs");
      int[][] pairs = new int[ps.size()][];
      for (int p = 0; p < pairs.length; p++) {
        pairs[p] = new int[] {ps.get(p).get(0).asInt(), ps.get(p).get(1).asInt()};
      }
      JsonNode w = o.get("weight");
      return CountRequest.of(columns).withPairs(pairs).withWeight(w == null || w.isNull() ? null : w.asText())
          .withNullsAsValue(required(o, "nulls_as_value").asBoolean());
    } catch (RuntimeException e) {
      if (e instanceof BadInputException b && b.getMessage().startsWith("states:")) {
        throw b;
      }
      throw new BadInputException("states: cannot read the request in " + new Path(folder, META) + " ("
          + e.getMessage() + "); expected a state written by infospark", e);
    }
  }

  private static JsonNode required(JsonNode o, String field) {
    if (o == null || !o.hasNonNull(field)) {
      throw new BadInputException("states: field '" + field + "' missing");
    }
    return o.get(field);
  }
}
