package io.infospark.logistic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What saves killed midway left beside a model is deleted by a later save, never what a live save
 * may still be writing: a {@code .tmp-} untouched for a day goes, a fresh one stays; an
 * {@code .old-} moved aside more than ten minutes ago goes once the model is back in place, a
 * recent one stays (it may be between a live save's two renames).
 */
class ModelLeftoversTest {
  @TempDir
  Path dir;

  private static void age(Path p, Duration by) throws IOException {
    FileTime t = FileTime.from(Instant.now().minus(by));
    if (Files.isDirectory(p)) {
      try (Stream<Path> all = Files.walk(p)) {
        for (Path f : all.toList()) {
          Files.setLastModifiedTime(f, t);
        }
      }
    }
    Files.setLastModifiedTime(p, t);
  }

  private Path folder(String name, Duration age) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p);
    Files.writeString(p.resolve("part"), "x");
    age(p, age);
    return p;
  }

  private Path file(String name, Duration age) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, "x");
    age(p, age);
    return p;
  }

  @Test
  void aFolderSaveDeletesAbandonedLeftoversOnly() throws IOException {
    folder("model", Duration.ZERO);
    Path oldTmp = folder(".model.tmp-" + UUID.randomUUID(), Duration.ofHours(25));
    Path liveTmp = folder(".model.tmp-" + UUID.randomUUID(), Duration.ofHours(23));
    Path oldAside = folder(".model.old-" + UUID.randomUUID(), Duration.ofMinutes(11));
    Path recentAside = folder(".model.old-" + UUID.randomUUID(), Duration.ofMinutes(9));
    Path otherModel = folder(".other.tmp-" + UUID.randomUUID(), Duration.ofHours(25));

    ModelFiles.replaceFolder(new Configuration(), new org.apache.hadoop.fs.Path(dir.resolve("model").toString()), true,
        f -> Files.createDirectories(Path.of(f.toUri())));

    assertFalse(Files.exists(oldTmp), "a .tmp- untouched for 25 h is a killed save's");
    assertTrue(Files.exists(liveTmp), "a .tmp- touched 23 h ago may be a live save's");
    assertFalse(Files.exists(oldAside), "an .old- aside for 11 min with the model in place");
    assertTrue(Files.exists(recentAside), "an .old- aside for 9 min may be between a live save's renames");
    assertTrue(Files.exists(otherModel), "another model's leftovers are not this save's to delete");
    assertTrue(Files.isDirectory(dir.resolve("model")));
  }

  @Test
  void aFileSaveDeletesAbandonedLeftoversOnly() throws IOException {
    Path oldTmp = file(".model.json.tmp-" + UUID.randomUUID(), Duration.ofHours(25));
    Path liveTmp = file(".model.json.tmp-" + UUID.randomUUID(), Duration.ofHours(1));
    Path notOurs = file(".model.json.tmp-not-a-uuid", Duration.ofHours(25));
    byte[] json = "{}".getBytes(StandardCharsets.UTF_8);

    ModelFiles.writeFile(new Configuration(), new org.apache.hadoop.fs.Path(dir.resolve("model.json").toString()), json);

    assertFalse(Files.exists(oldTmp));
    assertTrue(Files.exists(liveTmp));
    assertTrue(Files.exists(notOurs), "only names a save writes are deleted");
    assertArrayEquals(json, Files.readAllBytes(dir.resolve("model.json")));
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(3, left.count(), "model.json, the live .tmp- and the foreign name");
    }
  }
}
