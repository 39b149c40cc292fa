package org.primum.hub.evidence.attacks.backwardstime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.device.link.HubLink;
import org.primum.hub.TestHub;
import org.primum.hub.evidence.EvidenceService;
import org.primum.hub.evidence.attacks.Scene;

/**
 * Attack: entries whose time goes backwards (monotonic time falling within one boot, or a boot
 * counter falling). The entries are signed and consistent, so the hub keeps them — evidence is
 * never thrown away — and flags the log with an incident naming the entry.
 */
class BackwardsTimestampsTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void timeRunningBackwards_isKept_andFlagged(TestHub.Db db) throws Exception {
    try (Scene scene = Scene.start(db, dir)) {
      Scene.Device device = scene.witnessedDevice("PUMP-TIME");
      long held = scene.heldSize(device);
      Scene.Forger backwards = scene.honestCopy(device, held);
      backwards.add(9, 5_000, "later").add(9, 4_000, "earlier?");
      HubLink.Response response = scene.post(device, backwards.upload(held, held + 2));
      assertThat(response.status()).as(response.bodyText()).isEqualTo(200);
      assertThat(scene.heldSize(device)).isEqualTo(held + 2);

      backwards.add(3, 9_000, "an older boot");
      response = scene.post(device, backwards.upload(held + 2, held + 3));
      assertThat(response.status()).as(response.bodyText()).isEqualTo(200);

      var incidents = scene.hub().hub().evidence().incidents(device.serial());
      assertThat(incidents)
          .extracting(EvidenceService.IncidentView::kind)
          .containsExactly("timestamps-backwards", "timestamps-backwards");
      assertThat(incidents).anySatisfy(i -> assertThat(i.detail()).contains("entry " + (held + 1)));
      assertThat(incidents).anySatisfy(i -> assertThat(i.detail()).contains("entry " + (held + 2)));
      assertThat(scene.hub().hub().evidence().log(device.serial()).orElseThrow().integrity())
          .isEqualTo("INCIDENT");
    }
  }
}
