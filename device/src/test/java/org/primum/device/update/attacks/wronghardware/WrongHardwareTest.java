package org.primum.device.update.attacks.wronghardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.tuf.TufMetadata;
import org.primum.core.tuf.TufRejection;
import org.primum.device.update.RepositoryFixture;
import org.primum.device.update.UpdateScenario;

/**
 * Wrong hardware (Uptane): an image built for another device model must never be installed, even
 * when validly signed and assigned.
 */
class WrongHardwareTest {
  @TempDir Path dir;

  @Test
  void check_directorAssignsForAnotherHardwareId_isRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    TufMetadata.TargetFile file = s.publishRelease("0.2.0", 2);
    s.director.assign(
        UpdateScenario.firmwarePath("0.2.0"), file, "rp-2", RepositoryFixture.SERIAL, 2);

    assertThatThrownBy(() -> s.client().check(1))
        .isInstanceOf(TufRejection.WrongHardware.class)
        .hasMessageContaining("expected hardware id rp-1, found rp-2");
  }

  @Test
  void check_imageRepositoryBuiltItForAnotherHardwareId_isRefused() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    ObjectNode custom = JsonNodeFactory.instance.objectNode();
    custom.put("version", "0.2.0");
    custom.putArray("hardwareIds").add("rp-2");
    custom.put("releaseCounter", 2);
    String path = "firmware/rp-2/primum-rp2-0.2.0.fw";
    TufMetadata.TargetFile file =
        s.image.addTarget("targets", path, UpdateScenario.firmware("rp2"), Optional.of(custom));
    s.image.publish();
    s.director.assign(path, file, RepositoryFixture.HARDWARE, RepositoryFixture.SERIAL, 2);

    assertThatThrownBy(() -> s.client().check(1))
        .isInstanceOf(TufRejection.WrongHardware.class)
        .hasMessageContaining("rp-2");
  }

  @Test
  void check_assignmentForAnotherSerial_isRefused_andNotTrusted() throws Exception {
    UpdateScenario s = new UpdateScenario(dir);
    TufMetadata.TargetFile file = s.publishRelease("0.2.0", 2);
    s.director.assign(
        UpdateScenario.firmwarePath("0.2.0"), file, RepositoryFixture.HARDWARE, "PUMP-0002", 2);

    assertThatThrownBy(() -> s.client().check(1))
        .isInstanceOf(TufRejection.TargetRefused.class)
        .hasMessageContaining("PUMP-0002");
    // Another device's assignment (e.g. from an offline bundle written for it) never becomes this
    // device's trusted director version baseline.
    assertThat(s.state.resolve("director").resolve("targets.json")).doesNotExist();
  }
}
