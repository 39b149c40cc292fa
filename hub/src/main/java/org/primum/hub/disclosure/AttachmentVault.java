package org.primum.hub.disclosure;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.primum.core.files.SecureFiles;

/**
 * Report attachments at rest: each file encrypted with AES-256-GCM under a per-hub key kept in
 * {@code <data>/keys/disclosure-attachments.key}, with a fresh random 96-bit nonce per file, and
 * named by a random 128-bit id (the researcher's file name is never used as a path).
 *
 * <p>Security guarantees: no attachment is ever written in the clear (encryption happens in memory
 * before the first byte reaches the disk); a file altered, truncated or moved to another id fails
 * authentication (the id is bound as associated data) and is refused rather than served.
 */
public final class AttachmentVault {
  private static final byte[] MAGIC = "PDA1".getBytes(StandardCharsets.US_ASCII);
  private static final int NONCE = 12;
  private static final int TAG_BITS = 128;
  private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

  private final SecretKey key;
  private final Path directory;
  private final SecureRandom random;

  private AttachmentVault(byte[] key, Path directory, SecureRandom random) {
    this.key = new SecretKeySpec(key, "AES");
    this.directory = directory;
    this.random = random;
  }

  /**
   * Opens the vault under {@code dataDir}, creating its key and directory on first use.
   *
   * @throws IOException if the key file is damaged or readable by others
   */
  public static AttachmentVault open(Path dataDir, SecureRandom random) throws IOException {
    Objects.requireNonNull(random, "random");
    byte[] key = KeyFiles.loadOrCreate(dataDir, "disclosure-attachments.key", random);
    Path directory =
        SecureFiles.ownerOnlyDirectory(dataDir.resolve("disclosure").resolve("attachments"));
    return new AttachmentVault(key, directory, random);
  }

  /** Where the encrypted files are. */
  public Path directory() {
    return directory;
  }

  /**
   * Encrypts and stores {@code clear}; returns the new file's id.
   *
   * @throws IOException if the file cannot be written (nothing is left behind then)
   */
  public String write(byte[] clear) throws IOException {
    byte[] idBytes = new byte[16];
    random.nextBytes(idBytes);
    String id = HexFormat.of().formatHex(idBytes);
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    byte[] sealed;
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData(id));
      sealed = cipher.doFinal(clear);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is required of every Java platform", e);
    }
    ByteBuffer file = ByteBuffer.allocate(MAGIC.length + NONCE + sealed.length);
    file.put(MAGIC).put(nonce).put(sealed);
    SecureFiles.writeSecret(path(id), file.array());
    return id;
  }

  /**
   * Reads and decrypts the file {@code id}.
   *
   * @throws IOException if it is missing, or was altered or damaged (authentication failed)
   */
  public byte[] read(String id) throws IOException {
    byte[] file = SecureFiles.readSecret(path(id));
    if (file.length < MAGIC.length + NONCE + TAG_BITS / 8
        || !java.util.Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new IOException("attachment file " + id + " is damaged: not a sealed attachment");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, file, MAGIC.length, NONCE));
      cipher.updateAAD(associatedData(id));
      return cipher.doFinal(file, MAGIC.length + NONCE, file.length - MAGIC.length - NONCE);
    } catch (AEADBadTagException e) {
      throw new IOException(
          "attachment file " + id + " failed authentication: it was altered or damaged", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is required of every Java platform", e);
    }
  }

  /** Deletes the file {@code id} if it exists. */
  public void delete(String id) throws IOException {
    Files.deleteIfExists(path(id));
  }

  private Path path(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not an attachment file id: " + id);
    }
    return directory.resolve(id + ".sealed");
  }

  private static byte[] associatedData(String id) {
    return ("primum-disclosure-attachment:v1:" + id).getBytes(StandardCharsets.US_ASCII);
  }
}
