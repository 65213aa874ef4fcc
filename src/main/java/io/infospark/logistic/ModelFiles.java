package io.infospark.logistic;

import io.infospark.engine.Leftovers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * Models are replaced, never rewritten in place: the new version is written beside the old one
 * under a hidden name and renamed over it only when it is whole, so a run killed at any moment
 * (kill -9 included) leaves the old model readable.
 *
 * <ul>
 *   <li>A file ({@code model.json}): written as {@code .model.json.tmp-<uuid>} in the same folder,
 *       then renamed over the old one in one atomic step — rename(2) on a local disk, HDFS's
 *       rename with OVERWRITE. On other file systems (object stores have no atomic rename) the
 *       old file is first moved aside as {@code .model.json.old-<uuid>}; a reader that finds no
 *       {@code model.json} reads that one ({@link #readFile}).
 *   <li>A folder (a Spark ML model: metadata and data): written whole as a hidden sibling
 *       {@code .<name>.tmp-<uuid>}; then the old folder is moved aside as {@code .<name>.old-<uuid>},
 *       the new one renamed in, the old one deleted. Between the two renames the model exists
 *       only under its {@code .old-} name: {@link #resolveFolder} reads it there, and the next
 *       save puts it back first.
 * </ul>
 *
 * A save first deletes what earlier saves killed midway left beside the target, by the rules of
 * {@link Leftovers}: a {@code .tmp-} untouched for a day, an {@code .old-} moved aside more than ten
 * minutes ago whose target is back in place.
 *
 * <p>Local files are written without Hadoop's {@code .crc} side files, whose replacement could not
 * be atomic with the data's (a stale one left next to a replaced file is removed).
 */
public final class ModelFiles {
  private ModelFiles() {}

  private static boolean local(FileSystem fs) {
    return "file".equals(fs.getUri().getScheme());
  }

  private static java.nio.file.Path nio(FileSystem fs, Path p) {
    return java.nio.file.Path.of(fs.makeQualified(p).toUri());
  }

  /** Replaces {@code target} by {@code bytes} so that readers see either the old or the new file, whole. */
  public static void writeFile(Configuration conf, Path target, byte[] bytes) throws IOException {
    FileSystem fs = target.getFileSystem(conf);
    Path q = fs.makeQualified(target);
    String hidden = "." + q.getName();
    deleteLeftovers(fs, q, false);
    if (local(fs)) {
      java.nio.file.Path t = nio(fs, q);
      Files.createDirectories(t.getParent());
      java.nio.file.Path tmp = t.resolveSibling(hidden + ".tmp-" + UUID.randomUUID());
      try {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          ch.write(java.nio.ByteBuffer.wrap(bytes));
          ch.force(true);
        }
        try {
          Files.move(tmp, t, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, t, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.deleteIfExists(t.resolveSibling(hidden + ".crc")); // a stale checksum of the old file
      } finally {
        Files.deleteIfExists(tmp);
      }
      return;
    }
    Path tmp = new Path(q.getParent(), hidden + ".tmp-" + UUID.randomUUID());
    try {
      try (OutputStream out = fs.create(tmp, false)) {
        out.write(bytes);
      }
      if ("hdfs".equals(fs.getUri().getScheme())) {
        FileContext.getFileContext(fs.getUri(), conf).rename(tmp, q, Options.Rename.OVERWRITE); // atomic on HDFS
        return;
      }
      swapIn(fs, tmp, q, new Path(q.getParent(), hidden + ".old-" + UUID.randomUUID()));
    } finally {
      fs.delete(tmp, false);
    }
  }

  /**
   * Renames {@code fresh} to {@code target}, moving an existing {@code target} aside to
   * {@code old} first and deleting it last; puts it back if the second rename fails.
   */
  private static void swapIn(FileSystem fs, Path fresh, Path target, Path old) throws IOException {
    boolean replacing = fs.exists(target);
    if (replacing && !fs.rename(target, old)) {
      throw new IOException("cannot move the earlier " + target + " aside to " + old);
    }
    if (!fs.rename(fresh, target)) {
      if (replacing) {
        fs.rename(old, target);
      }
      throw new IOException("cannot rename " + fresh + " to " + target);
    }
    if (replacing) {
      fs.delete(old, true);
    }
  }

  /**
   * The bytes of {@code target}, or of the old version a replacement moved aside when it was
   * interrupted before the new one was renamed in; null when there is neither.
   */
  public static byte[] readFile(Configuration conf, Path target) throws IOException {
    FileSystem fs = target.getFileSystem(conf);
    Path q = fs.makeQualified(target);
    if (local(fs)) {
      java.nio.file.Path t = nio(fs, q);
      if (Files.isRegularFile(t)) {
        return Files.readAllBytes(t);
      }
    } else if (fs.isFile(q)) {
      return read(fs, q);
    }
    Path aside = aside(fs, q, false);
    return aside == null ? null : read(fs, aside);
  }

  private static byte[] read(FileSystem fs, Path p) throws IOException {
    try (InputStream in = fs.open(p)) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      in.transferTo(b);
      return b.toByteArray();
    }
  }

  /** A sibling {@code .<name>.old-<uuid>} (a folder when {@code folder}) left by an interrupted replacement. */
  private static Path aside(FileSystem fs, Path q, boolean folder) throws IOException {
    Path parent = q.getParent();
    if (parent == null || !fs.exists(parent)) {
      return null;
    }
    String prefix = "." + q.getName() + ".old-";
    int uuid = UUID.randomUUID().toString().length();
    for (FileStatus s : fs.listStatus(parent)) {
      String n = s.getPath().getName();
      if (n.startsWith(prefix) && n.length() == prefix.length() + uuid && s.isDirectory() == folder) {
        return s.getPath();
      }
    }
    return null;
  }

  /** What a folder-writing step writes into the folder it is given. */
  @FunctionalInterface
  public interface FolderWriter {
    void writeInto(Path folder) throws IOException;
  }

  /**
   * Replaces the folder {@code target} by what {@code writer} writes (see the class comment).
   *
   * @param overwrite whether an existing folder may be replaced
   * @throws IOException when the folder exists and {@code overwrite} is false (Spark's message)
   */
  public static void replaceFolder(Configuration conf, Path target, boolean overwrite, FolderWriter writer)
      throws IOException {
    FileSystem fs = target.getFileSystem(conf);
    Path q = fs.makeQualified(target);
    restoreFolder(fs, q);
    deleteLeftovers(fs, q, true);
    if (fs.exists(q) && !overwrite) {
      throw new IOException("Path " + target + " already exists. To overwrite it, please use write.overwrite().save(path)"
          + " for Scala and use write().overwrite().save(path) for Java and Python.");
    }
    Path parent = q.getParent();
    if (parent != null) {
      fs.mkdirs(parent);
    }
    String unique = UUID.randomUUID().toString();
    Path tmp = new Path(parent, "." + q.getName() + ".tmp-" + unique);
    try {
      writer.writeInto(tmp);
      swapIn(fs, tmp, q, new Path(parent, "." + q.getName() + ".old-" + unique));
    } finally {
      fs.delete(tmp, true);
    }
  }

  /**
   * The folder to read a model from: {@code target}, or the old version an interrupted
   * replacement left moved aside (read where it is; the next save puts it back).
   */
  public static Path resolveFolder(Configuration conf, Path target) throws IOException {
    FileSystem fs = target.getFileSystem(conf);
    Path q = fs.makeQualified(target);
    if (fs.exists(q)) {
      return target;
    }
    Path aside = aside(fs, q, true);
    return aside == null ? target : aside;
  }

  /**
   * Deletes what saves of {@code q} killed earlier left beside it, never a live save's (the rules
   * of {@link Leftovers}): a {@code .<name>.tmp-<uuid>} in which nothing changed for a day, and,
   * when {@code q} is in place, a {@code .<name>.old-<uuid>} moved aside more than ten minutes ago.
   * Best effort: a leftover that cannot be listed or deleted stays for a later save.
   */
  private static void deleteLeftovers(FileSystem fs, Path q, boolean folder) {
    Path parent = q.getParent();
    try {
      if (parent == null || !fs.exists(parent)) {
        return;
      }
      String tmp = "." + q.getName() + ".tmp-";
      String old = "." + q.getName() + ".old-";
      int uuid = UUID.randomUUID().toString().length();
      boolean inPlace = fs.exists(q);
      long now = System.currentTimeMillis();
      for (FileStatus s : fs.listStatus(parent)) {
        String n = s.getPath().getName();
        boolean ours = s.isDirectory() == folder;
        if (ours && n.startsWith(tmp) && n.length() == tmp.length() + uuid && Leftovers.abandoned(fs, s, now)) {
          fs.delete(s.getPath(), true);
        } else if (ours && inPlace && n.startsWith(old) && n.length() == old.length() + uuid
            && Leftovers.settled(s, now)) {
          fs.delete(s.getPath(), true);
        }
      }
    } catch (IOException e) {
      // left for a later save
    }
  }

  /** Puts back a folder that an interrupted replacement left moved aside, when none is in place. */
  private static void restoreFolder(FileSystem fs, Path q) throws IOException {
    if (!fs.exists(q)) {
      Path aside = aside(fs, q, true);
      if (aside != null) {
        fs.rename(aside, q);
      }
    }
  }
}
