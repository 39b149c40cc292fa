package org.primum.core.formats;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import org.primum.core.crypto.Ed25519Verifier;
import org.primum.core.crypto.Hashes;

/**
 * A trusted Ed25519 note key: its name, its key ID and its public key (c2sp.org/signed-note §
 * "Ed25519 signatures"). The text form is the one the Go {@code sumdb/note} package and its peers
 * use: {@code <name>+<key ID, 8 hex digits>+<base64(0x01 || 32-byte public key)>}.
 */
public record NoteVerifierKey(String name, int keyId, Ed25519Verifier verifier) {
  /** The signature type byte of Ed25519 note signatures (c2sp.org/signed-note). */
  public static final byte ED25519 = 0x01;

  public NoteVerifierKey {
    SignedNote.requireKeyName(name);
  }

  /** The key for {@code name} and a 32-byte Ed25519 public key, with its derived key ID. */
  public static NoteVerifierKey of(String name, byte[] publicKey) {
    return new NoteVerifierKey(name, keyId(name, publicKey), Ed25519Verifier.of(publicKey));
  }

  /** key ID = SHA-256(key name || 0x0A || 0x01 || public key)[:4], big-endian. */
  public static int keyId(String name, byte[] publicKey) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    byte[] input = new byte[nameBytes.length + 2 + publicKey.length];
    System.arraycopy(nameBytes, 0, input, 0, nameBytes.length);
    input[nameBytes.length] = 0x0A;
    input[nameBytes.length + 1] = ED25519;
    System.arraycopy(publicKey, 0, input, nameBytes.length + 2, publicKey.length);
    return ByteBuffer.wrap(Hashes.sha256(input), 0, 4).getInt();
  }

  /**
   * Parses {@code <name>+<hex key ID>+<base64(0x01 || key)>}; the key ID must match the key.
   *
   * @throws NoteRejection naming the first problem
   */
  public static NoteVerifierKey parse(String text) throws NoteRejection {
    if (text == null) {
      throw new NoteRejection("bad-key", "expected a note verifier key, found none");
    }
    String trimmed = text.strip();
    int first = trimmed.indexOf('+');
    int second = first < 0 ? -1 : trimmed.indexOf('+', first + 1);
    if (first <= 0 || second < 0) {
      throw new NoteRejection("bad-key", "expected <name>+<key id>+<key>, found too few '+'");
    }
    String name = trimmed.substring(0, first);
    String id = trimmed.substring(first + 1, second);
    if (!id.matches("[0-9a-f]{8}")) {
      throw new NoteRejection("bad-key", "the key ID must be 8 lower-case hex digits");
    }
    byte[] typed;
    try {
      typed = Base64.getDecoder().decode(trimmed.substring(second + 1));
    } catch (IllegalArgumentException e) {
      throw new NoteRejection("bad-key", "the key material is not base64");
    }
    if (typed.length != 33 || typed[0] != ED25519) {
      throw new NoteRejection("bad-key", "expected an Ed25519 (type 0x01) 32-byte key");
    }
    byte[] publicKey = Arrays.copyOfRange(typed, 1, 33);
    try {
      SignedNote.requireKeyName(name);
    } catch (IllegalArgumentException e) {
      throw new NoteRejection("bad-key", e.getMessage());
    }
    int keyId = keyId(name, publicKey);
    if (keyId != Integer.parseUnsignedInt(id, 16)) {
      throw new NoteRejection(
          "bad-key",
          String.format(Locale.ROOT, "the key ID %s does not match the key (%08x)", id, keyId));
    }
    try {
      return new NoteVerifierKey(name, keyId, Ed25519Verifier.of(publicKey));
    } catch (IllegalArgumentException e) {
      throw new NoteRejection("bad-key", e.getMessage());
    }
  }

  /** The text form {@code <name>+<hex key ID>+<base64(0x01 || key)>}. */
  public String text() {
    byte[] typed = new byte[33];
    typed[0] = ED25519;
    System.arraycopy(verifier.publicKey(), 0, typed, 1, 32);
    return name
        + "+"
        + HexFormat.of().toHexDigits(keyId)
        + "+"
        + Base64.getEncoder().encodeToString(typed);
  }
}
