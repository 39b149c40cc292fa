package org.primum.device.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.crypto.Pem;
import org.primum.core.crypto.SecretAccess;
import org.primum.core.files.SecureFiles;

/** The device's own Ed25519 evidence key, {@code <data>/evidence/evidence-key.pem} (mode 0600). */
public final class EvidenceKeys {
  private EvidenceKeys() {}

  /** Loads the key, creating it on first use. */
  public static Ed25519KeyPair loadOrCreate(Path evidenceDir, SecureRandom random)
      throws IOException {
    SecureFiles.ownerOnlyDirectory(evidenceDir);
    Path file = evidenceDir.resolve("evidence-key.pem");
    return SecureFiles.withLock(
        evidenceDir.resolve(".key-lock"),
        () -> {
          if (Files.exists(file)) {
            try {
              return Ed25519KeyPair.fromPem(
                  new String(SecureFiles.readSecret(file), StandardCharsets.US_ASCII));
            } catch (Pem.PemRejection e) {
              throw new IOException(
                  "the evidence key " + file + " is damaged: " + e.getMessage(), e);
            }
          }
          Ed25519KeyPair key = Ed25519KeyPair.generate(random);
          SecureFiles.writeSecret(
              file, key.toPem(SecretAccess.insecure()).getBytes(StandardCharsets.US_ASCII));
          return key;
        });
  }
}
