package org.primum.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CompactRangeTest {
  @Test
  void root_matchesTheFullTreeAtEverySize_andSurvivesEncoding() {
    MerkleTree tree = new MerkleTree();
    CompactRange range = CompactRange.empty();
    assertThat(range.root()).isEqualTo(MerkleHashes.emptyRoot());
    for (int i = 0; i < 600; i++) {
      byte[] leaf = MerkleHashes.leaf(new byte[] {(byte) i, (byte) (i >> 8)});
      tree.append(leaf);
      range.append(leaf);
      assertThat(range.root()).as("size %d", i + 1).isEqualTo(tree.root());
      assertThat(range.roots()).hasSize(Long.bitCount(i + 1));
      CompactRange decoded = CompactRange.decode(range.size(), range.encode());
      assertThat(decoded.root()).isEqualTo(range.root());
    }
  }

  @Test
  void of_wrongNumberOfRoots_isRefused() {
    assertThatThrownBy(() -> CompactRange.of(3, List.of(new byte[32])))
        .hasMessageContaining("has 2 subtree roots");
  }
}
