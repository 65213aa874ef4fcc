package io.infospark.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * The one SVG chart helper of every report: horizontal bars (with series, error bars, threshold
 * lines, ∞ and undefined values), a line chart, and a histogram with density curves. Each method
 * returns an inline {@code <svg>} element; every drawn datum carries {@code class="mark"} so the
 * page's check (and the browser test) can tell an empty chart from a drawn one. All text is
 * HTML-escaped here.
 */
public final class Chart {
  static final int WIDTH = 860;
  /** Colours of the series, colour-blind safe (Okabe–Ito). */
  static final String[] COLORS = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"};
  private static final String THRESHOLD_COLOR = "#C0392B";

  private Chart() {}

  /**
   * One row of a bar chart: a label and one value per series. A null value is drawn as
   * "undefined" with {@code reason}; +∞ as a bar to the right edge ending in an ∞ marker.
   *
   * @param error half-width of an error bar around the first series' value (e.g. 2 standard
   *     errors), or null for none; NaN draws "no error bar" in the tooltip
   */
  public record Bar(String label, List<Double> values, Double error, String reason) {
    public static Bar of(String label, Double value, String reason) {
      return new Bar(label, java.util.Arrays.asList(value), null, reason);
    }
  }

  /** A vertical reference line, e.g. a threshold {@code max-kl 0.1}. */
  public record Line(String label, double at) {}

  /** A density curve over x, drawn as a line (dashed when {@code dashed}). */
  public record Curve(String label, DoubleUnaryOperator density, boolean dashed) {}

  /**
   * Horizontal bars, one row per {@link Bar}, one bar per series in each row.
   *
   * @param axis the x axis title with its unit, e.g. {@code entropy (bits)}
   * @param series names of the series (a legend is drawn when there are two or more)
   */
  public static String bars(String axis, List<String> series, List<Bar> rows, List<Line> lines) {
    int k = series.size();
    int labelWidth = labelWidth(rows.stream().map(Bar::label).toList());
    int barH = 14;
    int rowH = k * barH + 10;
    int top = 14 + (k > 1 ? 22 : 0) + (lines.isEmpty() ? 0 : 16);
    int plotW = WIDTH - labelWidth - 110;
    int height = top + rows.size() * rowH + 42;
    double lo = 0;
    double hi = 0;
    // +∞ values are labelled markers in a zone of their own right of the axis, so the finite values
    // keep a readable scale and no threshold or finite bar ends there
    boolean infinite = rows.stream().anyMatch(b -> b.values().stream().anyMatch(v -> v != null && v == Double.POSITIVE_INFINITY));
    boolean labelled = rows.stream().anyMatch(b -> b.reason() != null
        && b.values().stream().anyMatch(v -> v != null && v == Double.POSITIVE_INFINITY));
    int infZone = labelled ? 170 : infinite ? 36 : 0;
    for (Bar b : rows) {
      for (Double v : b.values()) {
        if (v != null && Double.isFinite(v)) {
          double e = b.error() != null && Double.isFinite(b.error()) ? Math.abs(b.error()) : 0;
          lo = Math.min(lo, v - e);
          hi = Math.max(hi, v + e);
        }
      }
    }
    for (Line l : lines) {
      lo = Math.min(lo, l.at());
      hi = Math.max(hi, l.at());
    }
    if (hi - lo <= 0) {
      hi = lo + 1;
    }
    double[] ticks = ticks(lo, hi, 6);
    lo = Math.min(lo, ticks[0]);
    hi = Math.max(hi, ticks[ticks.length - 1]);
    Scale x = new Scale(lo, hi, labelWidth + 10, labelWidth + 10 + plotW - infZone);
    StringBuilder s = open(height, "bar chart: " + axis);
    legend(s, series, labelWidth + 10, 16);
    int plotBottom = top + rows.size() * rowH;
    xAxis(s, x, ticks, top, plotBottom, axis);
    for (Line l : lines) {
      double lx = x.at(l.at());
      s.append(String.format(Locale.ROOT, "<line class=\"threshold\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
          + "stroke=\"%s\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>", lx, top - 4, lx, plotBottom, THRESHOLD_COLOR));
      s.append(text(lx, top - 8, "middle", "threshold", Html.escape(l.label())));
    }
    double zero = x.at(0);
    for (int r = 0; r < rows.size(); r++) {
      Bar b = rows.get(r);
      int y0 = top + r * rowH + 5;
      s.append("<g class=\"row\"><title>").append(Html.escape(b.label())).append("</title>");
      s.append(text(labelWidth, y0 + k * barH / 2.0 + 4, "end", "label", Html.escape(clip(b.label(), labelWidth))));
      s.append("</g>");
      for (int i = 0; i < k; i++) {
        Double v = i < b.values().size() ? b.values().get(i) : null;
        double y = y0 + i * barH;
        String color = COLORS[i % COLORS.length];
        String who = Html.escape(b.label() + (k > 1 ? " · " + series.get(i) : ""));
        if (v == null || v.isNaN()) {
          if (i > 0 && b.values().get(0) == null) {
            continue; // the row is undefined: said once
          }
          String why = b.reason() == null ? "undefined" : "undefined: " + b.reason();
          s.append("<text class=\"mark undefined\" x=\"").append(fmt(zero + 4)).append("\" y=\"")
              .append(fmt(y + barH - 3)).append("\"><title>").append(who).append(": ").append(Html.escape(why))
              .append("</title>").append(Html.escape(clip(why, plotW + 100))).append("</text>");
        } else if (v.isInfinite()) {
          // a faint bar to the edge of the finite scale, then the ∞ marker and its label beside it
          double end = v > 0 ? x.right() + 4 : x.left();
          double dir = v > 0 ? 1 : -1;
          s.append(String.format(Locale.ROOT, "<g class=\"mark infinite\"><title>%s: %sInfinity%s</title>"
              + "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\" fill-opacity=\"0.15\"/>"
              + "<path d=\"M%.1f %.1f l%.1f %.1f l%.1f %.1f z\" fill=\"%s\"/></g>",
              who, v > 0 ? "" : "-", b.reason() == null ? "" : " (" + Html.escape(b.reason()) + ")",
              Math.min(zero, end), y, Math.abs(end - zero), barH - 2, color,
              end, y - 1, dir * 9, (barH) / 2.0, -dir * 9, (barH) / 2.0, color));
          s.append(text(end + dir * 12, y + barH - 3, v > 0 ? "start" : "end", "value infinity",
              (v > 0 ? "" : "−") + "∞"));
          if (v > 0 && b.reason() != null && labelled && i == firstInfinite(b)) {
            s.append(text(end + 26, y + barH - 3, "start", "infinity-label",
                Html.escape(clip(b.reason(), infZone + 100 - 26))));
          }
        } else {
          double xv = x.at(v);
          s.append(String.format(Locale.ROOT, "<rect class=\"mark\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" "
              + "fill=\"%s\"><title>%s: %s</title></rect>", Math.min(zero, xv), y, Math.max(1, Math.abs(xv - zero)),
              barH - 2, color, who, number(v)));
          double textAt = Math.max(zero, xv);
          if (i == 0 && b.error() != null && Double.isFinite(b.error())) {
            double e1 = x.at(v - Math.abs(b.error()));
            double e2 = x.at(v + Math.abs(b.error()));
            double cy = y + (barH - 2) / 2.0;
            s.append(String.format(Locale.ROOT, "<path class=\"errorbar\" d=\"M%.1f %.1f H%.1f M%.1f %.1f v%d M%.1f %.1f v%d\" "
                + "stroke=\"#222\" stroke-width=\"1.2\" fill=\"none\"><title>%s ± %s</title></path>",
                e1, cy, e2, e1, cy - 4, 8, e2, cy - 4, 8, number(v), number(Math.abs(b.error()))));
            textAt = Math.max(textAt, e2);
          }
          s.append(text(textAt + 4, y + barH - 3, "start", "value", number(v)));
        }
      }
    }
    return s.append("</svg>").toString();
  }

  /** The series index of a row's first +∞ value (its label is drawn once). */
  private static int firstInfinite(Bar b) {
    for (int i = 0; i < b.values().size(); i++) {
      Double v = b.values().get(i);
      if (v != null && v == Double.POSITIVE_INFINITY) {
        return i;
      }
    }
    return -1;
  }

  /** A line with points: {@code ys[i]} at x = first + i (e.g. the objective per iteration). */
  public static String line(String xAxis, String yAxis, double[] ys, int first) {
    int left = 90;
    int top = 14;
    int plotW = WIDTH - left - 30;
    int plotH = 220;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double y : ys) {
      if (Double.isFinite(y)) {
        lo = Math.min(lo, y);
        hi = Math.max(hi, y);
      }
    }
    ValueAxis axis = ValueAxis.of(lo, hi, top + plotH, top);
    double[] yt = axis.ticks();
    Scale y = axis.scale();
    int last = first + Math.max(1, ys.length - 1);
    double[] xt = ticks(first, last, Math.min(8, last - first + 1));
    Scale x = new Scale(Math.min(first, xt[0]), Math.max(last, xt[xt.length - 1]), left, left + plotW);
    StringBuilder s = open(top + plotH + 44, "line chart: " + yAxis + " by " + xAxis);
    xAxis(s, x, xt, top, top + plotH, xAxis);
    yAxis(s, y, yt, left, left + plotW, yAxis);
    StringBuilder d = new StringBuilder();
    for (int i = 0; i < ys.length; i++) {
      if (Double.isFinite(ys[i])) {
        d.append(d.length() == 0 ? "M" : " L").append(fmt(x.at(first + i))).append(' ').append(fmt(y.at(ys[i])));
      }
    }
    s.append("<path class=\"mark\" d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(COLORS[0])
        .append("\" stroke-width=\"2\"/>");
    for (int i = 0; i < ys.length; i++) {
      if (Double.isFinite(ys[i])) {
        s.append(String.format(Locale.ROOT, "<circle class=\"mark\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\">"
            + "<title>%d: %s</title></circle>", x.at(first + i), y.at(ys[i]), COLORS[0], first + i, number(ys[i])));
      }
    }
    return s.append("</svg>").toString();
  }

  /** One line of {@link #xy}: its y per x, and ± error bars (null for none). */
  public record Series(String label, double[] ys, double[] errors) {}

  /**
   * Lines over a logarithmic x axis (prior scales), each series with optional ± error bars, and a
   * dashed vertical line at {@code mark} (the chosen scale; NaN for none).
   */
  public static String xy(String xAxis, String yAxis, double[] xs, List<Series> series, double mark, String markLabel) {
    int left = 90;
    int top = 14 + (series.size() > 1 ? 22 : 0);
    int plotW = WIDTH - left - 30;
    int plotH = 240;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Series q : series) {
      for (int i = 0; i < q.ys().length; i++) {
        double e = q.errors() == null || !Double.isFinite(q.errors()[i]) ? 0 : q.errors()[i];
        if (Double.isFinite(q.ys()[i])) {
          lo = Math.min(lo, q.ys()[i] - e);
          hi = Math.max(hi, q.ys()[i] + e);
        }
      }
    }
    ValueAxis axis = ValueAxis.of(lo, hi, top + plotH, top);
    double[] yt = axis.ticks();
    Scale y = axis.scale();
    double x0 = Math.log10(xs[0]);
    double x1 = Math.log10(xs[xs.length - 1]);
    if (!(x1 > x0)) {
      x0 -= 0.5;
      x1 += 0.5;
    }
    double[] xt = ticks(x0, x1, 6);
    Scale x = new Scale(Math.min(x0, xt[0]), Math.max(x1, xt[xt.length - 1]), left, left + plotW);
    StringBuilder s = open(top + plotH + 44, "chart: " + yAxis + " by " + xAxis);
    if (series.size() > 1) {
      legend(s, series.stream().map(Series::label).toList(), left, 16);
    }
    for (double t : xt) {
      double px = x.at(t);
      s.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
          px, (double) top, px, (double) top + plotH));
      s.append(text(px, top + plotH + 14, "middle", "tick", number(Math.pow(10, t))));
    }
    s.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
        x.left(), (double) top + plotH, x.right(), (double) top + plotH));
    s.append(text((x.left() + x.right()) / 2, top + plotH + 32, "middle", "axis-title", Html.escape(xAxis + " (log scale)")));
    yAxis(s, y, yt, left, left + plotW, yAxis);
    for (int k = 0; k < series.size(); k++) {
      Series q = series.get(k);
      String color = COLORS[k % COLORS.length];
      StringBuilder d = new StringBuilder();
      for (int i = 0; i < xs.length; i++) {
        if (Double.isFinite(q.ys()[i])) {
          d.append(d.length() == 0 ? "M" : " L").append(fmt(x.at(Math.log10(xs[i])))).append(' ').append(fmt(y.at(q.ys()[i])));
        }
      }
      s.append("<path class=\"mark\" d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(color)
          .append("\" stroke-width=\"2\"/>");
      for (int i = 0; i < xs.length; i++) {
        if (!Double.isFinite(q.ys()[i])) {
          continue;
        }
        double px = x.at(Math.log10(xs[i]));
        if (q.errors() != null && Double.isFinite(q.errors()[i])) {
          s.append(String.format(Locale.ROOT, "<line class=\"mark\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
              + "stroke=\"%s\"/>", px, y.at(q.ys()[i] - q.errors()[i]), px, y.at(q.ys()[i] + q.errors()[i]), color));
        }
        s.append(String.format(Locale.ROOT, "<circle class=\"mark\" cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\">"
            + "<title>%s at %s: %s%s</title></circle>", px, y.at(q.ys()[i]), color, Html.escape(q.label()),
            number(xs[i]), number(q.ys()[i]), q.errors() == null ? "" : " ± " + number(q.errors()[i])));
      }
    }
    if (Double.isFinite(mark) && mark > 0) {
      double px = x.at(Math.log10(mark));
      s.append(String.format(Locale.ROOT, "<line class=\"mark\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
          + "stroke=\"#333\" stroke-dasharray=\"5 4\"/>", px, (double) top, px, (double) top + plotH));
      s.append(text(px + 4, top + 12, "start", "legend", Html.escape(markLabel + " " + number(mark))));
    }
    return s.append("</svg>").toString();
  }

  /**
   * A metric over runs: its value per run (a line with points), the band of usual values each run
   * was judged against (a shaded area; gaps where a run had none) and the runs outside their band
   * (larger points in the threshold colour). The x axis is the run's position; each point's tooltip
   * names its run.
   *
   * @param runs the run ids, oldest first
   * @param lower the band's lower ends (null where a run had no band)
   */
  public static String history(String yAxis, List<String> runs, double[] ys, Double[] lower, Double[] upper,
      boolean[] anomaly) {
    int left = 90;
    int top = 14;
    int plotW = WIDTH - left - 30;
    int plotH = 200;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < ys.length; i++) {
      for (Double v : new Double[] {ys[i], lower[i], upper[i]}) {
        if (v != null && Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    ValueAxis axis = ValueAxis.of(lo, hi, top + plotH, top);
    Scale y = axis.scale();
    int last = Math.max(2, ys.length);
    double[] xt = ticks(1, last, Math.min(8, last));
    Scale x = new Scale(Math.min(1, xt[0]) - 0.5, Math.max(last, xt[xt.length - 1]) + 0.5, left, left + plotW);
    StringBuilder s = open(top + plotH + 44, "history chart: " + yAxis + " by run");
    xAxis(s, x, xt, top, top + plotH, "run (oldest first)");
    yAxis(s, y, axis.ticks(), left, left + plotW, yAxis);
    for (int i = 0; i < ys.length; i++) { // the band: a shaded bar per run, from lower to upper
      if (lower[i] != null && upper[i] != null && Double.isFinite(lower[i]) && Double.isFinite(upper[i])) {
        double y0 = y.at(upper[i]);
        double y1 = y.at(lower[i]);
        s.append(String.format(Locale.ROOT, "<rect class=\"band\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
            + "height=\"%.1f\" fill=\"%s\" fill-opacity=\"0.18\"><title>%s: band %s to %s</title></rect>",
            x.at(i + 0.6), Math.min(y0, y1), x.at(i + 1.4) - x.at(i + 0.6), Math.abs(y1 - y0), COLORS[2],
            Html.escape(runs.get(i)), number(lower[i]), number(upper[i])));
      }
    }
    StringBuilder d = new StringBuilder();
    for (int i = 0; i < ys.length; i++) {
      if (Double.isFinite(ys[i])) {
        d.append(d.length() == 0 ? "M" : " L").append(fmt(x.at(i + 1))).append(' ').append(fmt(y.at(ys[i])));
      }
    }
    s.append("<path class=\"mark\" d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(COLORS[0])
        .append("\" stroke-width=\"2\"/>");
    for (int i = 0; i < ys.length; i++) {
      if (Double.isFinite(ys[i])) {
        s.append(String.format(Locale.ROOT, "<circle class=\"mark%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"%s\" "
            + "fill=\"%s\"><title>%s: %s%s</title></circle>", anomaly[i] ? " anomaly" : "", x.at(i + 1), y.at(ys[i]),
            anomaly[i] ? "6" : "3", anomaly[i] ? THRESHOLD_COLOR : COLORS[0], Html.escape(runs.get(i)),
            number(ys[i]), anomaly[i] ? " (anomaly)" : ""));
      }
    }
    return s.append("</svg>").toString();
  }

  /**
   * A histogram of {@code values}, scaled to a density (area 1), with density curves over it.
   *
   * @param lo left end of the x range (the curves are drawn over [lo, hi])
   */
  public static String histogram(String axis, double[] values, double lo, double hi, List<Curve> curves) {
    int left = 70;
    int top = 14 + 22;
    int plotW = WIDTH - left - 30;
    int plotH = 200;
    List<Double> finite = new ArrayList<>();
    for (double v : values) {
      if (Double.isFinite(v)) {
        finite.add(v);
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    if (!(hi > lo)) {
      lo -= 1;
      hi += 1;
    }
    double[] xt = ticks(lo, hi, 7); // the axis runs from the first tick to the last
    lo = xt[0];
    hi = xt[xt.length - 1];
    int bins = Math.max(12, Math.min(40, (int) Math.ceil(4 * Math.sqrt(finite.size()))));
    double w = (hi - lo) / bins;
    int[] counts = new int[bins];
    for (double v : finite) {
      counts[Math.min(bins - 1, (int) ((v - lo) / w))]++;
    }
    double top1 = 0;
    for (int c : counts) {
      top1 = Math.max(top1, finite.isEmpty() ? 0 : c / (finite.size() * w));
    }
    int samples = 240;
    double[][] ys = new double[curves.size()][samples + 1];
    for (int c = 0; c < curves.size(); c++) {
      for (int i = 0; i <= samples; i++) {
        ys[c][i] = curves.get(c).density().applyAsDouble(lo + (hi - lo) * i / samples);
        if (Double.isFinite(ys[c][i])) {
          top1 = Math.max(top1, ys[c][i]);
        }
      }
    }
    if (top1 <= 0) {
      top1 = 1;
    }
    double[] yt = ticks(0, top1, 5);
    Scale x = new Scale(lo, hi, left, left + plotW);
    Scale y = new Scale(0, Math.max(top1, yt[yt.length - 1]), top + plotH, top);
    List<String> names = new ArrayList<>();
    names.add("fitted coefficients (" + finite.size() + ")");
    curves.forEach(c -> names.add(c.label()));
    StringBuilder s = open(top + plotH + 44, "histogram: " + axis);
    legend(s, names, left, 16);
    xAxis(s, x, xt, top, top + plotH, axis);
    yAxis(s, y, yt, left, left + plotW, "density");
    for (int b = 0; b < bins; b++) {
      if (counts[b] == 0) {
        continue;
      }
      double d = counts[b] / (finite.size() * w);
      s.append(String.format(Locale.ROOT, "<rect class=\"mark\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
          + "fill=\"%s\" fill-opacity=\"0.55\" stroke=\"#fff\"><title>[%s, %s): %d</title></rect>",
          x.at(lo + b * w), y.at(d), Math.max(1, x.at(lo + (b + 1) * w) - x.at(lo + b * w)), y.at(0) - y.at(d),
          COLORS[0], number(lo + b * w), number(lo + (b + 1) * w), counts[b]));
    }
    for (int c = 0; c < curves.size(); c++) {
      StringBuilder d = new StringBuilder();
      for (int i = 0; i <= samples; i++) {
        if (Double.isFinite(ys[c][i])) {
          d.append(d.length() == 0 ? "M" : " L").append(fmt(x.at(lo + (hi - lo) * i / samples))).append(' ')
              .append(fmt(y.at(ys[c][i])));
        }
      }
      s.append("<path class=\"mark curve\" d=\"").append(d).append("\" fill=\"none\" stroke=\"")
          .append(COLORS[(c + 1) % COLORS.length]).append("\" stroke-width=\"2\"")
          .append(curves.get(c).dashed() ? " stroke-dasharray=\"6 4\"" : "").append("><title>")
          .append(Html.escape(curves.get(c).label())).append("</title></path>");
    }
    return s.append("</svg>").toString();
  }

  // ---------------------------------------------------------------- pieces

  /** A linear map from data [d0, d1] to pixels [p0, p1]. */
  private record Scale(double d0, double d1, double p0, double p1) {
    double at(double v) {
      return p0 + (v - d0) / (d1 - d0) * (p1 - p0);
    }

    double left() {
      return Math.min(p0, p1);
    }

    double right() {
      return Math.max(p0, p1);
    }
  }

  private static StringBuilder open(int height, String label) {
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" aria-label=\"")
        .append(Html.escape(label)).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
        .append("\" width=\"").append(WIDTH).append("\" height=\"").append(height).append("\">");
    return s;
  }

  private static void legend(StringBuilder s, List<String> names, double x, double y) {
    if (names.size() < 2) {
      return;
    }
    for (int i = 0; i < names.size(); i++) {
      s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>",
          x, y - 10, COLORS[i % COLORS.length]));
      s.append(text(x + 16, y, "start", "legend", Html.escape(names.get(i))));
      x += 28 + 7 * names.get(i).length();
    }
  }

  private static void xAxis(StringBuilder s, Scale x, double[] ticks, double top, double bottom, String title) {
    for (double t : ticks) {
      double px = x.at(t);
      s.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
          px, top, px, bottom));
      s.append(text(px, bottom + 14, "middle", "tick", number(t)));
    }
    s.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
        x.left(), bottom, x.right(), bottom));
    s.append(text((x.left() + x.right()) / 2, bottom + 32, "middle", "axis-title", Html.escape(title)));
  }

  private static void yAxis(StringBuilder s, Scale y, double[] ticks, double left, double right, String title) {
    for (double t : ticks) {
      double py = y.at(t);
      s.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
          left, py, right, py));
      s.append(text(left - 6, py + 4, "end", "tick", number(t)));
    }
    s.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
        left, y.right(), left, y.left()));
    double cy = (y.left() + y.right()) / 2;
    s.append(String.format(Locale.ROOT, "<text class=\"axis-title\" text-anchor=\"middle\" "
        + "transform=\"translate(14 %.1f) rotate(-90)\">%s</text>", cy, Html.escape(title)));
  }

  private static String text(double x, double y, String anchor, String cls, String escaped) {
    return String.format(Locale.ROOT, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>",
        cls, x, y, anchor, escaped);
  }

  /** About {@code n} round tick values covering [lo, hi] (steps of 1, 2 or 5 × 10^k). */
  /** A value axis: about five ticks and the scale from p0 to p1 spanning them and the values. */
  private record ValueAxis(double[] ticks, Scale scale) {
    /** Over the finite values lo … hi (0 … 1 when there are none, a little either side of a single value). */
    static ValueAxis of(double lo, double hi, double p0, double p1) {
      if (!(lo <= hi)) {
        lo = 0;
        hi = 1;
      }
      if (hi - lo <= Math.abs(hi) * 1e-12) {
        double pad = Math.max(Math.abs(hi) * 0.01, 1e-9);
        lo -= pad;
        hi += pad;
      }
      double[] t = Chart.ticks(lo, hi, 5);
      return new ValueAxis(t, new Scale(Math.min(lo, t[0]), Math.max(hi, t[t.length - 1]), p0, p1));
    }
  }

  static double[] ticks(double lo, double hi, int n) {
    double span = hi - lo;
    if (!(span > 0) || !Double.isFinite(span)) {
      return new double[] {lo};
    }
    double raw = span / Math.max(1, n - 1);
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = raw / mag < 1.5 ? mag : raw / mag < 3 ? 2 * mag : raw / mag < 7 ? 5 * mag : 10 * mag;
    double first = Math.floor(lo / step + 1e-9) * step;
    double last = Math.ceil(hi / step - 1e-9) * step;
    int count = (int) Math.round((last - first) / step) + 1;
    double[] t = new double[count];
    for (int i = 0; i < count; i++) {
      t[i] = Math.abs(first + i * step) < step * 1e-9 ? 0 : first + i * step;
    }
    return t;
  }

  /** A number for a label: up to 4 significant digits, no exponent for ordinary magnitudes. */
  static String number(double v) {
    if (Double.isNaN(v)) {
      return "undefined";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "∞" : "−∞";
    }
    if (v == 0) {
      return "0";
    }
    double a = Math.abs(v);
    if (a >= 1e6 || a < 1e-4) {
      return String.format(Locale.ROOT, "%.3g", v);
    }
    String s = new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    return s.startsWith("-") ? "−" + s.substring(1) : s;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static int labelWidth(List<String> labels) {
    int longest = 6;
    for (String l : labels) {
      longest = Math.max(longest, l.length());
    }
    return Math.min(240, 16 + 7 * longest);
  }

  /** The label cut to about {@code px} pixels (7 px a character), with an ellipsis. */
  private static String clip(String label, int px) {
    int n = Math.max(4, (px - 16) / 7);
    if (label.length() <= n) {
      return label;
    }
    int cut = Character.isHighSurrogate(label.charAt(n - 2)) ? n - 2 : n - 1; // never split a pair
    return label.substring(0, cut) + "…";
  }
}
