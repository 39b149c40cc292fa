package org.primum.device.patient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.primum.core.files.SecureFiles;
import org.primum.core.json.Json;

/**
 * The device's patient record store, kept apart from the evidence log: clinical data (who the
 * patient is, what is infused) lives here, under {@code <data>/patients}, and evidence entries
 * refer to it only by {@link PatientPseudonyms pseudonym}.
 *
 * <p>Each patient's record is a JSON object encrypted with AES-256-GCM (NIST SP 800-38D) under the
 * patient's own random key, with the pseudonym as associated data: {@code records/<pseudonym>.rec}
 * holds {@code 0x01 || 96-bit nonce || ciphertext || 128-bit tag}, {@code keys/<pseudonym>.key} the
 * 32-byte key (mode 0600). A record that was altered, truncated or moved to another pseudonym fails
 * authentication and is reported as {@link PatientRecordDamaged}, never read as valid.
 *
 * <p>{@link #erase} crypto-shreds the patient's key and deletes the record. Nothing in the evidence
 * log changes, so every checkpoint and proof stays valid; what remains there is a pseudonym that no
 * record resolves any more.
 */
public final class PatientRecordStore {
  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final Path records;
  private final Path keys;
  private final SecureRandom random;

  private PatientRecordStore(Path dir, SecureRandom random) {
    this.records = dir.resolve("records");
    this.keys = dir.resolve("keys");
    this.random = random;
  }

  /** Opens (or creates) the store in {@code patientsDir}. */
  public static PatientRecordStore open(Path patientsDir, SecureRandom random) throws IOException {
    PatientRecordStore store =
        new PatientRecordStore(
            SecureFiles.ownerOnlyDirectory(patientsDir), Objects.requireNonNull(random, "random"));
    SecureFiles.ownerOnlyDirectory(store.records);
    SecureFiles.ownerOnlyDirectory(store.keys);
    return store;
  }

  /** Stores (or replaces) the record of the patient known by {@code pseudonym}. */
  public void put(String pseudonym, ObjectNode record) throws IOException {
    requirePseudonym(pseudonym);
    Path keyFile = keys.resolve(pseudonym + ".key");
    byte[] key;
    if (Files.exists(keyFile)) {
      key = SecureFiles.readSecret(keyFile);
    } else {
      key = new byte[32];
      random.nextBytes(key);
      SecureFiles.writeSecret(keyFile, key);
    }
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] sealed =
        cipher(Cipher.ENCRYPT_MODE, key, nonce, pseudonym).doFinalUnchecked(Json.write(record));
    ByteBuffer out = ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length);
    out.put(VERSION).put(nonce).put(sealed);
    SecureFiles.writeSecret(records.resolve(pseudonym + ".rec"), out.array());
  }

  /**
   * The record of {@code pseudonym}, or empty if there is none (never stored, or erased).
   *
   * @throws PatientRecordDamaged if the record or its key was altered or lost
   */
  public Optional<ObjectNode> get(String pseudonym) throws IOException, PatientRecordDamaged {
    requirePseudonym(pseudonym);
    Path recordFile = records.resolve(pseudonym + ".rec");
    Path keyFile = keys.resolve(pseudonym + ".key");
    if (!Files.exists(recordFile)) {
      return Optional.empty();
    }
    if (!Files.exists(keyFile)) {
      throw new PatientRecordDamaged(pseudonym, "the record's key is missing");
    }
    byte[] data = SecureFiles.readSecret(recordFile);
    if (data.length < 1 + NONCE_BYTES + TAG_BITS / 8 || data[0] != VERSION) {
      throw new PatientRecordDamaged(pseudonym, "not a version-1 patient record");
    }
    byte[] nonce = java.util.Arrays.copyOfRange(data, 1, 1 + NONCE_BYTES);
    byte[] sealed = java.util.Arrays.copyOfRange(data, 1 + NONCE_BYTES, data.length);
    byte[] plain;
    try {
      plain =
          cipher(Cipher.DECRYPT_MODE, SecureFiles.readSecret(keyFile), nonce, pseudonym)
              .doFinal(sealed);
    } catch (AEADBadTagException e) {
      throw new PatientRecordDamaged(
          pseudonym, "the record does not authenticate (altered, truncated or not this patient's)");
    } catch (GeneralSecurityException e) {
      throw new PatientRecordDamaged(
          pseudonym, "the record cannot be decrypted: " + e.getMessage());
    }
    try {
      JsonNode json = Json.readTree(plain);
      if (!(json instanceof ObjectNode object)) {
        throw new PatientRecordDamaged(pseudonym, "the record is not a JSON object");
      }
      return Optional.of(object);
    } catch (Json.JsonRejection e) {
      throw new PatientRecordDamaged(pseudonym, "the record is not JSON: " + e.getMessage());
    }
  }

  /** The pseudonyms that have a record. */
  public List<String> pseudonyms() throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(records)) {
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".rec"))
          .sorted()
          .forEach(n -> out.add(n.substring(0, n.length() - 4)));
    }
    return out;
  }

  /**
   * Erases a patient: crypto-shreds their key, then deletes their record. Idempotent. Evidence
   * entries that carry the pseudonym are untouched, so every log proof stays valid.
   */
  public void erase(String pseudonym) throws IOException {
    requirePseudonym(pseudonym);
    CryptoShredder.shred(keys.resolve(pseudonym + ".key"), random);
    Files.deleteIfExists(records.resolve(pseudonym + ".rec"));
  }

  private static void requirePseudonym(String pseudonym) {
    if (pseudonym == null || !pseudonym.matches("(pt|inf)-[0-9a-f]{32}")) {
      throw new IllegalArgumentException("not a pseudonym: " + pseudonym);
    }
  }

  /** A cipher ready for one record; the pseudonym is authenticated with it. */
  private static Sealer cipher(int mode, byte[] key, byte[] nonce, String pseudonym) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(("primum.patient/v1\0" + pseudonym).getBytes(StandardCharsets.UTF_8));
      return new Sealer(cipher);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  private record Sealer(Cipher cipher) {
    byte[] doFinal(byte[] input) throws GeneralSecurityException {
      return cipher.doFinal(input);
    }

    byte[] doFinalUnchecked(byte[] input) {
      try {
        return cipher.doFinal(input);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES-GCM encryption failed", e);
      }
    }
  }
}
