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
  // the current page: `left` rows not yet read; levels and values decoded as they are read
  private int left;
  private final Hybrid levels = new Hybrid();
  private ValuesReader otherLevels;
  private static final int PLAIN = 0;
  private static final int DICTIONARY = 1;
  private static final int OTHER = 2;
  private int mode;
  private byte[] page;
  private int pos;
  private final Hybrid ids = new Hybrid();
  private ValuesReader other;
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
    if (type != PrimitiveTypeName.INT32 && type != PrimitiveTypeName.INT64 && type != PrimitiveTypeName.DOUBLE
        && type != PrimitiveTypeName.BINARY) {
      throw unsupported();
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
    for (int r = 0; r < rows;) {
      for (int end = r + take(rows - r); r < end; r++) {
        boolean p = present();
        if (has != null) {
          has[r] = p;
        }
        into[r] = p ? longValue() : 0;
      }
    }
  }

  /**
   * The next {@code rows} byte values appended to sink: row r at {@code off[r]}, {@code len[r]} bytes
   * (−1 for a null), its first eight bytes as a big-endian long (zero-padded) in {@code pre[r]}.
   */
  void bytes(SortedStateMerge.Sink sink, int[] offs, int[] lens, long[] pre, int rows) {
    for (int r = 0; r < rows;) {
      for (int end = r + take(rows - r); r < end; r++) {
        int o = sink.at;
        offs[r] = o;
        if (present()) {
          int l = bytesValue(sink);
          lens[r] = l;
          pre[r] = SortedStateMerge.prefix(sink.buf, o, l);
        } else {
          lens[r] = -1;
          pre[r] = 0;
        }
      }
    }
  }

  /** How many of the next {@code want} rows to read from the current page (the next one when it is read out). */
  private int take(int want) {
    if (left == 0) {
      page();
    }
    int m = Math.min(want, left);
    left -= m;
    return m;
  }

  private boolean present() {
    if (maxDef == 0) {
      return true;
    }
    return (otherLevels == null ? levels.next() : otherLevels.readInteger()) == maxDef;
  }

  private long longValue() {
    if (mode == PLAIN) {
      long v;
      if (type == PrimitiveTypeName.INT32) {
        v = (int) INT.get(page, pos);
        pos += 4;
      } else {
        v = (long) LONG.get(page, pos);
        pos += 8;
      }
      return v;
    }
    if (mode == DICTIONARY) {
      return dictLongs[ids.next()];
    }
    return switch (type) {
      case INT32 -> other.readInteger();
      case INT64 -> other.readLong();
      default -> Double.doubleToRawLongBits(other.readDouble());
    };
  }

  /** The next value appended to sink; its length. */
  private int bytesValue(SortedStateMerge.Sink sink) {
    if (mode == PLAIN) {
      int l = (int) INT.get(page, pos);
      sink.write(page, pos + 4, l);
      pos += 4 + l;
      return l;
    }
    if (mode == DICTIONARY) {
      int id = ids.next();
      sink.write(dictBytes, dictOff[id], dictLen[id]);
      return dictLen[id];
    }
    Binary x = other.readBytes();
    int l = x.length();
    if (own.length < l) {
      own = new byte[Math.max(l, 2 * own.length)];
    }
    x.toByteBuffer().get(own, 0, l);
    sink.write(own, 0, l);
    return l;
  }

  /** Moves to the next page. */
  private void page() {
    DataPage p = pages.readPage();
    if (p == null) {
      throw new IllegalStateException("saved state file " + file + ": column " + String.join(".", d.getPath())
          + " holds fewer values than its rows");
    }
    left = p.getValueCount();
    otherLevels = null;
    try {
      if (p instanceof DataPageV1 v1) {
        byte[] b = v1.getBytes().toByteArray();
        int at = 0;
        if (maxDef > 0 && v1.getDlEncoding() == Encoding.RLE) {
          int n = (int) INT.get(b, at);
          levels.start(b, at + 4, 1);
          at += 4 + n;
        } else if (maxDef > 0) {
          otherLevels = v1.getDlEncoding().getValuesReader(d, ValuesType.DEFINITION_LEVEL);
          ByteBufferInputStream in = ByteBufferInputStream.wrap(ByteBuffer.wrap(b));
          otherLevels.initFromPage(left, in);
          at = (int) in.position();
        }
        values(v1.getValueEncoding(), b, at);
      } else {
        DataPageV2 v2 = (DataPageV2) p;
        if (maxDef > 0) {
          levels.start(v2.getDefinitionLevels().toByteArray(), 0, 1);
        }
        values(v2.getDataEncoding(), v2.getData().toByteArray(), 0);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the saved state file " + file, e);
    }
  }

  /** The page's values start at b[at]. */
  private void values(Encoding e, byte[] b, int at) throws IOException {
    page = b;
    pos = at;
    if (e == Encoding.PLAIN) {
      mode = PLAIN;
    } else if (e.usesDictionary()) {
      if (dictLongs == null && dictBytes == null) {
        throw new IllegalStateException("saved state file " + file + ": a dictionary-encoded page without a dictionary");
      }
      mode = DICTIONARY;
      ids.start(b, at + 1, b[at] & 0xFF);
    } else {
      mode = OTHER;
      other = e.getValuesReader(d, ValuesType.VALUES);
      other.initFromPage(left, ByteBufferInputStream.wrap(ByteBuffer.wrap(b, at, b.length - at).slice()));
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
   * Parquet's run-length / bit-packed hybrid encoding, read a value at a time. A run is a varint
   * header; its low bit 0: a repeated value (header / 2 times, in ceil(width / 8) little-endian
   * bytes); 1: header / 2 groups of eight values packed from the lowest bit up.
   */
  static final class Hybrid {
    private byte[] b;
    private int pos;
    private int width;
    private long mask;
    // the current run: `left` values; a repeated `value`, or packed ones, unpacked eight at a time
    private int left;
    private boolean repeated;
    private int value;
    private final int[] group = new int[8];
    private int g = 8;

    void start(byte[] bytes, int at, int bitWidth) {
      b = bytes;
      pos = at;
      width = bitWidth;
      mask = bitWidth == 0 ? 0 : (1L << bitWidth) - 1;
      left = 0;
    }

    int next() {
      if (left == 0) {
        run();
      }
      left--;
      if (repeated) {
        return value;
      }
      if (g == 8) {
        unpack();
      }
      return group[g++];
    }

    /** The next group of eight packed values (width bytes) into {@link #group}. */
    private void unpack() {
      int at = pos;
      if (at + width + 8 <= b.length) {
        for (int k = 0; k < 8; k++) {
          int bit = k * width;
          group[k] = (int) (((long) LONG.get(b, at + (bit >>> 3)) >>> (bit & 7)) & mask);
        }
      } else {
        long acc = 0;
        int bits = 0;
        int p = at;
        for (int k = 0; k < 8; k++) {
          while (bits < width) {
            acc |= (long) (p < b.length ? b[p] & 0xFF : 0) << bits;
            p++;
            bits += 8;
          }
          group[k] = (int) (acc & mask);
          acc >>>= width;
          bits -= width;
        }
      }
      pos = at + width;
      g = 0;
    }

    private void run() {
      int h = 0;
      int shift = 0;
      int x;
      do {
        x = b[pos++] & 0xFF;
        h |= (x & 0x7F) << shift;
        shift += 7;
      } while ((x & 0x80) != 0);
      if ((h & 1) == 0) {
        repeated = true;
        left = h >>> 1;
        int v = 0;
        for (int k = 0; k < (width + 7) / 8; k++) {
          v |= (b[pos++] & 0xFF) << (8 * k);
        }
        value = v;
      } else {
        repeated = false;
        left = (h >>> 1) * 8;
        g = 8;
      }
      if (left == 0) {
        run();
      }
    }
  }
}
