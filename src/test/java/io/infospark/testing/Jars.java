package io.infospark.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Jars and class paths for tests that run infospark the way users deploy it: the thin library jar
 * (what {@code mvn package} builds), an application jar of a few test classes, and the class path
 * of Spark alone (the Maven-resolved dependencies, without infospark's classes).
 */
public final class Jars {
  /** infospark's compiled classes and resources (target/classes, or a Spark line's own build folder). */
  public static final Path CLASSES = location(io.infospark.job.Main.class);
  /** The compiled test classes. */
  public static final Path TEST_CLASSES = location(Jars.class);

  private Jars() {}

  private static Path location(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The thin library jar from {@link #CLASSES}, as {@code mvn package} builds it. */
  public static Path thin(Path jarFile) throws IOException {
    try (Stream<Path> files = Files.walk(CLASSES)) {
      return write(jarFile, CLASSES, files.filter(Files::isRegularFile).toList());
    }
  }

  /** A jar of the given test classes only (with their nested classes): a user's application. */
  public static Path application(Path jarFile, Class<?>... classes) throws IOException {
    List<Path> files;
    try (Stream<Path> all = Files.walk(TEST_CLASSES)) {
      files = all.filter(Files::isRegularFile).filter(f -> {
        String name = TEST_CLASSES.relativize(f).toString().replace(File.separatorChar, '/');
        for (Class<?> c : classes) {
          String base = c.getName().replace('.', '/');
          if (name.equals(base + ".class") || name.startsWith(base + "$")) {
            return true;
          }
        }
        return false;
      }).toList();
    }
    return write(jarFile, TEST_CLASSES, files);
  }

  private static Path write(Path jarFile, Path root, List<Path> files) throws IOException {
    try (OutputStream os = Files.newOutputStream(jarFile); JarOutputStream jos = new JarOutputStream(os)) {
      for (Path f : files) {
        jos.putNextEntry(new JarEntry(root.relativize(f).toString().replace(File.separatorChar, '/')));
        Files.copy(f, jos);
        jos.closeEntry();
      }
    }
    return jarFile;
  }

  /** The test class path without infospark's own classes: Spark and the test dependencies. */
  public static String withoutInfospark(String classpath) {
    return String.join(File.pathSeparator, Stream.of(classpath.split(File.pathSeparator))
        .filter(e -> !e.isBlank() && !Path.of(e).toAbsolutePath().equals(CLASSES)).toList());
  }

  /** Spark alone: the test class path without infospark's classes and the test classes. */
  public static String sparkOnly(String classpath) {
    return String.join(File.pathSeparator, Stream.of(withoutInfospark(classpath).split(File.pathSeparator))
        .filter(e -> !Path.of(e).toAbsolutePath().equals(TEST_CLASSES)).toList());
  }
}
