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
