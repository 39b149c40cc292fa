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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.device.DeviceAgent;
import org.primum.hub.Hub;
import org.primum.hub.HubConfig;
import org.primum.pump.SimulatedPump;
import org.primum.testing.FreePorts;

/**
 * The investigator's path as a user types it: a pump's evidence is witnessed, exported with {@code
 * primum evidence-export}, and checked offline with {@code primum verify}, which passes on the
 * bundle and fails, naming the cause, on a tampered copy.
 */
class EvidenceVerifyCommandTest {
  @TempDir Path dir;

  @Test
  void exportThenVerify_passes_andATamperedCopyFailsNamingTheCause() throws Exception {
    Path data = dir.resolve("hub");
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    try (Hub hub =
        Hub.start(
            HubConfig.defaults(data).withPort(FreePorts.find()),
            Clock.systemUTC(),
            new SecureRandom())) {
      var token =
          hub.fleet().createToken("test", "PUMP-0007", Duration.ofMinutes(5), "test").token();
      try (SimulatedPump pump =
          SimulatedPump.start(
              URI.create("https://localhost:" + hub.port()),
              dir.resolve("pump"),
              Optional.of(token),
              Optional.of(hub.pki().caCertificate()),
              Duration.ofHours(1),
              Clock.systemUTC(),
              new SecureRandom(),
              scheduler,
              Optional.empty())) {
        for (int i = 0; i < 3; i++) {
          assertThat(pump.agent().reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
        }
      }
      Path bundle = dir.resolve("evidence.zip");
      CliRun export =
          CliRun.of(
              "evidence-export",
              "--serial",
              "PUMP-0007",
              "--reason",
              "review after alarm",
              "--data",
              data.toString(),
              "--out",
              bundle.toString());
      assertThat(export.exit()).as(export.err()).isZero();
      String hubKey = hub.evidence().receiptKey().text();
      assertThat(export.err()).contains(hubKey);

      CliRun verified = CliRun.of("verify", bundle.toString(), "--hub-key", hubKey);
      assertThat(verified.exit()).as(verified.out() + verified.err()).isZero();
      assertThat(verified.out())
          .contains(
              "VERIFIED",
              "device:       PUMP-0007",
              "exported by cli:",
              "review after alarm",
              "matches the key you gave");

      CliRun handOver =
          CliRun.of(
              "evidence-custody",
              bundle.toString(),
              "--action",
              "transferred",
              "--reason",
              "to the hospital's investigator",
              "--data",
              data.toString());
      assertThat(handOver.exit()).as(handOver.err()).isZero();
      assertThat(handOver.err()).contains("Custody record 1 (transferred by cli:");
      CliRun again = CliRun.of("verify", bundle.toString(), "--hub-key", hubKey);
      assertThat(again.exit()).as(again.out() + again.err()).isZero();
      assertThat(again.out()).contains("1. transferred by cli:", "to the hospital's investigator");
      CliRun badAction =
          CliRun.of(
              "evidence-custody",
              bundle.toString(),
              "--action",
              "lost",
              "--reason",
              "x",
              "--data",
              data.toString());
      assertThat(badAction.exit()).isEqualTo(2);
      assertThat(badAction.err()).contains("one of");

      Path tampered = dir.resolve("tampered.zip");
      Map<String, byte[]> files = new LinkedHashMap<>();
      try (ZipInputStream in =
          new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(bundle)))) {
        ZipEntry entry;
        while ((entry = in.getNextEntry()) != null) {
          files.put(entry.getName(), in.readAllBytes());
        }
      }
      String entries = new String(files.get("entries.jsonl"), StandardCharsets.UTF_8);
      files.put(
          "entries.jsonl",
          entries.replaceFirst("\"INFO\"", "\"CRITICAL\"").getBytes(StandardCharsets.UTF_8));
      try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tampered))) {
        for (var file : files.entrySet()) {
          out.putNextEntry(new ZipEntry(file.getKey()));
          out.write(file.getValue());
          out.closeEntry();
        }
      }
      CliRun failed = CliRun.of("verify", tampered.toString(), "--hub-key", hubKey);
      assertThat(failed.exit()).isEqualTo(1);
      assertThat(failed.out()).contains("FAILED", "at:     entries", "signed");

      CliRun otherHub =
          CliRun.of(
              "verify",
              bundle.toString(),
              "--hub-key",
              "other.hub/x+" + "00000000" + "+AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
      assertThat(otherHub.exit()).isEqualTo(2);
      assertThat(CliRun.of("verify", dir.resolve("missing.zip").toString()).exit()).isEqualTo(2);
    } finally {
      scheduler.shutdownNow();
    }
  }
}
