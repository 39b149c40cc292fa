package org.primum.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Proofs the tree generates verify, at every size and index up to 130; tampered ones do not. */
class MerkleTreeTest {
  private static byte[] entry(int i) {
    return ("entry-" + i).getBytes(StandardCharsets.UTF_8);
  }

  /** The RFC 9162 §2.1.1 definition, computed naively, to check the tree against. */
  private static byte[] naiveRoot(List<byte[]> leaves) {
    if (leaves.isEmpty()) {
      return MerkleHashes.emptyRoot();
    }
    if (leaves.size() == 1) {
      return leaves.get(0);
    }
    int k = Integer.highestOneBit(leaves.size() - 1);
    return MerkleHashes.node(
        naiveRoot(leaves.subList(0, k)), naiveRoot(leaves.subList(k, leaves.size())));
  }

  @Test
  void root_matchesTheRfcDefinitionAtEverySize() {
    MerkleTree tree = new MerkleTree();
    List<byte[]> leaves = new ArrayList<>();
    assertThat(tree.root()).isEqualTo(MerkleHashes.emptyRoot());
    for (int i = 0; i < 300; i++) {
      byte[] leaf = MerkleHashes.leaf(entry(i));
      tree.append(leaf);
      leaves.add(leaf);
      assertThat(tree.root()).as("size %d", i + 1).isEqualTo(naiveRoot(leaves));
    }
    assertThat(tree.root(37)).isEqualTo(naiveRoot(leaves.subList(0, 37)));
  }

  @Test
  void knownRoot_ofEightEntries_matchesThePublishedVector() {
    // The vectors' 8-leaf tree: its first leaf hash and root appear in inclusion/1/happy-path.json.
    MerkleTree tree = new MerkleTree();
    tree.append(Base64.getDecoder().decode("bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0="));
    assertThat(tree.root()).isEqualTo(tree.leafHash(0));
    assertThat(MerkleHashes.leaf(new byte[0]))
        .isEqualTo(Base64.getDecoder().decode("bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0="));
  }

  @Test
  void generatedProofs_verify_andTamperedProofsFail() throws Exception {
    MerkleTree tree = new MerkleTree();
    for (int i = 0; i < 130; i++) {
      tree.append(MerkleHashes.leaf(entry(i)));
    }
    SplittableRandom random = new SplittableRandom(7);
    for (long size = 1; size <= 130; size++) {
      byte[] root = tree.root(size);
      for (long index = 0; index < size; index++) {
        List<byte[]> proof = tree.inclusionProof(index, size);
        MerkleProofs.verifyInclusion(index, size, tree.leafHash(index), proof, root);
        if (!proof.isEmpty()) {
          List<byte[]> tampered = new ArrayList<>(proof);
          int at = random.nextInt(tampered.size());
          byte[] flipped = tampered.get(at).clone();
          flipped[random.nextInt(32)] ^= (byte) (1 << random.nextInt(8));
          tampered.set(at, flipped);
          long i = index;
          long s = size;
          assertThatThrownBy(
                  () -> MerkleProofs.verifyInclusion(i, s, tree.leafHash(i), tampered, root))
              .isInstanceOf(MerkleProofRejection.class);
        }
      }
      for (long size1 = 1; size1 <= size; size1++) {
        List<byte[]> proof = tree.consistencyProof(size1, size);
        MerkleProofs.verifyConsistency(size1, size, proof, tree.root(size1), root);
      }
    }
  }

  @Test
  void consistency_detectsAFork() {
    MerkleTree honest = new MerkleTree();
    MerkleTree forked = new MerkleTree();
    for (int i = 0; i < 20; i++) {
      honest.append(MerkleHashes.leaf(entry(i)));
      forked.append(
          MerkleHashes.leaf(i == 7 ? "edited".getBytes(StandardCharsets.UTF_8) : entry(i)));
    }
    List<byte[]> proof = forked.consistencyProof(10, 20);
    assertThatThrownBy(
            () -> MerkleProofs.verifyConsistency(10, 20, proof, honest.root(10), forked.root(20)))
        .isInstanceOf(MerkleProofRejection.class)
        .hasMessageContaining("first root");
  }

  @Test
  void resumedTree_givesTheSameRootsAndProofsAsTheFullTree_fromItsBaseOn() {
    MerkleTree full = new MerkleTree();
    for (int i = 0; i < 70; i++) {
      full.append(MerkleHashes.leaf(entry(i)));
    }
    for (int base = 0; base <= 70; base++) {
      MerkleTree resumed = MerkleTree.resumedFrom(full.compactRange(base));
      for (int i = base; i < 70; i++) {
        resumed.append(full.leafHash(i));
      }
      assertThat(resumed.base()).isEqualTo(base);
      assertThat(resumed.size()).isEqualTo(70);
      for (int n = Math.max(base, 1); n <= 70; n++) {
        assertThat(resumed.root(n)).as("root %d from base %d", n, base).isEqualTo(full.root(n));
        for (int i = base; i < n; i++) {
          assertThat(resumed.inclusionProof(i, n))
              .as("inclusion %d in %d from base %d", i, n, base)
              .containsExactlyElementsOf(full.inclusionProof(i, n));
        }
        for (int m = Math.max(base, 1); m <= n; m++) {
          assertThat(resumed.consistencyProof(m, n))
              .as("consistency %d to %d from base %d", m, n, base)
              .containsExactlyElementsOf(full.consistencyProof(m, n));
        }
      }
      assertThat(resumed.compactRange(70).roots())
          .containsExactlyElementsOf(full.compactRange(70).roots());
      if (base > 1) {
        long before = base - 1;
        assertThatThrownBy(() -> resumed.root(before)).hasMessageContaining("resumed");
        assertThatThrownBy(() -> resumed.leafHash(before)).hasMessageContaining("resumed");
        assertThatThrownBy(() -> resumed.inclusionProof(before, 70))
            .hasMessageContaining("resumed");
        assertThatThrownBy(() -> resumed.consistencyProof(before, 70))
            .hasMessageContaining("resumed");
      }
    }
  }

  @Test
  void compactRange_foldsToTheRoot() {
    MerkleTree tree = new MerkleTree();
    for (int i = 0; i < 40; i++) {
      tree.append(MerkleHashes.leaf(entry(i)));
      CompactRange range = tree.compactRange(tree.size());
      assertThat(range.root()).isEqualTo(tree.root());
    }
  }
}
