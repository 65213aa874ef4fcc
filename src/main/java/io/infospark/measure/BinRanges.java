package io.infospark.measure;

import io.infospark.core.BadInputException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Fixed bin ranges by column ({@code withBinRanges} of the options): checked once. */
final class BinRanges {
  private BinRanges() {}

  static Map<String, double[]> check(Map<String, double[]> ranges) {
    Map<String, double[]> out = new LinkedHashMap<>();
    ranges.forEach((column, r) -> {
      if (r == null || r.length != 2 || !Double.isFinite(r[0]) || !Double.isFinite(r[1]) || !(r[0] < r[1])) {
        throw new BadInputException("bin-range: column '" + column + "': expected two finite numbers lo < hi"
            + (r != null && r.length == 2 ? " but got " + r[0] + ":" + r[1] : ""));
      }
      out.put(column, r.clone());
    });
    return java.util.Collections.unmodifiableMap(out);
  }
}
