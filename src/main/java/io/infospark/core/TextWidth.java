package io.infospark.core;

/**
 * The width of text in a terminal's character cells, for the readable tables results print:
 * East Asian wide and fullwidth characters (CJK ideographs, kana, Hangul, fullwidth forms, most
 * emoji) take two cells, combining marks and zero-width characters none, every other character
 * one. Padding by {@code String.format("%-20s")} counts chars, so a column of Chinese names would
 * push the rest of its row to the right; these methods pad and cut by cells instead.
 */
public final class TextWidth {
  private TextWidth() {}

  /** The cells {@code s} takes on a terminal. */
  public static int of(String s) {
    int w = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      w += cells(cp);
      i += Character.charCount(cp);
    }
    return w;
  }

  /** {@code s} followed by spaces up to {@code width} cells (unchanged when already as wide). */
  public static String padRight(String s, int width) {
    int w = of(s);
    return w >= width ? s : s + " ".repeat(width - w);
  }

  /** {@code s} cut to at most {@code width} cells, ending with "…" when something was cut. */
  public static String cut(String s, int width) {
    if (of(s) <= width) {
      return s;
    }
    StringBuilder b = new StringBuilder();
    int w = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int c = cells(cp);
      if (w + c > width - 1) { // keep one cell for the ellipsis
        break;
      }
      b.appendCodePoint(cp);
      w += c;
      i += Character.charCount(cp);
    }
    return b.append('…').toString();
  }

  /** The cells of one code point: 0, 1 or 2. */
  static int cells(int cp) {
    int type = Character.getType(cp);
    if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT
        || cp == 0x200B) {
      return 0;
    }
    return wide(cp) ? 2 : 1;
  }

  /** East Asian Width W or F (Unicode Standard Annex #11), by block. */
  private static boolean wide(int cp) {
    return (cp >= 0x1100 && cp <= 0x115F)      // Hangul Jamo initial consonants
        || (cp >= 0x2E80 && cp <= 0x303E)      // CJK radicals, Kangxi, CJK symbols and punctuation
        || (cp >= 0x3041 && cp <= 0x33FF)      // kana, Bopomofo, Hangul compatibility Jamo, CJK compatibility
        || (cp >= 0x3400 && cp <= 0x4DBF)      // CJK extension A
        || (cp >= 0x4E00 && cp <= 0x9FFF)      // CJK unified ideographs
        || (cp >= 0xA000 && cp <= 0xA4CF)      // Yi
        || (cp >= 0xA960 && cp <= 0xA97F)      // Hangul Jamo extended A
        || (cp >= 0xAC00 && cp <= 0xD7A3)      // Hangul syllables
        || (cp >= 0xF900 && cp <= 0xFAFF)      // CJK compatibility ideographs
        || (cp >= 0xFE10 && cp <= 0xFE19)      // vertical forms
        || (cp >= 0xFE30 && cp <= 0xFE6F)      // CJK compatibility forms, small form variants
        || (cp >= 0xFF00 && cp <= 0xFF60)      // fullwidth forms
        || (cp >= 0xFFE0 && cp <= 0xFFE6)      // fullwidth signs
        || (cp >= 0x1F300 && cp <= 0x1F64F)    // pictographs and emoticons
        || (cp >= 0x1F900 && cp <= 0x1F9FF)    // supplemental symbols and pictographs
        || (cp >= 0x20000 && cp <= 0x3FFFD);   // CJK extensions B and later
  }
}
