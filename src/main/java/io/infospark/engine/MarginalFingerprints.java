package io.infospark.engine;

import io.infospark.core.CountFingerprint;
import java.io.Serializable;

/** Per pair and side, a fingerprint being summed (the marginals of {@link MergedCounts#pairMarginals}). */
final class MarginalFingerprints implements Serializable {
  private static final long serialVersionUID = 1L;
  final CountFingerprint[][] sets;

  MarginalFingerprints(int pairs) {
    sets = new CountFingerprint[pairs][2];
    for (CountFingerprint[] s : sets) {
      s[0] = new CountFingerprint();
      s[1] = new CountFingerprint();
    }
  }

  /** Adds one distinct value of side {@code slot % 2} of pair {@code slot / 2}, seen n times. */
  void add(int slot, long n) {
    sets[slot / 2][slot % 2].add(n);
  }

  MarginalFingerprints merge(MarginalFingerprints o) {
    for (int p = 0; p < sets.length; p++) {
      sets[p][0].merge(o.sets[p][0]);
      sets[p][1].merge(o.sets[p][1]);
    }
    return this;
  }
}
