package org.primum.core.merkle;

import java.security.MessageDigest;
import org.primum.core.crypto.Hashes;

/**
 * RFC 9162 §2.1.1 hashing with SHA-256: {@code leaf = SHA-256(0x00 || entry)}, {@code node =
 * SHA-256(0x01 || left || right)}, and the empty tree's root {@code SHA-256("")}.
 */
public final class MerkleHashes {
  /** The size of every hash in the tree, in bytes. */
  public static final int SIZE = 32;

  private static final byte[] EMPTY_ROOT = Hashes.sha256(new byte[0]);

  /** One digest per thread: looking up a provider for every hash costs as much as the hash. */
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(Hashes::newSha256);

  private MerkleHashes() {}

  /** RFC 9162 §2.1.1: MTH({d(0)}) = SHA-256(0x00 || d(0)). */
  public static byte[] leaf(byte[] entry) {
    MessageDigest digest = SHA256.get();
    digest.update((byte) 0x00);
    digest.update(entry);
    return digest.digest();
  }

  /** RFC 9162 §2.1.1: SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])). */
  public static byte[] node(byte[] left, byte[] right) {
    MessageDigest digest = SHA256.get();
    digest.update((byte) 0x01);
    digest.update(left);
    digest.update(right);
    return digest.digest();
  }

  /** RFC 9162 §2.1.1: the hash of an empty list is the hash of an empty string. */
  public static byte[] emptyRoot() {
    return EMPTY_ROOT.clone();
  }
}
