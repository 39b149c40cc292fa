package org.primum.core.formats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.merkle.MerkleHashes;

/**
 * A transparency log checkpoint (c2sp.org/tlog-checkpoint): the origin, the tree size and the RFC
 * 9162 root hash, as the text of a signed note.
 *
 * @param origin the log's identity, e.g. {@code primum.evidence/PUMP-0001}
 * @param size the number of leaves
 * @param rootHash the 32-byte root at that size
 * @param extensions optional, non-empty extension lines (not recommended by the specification)
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {
  public Checkpoint {
    if (origin == null || origin.isEmpty() || origin.contains("\n")) {
      throw new IllegalArgumentException("a checkpoint origin is one non-empty line");
    }
    if (size < 0) {
      throw new IllegalArgumentException("a tree size is not negative");
    }
    if (rootHash == null || rootHash.length != MerkleHashes.SIZE) {
      throw new IllegalArgumentException("a root hash is 32 bytes");
    }
    rootHash = rootHash.clone();
    extensions = List.copyOf(extensions);
    for (String line : extensions) {
      if (line.isEmpty() || line.contains("\n")) {
        throw new IllegalArgumentException("extension lines are single, non-empty lines");
      }
    }
  }

  public Checkpoint(String origin, long size, byte[] rootHash) {
    this(origin, size, rootHash, List.of());
  }

  @Override
  public byte[] rootHash() {
    return rootHash.clone();
  }

  /** The note text: origin, size, base64 root, extension lines, each ending in a newline. */
  public String text() {
    StringBuilder out = new StringBuilder();
    out.append(origin).append('\n');
    out.append(size).append('\n');
    out.append(Base64.getEncoder().encodeToString(rootHash)).append('\n');
    extensions.forEach(line -> out.append(line).append('\n'));
    return out.toString();
  }

  /** The signed note, signed with {@code key} under the key name {@code origin}. */
  public String sign(Ed25519KeyPair key) {
    return SignedNote.sign(text(), origin, key);
  }

  /**
   * Verifies a signed checkpoint with {@code trusted} keys and parses it.
   *
   * @throws NoteRejection if the note does not verify or its text is not a checkpoint
   */
  public static Checkpoint open(String note, Collection<NoteVerifierKey> trusted)
      throws NoteRejection {
    return parse(SignedNote.parse(note).verify(trusted).text());
  }

  /** Parses checkpoint text (already verified, or for display). */
  public static Checkpoint parse(String text) throws NoteRejection {
    Objects.requireNonNull(text, "text");
    if (!text.endsWith("\n")) {
      throw new NoteRejection("checkpoint-format", "checkpoint text ends with a newline");
    }
    List<String> lines = Arrays.asList(text.substring(0, text.length() - 1).split("\n", -1));
    if (lines.size() < 3) {
      throw new NoteRejection(
          "checkpoint-format", "a checkpoint has at least three lines: origin, size, root hash");
    }
    String origin = lines.get(0);
    if (origin.isEmpty()) {
      throw new NoteRejection("checkpoint-format", "the origin line is empty");
    }
    String sizeLine = lines.get(1);
    // The size is ASCII decimal with no leading zeroes unless it is 0.
    if (!sizeLine.matches("0|[1-9][0-9]{0,18}")) {
      throw new NoteRejection(
          "checkpoint-format", "the tree size must be a decimal number without leading zeroes");
    }
    long size;
    try {
      size = Long.parseLong(sizeLine);
    } catch (NumberFormatException e) {
      throw new NoteRejection("checkpoint-format", "the tree size is too large");
    }
    byte[] root;
    try {
      root = Base64.getDecoder().decode(lines.get(2));
    } catch (IllegalArgumentException e) {
      throw new NoteRejection("checkpoint-format", "the root hash is not standard base64");
    }
    if (root.length != MerkleHashes.SIZE) {
      throw new NoteRejection("checkpoint-format", "the root hash must be 32 bytes");
    }
    List<String> extensions = new ArrayList<>(lines.subList(3, lines.size()));
    if (extensions.contains("")) {
      throw new NoteRejection("checkpoint-format", "extension lines must not be empty");
    }
    return new Checkpoint(origin, size, root, extensions);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Checkpoint c
        && origin.equals(c.origin)
        && size == c.size
        && Arrays.equals(rootHash, c.rootHash)
        && extensions.equals(c.extensions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(origin, size, Arrays.hashCode(rootHash), extensions);
  }

  @Override
  public String toString() {
    return "Checkpoint["
        + origin
        + ", size "
        + size
        + ", root "
        + Base64.getEncoder().encodeToString(rootHash)
        + "]";
  }
}
