package org.primum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.formats.SignedNote;
import org.primum.device.DeviceAgent;
import org.primum.device.evidence.EvidenceKeys;
import org.primum.hub.Hub;
import org.primum.hub.HubConfig;
import org.primum.pump.Decommissioning;
import org.primum.pump.DemoPharmacy;
import org.primum.pump.SimulatedPump;
import org.primum.testing.FreePorts;

/**
 * PUMP-SAFETY MN12, as a biomed would do it: {@code primum decommission} erases the pump's keys,
 * credentials, patient data and drug library, and leaves a report signed by the evidence key the
 * hub witnessed, listing what went; the evidence log stays.
 */
class DecommissionCommandTest {
  @TempDir Path dir;

  @Test
  void mn12_keysCredentialsPatientDataAndLibraryAreGone_provably() throws Exception {
    Path pumpDir = dir.resolve("pump");
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    SecureRandom random = new SecureRandom();
    String heldKey;
    try (Hub hub =
        Hub.start(
            HubConfig.defaults(dir.resolve("hub")).withPort(FreePorts.find()),
            Clock.systemUTC(),
            random)) {
      var token = hub.fleet().createToken("test", "PUMP-0009", Duration.ofMinutes(5), "t").token();
      try (SimulatedPump pump =
          SimulatedPump.start(
              URI.create("https://localhost:" + hub.port()),
              pumpDir,
              Optional.of(token),
              Optional.of(hub.pki().caCertificate()),
              Duration.ofHours(1),
              Clock.systemUTC(),
              random,
              scheduler,
              Optional.empty(),
              Optional.of(
                  DemoPharmacy.loadOrCreate(dir.resolve("pharmacy"), random).demoSupply()))) {
        pump.console(random, pins -> {});
        assertThat(pump.agent().reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
      }
      heldKey = hub.evidence().log("PUMP-0009").orElseThrow().verifierKey();
    } finally {
      scheduler.shutdownNow();
    }
    byte[] evidencePublic =
        EvidenceKeys.loadOrCreate(pumpDir.resolve("evidence"), random).publicKey();
    List<String> secretsBefore = secrets(pumpDir);
    assertThat(secretsBefore)
        .contains("identity/device.pem", "evidence/evidence-key.pem", "patients/pseudonym.key")
        .anyMatch(p -> p.startsWith("patients/keys/"))
        .anyMatch(p -> p.startsWith("patients/records/"))
        .anyMatch(p -> p.startsWith("druglib/"));

    assertThat(CliRun.of("decommission", "--data", pumpDir.toString()).exit()).isEqualTo(2);
    assertThat(secrets(pumpDir)).isEqualTo(secretsBefore); // nothing without --yes

    CliRun run = CliRun.of("decommission", "--data", pumpDir.toString(), "--yes");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("DECOMMISSIONED", "1 patient record(s) crypto-shredded");
    assertThat(secrets(pumpDir)).isEmpty();
    assertThat(Files.exists(pumpDir.resolve("console-pins"))).isFalse();
    try (Stream<Path> segments = Files.list(pumpDir.resolve("evidence"))) {
      assertThat(segments.filter(p -> p.toString().endsWith(".seg"))).isNotEmpty(); // the log stays
    }
    // The report verifies with the evidence key the hub witnessed, and names what went.
    String report =
        Files.readString(pumpDir.resolve(Decommissioning.REPORT), StandardCharsets.UTF_8);
    String text =
        SignedNote.parse(report).verify(List.of(Decommissioning.reportKey(evidencePublic))).text();
    assertThat(text)
        .contains("\"device\":\"PUMP-0009\"")
        .contains("\"evidenceKey\":\"" + heldKey + "\"")
        .contains("identity/device.pem")
        .contains("evidence/evidence-key.pem");
  }

  /** Every key, credential, patient file and library file left in a pump's data. */
  private static List<String> secrets(Path pumpDir) throws Exception {
    try (Stream<Path> files = Files.walk(pumpDir)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> pumpDir.relativize(p).toString())
          .filter(
              p ->
                  p.startsWith("identity/")
                      || p.startsWith("patients/")
                      || p.startsWith("druglib/")
                      || p.startsWith("therapy/")
                      || p.endsWith(".pem")
                      || p.equals("console-pins"))
          .filter(p -> !p.endsWith(".lock"))
          .sorted()
          .toList();
    }
  }
}
