package org.primum.device.patient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.primum.core.files.SecureFiles;

/**
 * Keyed pseudonyms for patients and infusions, so that security and integrity events can refer to
 * them without carrying an identifier: {@code pt-} or {@code inf-} followed by the first 128 bits,
 * in hex, of HMAC-SHA-256 (RFC 2104) under a per-device key over {@code kind || 0x00 ||
 * identifier}.
 *
 * <p>The key ({@code <data>/patients/pseudonym.key}, 32 random bytes, mode 0600) never leaves the
 * device. The same identifier always gives the same pseudonym on one device (events about one
 * patient can be correlated) and unrelated pseudonyms on two devices. Without the key nobody can
 * tell which identifier a pseudonym stands for; destroying the key ({@link #shred}, e.g. when the
 * device is decommissioned) makes every pseudonym it produced unlinkable, while every evidence
 * entry and proof stays exactly as it was.
 */
public final class PatientPseudonyms {
  private static final String KEY_FILE = "pseudonym.key";

  private final Path keyFile;
  private final SecretKeySpec key;

  private PatientPseudonyms(Path keyFile, byte[] key) {
    this.keyFile = keyFile;
    this.key = new SecretKeySpec(key, "HmacSHA256");
  }

  /** Loads the device's pseudonym key from {@code patientsDir}, creating it on first use. */
  public static PatientPseudonyms loadOrCreate(Path patientsDir, SecureRandom random)
      throws IOException {
    SecureFiles.ownerOnlyDirectory(patientsDir);
    Path file = patientsDir.resolve(KEY_FILE);
    byte[] key =
        SecureFiles.withLock(
            patientsDir.resolve(".pseudonym.lock"),
            () -> {
              if (Files.exists(file)) {
                return SecureFiles.readSecret(file);
              }
              byte[] fresh = new byte[32];
              random.nextBytes(fresh);
              SecureFiles.writeSecret(file, fresh);
              return fresh;
            });
    if (key.length != 32) {
      throw new IOException(file + " is not a 32-byte pseudonym key");
    }
    return new PatientPseudonyms(file, key);
  }

  /** The pseudonym of a patient identifier (such as a medical record number). */
  public String patient(String identifier) {
    return "pt-" + hmac("patient", identifier);
  }

  /** The pseudonym of an infusion or order identifier. */
  public String infusion(String identifier) {
    return "inf-" + hmac("infusion", identifier);
  }

  private String hmac(String kind, String identifier) {
    Objects.requireNonNull(identifier, "identifier");
    if (identifier.isBlank()) {
      throw new IllegalArgumentException("an empty identifier has no pseudonym");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(kind.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      byte[] out = mac.doFinal(identifier.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(out, 0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 is not available", e);
    }
  }

  /**
   * Destroys the key: its file is overwritten and deleted, so no pseudonym it made can be linked to
   * an identifier again. This object must not be used afterwards.
   */
  public void shred(SecureRandom random) throws IOException {
    CryptoShredder.shred(keyFile, random);
  }
}
