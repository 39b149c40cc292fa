package org.primum.device.patient;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Destroys a key file: overwrites its bytes with random data and then zeros, forcing each pass to
 * the disk, and deletes it.
 *
 * <p>On flash storage and journaling or copy-on-write file systems an overwrite is not guaranteed
 * to reach the old physical blocks; the guarantee of crypto-shredding is that the encrypted data
 * becomes useless once no copy of its key remains. Keeping keys small and apart from the data they
 * protect is what makes that practical (see docs/privacy.md).
 */
final class CryptoShredder {
  private CryptoShredder() {}

  static void shred(Path keyFile, SecureRandom random) throws IOException {
    if (!Files.exists(keyFile)) {
      return;
    }
    long size = Files.size(keyFile);
    try (FileChannel channel = FileChannel.open(keyFile, StandardOpenOption.WRITE)) {
      byte[] noise = new byte[(int) size];
      random.nextBytes(noise);
      overwrite(channel, noise);
      overwrite(channel, new byte[(int) size]);
    }
    Files.delete(keyFile);
  }

  private static void overwrite(FileChannel channel, byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    long position = 0;
    while (buffer.hasRemaining()) {
      position += channel.write(buffer, position);
    }
    channel.force(true);
  }
}
