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
 */
public final class MerkleTree {
  /** levels.get(k) holds, in order, the hashes of the complete subtrees of 2^k leaves. */
  private final List<HashList> levels = new ArrayList<>();

  private long size;

  public MerkleTree() {
    levels.add(new HashList());
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
        levels.add(new HashList());
      }
      levels.get(k + 1).add(parent);
    }
  }

  /** The leaf hash at {@code index}. */
  public byte[] leafHash(long index) {
    checkIndex(index, size);
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
    private long size;

    void add(byte[] hash) {
      int offset = (int) (size % PER_CHUNK);
      if (offset == 0) {
        chunks.add(new byte[PER_CHUNK * MerkleHashes.SIZE]);
      }
      System.arraycopy(
          hash, 0, chunks.get(chunks.size() - 1), offset * MerkleHashes.SIZE, MerkleHashes.SIZE);
      size++;
    }

    byte[] get(long index) {
      byte[] chunk = chunks.get((int) (index / PER_CHUNK));
      int offset = (int) (index % PER_CHUNK) * MerkleHashes.SIZE;
      byte[] out = new byte[MerkleHashes.SIZE];
      System.arraycopy(chunk, offset, out, 0, MerkleHashes.SIZE);
      return out;
    }

    long size() {
      return size;
    }
  }
}
