package io.infospark.engine;

import java.io.IOException;
import java.time.Duration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * When a hidden folder a killed writer left behind may be deleted: the rule every atomic writer
 * (result history, saved states) follows, so that a later run cleans up without ever touching
 * what a live run is still writing.
 */
public final class Leftovers {
  /** A folder moved aside more recently than this may be between the two renames of a live run. */
  public static final Duration IN_FLIGHT = Duration.ofMinutes(10);
  /** A temporary folder in which nothing changed for this long belongs to no live run. */
  public static final Duration ABANDONED = Duration.ofHours(24);

  private Leftovers() {}

  /**
   * Whether nothing in a temporary folder changed for {@link #ABANDONED} (false on a file system
   * without folder times). A folder whose contents change while it is read (a live run's tasks
   * committing) is not abandoned.
   */
  public static boolean abandoned(FileSystem fs, FileStatus folder, long now) {
    if (folder.getModificationTime() <= 0 || now - folder.getModificationTime() <= ABANDONED.toMillis()) {
      return false;
    }
    try {
      return now - newestChange(fs, folder) > ABANDONED.toMillis();
    } catch (IOException | RuntimeException e) {
      return false; // it moved under the listing: in use
    }
  }

  /** Whether a folder moved aside is older than {@link #IN_FLIGHT} (false without folder times). */
  public static boolean settled(FileStatus folder, long now) {
    return folder.getModificationTime() > 0 && now - folder.getModificationTime() > IN_FLIGHT.toMillis();
  }

  /** The latest modification time of a folder and everything in it (listStatus: no permission lookups). */
  private static long newestChange(FileSystem fs, FileStatus folder) throws IOException {
    long newest = folder.getModificationTime();
    for (FileStatus s : fs.listStatus(folder.getPath())) {
      newest = Math.max(newest, s.isDirectory() ? newestChange(fs, s) : s.getModificationTime());
    }
    return newest;
  }
}
