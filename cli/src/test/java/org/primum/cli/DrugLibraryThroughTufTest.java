package org.primum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.device.update.UpdateClient;
import org.primum.device.update.UpdateLimits;
import org.primum.pump.ActiveDrugLibrary;
import org.primum.pump.DemoPharmacy;
import org.primum.pump.SimulatedPump;
import org.primum.pump.druglib.DrugLibrary;
import org.primum.pump.therapy.InfusionPump;
import org.primum.pump.update.PumpUpdates;

/**
 * Trusted input on the update path (issue 5): the pharmacy publishes a signed drug library through
 * the image repository's delegated {@code pharmacy} role; a pump finds it through the delegation,
 * downloads it with TUF's checks, and installs it only because its own pharmacy signatures verify.
 * A library signed by too few pharmacy TUF keys is refused by the hub; one whose note signatures do
 * not verify is refused by the pump, which keeps its last good library.
 */
class DrugLibraryThroughTufTest {
  @TempDir Path dir;

  private Path key(String name, String role) {
    Path file = dir.resolve("keys").resolve(name + ".pem");
    CliRun run = CliRun.of("keys", "generate", "--role", role, "--out", file.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    return file;
  }

  @Test
  void library_publishedThroughThePharmacyDelegation_isInstalledByThePump() throws Exception {
    Path root = key("root", "root");
    Path targets = key("targets", "targets");
    Path p1 = key("pharmacy1", "pharmacy");
    Path p2 = key("pharmacy2", "pharmacy");
    String data = dir.resolve("hub").toString();
    CliRun init =
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
            "1",
            "--pharmacy-pub",
            p1 + ".pub.json",
            p2 + ".pub.json",
            "--pharmacy-threshold",
            "2");
    assertThat(init.exit()).as(init.err()).isZero();

    DemoPharmacy pharmacy = DemoPharmacy.loadOrCreate(dir.resolve("pharmacy"), new SecureRandom());
    DrugLibrary current = DrugLibrary.demo();
    DrugLibrary next =
        DrugLibrary.parse(
            new String(current.canonicalJson(), StandardCharsets.UTF_8)
                .replaceFirst(
                    "\"version\":" + current.version(), "\"version\":" + (current.version() + 1))
                .getBytes(StandardCharsets.UTF_8));
    Path note = Files.write(dir.resolve("next.note"), pharmacy.sign(next, DemoPharmacy.THRESHOLD));

    CliRun tooFew =
        CliRun.of(
            "druglib", "publish", note.toString(), "--data", data, "--pharmacy-key", p1.toString());
    assertThat(tooFew.exit()).isEqualTo(1);
    assertThat(tooFew.err()).contains("threshold").doesNotContain("Exception");
    CliRun published =
        CliRun.of(
            "druglib",
            "publish",
            note.toString(),
            "--data",
            data,
            "--pharmacy-key",
            p1.toString(),
            p2.toString());
    assertThat(published.exit()).as(published.err()).isZero();

    Path bundle = dir.resolve("usb");
    assertThat(
            CliRun.of(
                    "release",
                    "bundle",
                    "--data",
                    data,
                    "--serial",
                    "PUMP-0001",
                    "--out",
                    bundle.toString())
                .exit())
        .isZero();
    Path pumpDir = dir.resolve("pump");
    Files.createDirectories(pumpDir.resolve("update/image"));
    Files.createDirectories(pumpDir.resolve("update/director"));
    Files.copy(bundle.resolve("tuf/1.root.json"), pumpDir.resolve("update/image/root.json"));
    Files.copy(
        bundle.resolve("director/1.root.json"), pumpDir.resolve("update/director/root.json"));
    UpdateClient client =
        UpdateClient.offline(
            pumpDir.resolve("update"),
            bundle,
            "PUMP-0001",
            "rp-1",
            Clock.systemUTC(),
            UpdateLimits.defaults(),
            Duration.ofDays(14));
    ActiveDrugLibrary drugs =
        ActiveDrugLibrary.open(
            Files.createDirectories(pumpDir.resolve("druglib")),
            pharmacy.verifierKeys(),
            DemoPharmacy.THRESHOLD);
    drugs.install(pharmacy.sign(current, DemoPharmacy.THRESHOLD));
    List<InfusionPump.Event> events = new ArrayList<>();

    PumpUpdates.libraryFetch(
            () -> client, SimulatedPump.LIBRARY_TARGET, drugs, events::add, pumpDir)
        .run();

    assertThat(drugs.current().orElseThrow().version()).isEqualTo(current.version() + 1);
    assertThat(events)
        .extracting(InfusionPump.Event::type)
        .containsExactly("input.druglib.installed");
  }
}
