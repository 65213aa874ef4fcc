package io.infospark.job;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.testing.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A summary, report or history folder that cannot be written was found only after the whole
 * computation (exit 1 and a stack trace). Destinations are tried before any work: exit 2 with one
 * line naming the key and the path, and nothing computed (no table printed).
 */
class WritableDestinationsTest {
  @TempDir
  static Path dir;
  private static Path readOnly;

  @BeforeAll
  static void setUp() throws IOException {
    SparkTestSession.get();
    readOnly = readOnlyFolder(dir);
  }

  /**
   * A folder this process cannot create files in: mode r-x as another user; as root (which ignores
   * the mode) /sys, where the kernel refuses new files to everyone.
   */
  static Path readOnlyFolder(Path parent) throws IOException {
    Path ro = Files.createDirectories(parent.resolve("read-only"));
    Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
    if (!canCreateFilesIn(ro)) {
      return ro;
    }
    Path sys = Path.of("/sys");
    Assumptions.assumeTrue(Files.isDirectory(sys) && !canCreateFilesIn(sys), "no read-only folder on this machine");
    return sys;
  }

  private static boolean canCreateFilesIn(Path folder) {
    Path probe = folder.resolve(".probe-" + System.nanoTime());
    try {
      Files.createFile(probe);
      Files.delete(probe);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void assertRefusedUpFront(String key, String path, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("profile", "--input", "data/penguins.csv",
        "--" + key, path, "--show", "true"));
    args.addAll(List.of(more));
    JobRun r = JobRun.of(args.toArray(new String[0]));
    assertTrue(r.isOneLineBadInput(), r.toString());
    assertTrue(r.err().startsWith("infospark: " + key + ": ") && r.err().contains(path), r.toString());
    assertFalse(r.out().contains("entropy"), "nothing computed before the check:\n" + r);
  }

  @Test
  void summaryInAReadOnlyFolder() {
    assertRefusedUpFront("summary", readOnly.resolve("infospark-test/summary.json").toString());
    assertRefusedUpFront("summary", readOnly.resolve("summary.json").toString());
  }

  @Test
  void reportInAReadOnlyFolder() {
    assertRefusedUpFront("report", readOnly.resolve("report.html").toString());
  }

  @Test
  void historyInAReadOnlyFolder() {
    assertRefusedUpFront("output", readOnly.resolve("history").toString());
  }
}
