package org.primum.core.merkle;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The right edge of an RFC 9162 tree in O(log n) hashes: the roots of the perfect subtrees that
 * cover leaves [0, size), largest first. Enough to append leaves and compute every later root,
 * without keeping the leaves themselves — what a witness such as the hub keeps per device log.
 */
public final class CompactRange {
  private final List<byte[]> roots;
  private long size;

  private CompactRange(long size, List<byte[]> roots) {
    this.size = size;
    this.roots = roots;
  }

  /** The range of the empty tree. */
  public static CompactRange empty() {
    return new CompactRange(0, new ArrayList<>());
  }

  /**
   * Rebuilds a range from its size and subtree roots (largest first), as stored by {@link
   * #roots()}.
   *
   * @throws IllegalArgumentException if the number of roots does not match the size
   */
  public static CompactRange of(long size, List<byte[]> roots) {
    if (size < 0 || Long.bitCount(size) != roots.size()) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "a range of size %d has %d subtree roots, not %d",
              size,
              Long.bitCount(Math.max(size, 0)),
              roots.size()));
    }
    List<byte[]> copy = new ArrayList<>();
    for (byte[] root : roots) {
      if (root.length != MerkleHashes.SIZE) {
        throw new IllegalArgumentException("subtree roots are 32 bytes");
      }
      copy.add(root.clone());
    }
    return new CompactRange(size, copy);
  }

  public long size() {
    return size;
  }

  /** The subtree roots, largest (leftmost) first. */
  public List<byte[]> roots() {
    return roots.stream().map(byte[]::clone).toList();
  }

  /** Appends one leaf hash, merging equal-sized subtrees (like binary addition). */
  public void append(byte[] leafHash) {
    if (leafHash.length != MerkleHashes.SIZE) {
      throw new IllegalArgumentException("a leaf hash is 32 bytes");
    }
    byte[] carry = leafHash.clone();
    // The number of trailing one bits of the old size is the number of merges.
    for (long bits = size; (bits & 1) == 1; bits >>= 1) {
      carry = MerkleHashes.node(roots.remove(roots.size() - 1), carry);
    }
    roots.add(carry);
    size++;
  }

  /** RFC 9162 MTH of leaves [0, size): the subtree roots folded from the right. */
  public byte[] root() {
    if (roots.isEmpty()) {
      return MerkleHashes.emptyRoot();
    }
    byte[] root = roots.get(roots.size() - 1);
    for (int i = roots.size() - 2; i >= 0; i--) {
      root = MerkleHashes.node(roots.get(i), root);
    }
    return root;
  }

  /** A copy that can be extended without changing this one. */
  public CompactRange copy() {
    return of(size, roots);
  }

  /** Text form for storage: base64 roots separated by commas. */
  public String encode() {
    StringBuilder out = new StringBuilder();
    for (byte[] root : roots) {
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(Base64.getEncoder().encodeToString(root));
    }
    return out.toString();
  }

  /** Reads {@link #encode()}'s text. */
  public static CompactRange decode(long size, String text) {
    List<byte[]> roots = new ArrayList<>();
    if (!text.isEmpty()) {
      for (String part : text.split(",", -1)) {
        roots.add(Base64.getDecoder().decode(part));
      }
    }
    return of(size, roots);
  }
}
