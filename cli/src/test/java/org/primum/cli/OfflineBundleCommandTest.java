package org.primum.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.crypto.Hashes;
import org.primum.core.tuf.TufRejection;
import org.primum.device.update.UpdateClient;
import org.primum.device.update.UpdateLimits;
import org.primum.device.update.VerifiedTarget;
import org.primum.hub.HubConfig;
import org.primum.hub.LocalRepository;

/**
 * An offline bundle written by {@code primum release bundle} is verified by the device kit's TUF
 * client exactly as online: the assigned image comes out verified, and a bundle whose image was
 * altered on the way is refused.
 */
class OfflineBundleCommandTest {
  @TempDir Path dir;

  private Path key(String name, String role) {
    Path file = dir.resolve("keys").resolve(name + ".pem");
    CliRun run = CliRun.of("keys", "generate", "--role", role, "--out", file.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    return file;
  }

  @Test
  void bundle_forAnAssignedDevice_verifiesOfflineAndTamperingIsRefused() throws Exception {
    Path root = key("root", "root");
    Path targets = key("targets", "targets");
    String data = dir.resolve("hub").toString();
    assertThat(
            CliRun.of(
                    "release",
                    "init-repo",
                    "--data",
                    data,
                    "--root-key",
                    root.toString(),
                    "--root-threshold",
                    "1",
                    "--targets-key",
                    targets.toString(),
                    "--targets-threshold",
                    "1")
                .exit())
        .isZero();
    Path image = dir.resolve("rp1-0.2.0.fw");
    assertThat(
            CliRun.of("firmware", "build", "--version", "0.2.0", "--out", image.toString()).exit())
        .isZero();
    Path notes = Files.writeString(dir.resolve("notes.md"), "Offline drill.\n");
    CliRun publish =
        CliRun.of(
            "release",
            "publish",
            "--data",
            data,
            "--image",
            image.toString(),
            "--version",
            "0.2.0",
            "--hardware",
            "rp-1",
            "--notes",
            notes.toString(),
            "--targets-key",
            targets.toString());
    assertThat(publish.exit()).as(publish.err()).isZero();
    try (LocalRepository local =
        LocalRepository.open(
            HubConfig.defaults(Path.of(data)), Clock.systemUTC(), new SecureRandom())) {
      long release = local.repository().releases().get(0).id();
      local.repository().director().assign("PUMP-0042", release, 1);
    }

    Path bundle = dir.resolve("usb");
    CliRun written =
        CliRun.of(
            "release",
            "bundle",
            "--data",
            data,
            "--serial",
            "PUMP-0042",
            "--out",
            bundle.toString());
    assertThat(written.exit()).as(written.err()).isZero();
    assertThat(written.out()).contains("assigned image firmware/rp-1/rp1-0.2.0.fw");
    CliRun again =
        CliRun.of(
            "release",
            "bundle",
            "--data",
            data,
            "--serial",
            "PUMP-0042",
            "--out",
            bundle.toString());
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("is not empty").doesNotContain("Exception");

    VerifiedTarget target = device("state-1", bundle).check(0).orElseThrow();
    assertThat(target.version()).isEqualTo("0.2.0");
    Path slot = dir.resolve("slot-1");
    device("state-1", bundle).download(target, slot);
    assertThat(Hashes.sha256Hex(Files.readAllBytes(slot)))
        .isEqualTo(Hashes.sha256Hex(Files.readAllBytes(image)));

    try (var files = Files.walk(bundle.resolve("tuf").resolve("targets"))) {
      Path copy = files.filter(Files::isRegularFile).findFirst().orElseThrow();
      byte[] bytes = Files.readAllBytes(copy);
      bytes[bytes.length / 2] ^= 1;
      Files.write(copy, bytes);
    }
    UpdateClient tampered = device("state-2", bundle);
    VerifiedTarget again2 = tampered.check(0).orElseThrow();
    assertThatThrownBy(() -> tampered.download(again2, dir.resolve("slot-2")))
        .isInstanceOf(TufRejection.LengthOrHashMismatch.class);
    assertThat(dir.resolve("slot-2")).doesNotExist();
  }

  private UpdateClient device(String state, Path bundle) throws Exception {
    Path stateDir = dir.resolve(state);
    if (!Files.exists(stateDir)) {
      Files.createDirectories(stateDir.resolve("image"));
      Files.createDirectories(stateDir.resolve("director"));
      Files.copy(bundle.resolve("tuf/1.root.json"), stateDir.resolve("image/root.json"));
      Files.copy(bundle.resolve("director/1.root.json"), stateDir.resolve("director/root.json"));
    }
    return UpdateClient.offline(
        stateDir,
        bundle,
        "PUMP-0042",
        "rp-1",
        Clock.systemUTC(),
        UpdateLimits.defaults(),
        Duration.ofDays(14));
  }
}
