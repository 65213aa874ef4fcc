package io.infospark.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * One column chunk of a flat Parquet file (a saved state's), read a page at a time into arrays:
 * a page's definition levels and values are decoded at once — plain values straight from the page's
 * bytes, dictionary ids through a dictionary decoded once per chunk — and handed out as many rows at
 * a time as the reader asks for, with no object per value. Encodings other than plain and dictionary
 * go through Parquet's own value readers (same arrays, a call per value).
 *
 * <p>Values of INT32, INT64 and DOUBLE columns are longs (a double as its bits); BINARY values
 * are ranges of a byte array (the page's own, or the dictionary's).
 */
final class PageColumn {
  private static final java.lang.invoke.VarHandle INT = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
      int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
  private static final java.lang.invoke.VarHandle LONG = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
      long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

  private final ColumnDescriptor d;
  private final PageReader pages;
  private final PrimitiveTypeName type;
  private final int maxDef;
  private final String file;
  // the chunk's dictionary, decoded: longs, or byte ranges of dictBytes
  private long[] dictLongs;
  private byte[] dictBytes;
  private int[] dictOff;
  private int[] dictLen;
  // the current page: rows [0, count), the next at `at`; a null row has present false
  private int count;
  private int at;
  private boolean[] present = new boolean[0];
  private long[] longs = new long[0];
  private byte[] bytes;
  private int[] off = new int[0];
  private int[] len = new int[0];
  private int[] scratch = new int[0];
  private byte[] own = new byte[0];

  PageColumn(ColumnDescriptor d, PageReader pages, String file) {
    this.d = d;
    this.pages = pages;
    this.file = file;
    this.type = d.getPrimitiveType().getPrimitiveTypeName();
    this.maxDef = d.getMaxDefinitionLevel();
    if (d.getMaxRepetitionLevel() != 0 || maxDef > 1) {
      throw new IllegalStateException("saved state file " + file + ": column " + String.join(".", d.getPath())
          + " is not a flat column");
    }
    DictionaryPage dp = pages.readDictionaryPage();
    if (dp != null) {
      dictionary(dp);
    }
  }

  /**
   * The next {@code rows} values as longs into {@code into[0, rows)} (0 for a null), their presence
   * into {@code has} (when not null).
   */
  void longs(long[] into, boolean[] has, int rows) {
    int r = 0;
    while (r < rows) {
      if (at == count) {
        page();
      }
      int m = Math.min(rows - r, count - at);
      System.arraycopy(longs, at, into, r, m);
      if (has != null) {
        System.arraycopy(present, at, has, r, m);
      }
      at += m;
      r += m;
    }
  }

  /**
   * The next {@code rows} byte values appended to sink: row r at {@code off[r]}, {@code len[r]} bytes
   * (−1 for a null), its first eight bytes as a big-endian long (zero-padded) in {@code pre[r]}.
   */
  void bytes(SortedStateMerge.Sink sink, int[] offs, int[] lens, long[] pre, int rows) {
    int r = 0;
    while (r < rows) {
      if (at == count) {
        page();
      }
      int m = Math.min(rows - r, count - at);
      for (int j = 0; j < m; j++, r++, at++) {
        offs[r] = sink.at;
        if (present[at]) {
          int l = len[at];
          sink.write(bytes, off[at], l);
          lens[r] = l;
          pre[r] = SortedStateMerge.prefix(sink.buf, offs[r], l);
        } else {
          lens[r] = -1;
          pre[r] = 0;
        }
      }
    }
  }

  /** Decodes the next page. */
  private void page() {
    DataPage p = pages.readPage();
    if (p == null) {
      throw new IllegalStateException("saved state file " + file + ": column " + String.join(".", d.getPath())
          + " holds fewer values than its rows");
    }
    count = p.getValueCount();
    at = 0;
    if (present.length < count) {
      int c = Math.max(count, 2 * present.length);
      present = new boolean[c];
      longs = new long[c];
      off = new int[c];
      len = new int[c];
      scratch = new int[c];
    }
    try {
      if (p instanceof DataPageV1 v1) {
        byte[] b = v1.getBytes().toByteArray();
        int pos = 0;
        if (maxDef == 0) {
          Arrays.fill(present, 0, count, true);
        } else if (v1.getDlEncoding() == Encoding.RLE) {
          int n = (int) INT.get(b, pos);
          levels(b, pos + 4, count);
          pos += 4 + n;
        } else {
          ValuesReader levels = v1.getDlEncoding().getValuesReader(d, ValuesType.DEFINITION_LEVEL);
          ByteBufferInputStream in = ByteBufferInputStream.wrap(ByteBuffer.wrap(b));
          levels.initFromPage(count, in);
          for (int r = 0; r < count; r++) {
            present[r] = levels.readInteger() == maxDef;
          }
          pos = (int) in.position();
        }
        values(v1.getValueEncoding(), b, pos);
      } else {
        DataPageV2 v2 = (DataPageV2) p;
        if (maxDef == 0) {
          Arrays.fill(present, 0, count, true);
        } else {
          levels(v2.getDefinitionLevels().toByteArray(), 0, count);
        }
        values(v2.getDataEncoding(), v2.getData().toByteArray(), 0);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the saved state file " + file, e);
    }
  }

  /** Presence of the page's rows from definition levels (bit width 1) run-length/bit-packed from b[pos]. */
  private void levels(byte[] b, int pos, int n) {
    hybrid(b, pos, 1, scratch, n);
    for (int r = 0; r < n; r++) {
      present[r] = scratch[r] == maxDef;
    }
  }

  /** The page's values (its present rows') from b[pos]. */
  private void values(Encoding e, byte[] b, int pos) throws IOException {
    if (e == Encoding.PLAIN && type != PrimitiveTypeName.BOOLEAN) {
      bytes = b;
      for (int r = 0; r < count; r++) {
        if (!present[r]) {
          longs[r] = 0;
          continue;
        }
        switch (type) {
          case INT32 -> {
            longs[r] = (int) INT.get(b, pos);
            pos += 4;
          }
          case INT64, DOUBLE -> {
            longs[r] = (long) LONG.get(b, pos);
            pos += 8;
          }
          case BINARY -> {
            int l = (int) INT.get(b, pos);
            off[r] = pos + 4;
            len[r] = l;
            pos += 4 + l;
          }
          default -> throw unsupported();
        }
      }
    } else if (e.usesDictionary()) {
      if (dictLongs == null && dictBytes == null) {
        throw new IllegalStateException("saved state file " + file + ": a dictionary-encoded page without a dictionary");
      }
      int nonNull = 0;
      for (int r = 0; r < count; r++) {
        nonNull += present[r] ? 1 : 0;
      }
      int width = b[pos] & 0xFF;
      int[] ids = scratch;
      hybrid(b, pos + 1, width, ids, nonNull);
      int v = 0;
      bytes = dictBytes;
      for (int r = 0; r < count; r++) {
        if (!present[r]) {
          longs[r] = 0;
        } else if (dictLongs != null) {
          longs[r] = dictLongs[ids[v++]];
        } else {
          int id = ids[v++];
          off[r] = dictOff[id];
          len[r] = dictLen[id];
        }
      }
    } else {
      ValuesReader vr = e.getValuesReader(d, ValuesType.VALUES);
      vr.initFromPage(count, ByteBufferInputStream.wrap(ByteBuffer.wrap(b, pos, b.length - pos).slice()));
      int o = 0;
      for (int r = 0; r < count; r++) {
        if (!present[r]) {
          longs[r] = 0;
          continue;
        }
        switch (type) {
          case INT32 -> longs[r] = vr.readInteger();
          case INT64 -> longs[r] = vr.readLong();
          case DOUBLE -> longs[r] = Double.doubleToRawLongBits(vr.readDouble());
          case BINARY -> {
            Binary x = vr.readBytes();
            int l = x.length();
            if (o + l > own.length) {
              own = Arrays.copyOf(own, Math.max(2 * own.length, o + l));
            }
            x.toByteBuffer().get(own, o, l);
            off[r] = o;
            len[r] = l;
            o += l;
          }
          default -> throw unsupported();
        }
      }
      bytes = own;
    }
  }

  private void dictionary(DictionaryPage dp) {
    Dictionary dict;
    try {
      dict = dp.getEncoding().initDictionary(d, dp);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the saved state file " + file, e);
    }
    int n = dict.getMaxId() + 1;
    if (type == PrimitiveTypeName.BINARY) {
      dictOff = new int[n];
      dictLen = new int[n];
      int total = 0;
      Binary[] values = new Binary[n];
      for (int i = 0; i < n; i++) {
        values[i] = dict.decodeToBinary(i);
        total += values[i].length();
      }
      dictBytes = new byte[total];
      int o = 0;
      for (int i = 0; i < n; i++) {
        int l = values[i].length();
        values[i].toByteBuffer().get(dictBytes, o, l);
        dictOff[i] = o;
        dictLen[i] = l;
        o += l;
      }
    } else {
      dictLongs = new long[n];
      for (int i = 0; i < n; i++) {
        dictLongs[i] = switch (type) {
          case INT32 -> dict.decodeToInt(i);
          case INT64 -> dict.decodeToLong(i);
          case DOUBLE -> Double.doubleToRawLongBits(dict.decodeToDouble(i));
          default -> throw unsupported();
        };
      }
    }
  }

  private IllegalStateException unsupported() {
    return new IllegalStateException("saved state file " + file + ": column " + String.join(".", d.getPath())
        + " is of type " + type + " (expected INT32, INT64, DOUBLE or BINARY)");
  }

  /**
   * Parquet's run-length / bit-packed hybrid encoding: n values of {@code width} bits from b[pos] into
   * out. A run is a varint header; its low bit 0: a repeated value (header / 2 times, in
   * ceil(width / 8) little-endian bytes); 1: header / 2 groups of eight values packed from the lowest
   * bit up.
   */
  static void hybrid(byte[] b, int pos, int width, int[] out, int n) {
    int bytesPerValue = (width + 7) / 8;
    long mask = width == 0 ? 0 : (1L << width) - 1;
    int i = 0;
    while (i < n) {
      int h = 0;
      int shift = 0;
      int x;
      do {
        x = b[pos++] & 0xFF;
        h |= (x & 0x7F) << shift;
        shift += 7;
      } while ((x & 0x80) != 0);
      if ((h & 1) == 0) {
        int v = 0;
        for (int k = 0; k < bytesPerValue; k++) {
          v |= (b[pos++] & 0xFF) << (8 * k);
        }
        int m = Math.min(h >>> 1, n - i);
        Arrays.fill(out, i, i + m, v);
        i += m;
      } else {
        int values = (h >>> 1) * 8;
        int end = pos + (h >>> 1) * width;
        long acc = 0;
        int bits = 0;
        for (int k = 0; k < values && i < n; k++) {
          while (bits < width) {
            acc |= (long) (b[pos++] & 0xFF) << bits;
            bits += 8;
          }
          out[i++] = (int) (acc & mask);
          acc >>>= width;
          bits -= width;
        }
        pos = end;
      }
    }
  }
}
