package org.primum.hub.evidence.attacks.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.core.evidence.BundleRejection;
import org.primum.core.evidence.CustodyRecord;
import org.primum.hub.TestHub;
import org.primum.hub.evidence.EvidenceExports;
import org.primum.hub.evidence.attacks.Scene;

/**
 * Attack: remove or alter a chain-of-custody record of a bundle that was exported and then handed
 * over twice (every record signed by the hub and naming the digest of the one before).
 */
class CustodyRecordTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void aRemovedOrAlteredCustodyRecord_breaksTheChain(TestHub.Db db) throws Exception {
    try (Scene scene = Scene.start(db, dir)) {
      Scene.Device device = scene.witnessedDevice("PUMP-CUSTODY");
      EvidenceExports exports = scene.hub().hub().evidence().exports();
      Path bundle = scene.exportBundle(device);
      exports.handOver(
          bundle, bundle, "transferred", "staff:sam", "to the hospital's investigator", "test");
      exports.handOver(bundle, bundle, "received", "staff:sam", "by R. Investigator", "test");
      assertThat(scene.verify(bundle).custody())
          .extracting(CustodyRecord::action)
          .containsExactly("exported", "transferred", "received");
      assertThat(scene.hub().hub().audit().latest(10, "evidence.bundle.custody")).hasSize(2);

      // The middle record removed (the last renumbered to close the hole).
      Path middle =
          scene.rewrite(
              bundle,
              files -> {
                files.remove("custody/0001.note");
                files.put("custody/0001.note", files.remove("custody/0002.note"));
                return files;
              });
      assertThatThrownBy(() -> scene.verify(middle))
          .isInstanceOf(BundleRejection.class)
          .hasMessageContaining("custody record 1");

      // The first record (the export) removed.
      Path first =
          scene.rewrite(
              bundle,
              files -> {
                files.remove("custody/0000.note");
                return files;
              });
      assertThatThrownBy(() -> scene.verify(first))
          .isInstanceOf(BundleRejection.class)
          .hasMessageContaining("custody record 0");

      // A record's reason altered after signing.
      Path altered =
          scene.rewrite(
              bundle,
              files -> {
                files.put(
                    "custody/0001.note",
                    new String(files.get("custody/0001.note"), StandardCharsets.UTF_8)
                        .replace("hospital's investigator", "someone else")
                        .getBytes(StandardCharsets.UTF_8));
                return files;
              });
      assertThatThrownBy(() -> scene.verify(altered))
          .isInstanceOf(BundleRejection.class)
          .hasMessageContaining("custody record 1")
          .hasMessageContaining("does not verify");

      // Every record removed.
      Path none =
          scene.rewrite(
              bundle,
              files -> {
                files.keySet().removeIf(name -> name.startsWith("custody/"));
                return files;
              });
      assertThatThrownBy(() -> scene.verify(none))
          .isInstanceOf(BundleRejection.class)
          .hasMessageContaining("no custody record");

      // Dropping the newest record leaves a bundle as it was one hand-over earlier: the bundle
      // alone cannot show it, the hub's audit trail of every record it signed does.
      Path newestDropped =
          scene.rewrite(
              bundle,
              files -> {
                files.remove("custody/0002.note");
                return files;
              });
      assertThat(scene.verify(newestDropped).custody()).hasSize(2);
      assertThat(scene.hub().hub().audit().latest(10, "evidence.bundle.custody"))
          .anySatisfy(e -> assertThat(e.toString()).contains("custody record 2 (received)"));
    }
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void aTamperedBundle_isNeverHandedOn(TestHub.Db db) throws Exception {
    try (Scene scene = Scene.start(db, dir)) {
      Scene.Device device = scene.witnessedDevice("PUMP-CUSTODY");
      Path tampered =
          scene.withEntries(
              scene.exportBundle(device),
              lines -> {
                int i = 0;
                while (!lines.get(i).contains("\"NOTICE\"")) {
                  i++;
                }
                lines.set(i, lines.get(i).replace("\"NOTICE\"", "\"INFO\""));
                return lines;
              });
      byte[] before = Files.readAllBytes(tampered);
      assertThatThrownBy(
              () ->
                  scene
                      .hub()
                      .hub()
                      .evidence()
                      .exports()
                      .handOver(tampered, tampered, "transferred", "staff:sam", "onward", "test"))
          .isInstanceOf(BundleRejection.class);
      assertThat(Files.readAllBytes(tampered)).isEqualTo(before);
      assertThat(scene.hub().hub().audit().latest(10, "evidence.bundle.custody")).isEmpty();
    }
  }
}
