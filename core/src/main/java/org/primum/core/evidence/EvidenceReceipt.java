package org.primum.core.evidence;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.formats.NoteRejection;
import org.primum.core.formats.NoteVerifierKey;
import org.primum.core.formats.SignedNote;
import org.primum.core.merkle.MerkleHashes;

/**
 * The hub's signed statement that it holds a device's evidence log up to a size and root: a signed
 * note whose text is
 *
 * <pre>
 * primum.evidence-receipt/v1
 * &lt;device log origin&gt;
 * &lt;size&gt;
 * &lt;base64 root hash&gt;
 * &lt;received at, ISO-8601&gt;
 * </pre>
 *
 * signed with the hub's evidence key. The device records it in its own log (mutual witnessing) and
 * may then reclaim the entries it covers.
 */
public record EvidenceReceipt(String logOrigin, long size, byte[] rootHash, Instant receivedAt) {
  static final String HEADER = "primum.evidence-receipt/v1";

  public EvidenceReceipt {
    if (logOrigin == null || logOrigin.isEmpty() || logOrigin.contains("\n")) {
      throw new IllegalArgumentException("a receipt names one log origin");
    }
    if (size < 0) {
      throw new IllegalArgumentException("a receipt size is not negative");
    }
    if (rootHash == null || rootHash.length != MerkleHashes.SIZE) {
      throw new IllegalArgumentException("a root hash is 32 bytes");
    }
    rootHash = rootHash.clone();
    Objects.requireNonNull(receivedAt, "receivedAt");
  }

  @Override
  public byte[] rootHash() {
    return rootHash.clone();
  }

  public String text() {
    return HEADER
        + "\n"
        + logOrigin
        + "\n"
        + size
        + "\n"
        + Base64.getEncoder().encodeToString(rootHash)
        + "\n"
        + receivedAt
        + "\n";
  }

  /** The signed receipt, by the hub key named {@code hubKeyName}. */
  public String sign(String hubKeyName, Ed25519KeyPair hubKey) {
    return SignedNote.sign(text(), hubKeyName, hubKey);
  }

  /** Verifies a signed receipt with the hub's key(s) and reads it. */
  public static EvidenceReceipt open(String note, Collection<NoteVerifierKey> hubKeys)
      throws NoteRejection {
    String text = SignedNote.parse(note).verify(hubKeys).text();
    List<String> lines = Arrays.asList(text.split("\n", -1));
    if (lines.size() != 6 || !lines.get(0).equals(HEADER) || !lines.get(5).isEmpty()) {
      throw new NoteRejection("receipt-format", "not a " + HEADER + " receipt");
    }
    try {
      return new EvidenceReceipt(
          lines.get(1),
          Long.parseLong(lines.get(2)),
          Base64.getDecoder().decode(lines.get(3)),
          Instant.parse(lines.get(4)));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new NoteRejection("receipt-format", "unreadable receipt: " + e.getMessage());
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EvidenceReceipt r
        && logOrigin.equals(r.logOrigin)
        && size == r.size
        && Arrays.equals(rootHash, r.rootHash)
        && receivedAt.equals(r.receivedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(logOrigin, size, Arrays.hashCode(rootHash), receivedAt);
  }
}
