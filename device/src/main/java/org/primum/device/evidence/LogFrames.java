package org.primum.device.evidence;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The evidence log's on-disk framing. Every frame is
 *
 * <pre>
 *   kind   u8     0xE1 entry, 0xC1 checkpoint
 *   length u32    payload length, big-endian
 *   crc    u32    CRC-32C of kind, length and payload
 *   payload       entry: RFC 8785 JSON; checkpoint: the signed note, UTF-8
 * </pre>
 *
 * The CRC finds torn and damaged frames; it is not a security measure (signed checkpoints are).
 * Public so that forensic tools and the attack tests can read and rewrite segments byte by byte.
 */
public final class LogFrames {
  public static final byte ENTRY = (byte) 0xE1;
  public static final byte CHECKPOINT = (byte) 0xC1;
  public static final int HEADER = 9;
  static final int MAX_PAYLOAD = 128 * 1024;

  private LogFrames() {}

  public static byte[] frame(byte kind, byte[] payload) {
    ByteBuffer buffer = ByteBuffer.allocate(HEADER + payload.length);
    buffer
        .put(kind)
        .putInt(payload.length)
        .putInt(crc(kind, payload.length, payload, 0, payload.length));
    buffer.put(payload);
    return buffer.array();
  }

  static int crc(byte kind, int length, byte[] payload, int offset, int count) {
    CRC32C crc = new CRC32C();
    crc.update(kind);
    crc.update(ByteBuffer.allocate(4).putInt(length).array());
    crc.update(payload, offset, count);
    return (int) crc.getValue();
  }

  /** A frame read back from disk. */
  public record Frame(byte kind, byte[] payload, long offset, long end) {}

  /**
   * Reads the frame at {@code offset} of {@code data}, or returns null if what is there is not a
   * complete, intact frame (torn, damaged or not a frame at all).
   */
  public static Frame read(byte[] data, int offset) {
    if (data.length - offset < HEADER) {
      return null;
    }
    ByteBuffer buffer = ByteBuffer.wrap(data, offset, HEADER);
    byte kind = buffer.get();
    int length = buffer.getInt();
    int crc = buffer.getInt();
    if ((kind != ENTRY && kind != CHECKPOINT) || length < 0 || length > MAX_PAYLOAD) {
      return null;
    }
    if (data.length - offset - HEADER < length) {
      return null;
    }
    if (crc(kind, length, data, offset + HEADER, length) != crc) {
      return null;
    }
    byte[] payload = new byte[length];
    System.arraycopy(data, offset + HEADER, payload, 0, length);
    return new Frame(kind, payload, offset, (long) offset + HEADER + length);
  }
}
