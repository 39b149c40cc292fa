package org.primum.core.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.merkle.MerkleHashes;
import org.primum.core.merkle.MerkleTree;

/** c2sp.org/tlog-checkpoint: text form, signing, strict parsing. */
class CheckpointTest {
  private final Ed25519KeyPair key = Ed25519KeyPair.generate(new SecureRandom());

  @Test
  void text_followsTheSpecification() {
    byte[] root = MerkleHashes.emptyRoot();
    Checkpoint checkpoint = new Checkpoint("primum.evidence/PUMP-0001", 0, root);
    assertThat(checkpoint.text())
        .isEqualTo(
            "primum.evidence/PUMP-0001\n0\n" + Base64.getEncoder().encodeToString(root) + "\n");
  }

  @Test
  void sign_thenOpen_returnsTheSameCheckpoint() throws Exception {
    MerkleTree tree = new MerkleTree();
    for (int i = 0; i < 10; i++) {
      tree.append(MerkleHashes.leaf(new byte[] {(byte) i}));
    }
    Checkpoint checkpoint = new Checkpoint("primum.evidence/PUMP-0001", 10, tree.root());
    String note = checkpoint.sign(key);
    NoteVerifierKey verifier = NoteVerifierKey.of("primum.evidence/PUMP-0001", key.publicKey());
    assertThat(Checkpoint.open(note, List.of(verifier))).isEqualTo(checkpoint);
    NoteVerifierKey wrong =
        NoteVerifierKey.of(
            "primum.evidence/PUMP-0001", Ed25519KeyPair.generate(new SecureRandom()).publicKey());
    assertThatThrownBy(() -> Checkpoint.open(note, List.of(wrong)))
        .isInstanceOf(NoteRejection.class);
  }

  @Test
  void parse_malformedText_isRejected() {
    String root = Base64.getEncoder().encodeToString(new byte[32]);
    String[][] cases = {
      {"origin\n10\n", "three lines"},
      {"origin\n010\n" + root + "\n", "leading zeroes"},
      {"origin\n-1\n" + root + "\n", "leading zeroes"},
      {"origin\n10\n!!\n", "base64"},
      {"origin\n10\n" + Base64.getEncoder().encodeToString(new byte[31]) + "\n", "32 bytes"},
      {"\n10\n" + root + "\n", "origin"},
      {"origin\n10\n" + root + "\n\n", "extension"},
      {"origin\n99999999999999999999\n" + root + "\n", "decimal"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> Checkpoint.parse(c[0]))
          .as(c[0])
          .isInstanceOf(NoteRejection.class)
          .hasMessageContaining(c[1]);
    }
  }

  @Test
  void parse_keepsExtensionLines() throws Exception {
    String root = Base64.getEncoder().encodeToString(new byte[32]);
    Checkpoint parsed = Checkpoint.parse("origin\n5\n" + root + "\nextra one\n");
    assertThat(parsed.extensions()).containsExactly("extra one");
    assertThat(parsed.size()).isEqualTo(5);
  }
}
