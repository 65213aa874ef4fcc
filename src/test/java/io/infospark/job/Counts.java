package io.infospark.job;

import io.infospark.core.LogBase;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The plain reference of the property tier: the values of a generated column counted in a hash
 * map, and the textbook formulas over those counts (DESIGN.md §1), written out here without any of
 * infospark's code.
 */
record Counts(Map<Object, Double> byValue, double total, double nulls) {
  /** The key null is counted under when null is a value. */
  static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  /** The value as a key: doubles compare as SQL GROUP BY does (all NaNs one value, −0.0 = 0.0). */
  static Object key(Object v) {
    if (v == null) {
      return NULL;
    }
    if (v instanceof Double d) {
      return d == 0.0 ? Double.valueOf(0.0) : d; // Double.equals already unites NaNs
    }
    return v;
  }

  /**
   * Counts values (weighted when {@code weights} is given), nulls as a value or apart.
   */
  static Counts of(List<Object> values, List<Object> weights, boolean nullAsValue) {
    Map<Object, Double> by = new HashMap<>();
    double total = 0;
    double nulls = 0;
    for (int i = 0; i < values.size(); i++) {
      double w = weights == null ? 1.0 : ((Number) weights.get(i)).doubleValue();
      Object v = values.get(i);
      if (v == null || v == NULL) {
        nulls += w;
        if (!nullAsValue) {
          continue;
        }
      }
      by.merge(key(v), w, Double::sum);
      total += w;
    }
    return new Counts(by, total, nulls);
  }

  /** Values with a positive count. */
  long distinct() {
    return byValue.values().stream().filter(c -> c > 0).count();
  }

  /** H = ln N − (1/N) Σ c ln c over the values, in the base; null when nothing was counted. */
  Double entropy(LogBase base) {
    if (total <= 0) {
      return null;
    }
    double sum = 0;
    for (double c : byValue.values()) {
      if (c > 0) {
        sum += c * Math.log(c);
      }
    }
    return (Math.log(total) - sum / total) / Math.log(baseOf(base));
  }

  static double baseOf(LogBase base) {
    return switch (base) {
      case E -> Math.E;
      case TWO -> 2;
      case TEN -> 10;
    };
  }

  /** These counts plus α for every value of the union of this and other's supports (smoothing). */
  Counts smoothed(Counts other, double alpha) {
    if (alpha == 0) {
      return this;
    }
    Map<Object, Double> by = new HashMap<>();
    byValue.forEach((k, c) -> { if (c > 0) by.put(k, c); });
    other.byValue.forEach((k, c) -> { if (c > 0) by.putIfAbsent(k, 0.0); });
    if (total <= 0) {
      return this; // nothing observed on this side: smoothing invents no data
    }
    by.replaceAll((k, c) -> c + alpha);
    return new Counts(by, total + alpha * by.size(), nulls);
  }

  /**
   * KL(p‖q) and JS(p, q) of two count tables, with α added to every value of the union of both
   * supports on both sides; KL +∞ where q_v = 0 < p_v; nulls when a side has nothing.
   */
  static Double[] klJs(Counts p, Counts q, double alpha, LogBase base) {
    Set<Object> union = new LinkedHashSet<>();
    p.byValue.forEach((k, c) -> { if (c > 0) union.add(k); });
    q.byValue.forEach((k, c) -> { if (c > 0) union.add(k); });
    double np = p.total + alpha * union.size();
    double nq = q.total + alpha * union.size();
    if (p.total <= 0 || q.total <= 0 || union.isEmpty()) {
      return new Double[] {null, null};
    }
    double kl = 0;
    double js = 0;
    double ln = Math.log(baseOf(base));
    for (Object v : union) {
      double pv = (p.byValue.getOrDefault(v, 0.0) + alpha) / np;
      double qv = (q.byValue.getOrDefault(v, 0.0) + alpha) / nq;
      if (pv > 0) {
        kl += qv == 0 ? Double.POSITIVE_INFINITY : pv * Math.log(pv / qv);
      }
      double m = (pv + qv) / 2;
      if (pv > 0) {
        js += 0.5 * pv * Math.log(pv / m);
      }
      if (qv > 0) {
        js += 0.5 * qv * Math.log(qv / m);
      }
    }
    return new Double[] {kl / ln, js / ln};
  }
}
