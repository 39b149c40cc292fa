package org.primum.core.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Verifies RFC 9162 inclusion (§2.1.3.2) and consistency (§2.1.4.2) proofs, step by step as the RFC
 * states them, with the edge rules of the reference implementation (transparency-dev/merkle):
 * hashes must be 32 bytes, a consistency proof from the empty tree or between equal sizes with a
 * non-empty proof is refused, and every proof must be consumed exactly.
 *
 * <p>Verifiers throw {@link MerkleProofRejection} naming the failed check; they never return a
 * boolean.
 */
public final class MerkleProofs {
  private MerkleProofs() {}

  /**
   * Verifies that {@code leafHash} is the leaf at {@code index} of the tree of {@code size} leaves
   * whose root is {@code root}.
   */
  public static void verifyInclusion(
      long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root)
      throws MerkleProofRejection {
    byte[] computed = rootFromInclusionProof(index, size, leafHash, proof);
    // RFC 9162 §2.1.3.2 step 5: compare r against the root_hash.
    if (!MessageDigest.isEqual(computed, root)) {
      throw new MerkleProofRejection(
          "inclusion-root-mismatch",
          "the inclusion proof leads to another root than the one claimed");
    }
  }

  /** RFC 9162 §2.1.3.2 steps 1–5, returning the root the proof leads to. */
  public static byte[] rootFromInclusionProof(
      long index, long size, byte[] leafHash, List<byte[]> proof) throws MerkleProofRejection {
    // Step 1: compare leaf_index against tree_size.
    if (index < 0 || index >= size) {
      throw new MerkleProofRejection(
          "inclusion-index",
          String.format(Locale.ROOT, "leaf index %d is outside a tree of size %d", index, size));
    }
    requireHash(leafHash, "leaf hash");
    List<byte[]> path = requireHashes(proof);
    // Step 2: fn = leaf_index, sn = tree_size - 1.
    long fn = index;
    long sn = size - 1;
    // Step 3: r = hash.
    byte[] r = leafHash;
    // Step 4: for each p in inclusion_path.
    for (byte[] p : path) {
      // Step 4a: if sn is 0, stop and fail.
      if (sn == 0) {
        throw new MerkleProofRejection(
            "inclusion-proof-length", "the inclusion proof is longer than the tree allows");
      }
      // Step 4b.
      if ((fn & 1) == 1 || fn == sn) {
        r = MerkleHashes.node(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = MerkleHashes.node(r, p);
      }
      // Step 4c: right-shift both once.
      fn >>= 1;
      sn >>= 1;
    }
    // Step 5: sn must be 0 (the whole proof was needed, nothing is missing).
    if (sn != 0) {
      throw new MerkleProofRejection(
          "inclusion-proof-length", "the inclusion proof is shorter than the tree requires");
    }
    return r;
  }

  /**
   * Verifies that the tree of {@code size1} leaves with root {@code root1} is a prefix of the tree
   * of {@code size2} leaves with root {@code root2}.
   */
  public static void verifyConsistency(
      long size1, long size2, List<byte[]> proof, byte[] root1, byte[] root2)
      throws MerkleProofRejection {
    if (size1 < 0 || size2 < size1) {
      throw new MerkleProofRejection(
          "consistency-sizes",
          String.format(Locale.ROOT, "size1 (%d) must not exceed size2 (%d)", size1, size2));
    }
    if (size1 == 0) {
      // Every tree extends the empty tree; a proof "from" it proves nothing, so it is refused.
      throw new MerkleProofRejection(
          "consistency-empty", "a consistency proof from the empty tree proves nothing");
    }
    if (size1 == size2) {
      if (!proof.isEmpty()) {
        throw new MerkleProofRejection(
            "consistency-proof-length", "equal sizes need an empty consistency proof");
      }
      if (!MessageDigest.isEqual(root1, root2)) {
        throw new MerkleProofRejection(
            "consistency-root-mismatch", "equal sizes but different roots: the log forked");
      }
      return;
    }
    requireHash(root1, "first root");
    requireHash(root2, "second root");
    // RFC 9162 §2.1.4.2 step 1: an empty consistency_path fails.
    if (proof.isEmpty()) {
      throw new MerkleProofRejection("consistency-proof-length", "the consistency proof is empty");
    }
    List<byte[]> path = new ArrayList<>(requireHashes(proof));
    // Step 2: if first is an exact power of 2, prepend first_hash.
    if ((size1 & (size1 - 1)) == 0) {
      path.add(0, root1);
    }
    // Step 3: fn = first - 1, sn = second - 1.
    long fn = size1 - 1;
    long sn = size2 - 1;
    // Step 4: if LSB(fn) is set, right-shift both until LSB(fn) is not set.
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    // Step 5: fr = sr = first value of the path.
    byte[] fr = path.get(0);
    byte[] sr = path.get(0);
    // Step 6: for each subsequent value c.
    for (byte[] c : path.subList(1, path.size())) {
      // Step 6a: if sn is 0, stop and fail.
      if (sn == 0) {
        throw new MerkleProofRejection(
            "consistency-proof-length", "the consistency proof is longer than the trees allow");
      }
      // Step 6b.
      if ((fn & 1) == 1 || fn == sn) {
        fr = MerkleHashes.node(c, fr);
        sr = MerkleHashes.node(c, sr);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        sr = MerkleHashes.node(sr, c);
      }
      // Step 6c.
      fn >>= 1;
      sn >>= 1;
    }
    // Step 7: fr == first_hash, sr == second_hash, sn == 0.
    if (sn != 0) {
      throw new MerkleProofRejection(
          "consistency-proof-length", "the consistency proof is shorter than the trees require");
    }
    if (!MessageDigest.isEqual(fr, root1)) {
      throw new MerkleProofRejection(
          "consistency-root-mismatch",
          "the consistency proof does not lead to the first root: the log was rewritten");
    }
    if (!MessageDigest.isEqual(sr, root2)) {
      throw new MerkleProofRejection(
          "consistency-root-mismatch",
          "the consistency proof does not lead to the second root: the log forked");
    }
  }

  private static void requireHash(byte[] hash, String what) throws MerkleProofRejection {
    if (hash == null || hash.length != MerkleHashes.SIZE) {
      throw new MerkleProofRejection(
          "bad-hash",
          String.format(
              Locale.ROOT,
              "the %s must be %d bytes, found %d",
              what,
              MerkleHashes.SIZE,
              hash == null ? 0 : hash.length));
    }
  }

  private static List<byte[]> requireHashes(List<byte[]> proof) throws MerkleProofRejection {
    if (proof == null) {
      return List.of();
    }
    for (int i = 0; i < proof.size(); i++) {
      requireHash(proof.get(i), "proof hash " + i);
    }
    return proof;
  }
}
