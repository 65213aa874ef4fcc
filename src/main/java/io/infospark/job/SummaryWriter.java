package io.infospark.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The summary JSON of a run (DESIGN.md §3): one document with {@code job}, {@code parameters}
 * (the resolved configuration, never Spark's configuration), {@code started}, {@code finished},
 * {@code seconds}, then the job's results. Infinite numbers are written as the strings
 * {@code "Infinity"} / {@code "-Infinity"}; undefined ones as {@code null} with a {@code reason}
 * field beside them. The file is replaced atomically (temporary file, then move).
 */
final class SummaryWriter {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** user:password@ in a URI. */
  private static final Pattern URI_CREDENTIALS = Pattern.compile("(?<=://)[^/@\\s]+@");

  private SummaryWriter() {}

  /** A summary with the run's job, parameters and start; results go after these. */
  static ObjectNode begin(JobContext context) {
    ObjectNode root = JSON.createObjectNode();
    root.put("job", context.config().jobName());
    ObjectNode parameters = root.putObject("parameters");
    JobConfig config = context.config();
    Map<String, String> resolved = config.resolved();
    for (JobConfig.Key<?> key : config.accepted()) {
      String text = resolved.get(key.name());
      if (text == null) {
        continue;
      }
      Object value = config.get(key);
      if (value instanceof List<?> list) {
        ArrayNode array = parameters.putArray(key.name());
        list.forEach(v -> array.add(redact(String.valueOf(v))));
      } else if (value instanceof Boolean b) {
        parameters.put(key.name(), b);
      } else if (value instanceof Integer i) {
        parameters.put(key.name(), i);
      } else if (value instanceof Double d) {
        parameters.put(key.name(), d);
      } else {
        parameters.put(key.name(), redact(text)); // as written: base "2", not LogBase.TWO
      }
    }
    root.put("started", context.started().toString());
    root.putNull("finished");
    root.putNull("seconds");
    return root;
  }

  /** Stamps the end time and writes the summary atomically to {@code path}. */
  static void finish(ObjectNode root, JobContext context, String path) throws IOException {
    Instant finished = Instant.now();
    root.put("finished", finished.toString());
    root.put("seconds", Duration.between(context.started(), finished).toNanos() / 1e9);
    write(root, Path.of(path));
  }

  static void write(ObjectNode root, Path target) throws IOException {
    writeAtomically(JSON.writeValueAsBytes(root), target);
  }

  /**
   * Replaces {@code target} by {@code bytes} atomically: a temporary sibling, then a move. The file
   * is created like any other (mode 0666 less the umask, e.g. 0644), not private to its owner.
   * Temporary siblings that killed runs left behind are deleted once a day old.
   */
  static void writeAtomically(byte[] bytes, Path target) throws IOException {
    Path abs = target.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    Path tmp = abs.resolveSibling("." + abs.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      try {
        Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    deleteAbandoned(abs);
  }

  /** Deletes {@code .<name>…tmp} siblings of target untouched for {@link HistoryTable#ABANDONED}. */
  private static void deleteAbandoned(Path target) {
    String prefix = "." + target.getFileName();
    long before = System.currentTimeMillis() - HistoryTable.ABANDONED.toMillis();
    try (var siblings = Files.newDirectoryStream(target.getParent(),
        f -> f.getFileName().toString().startsWith(prefix) && f.getFileName().toString().endsWith(".tmp"))) {
      for (Path f : siblings) {
        if (Files.isRegularFile(f) && Files.getLastModifiedTime(f).toMillis() < before) {
          Files.deleteIfExists(f);
        }
      }
    } catch (IOException e) {
      // leftovers stay; the summary itself is written
    }
  }

  /** Hides credentials written into a URI ({@code s3a://key:secret@bucket/…}); null stays null. */
  static String redact(String value) {
    return value == null ? null : URI_CREDENTIALS.matcher(value).replaceAll("***@");
  }
}
