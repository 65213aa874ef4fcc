package io.infospark.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The per-task hash tables against java.util maps: counts, weights, ids in insertion order. */
class KeyCountsTest {

  @Test
  void longKeysCountLikeAMapThroughRehashesAndClears() {
    SplittableRandom random = new SplittableRandom(7);
    KeyCounts.Longs t = new KeyCounts.Longs(true);
    for (int round = 0; round < 2; round++) {
      Map<Long, long[]> expected = new LinkedHashMap<>();
      Map<Long, Double> weights = new HashMap<>();
      for (int i = 0; i < 200_000; i++) {
        // a mix of repeated small keys, colliding low bits, and extremes
        long k = switch (i % 4) {
          case 0 -> random.nextInt(100);
          case 1 -> (long) random.nextInt(50_000) << 32;
          case 2 -> random.nextLong();
          default -> i % 3 == 0 ? Long.MIN_VALUE : 0L;
        };
        long n = 1 + random.nextInt(3);
        double w = n * 0.5;
        int id = t.add(k, n, w);
        long[] e = expected.computeIfAbsent(k, x -> new long[] {expected.size(), 0});
        assertEquals(e[0], id, "ids are dense and in insertion order");
        e[1] += n;
        weights.merge(k, w, Double::sum);
      }
      assertEquals(expected.size(), t.size());
      for (Map.Entry<Long, long[]> e : expected.entrySet()) {
        int id = (int) e.getValue()[0];
        assertEquals(e.getKey(), t.key(id));
        assertEquals(e.getValue()[1], t.count(id));
        assertEquals(weights.get(e.getKey()), t.weight(id));
      }
      t.clear();
      assertEquals(0, t.size());
    }
  }

  @Test
  void byteKeysAreCopiedAndComparedByContent() {
    KeyCounts.Bytes t = new KeyCounts.Bytes(false);
    Map<String, long[]> expected = new LinkedHashMap<>();
    byte[] buffer = new byte[32];
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 100_000; i++) {
      String s = i % 5 == 0 ? "" : "城市-" + random.nextInt(20_000);
      byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      // the key points into a reused buffer, as a row's string does
      System.arraycopy(b, 0, buffer, 0, b.length);
      int id = t.add(buffer, 0, b.length, 1, 1.0);
      java.util.Arrays.fill(buffer, (byte) 'x');
      long[] e = expected.computeIfAbsent(s, x -> new long[] {expected.size(), 0});
      assertEquals(e[0], id);
      e[1]++;
    }
    assertEquals(expected.size(), t.size());
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      int id = (int) e.getValue()[0];
      assertEquals(e.getKey(), new String(t.arena(), t.keyStart(id), t.keyLength(id), java.nio.charset.StandardCharsets.UTF_8));
      assertEquals(e.getValue()[1], t.count(id));
      assertEquals((double) e.getValue()[1], t.weight(id), "unweighted: the weight is the count");
    }
  }

  /**
   * Keys of every length around the inline limit (0–20 bytes) over a tiny alphabet with zero bytes,
   * so keys that differ only in length or a trailing zero ("a" and "a\0") are frequent.
   */
  @Test
  void keysOfEveryLengthAroundTheInlineLimitStayDistinct() {
    KeyCounts.Bytes t = new KeyCounts.Bytes(true);
    Map<String, long[]> expected = new LinkedHashMap<>();
    Map<String, Double> weights = new HashMap<>();
    SplittableRandom random = new SplittableRandom(13);
    byte[] alphabet = {0, 0, 'a', (byte) 0xE5, (byte) 0xFF};
    for (int i = 0; i < 300_000; i++) {
      int len = random.nextInt(KeyCounts.Bytes.INLINE + 6);
      byte[] b = new byte[len];
      for (int j = 0; j < len; j++) {
        b[j] = j < len - 6 ? (byte) 'x' : alphabet[random.nextInt(alphabet.length)];
      }
      String key = java.util.HexFormat.of().formatHex(b);
      double w = random.nextDouble();
      // the key sits at an offset in a larger array, as in a column vector's buffer
      byte[] padded = new byte[b.length + 7];
      System.arraycopy(b, 0, padded, 3, b.length);
      int id = t.add(padded, 3, b.length, 1, w);
      assertEquals(KeyCounts.Bytes.hash(b, 0, b.length), t.hashOfId(id), "the stored hash is the hash of the key");
      long[] e = expected.computeIfAbsent(key, x -> new long[] {expected.size(), 0});
      assertEquals(e[0], id, key);
      e[1]++;
      weights.merge(key, w, Double::sum);
    }
    assertEquals(expected.size(), t.size());
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      int id = (int) e.getValue()[0];
      assertEquals(e.getKey(), java.util.HexFormat.of().formatHex(t.arena(), t.keyStart(id), t.keyStart(id) + t.keyLength(id)));
      assertEquals(e.getValue()[1], t.count(id));
      assertEquals(weights.get(e.getKey()), t.weight(id), 1e-9);
    }
  }
}
