package org.primum.hub.evidence.attacks.incompleteproof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.core.evidence.EvidenceUpload;
import org.primum.core.formats.Checkpoint;
import org.primum.core.merkle.MerkleHashes;
import org.primum.core.merkle.MerkleProofRejection;
import org.primum.core.merkle.MerkleProofs;
import org.primum.core.merkle.MerkleTree;
import org.primum.hub.TestHub;
import org.primum.hub.evidence.attacks.Scene;

/**
 * Attack: a consistency proof that does not consume the whole second size (RFC 9162 §2.1.4.2 step
 * 7: after the path, sn must be 0). A proof to a smaller tree, presented for a larger one whose
 * checkpoint carries the smaller tree's root, would otherwise let a device "grow" its log without
 * the new entries ever being bound into the root.
 */
class IncompleteConsistencyProofTest {
  @TempDir Path dir;

  @Test
  void aProofToASmallerTree_doesNotProveTheLargerOne() throws Exception {
    MerkleTree tree = new MerkleTree();
    for (int i = 0; i < 20; i++) {
      tree.append(MerkleHashes.leaf(new byte[] {(byte) i}));
    }
    List<byte[]> proof = tree.consistencyProof(8, 13);
    MerkleProofs.verifyConsistency(8, 13, proof, tree.root(8), tree.root(13));
    // Sizes whose proof path has another shape leave sn != 0 after the path (step 7). (A claimed
    // size whose path has the same shape, 14 here, is bound instead by the entries hashing to the
    // root: the hub recomputes the root from the entries it is given.)
    for (long claimed : new long[] {17, 20, 32}) {
      assertThatThrownBy(
              () -> MerkleProofs.verifyConsistency(8, claimed, proof, tree.root(8), tree.root(13)))
          .as("proof for 13 presented for %d", claimed)
          .isInstanceOf(MerkleProofRejection.class);
    }
    List<byte[]> padded = new ArrayList<>(proof);
    padded.add(tree.root(20));
    assertThatThrownBy(
            () -> MerkleProofs.verifyConsistency(8, 13, padded, tree.root(8), tree.root(13)))
        .isInstanceOf(MerkleProofRejection.class)
        .hasMessageContaining("longer");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void aCheckpointClaimingMoreThanItsProofCovers_isAnIncident(TestHub.Db db) throws Exception {
    try (Scene scene = Scene.start(db, dir)) {
      Scene.Device device = scene.witnessedDevice("PUMP-PROOF");
      long held = scene.heldSize(device);
      String root = scene.heldRoot(device);
      Scene.Forger forger = scene.honestCopy(device, held);
      for (int i = 0; i < 5; i++) {
        forger.add(Scene.Forger.entry(held + i, 6, i, "entry " + i));
      }
      // The device's key signs size held+5 over the root of held+3, with the proof to held+3.
      // Whether the proof check alone sees it depends on held (the shapes of the proof paths for
      // held+3 and held+5 may coincide, RFC 9162 2.1.4.2); if not, the entries do not hash to the
      // signed root. Either way it is an incident and nothing is stored. (held depends on how many
      // events the device recorded before, so both happen.)
      String lying =
          new Checkpoint(device.origin(), held + 5, forger.root(held + 3))
              .sign(device.evidenceKey());
      Scene.assertIncidentOneOf(
          scene.post(
              device,
              new EvidenceUpload(
                  lying,
                  held,
                  forger.proof(held, held + 3),
                  forger.entries(held, held + 5),
                  device.keyText())),
          "inconsistent",
          "entries-mismatch");
      // An honest checkpoint of held+5 with the proof that stops at held+3.
      Scene.assertIncidentOneOf(
          scene.post(
              device,
              new EvidenceUpload(
                  forger.checkpoint(held + 5),
                  held,
                  forger.proof(held, held + 3),
                  forger.entries(held, held + 5),
                  device.keyText())),
          "inconsistent",
          "entries-mismatch");
      scene.assertHeldUnchanged(device, held, root);
      assertThat(scene.incidentKinds(device))
          .hasSize(2)
          .allMatch(kind -> kind.equals("inconsistent") || kind.equals("entries-mismatch"));
    }
  }
}
