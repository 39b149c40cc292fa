package org.primum.core.merkle;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An append-only RFC 9162 Merkle tree kept in memory, able to produce the root of any prefix, and
 * inclusion (§2.1.3.1 PATH) and consistency (§2.1.4.1 PROOF) proofs between any sizes it holds.
 *
 * <p>It stores the hash of every complete subtree (about two hashes per leaf), so the root of a
 * prefix and each proof need O(log n) stored hashes plus the few hashes of the incomplete right
 * edge. Not thread-safe: callers serialise appends.
 *
 * <p>A tree can also be {@linkplain #resumedFrom resumed} from the {@link CompactRange} of a prefix
 * whose leaves are gone (a device reclaims entries once the hub has witnessed them). It then holds
 * only the prefix's subtree roots plus everything appended later, which is exactly what every root,
 * inclusion proof and consistency proof at or after the prefix needs: the left siblings on the path
 * of any later leaf are the prefix's maximal aligned subtrees, which are its compact range.
 */
public final class MerkleTree {
  /** levels.get(k) holds, in order, the hashes of the complete subtrees of 2^k leaves. */
  private final List<HashList> levels = new ArrayList<>();

  private long size;

  /** Leaves before this index are known only through the compact range they were resumed from. */
  private final long base;

  public MerkleTree() {
    levels.add(new HashList(0));
    base = 0;
  }

  private MerkleTree(CompactRange prefix) {
    base = prefix.size();
    size = base;
    List<byte[]> roots = prefix.roots();
    int highest = base == 0 ? 0 : 63 - Long.numberOfLeadingZeros(base);
    int next = 0;
    for (int k = highest; k >= 0; k--) {
      levels.add(null);
    }
    for (int k = highest; k >= 0; k--) {
      // Level k's first held node: the prefix's subtree of 2^k leaves when bit k is set, else the
      // first node after the prefix.
      boolean held = (base >> k & 1) == 1;
      HashList level = new HashList((base >> k) - (held ? 1 : 0));
      if (held) {
        level.add(roots.get(next++));
      }
      levels.set(k, level);
    }
  }

  /**
   * A tree whose first {@code prefix.size()} leaves are known only by their compact range. Roots
   * and proofs are available from that size on; earlier leaves and sizes are not.
   */
  public static MerkleTree resumedFrom(CompactRange prefix) {
    return new MerkleTree(prefix);
  }

  /** The first leaf index this tree can prove (0 unless it was resumed from a compact range). */
  public long base() {
    return base;
  }

  /**
   * The compact range of the first {@code treeSize} leaves (at or after {@link #base()}): what a
   * tree resumed from that size needs.
   */
  public CompactRange compactRange(long treeSize) {
    checkSize(treeSize);
    List<byte[]> roots = new ArrayList<>();
    for (int k = 63; k >= 0; k--) {
      if ((treeSize >> k & 1) == 1) {
        roots.add(levels.get(k).get((treeSize >> k) - 1));
      }
    }
    return CompactRange.of(treeSize, roots);
  }

  /** The number of leaves. */
  public long size() {
    return size;
  }

  /** Appends a leaf hash (see {@link MerkleHashes#leaf}). */
  public void append(byte[] leafHash) {
    if (leafHash.length != MerkleHashes.SIZE) {
      throw new IllegalArgumentException("a leaf hash is 32 bytes");
    }
    levels.get(0).add(leafHash);
    size++;
    // Each time a level gains an even-numbered hash, a complete subtree one level up is done.
    for (int k = 0; levels.get(k).size() % 2 == 0; k++) {
      HashList level = levels.get(k);
      long n = level.size();
      byte[] parent = MerkleHashes.node(level.get(n - 2), level.get(n - 1));
      if (levels.size() == k + 1) {
        levels.add(new HashList(0));
      }
      levels.get(k + 1).add(parent);
    }
  }

  /** The leaf hash at {@code index}. */
  public byte[] leafHash(long index) {
    checkIndex(index, size);
    checkHeld(index);
    return levels.get(0).get(index);
  }

  /** The root of the whole tree. */
  public byte[] root() {
    return root(size);
  }

  /** The root of the first {@code treeSize} leaves (RFC 9162 §2.1.1 MTH). */
  public byte[] root(long treeSize) {
    checkSize(treeSize);
    return treeSize == 0 ? MerkleHashes.emptyRoot() : rangeHash(0, treeSize);
  }

  /** RFC 9162 §2.1.3.1: the inclusion proof of leaf {@code index} in the first {@code treeSize}. */
  public List<byte[]> inclusionProof(long index, long treeSize) {
    checkSize(treeSize);
    checkIndex(index, treeSize);
    checkHeld(index);
    List<byte[]> proof = new ArrayList<>();
    path(index, 0, treeSize, proof);
    return proof;
  }

  /** RFC 9162 §2.1.4.1: the consistency proof from {@code size1} to {@code size2} leaves. */
  public List<byte[]> consistencyProof(long size1, long size2) {
    checkSize(size2);
    if (size1 <= 0 || size1 > size2) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "need 0 < size1 <= size2, found %d and %d", size1, size2));
    }
    checkSize(size1);
    List<byte[]> proof = new ArrayList<>();
    subproof(size1, 0, size2, true, proof);
    return proof;
  }

  /**
   * The root of the perfect subtree of {@code width} leaves (a power of two) starting at leaf
   * {@code start} (a multiple of the width), within the current size.
   */
  public byte[] subtreeRoot(long start, long width) {
    if (Long.bitCount(width) != 1 || start % width != 0 || start + width > size) {
      throw new IllegalArgumentException("not a complete, aligned subtree of this tree");
    }
    return rangeHash(start, width);
  }

  /** PATH(m, D[start:start+n]): deepest sibling first. */
  private void path(long m, long start, long n, List<byte[]> proof) {
    if (n == 1) {
      return;
    }
    long k = largestPowerOfTwoBelow(n);
    if (m < k) {
      path(m, start, k, proof);
      proof.add(rangeHash(start + k, n - k));
    } else {
      path(m - k, start + k, n - k, proof);
      proof.add(rangeHash(start, k));
    }
  }

  /** SUBPROOF(m, D[start:start+n], b). */
  private void subproof(long m, long start, long n, boolean complete, List<byte[]> proof) {
    if (m == n) {
      if (!complete) {
        proof.add(rangeHash(start, n));
      }
      return;
    }
    long k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      subproof(m, start, k, complete, proof);
      proof.add(rangeHash(start + k, n - k));
    } else {
      subproof(m - k, start + k, n - k, false, proof);
      proof.add(rangeHash(start, k));
    }
  }

  /** MTH(D[start:start+n]) from stored complete subtrees. */
  private byte[] rangeHash(long start, long n) {
    if (Long.bitCount(n) == 1 && start % n == 0) {
      int level = Long.numberOfTrailingZeros(n);
      return levels.get(level).get(start >> level);
    }
    long k = largestPowerOfTwoBelow(n);
    return MerkleHashes.node(rangeHash(start, k), rangeHash(start + k, n - k));
  }

  /** The largest power of two strictly smaller than {@code n} (n > 1). */
  static long largestPowerOfTwoBelow(long n) {
    return Long.highestOneBit(n - 1);
  }

  private void checkSize(long treeSize) {
    if (treeSize < 0 || treeSize > size) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "tree size %d is outside 0..%d", treeSize, size));
    }
    if (treeSize < base && treeSize != 0) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "tree size %d is before %d, where this tree was resumed (those leaves are gone)",
              treeSize,
              base));
    }
  }

  private void checkHeld(long index) {
    if (index < base) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "leaf %d is before %d, where this tree was resumed", index, base));
    }
  }

  private static void checkIndex(long index, long treeSize) {
    if (index < 0 || index >= treeSize) {
      throw new IllegalArgumentException(
          String.format(Locale.ROOT, "leaf index %d is outside a tree of %d", index, treeSize));
    }
  }

  /** A growable list of 32-byte hashes in 1 MiB chunks (no single huge array). */
  private static final class HashList {
    private static final int PER_CHUNK = 32 * 1024;
    private final List<byte[]> chunks = new ArrayList<>();

    /** The index of the first hash held; earlier ones are not. */
    private final long start;

    /** One past the last index held. */
    private long size;

    HashList(long start) {
      this.start = start;
      this.size = start;
    }

    void add(byte[] hash) {
      int offset = (int) ((size - start) % PER_CHUNK);
      if (offset == 0) {
        chunks.add(new byte[PER_CHUNK * MerkleHashes.SIZE]);
      }
      System.arraycopy(
          hash, 0, chunks.get(chunks.size() - 1), offset * MerkleHashes.SIZE, MerkleHashes.SIZE);
      size++;
    }

    byte[] get(long index) {
      if (index < start || index >= size) {
        throw new IllegalArgumentException("a subtree hash this tree does not hold");
      }
      long held = index - start;
      byte[] chunk = chunks.get((int) (held / PER_CHUNK));
      int offset = (int) (held % PER_CHUNK) * MerkleHashes.SIZE;
      byte[] out = new byte[MerkleHashes.SIZE];
      System.arraycopy(chunk, offset, out, 0, MerkleHashes.SIZE);
      return out;
    }

    long size() {
      return size;
    }
  }
}
