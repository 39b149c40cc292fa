package org.primum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.crypto.Hashes;
import org.primum.core.crypto.SecretAccess;
import org.primum.device.identity.DeviceIdentity;
import org.primum.hub.Hub;
import org.primum.hub.HubConfig;
import org.primum.pump.SimulatedPump;
import org.primum.testing.FreePorts;

/** MN6: no two pumps share any key or credential; each pump's key file is owner-only. */
class UniqueCredentialsTest {
  @TempDir Path dir;

  @Test
  void fleet_everyPumpHasItsOwnKeyCertificateAndToken() throws Exception {
    HubConfig config = HubConfig.defaults(dir.resolve("hub")).withPort(FreePorts.find());
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    List<SimulatedPump> pumps = new ArrayList<>();
    Set<String> tokens = new HashSet<>();
    try (Hub hub = Hub.start(config, Clock.systemUTC(), new SecureRandom())) {
      for (int i = 1; i <= 8; i++) {
        String serial = "PUMP-U" + i;
        var token = hub.fleet().createToken("test", serial, Duration.ofMinutes(5), "test").token();
        tokens.add(token.secret());
        pumps.add(
            SimulatedPump.start(
                java.net.URI.create("https://localhost:" + hub.port()),
                dir.resolve(serial),
                Optional.of(token),
                Optional.of(hub.pki().caCertificate()),
                Duration.ofHours(1),
                Clock.systemUTC(),
                new SecureRandom(),
                scheduler,
                Optional.empty()));
      }
      Set<String> privateKeys = new HashSet<>();
      Set<String> publicKeys = new HashSet<>();
      Set<String> certificates = new HashSet<>();
      Set<String> certificateSerials = new HashSet<>();
      for (SimulatedPump pump : pumps) {
        DeviceIdentity id = pump.identity();
        privateKeys.add(
            Hashes.sha256Hex(id.keyPair().privateKey(SecretAccess.insecure()).getEncoded()));
        publicKeys.add(id.keyPair().publicKeyFingerprint());
        certificates.add(id.certificateFingerprint());
        certificateSerials.add(id.certificate().getSerialNumber().toString(16));
        Path keyFile = dir.resolve(pump.serial()).resolve("identity").resolve("device.pem");
        assertThat(
                java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(keyFile)))
            .isEqualTo("rw-------");
      }
      assertThat(privateKeys).hasSize(8);
      assertThat(publicKeys).hasSize(8);
      assertThat(certificates).hasSize(8);
      assertThat(certificateSerials).hasSize(8);
      assertThat(tokens).hasSize(8);
      assertThat(publicKeys).doesNotContain(hub.pki().ca().keyPair().publicKeyFingerprint());
    } finally {
      pumps.forEach(SimulatedPump::close);
      scheduler.shutdownNow();
    }
  }
}
