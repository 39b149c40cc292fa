package org.primum.core.evidence;

import java.util.List;
import java.util.Objects;

/**
 * What a device sends the hub to have its evidence witnessed: the entries the hub does not have
 * yet, a signed checkpoint covering exactly them, and a consistency proof from the size the hub
 * already holds.
 *
 * @param checkpoint the C2SP signed checkpoint note for size {@code fromSize + entries.size()}
 * @param fromSize the size the hub acknowledged last (0 for the first upload)
 * @param consistencyProof RFC 9162 proof from {@code fromSize} to the checkpoint's size, base64
 *     hashes; empty when {@code fromSize} is 0
 * @param entries the canonical entry bytes, base64, for sequence numbers {@code fromSize} onwards
 * @param evidenceKey the device's note verifier key ({@code name+id+key}); the hub records it on
 *     the first upload and refuses any other later
 */
public record EvidenceUpload(
    String checkpoint,
    long fromSize,
    List<String> consistencyProof,
    List<String> entries,
    String evidenceKey) {
  /** Most entries in one upload. */
  public static final int MAX_ENTRIES = 2000;

  /** Largest upload body, in bytes. */
  public static final int MAX_BYTES = 16 * 1024 * 1024;

  public EvidenceUpload {
    Objects.requireNonNull(checkpoint, "checkpoint is required");
    if (fromSize < 0) {
      throw new IllegalArgumentException("fromSize must not be negative");
    }
    consistencyProof = List.copyOf(Objects.requireNonNullElse(consistencyProof, List.of()));
    entries = List.copyOf(Objects.requireNonNullElse(entries, List.of()));
    if (entries.size() > MAX_ENTRIES) {
      throw new IllegalArgumentException(
          "at most " + MAX_ENTRIES + " entries per upload, found " + entries.size());
    }
    if (consistencyProof.size() > 128) {
      throw new IllegalArgumentException("a consistency proof has at most 128 hashes");
    }
    Objects.requireNonNull(evidenceKey, "evidenceKey is required");
  }
}
