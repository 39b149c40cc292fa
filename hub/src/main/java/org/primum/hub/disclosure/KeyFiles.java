package org.primum.hub.disclosure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.primum.core.files.SecureFiles;

/** Random 256-bit secrets in owner-only files under {@code <data>/keys/}, created on first use. */
final class KeyFiles {
  static final int LENGTH = 32;

  private KeyFiles() {}

  static byte[] loadOrCreate(Path dataDir, String name, SecureRandom random) throws IOException {
    Path keys = SecureFiles.ownerOnlyDirectory(dataDir.resolve("keys"));
    Path file = keys.resolve(name);
    return SecureFiles.withLock(
        keys.resolve(".lock"),
        () -> {
          if (Files.exists(file)) {
            byte[] key = SecureFiles.readSecret(file);
            if (key.length != LENGTH) {
              throw new IOException(
                  "the key file "
                      + file
                      + " is damaged: expected "
                      + LENGTH
                      + " bytes, found "
                      + key.length);
            }
            return key;
          }
          byte[] key = new byte[LENGTH];
          random.nextBytes(key);
          SecureFiles.writeSecret(file, key);
          return key;
        });
  }
}
