package io.infospark.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chart helper and the page, without a browser: escaping, ∞, undefined, ticks, marks. */
class ChartTest {
  private static final String NASTY = "a<b>&\"c'</svg><script>x()</script>";

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void escapesEveryUserString() {
    String svg = Chart.bars(NASTY, List.of(NASTY), List.of(Chart.Bar.of(NASTY, 1.0, NASTY),
        Chart.Bar.of("n", null, NASTY)), List.of(new Chart.Line(NASTY, 0.5)));
    String page = new Html(NASTY, Map.of(NASTY, NASTY)).note(NASTY).chart(svg)
        .table(List.of(NASTY), List.of(List.of(NASTY))).render();
    assertFalse(page.contains("<b>") || page.contains("<script>x()"), "unescaped");
    assertEquals(1, count(page, "<script>"), "only the page's own check script");
    assertEquals(1, count(page, "</svg>"));
    assertTrue(page.contains("a&lt;b&gt;&amp;&quot;c&#39;"));
  }

  @Test
  void emptyInputStillDraws() {
    assertEquals("", Html.escape(null));
    String svg = Chart.bars("x", List.of("s"), List.of(), List.of());
    assertTrue(svg.startsWith("<svg") && svg.endsWith("</svg>"));
    assertFalse(svg.contains("class=\"mark"), "no data, no marks: the page check flags it");
    assertTrue(Chart.line("i", "J", new double[0], 1).endsWith("</svg>"));
    assertTrue(Chart.histogram("x", new double[0], -1, 1, List.of()).endsWith("</svg>"));
  }

  @Test
  void infinityIsALabelledMarkerAndUndefinedHasItsReason() {
    String svg = Chart.bars("KL (nats)", List.of("kl"), List.of(Chart.Bar.of("a", 0.2, null),
        Chart.Bar.of("b", Double.POSITIVE_INFINITY, "1 value only in p: snow"),
        Chart.Bar.of("c", null, "no values to compare")), List.of(new Chart.Line("max-kl 0.1", 0.1)));
    assertTrue(svg.contains("class=\"mark infinite\"") && svg.contains(">∞<") && svg.contains("only in p: snow"));
    assertTrue(svg.contains("undefined: no values to compare"));
    assertTrue(svg.contains("class=\"threshold\"") && svg.contains("max-kl 0.1"));
    assertFalse(svg.contains("Infinity\"") || svg.contains("NaN"), "no non-finite coordinates");
  }

  @Test
  void errorBarsAndNegativeValues() {
    String svg = Chart.bars("coef", List.of("estimate"), List.of(
        new Chart.Bar("x", Arrays.asList(-1.5), 0.4, null), new Chart.Bar("y", Arrays.asList(2.0), Double.NaN, null)),
        List.of());
    assertEquals(1, count(svg, "class=\"errorbar\""), "NaN error: no bar");
    assertFalse(svg.contains("NaN"));
  }

  @Test
  void roundTicks() {
    assertArrayEquals(new double[] {0, 0.5, 1, 1.5, 2, 2.5}, Chart.ticks(0, 2.32, 6), 1e-12);
    assertArrayEquals(new double[] {-2, -1, 0, 1, 2}, Chart.ticks(-1.9, 1.2, 5), 1e-12);
    assertEquals("1.235", Chart.number(1.23456));
    assertEquals("−0.5", Chart.number(-0.5));
    assertEquals("∞", Chart.number(Double.POSITIVE_INFINITY));
    assertEquals("12350", Chart.number(12345.6));
  }

  @Test
  void lineAndHistogramDrawEveryPoint() {
    String line = Chart.line("iteration", "J", new double[] {10, 5, 4.5, 4.4}, 0);
    assertEquals(5, count(line, "class=\"mark"), "a path and four points");
    String hist = Chart.histogram("b", new double[] {-0.2, 0.1, 0.15, 0.9}, -2, 2,
        List.of(new Chart.Curve("N(0,1)", x -> Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI), false)));
    assertTrue(count(hist, "class=\"mark\"") >= 3 && hist.contains("class=\"mark curve\""));
  }
}
