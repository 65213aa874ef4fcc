package io.infospark.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Terminal cells of text (East Asian Width, UAX #11); no Spark. */
class TextWidthTest {
  @Test
  void empty() {
    assertEquals(0, TextWidth.of(""));
    assertEquals("  ", TextWidth.padRight("", 2));
  }

  @Test
  void asciiIsOneCellPerChar() {
    assertEquals(5, TextWidth.of("price"));
    assertEquals("price   ", TextWidth.padRight("price", 8));
    assertEquals("price", TextWidth.padRight("price", 3));
  }

  @Test
  void cjkAndFullwidthAreTwoCells() {
    assertEquals(4, TextWidth.of("城市"));          // CJK unified ideographs
    assertEquals(6, TextWidth.of("ねだん"));        // hiragana
    assertEquals(4, TextWidth.of("가격"));          // Hangul syllables
    assertEquals(4, TextWidth.of("ＡＢ"));          // fullwidth Latin
    assertEquals(4, TextWidth.of("a城b"));
    assertEquals(2, TextWidth.of("\uD840\uDC0B"));  // U+2000B, CJK extension B: one code point, two chars
  }

  @Test
  void combiningMarksTakeNoCell() {
    assertEquals(1, TextWidth.of("e\u0301"));       // e + combining acute
    assertEquals(2, TextWidth.of("a\u200Bb"));      // zero-width space
  }

  @Test
  void cutByCells() {
    assertEquals("城市", TextWidth.cut("城市", 4));
    assertEquals("城…", TextWidth.cut("城市名", 4));  // 城 (2) + … (1); 市 would make 5
    assertEquals("abc…", TextWidth.cut("abcdef", 4));
    assertEquals(4, TextWidth.of(TextWidth.padRight("城…", 4)));
  }
}
