package org.primum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.device.DeviceAgent;
import org.primum.device.patient.PatientRecordStore;
import org.primum.hub.Hub;
import org.primum.hub.HubConfig;
import org.primum.pump.DemoPatients;
import org.primum.pump.SimulatedPump;
import org.primum.testing.FreePorts;

/**
 * Evidence is decoupled from patient records: the demo's pumps are programmed for named patients,
 * yet no byte of evidence — on the pumps, in the hub's database, in exported bundles — carries a
 * patient's name, record number, birth date, order number or drug. Therapy events refer to the
 * patient by keyed pseudonym, which the pump's encrypted record store resolves.
 */
class PatientPrivacyTest {
  @TempDir Path dir;

  @Test
  void noEvidenceAnywhere_namesAPatient() throws Exception {
    Path hubData = dir.resolve("hub");
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    List<String> serials = new ArrayList<>();
    List<String> pseudonyms = new ArrayList<>();
    try (Hub hub =
        Hub.start(
            HubConfig.defaults(hubData).withPort(FreePorts.find()),
            Clock.systemUTC(),
            new SecureRandom())) {
      for (int i = 0; i < 7; i++) {
        String serial = String.format("PUMP-%04d", 500 + i);
        serials.add(serial);
        var token = hub.fleet().createToken("test", serial, Duration.ofMinutes(5), "test").token();
        Path pumpDir = dir.resolve("pumps").resolve(serial);
        try (SimulatedPump pump =
            SimulatedPump.start(
                URI.create("https://localhost:" + hub.port()),
                pumpDir,
                Optional.of(token),
                Optional.of(hub.pki().caCertificate()),
                Duration.ofHours(1),
                Clock.systemUTC(),
                new SecureRandom(),
                scheduler,
                Optional.empty())) {
          for (int r = 0; r < 3; r++) {
            assertThat(pump.agent().reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
          }
          // The pump holds its patient's record, under a pseudonym, in its own store.
          PatientRecordStore store =
              PatientRecordStore.open(pumpDir.resolve("patients"), new SecureRandom());
          String pseudonym = store.pseudonyms().get(0);
          pseudonyms.add(pseudonym);
          String name = store.get(pseudonym).orElseThrow().path("name").asText();
          assertThat(DemoPatients.ALL).extracting(DemoPatients.Patient::name).contains(name);
        }
      }
      for (String serial : serials) {
        hub.evidence()
            .exports()
            .export(serial, Optional.empty(), Optional.empty(), "test", "privacy review", "test");
      }
    } finally {
      scheduler.shutdownNow();
    }

    List<String> needles = new ArrayList<>();
    for (DemoPatients.Patient p : DemoPatients.ALL) {
      needles.add(p.name());
      needles.addAll(List.of(p.name().split("[ -]")));
      needles.add(p.medicalRecordNumber());
      needles.add(p.birthDate());
      needles.add(p.orderId());
      needles.add(p.drug());
    }
    needles.removeIf(n -> n.length() < 4);
    List<Blob> everything = new ArrayList<>();
    everything.addAll(files(dir.resolve("pumps")));
    everything.addAll(files(hubData));
    // Positive control: the scan reads what evidence really contains.
    for (String pseudonym : pseudonyms) {
      assertThat(everything.stream().filter(b -> b.name().endsWith(".seg")))
          .as("device evidence mentions " + pseudonym)
          .anyMatch(b -> b.text().contains(pseudonym));
      assertThat(everything.stream().filter(b -> b.name().contains("!")))
          .as("an exported bundle mentions " + pseudonym)
          .anyMatch(b -> b.text().contains(pseudonym));
    }
    List<String> found = new ArrayList<>();
    for (Blob blob : everything) {
      for (String needle : needles) {
        if (blob.text().contains(needle)) {
          found.add(blob.name() + " contains \"" + needle + "\"");
        }
      }
    }
    assertThat(found).isEmpty();
  }

  /** A file's bytes as Latin-1 text (every byte maps to one char), or a zip member's. */
  private record Blob(String name, String text) {}

  /** Every file under {@code root}; zip files are opened and their members read too. */
  private static List<Blob> files(Path root) throws Exception {
    List<Blob> out = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path file : paths.filter(Files::isRegularFile).toList()) {
        byte[] bytes = Files.readAllBytes(file);
        out.add(new Blob(file.toString(), new String(bytes, StandardCharsets.ISO_8859_1)));
        if (file.toString().endsWith(".zip")) {
          try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
              out.add(
                  new Blob(
                      file + "!" + entry.getName(),
                      new String(zip.readAllBytes(), StandardCharsets.ISO_8859_1)));
            }
          }
        }
      }
    }
    return out;
  }
}
