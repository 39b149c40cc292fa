package org.primum.core.formats;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.crypto.SignatureRejection;

/**
 * A signed note (c2sp.org/signed-note): UTF-8 text ending in a newline, a blank line, then
 * signature lines {@code "— <key name> base64(key ID || signature)"}.
 *
 * <p>{@link #parse} checks only the structure; the text must be ignored until {@link #verify} has
 * found a valid signature by a trusted key. Verification follows the specification: signatures by
 * unknown keys are ignored, a failing signature by a known key rejects the whole note, and a note
 * without a verifying known signature is rejected.
 */
public final class SignedNote {
  /** Largest note accepted, in bytes. */
  public static final int MAX_BYTES = 1024 * 1024;

  /** Most signatures accepted in one note (the specification asks for at least 16). */
  public static final int MAX_SIGNATURES = 100;

  private static final String DASH = "\u2014 ";

  /** One signature line. */
  public record Signature(String keyName, int keyId, byte[] signature) {
    public Signature {
      signature = signature.clone();
    }

    @Override
    public byte[] signature() {
      return signature.clone();
    }
  }

  private final String text;
  private final List<Signature> signatures;

  private SignedNote(String text, List<Signature> signatures) {
    this.text = text;
    this.signatures = List.copyOf(signatures);
  }

  /** The note text, including its final newline. Untrusted until {@link #verify}. */
  public String unverifiedText() {
    return text;
  }

  public List<Signature> signatures() {
    return signatures;
  }

  /** Signs {@code text} (which must end in a newline) with an Ed25519 key named {@code keyName}. */
  public static String sign(String text, String keyName, Ed25519KeyPair key) {
    requireKeyName(keyName);
    requireText(text);
    byte[] signature = key.sign(text.getBytes(StandardCharsets.UTF_8));
    int keyId = NoteVerifierKey.keyId(keyName, key.publicKey());
    byte[] blob = ByteBuffer.allocate(4 + signature.length).putInt(keyId).put(signature).array();
    return text + "\n" + DASH + keyName + " " + Base64.getEncoder().encodeToString(blob) + "\n";
  }

  /**
   * Adds one more signature, by {@code keyName}, to an already signed {@code note}: the text and
   * the existing signature lines are kept byte for byte, and the new line is appended (c2sp.org/
   * signed-note: a note may carry any number of signatures, each over the same text). This is how
   * several keys co-sign one note for a threshold.
   *
   * @throws NoteRejection if {@code note} is not a well-formed signed note, or already carries
   *     {@value #MAX_SIGNATURES} signatures
   */
  public static String cosign(String note, String keyName, Ed25519KeyPair key)
      throws NoteRejection {
    SignedNote parsed = parse(note);
    if (parsed.signatures.size() >= MAX_SIGNATURES) {
      throw new NoteRejection(
          "note-format", "the note already carries " + MAX_SIGNATURES + " signatures");
    }
    // sign() returns text + "\n" + one signature line; that line depends only on the text, so it
    // can be appended to any note over the same text.
    String signedAlone = sign(parsed.text, keyName, key);
    return note + signedAlone.substring(parsed.text.length() + 1);
  }

  /** Parses a note's raw bytes, which must be valid UTF-8. */
  public static SignedNote parse(byte[] note) throws NoteRejection {
    if (note.length > MAX_BYTES) {
      throw new NoteRejection("note-size", "a note is at most " + MAX_BYTES + " bytes");
    }
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(note));
      return parse(chars.toString());
    } catch (CharacterCodingException e) {
      throw new NoteRejection("note-encoding", "a note must be valid UTF-8");
    }
  }

  /** Parses the structure of a note. */
  public static SignedNote parse(String note) throws NoteRejection {
    Objects.requireNonNull(note, "note");
    if (note.length() > MAX_BYTES) {
      throw new NoteRejection("note-size", "a note is at most " + MAX_BYTES + " bytes");
    }
    for (int i = 0; i < note.length(); i++) {
      char c = note.charAt(i);
      if (c < 0x20 && c != '\n') {
        throw new NoteRejection(
            "note-format", "a note must not contain control characters other than newline");
      }
    }
    if (!note.endsWith("\n")) {
      throw new NoteRejection("note-format", "a note must end with a newline");
    }
    // The text is separated from the signatures by the last empty line.
    int split = note.lastIndexOf("\n\n");
    if (split < 0) {
      throw new NoteRejection("note-format", "a note needs a blank line before its signatures");
    }
    String text = note.substring(0, split + 1);
    String block = note.substring(split + 2);
    List<Signature> signatures = new ArrayList<>();
    for (String line : block.split("\n", -1)) {
      if (line.isEmpty()) {
        continue; // the final newline
      }
      if (signatures.size() == MAX_SIGNATURES) {
        throw new NoteRejection("note-format", "more than " + MAX_SIGNATURES + " signatures");
      }
      signatures.add(signatureLine(line));
    }
    if (signatures.isEmpty()) {
      throw new NoteRejection("note-unsigned", "the note has no signature lines");
    }
    return new SignedNote(text, signatures);
  }

  private static Signature signatureLine(String line) throws NoteRejection {
    if (!line.startsWith(DASH)) {
      throw new NoteRejection(
          "note-format", "a signature line must start with an em dash and a space");
    }
    String rest = line.substring(DASH.length());
    int space = rest.indexOf(' ');
    if (space <= 0) {
      throw new NoteRejection("note-format", "a signature line needs a key name and a signature");
    }
    String name = rest.substring(0, space);
    try {
      requireKeyName(name);
    } catch (IllegalArgumentException e) {
      throw new NoteRejection("note-format", e.getMessage());
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(rest.substring(space + 1));
    } catch (IllegalArgumentException e) {
      throw new NoteRejection("note-format", "a signature must be standard base64");
    }
    if (blob.length < 5) {
      throw new NoteRejection("note-format", "a signature must hold a key ID and a signature");
    }
    return new Signature(
        name, ByteBuffer.wrap(blob, 0, 4).getInt(), Arrays.copyOfRange(blob, 4, blob.length));
  }

  /** The verified text and the names of the trusted keys that signed it. */
  public record Verified(String text, List<String> signers) {}

  /**
   * Verifies the note against {@code trusted} keys.
   *
   * @throws NoteRejection if a known key's signature fails, or no known key signed the note
   */
  public Verified verify(Collection<NoteVerifierKey> trusted) throws NoteRejection {
    byte[] message = text.getBytes(StandardCharsets.UTF_8);
    List<String> signers = new ArrayList<>();
    for (Signature signature : signatures) {
      for (NoteVerifierKey key : trusted) {
        if (key.name().equals(signature.keyName()) && key.keyId() == signature.keyId()) {
          try {
            key.verifier().verify(message, signature.signature());
          } catch (SignatureRejection e) {
            throw new NoteRejection(
                "note-signature", "the signature by " + key.name() + " does not verify");
          }
          signers.add(key.name());
        }
      }
    }
    if (signers.isEmpty()) {
      throw new NoteRejection("note-untrusted", "no signature by a trusted key");
    }
    return new Verified(text, List.copyOf(signers));
  }

  /** Key names are non-empty and contain no Unicode space and no '+'. */
  static void requireKeyName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a key name must not be empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '+' || Character.isWhitespace(c) || Character.isSpaceChar(c) || c < 0x20) {
        throw new IllegalArgumentException("a key name must not contain spaces or '+'");
      }
    }
  }

  private static void requireText(String text) {
    if (text == null || !text.endsWith("\n")) {
      throw new IllegalArgumentException("note text must end with a newline");
    }
  }
}
