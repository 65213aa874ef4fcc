package io.infospark.core.logistic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The two reference datasets as in-memory blocks (no Spark): spector and penguins. */
final class ReferenceData {
  private ReferenceData() {}

  record Data(double[][] x, double[] y, String[] names) {
    InMemoryObjective objective(int blocks) {
      int d = names.length - 1;
      List<DataBlock> list = new ArrayList<>();
      int n = x.length;
      for (int b = 0; b < blocks; b++) {
        DataBlock.Builder builder = new DataBlock.Builder(d, 16);
        for (int i = b * n / blocks; i < (b + 1) * n / blocks; i++) {
          builder.addDense(x[i], y[i], 1.0);
        }
        list.add(builder.build());
      }
      return new InMemoryObjective(d, list);
    }

    Prior[] priors(Prior onFeatures) {
      Prior[] p = new Prior[names.length];
      p[0] = Prior.flat();
      for (int j = 1; j < p.length; j++) {
        p[j] = onFeatures;
      }
      return p;
    }
  }

  /** statsmodels' spector (Spector &amp; Mazzeo 1980): GRADE ~ GPA + TUCE + PSI, 32 rows. */
  static Data spector() {
    List<String[]> rows = read(Path.of("src/test/resources/spector.csv"));
    double[][] x = new double[rows.size()][3];
    double[] y = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      String[] r = rows.get(i);
      for (int j = 0; j < 3; j++) {
        x[i][j] = Double.parseDouble(r[j]);
      }
      y[i] = Double.parseDouble(r[3]);
    }
    return new Data(x, y, new String[] {"(intercept)", "GPA", "TUCE", "PSI"});
  }

  /**
   * data/penguins.csv, rows with a null dropped and the one Sex "." row removed (333 rows);
   * y = Sex is MALE; features Species one-hot (Adelie the reference level), the three beak and
   * flipper measurements and, when asked, Body Mass (g).
   */
  static Data penguins(boolean withMass) {
    List<double[]> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (String[] r : read(Path.of("data/penguins.csv"))) {
      boolean missing = r.length < 7;
      for (int j = 0; j < r.length && !missing; j++) {
        missing = r[j].isEmpty();
      }
      if (missing || r[6].equals(".")) {
        continue;
      }
      int m = withMass ? 6 : 5;
      double[] x = new double[m];
      x[0] = r[0].equals("Chinstrap") ? 1 : 0;
      x[1] = r[0].equals("Gentoo") ? 1 : 0;
      for (int j = 0; j < m - 2; j++) {
        x[2 + j] = Double.parseDouble(r[2 + j]);
      }
      xs.add(x);
      ys.add(r[6].equals("MALE") ? 1.0 : 0.0);
    }
    String[] names = withMass
        ? new String[] {"(intercept)", "Species=Chinstrap", "Species=Gentoo", "Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)"}
        : new String[] {"(intercept)", "Species=Chinstrap", "Species=Gentoo", "Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)"};
    return new Data(xs.toArray(new double[0][]), ys.stream().mapToDouble(Double::doubleValue).toArray(), names);
  }

  /**
   * A table of data/ (plain CSV: no quoted fields) as in-memory rows: rows where {@code keep}
   * holds (on the label's text) and no used field is empty; y = 1 where the label equals
   * {@code positive}; string columns one-hot with the first level in sorted order as the reference
   * (as FeatureSpace does), then the numeric columns, in the order given.
   */
  static Data table(String file, String label, java.util.function.Predicate<String> keep, String positive,
      List<String> categorical, List<String> numeric) {
    List<String> lines;
    try {
      lines = Files.readAllLines(Path.of(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> header = List.of(lines.get(0).split(",", -1));
    List<String[]> rows = new ArrayList<>();
    for (String l : lines.subList(1, lines.size())) {
      String[] r = l.split(",", -1);
      boolean ok = keep.test(r[header.indexOf(label)]);
      for (String c : categorical) {
        ok &= !r[header.indexOf(c)].isEmpty();
      }
      for (String c : numeric) {
        ok &= !r[header.indexOf(c)].isEmpty();
      }
      if (ok) {
        rows.add(r);
      }
    }
    List<String> names = new ArrayList<>(List.of("(intercept)"));
    List<List<String>> levels = new ArrayList<>();
    for (String c : categorical) {
      java.util.TreeSet<String> set = new java.util.TreeSet<>();
      rows.forEach(r -> set.add(r[header.indexOf(c)]));
      List<String> lv = new ArrayList<>(set).subList(1, set.size());
      levels.add(lv);
      lv.forEach(v -> names.add(c + "=" + v));
    }
    names.addAll(numeric);
    double[][] x = new double[rows.size()][names.size() - 1];
    double[] y = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      String[] r = rows.get(i);
      int j = 0;
      for (int c = 0; c < categorical.size(); c++) {
        String v = r[header.indexOf(categorical.get(c))];
        for (String level : levels.get(c)) {
          x[i][j++] = v.equals(level) ? 1 : 0;
        }
      }
      for (String c : numeric) {
        x[i][j++] = Double.parseDouble(r[header.indexOf(c)]);
      }
      y[i] = r[header.indexOf(label)].equals(positive) ? 1 : 0;
    }
    return new Data(x, y, names.toArray(new String[0]));
  }

  private static List<String[]> read(Path p) {
    try {
      List<String> lines = Files.readAllLines(p);
      List<String[]> out = new ArrayList<>();
      for (String l : lines.subList(1, lines.size())) {
        out.add(l.split(",", -1));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
