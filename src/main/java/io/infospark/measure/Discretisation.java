package io.infospark.measure;

import io.infospark.core.BadInputException;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the options of a count-based analysis discretise floating-point columns: the binning, the
 * number of bins and fixed bin ranges by column. One immutable value that every options class
 * carries; each {@code with…} returns a copy.
 *
 * @param binning how bins are made
 * @param bins how many bins, 1 … 1,000,000
 * @param ranges fixed equal-width ranges by column ({@code column → {lo, hi}}), unmodifiable
 */
record Discretisation(Binning binning, int bins, Map<String, double[]> ranges) implements Serializable {
  static final Discretisation DEFAULT = new Discretisation(Binning.EQUAL_WIDTH, ProfileOptions.DEFAULT_BINS, Map.of());

  Discretisation withBinning(Binning b) {
    return new Discretisation(b, bins, ranges);
  }

  /** @throws BadInputException for a count outside 1 … 1,000,000 */
  Discretisation withBins(int n) {
    if (n < 1 || n > 1_000_000) {
      throw new BadInputException("bins: expected a whole number from 1 to 1000000 but got " + n);
    }
    return new Discretisation(binning, n, ranges);
  }

  /** @throws BadInputException for a range that is not two finite numbers lo &lt; hi */
  Discretisation withRanges(Map<String, double[]> r) {
    Map<String, double[]> out = new LinkedHashMap<>();
    r.forEach((column, range) -> {
      if (range == null || range.length != 2 || !Double.isFinite(range[0]) || !Double.isFinite(range[1])
          || !(range[0] < range[1])) {
        throw new BadInputException("bin-range: column '" + column + "': expected two finite numbers lo < hi"
            + (range != null && range.length == 2 ? " but got " + range[0] + ":" + range[1] : ""));
      }
      out.put(column, range.clone());
    });
    return new Discretisation(binning, bins, Collections.unmodifiableMap(out));
  }

  /** The same discretisation as profile options (the codecs of a comparison or an MI table). */
  ProfileOptions asProfileOptions(NullPolicy nulls) {
    return ProfileOptions.defaults().withNulls(nulls).withDiscretisation(this);
  }
}
