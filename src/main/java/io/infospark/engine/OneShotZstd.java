package io.infospark.engine;

import com.github.luben.zstd.ZstdDecompressCtx;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * The codecs of a Parquet reader, with zstd pages decompressed in one call each into an array of
 * their known size, through one decompression context kept for the reader (Parquet's own codec opens
 * a stream, with its buffers, per page). Other codecs are the reader's usual ones.
 */
final class OneShotZstd implements CompressionCodecFactory {
  private final CompressionCodecFactory others;
  private ZstdDecompressCtx ctx;

  OneShotZstd(CompressionCodecFactory others) {
    this.others = others;
  }

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    return others.getCompressor(codec);
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    if (codec != CompressionCodecName.ZSTD) {
      return others.getDecompressor(codec);
    }
    return new BytesInputDecompressor() {
      @Override
      public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
        byte[] in = bytes.toByteArray();
        byte[] out = new byte[uncompressedSize];
        decompressInto(in, 0, in.length, out);
        return BytesInput.from(out);
      }

      @Override
      public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
          throws IOException {
        byte[] in = new byte[compressedSize];
        input.duplicate().get(in);
        byte[] out = new byte[uncompressedSize];
        decompressInto(in, 0, compressedSize, out);
        output.put(out);
      }

      @Override
      public void release() {
      }
    };
  }

  private void decompressInto(byte[] in, int off, int len, byte[] out) throws IOException {
    if (ctx == null) {
      ctx = new ZstdDecompressCtx();
    }
    int n;
    try {
      n = ctx.decompressByteArray(out, 0, out.length, in, off, len);
    } catch (RuntimeException e) {
      throw new IOException("a zstd page does not decompress: " + e.getMessage(), e);
    }
    if (n != out.length) {
      throw new IOException("a zstd page decompressed to " + n + " bytes, its header says " + out.length);
    }
  }

  @Override
  public void release() {
    if (ctx != null) {
      ctx.close();
      ctx = null;
    }
    others.release();
  }
}
