package org.primum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.crypto.PasswordHashes;
import org.primum.device.DeviceAgent;
import org.primum.device.update.ab.Updater;
import org.primum.hub.HubConfig;
import org.primum.hub.LocalRepository;
import org.primum.pump.ActiveDrugLibrary;
import org.primum.pump.DemoPharmacy;
import org.primum.pump.PumpConsole;
import org.primum.pump.PumpProgramming;
import org.primum.pump.ReferencePump;
import org.primum.pump.druglib.DrugLibrary;
import org.primum.pump.therapy.InfusionPump;
import org.primum.pump.therapy.PumpMechanics;
import org.primum.pump.update.OfflineBundle;
import org.primum.pump.update.PumpUpdates;
import org.primum.testing.FakeClock;

/**
 * Issue 4: a pump that cannot reach the hub takes a release from an offline bundle ({@code primum
 * release bundle}) that a biomed technician applies at its console ({@code bundle DIR}). The same
 * verification as online, against the roots the pump was provisioned with, a bounded freshness
 * window, and the same install gate; every outcome is evidence and on the screen.
 */
class PumpOfflineBundleTest {
  private static final String SERIAL = "PUMP-0042";
  private static final String HEPARIN =
      "program adult-icu SYN-HEPARIN 25000 units 250 1000 units/h 250";

  @TempDir static Path hubs;
  private static Path good;
  private static Path otherSerial;
  private static Path foreign;
  private static Path faulty;
  private static byte[] imageRoot;
  private static byte[] directorRoot;

  @TempDir Path dir;
  private final SecureRandom random = new SecureRandom();
  private final FakeClock clock = new FakeClock(Instant.now());
  private final List<InfusionPump.Event> events = new ArrayList<>();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final InfusionPump pump =
      new InfusionPump(
          clock,
          InfusionPump.Settings.defaults(),
          new PumpMechanics(500),
          events::add,
          JsonNodeFactory.instance.objectNode().put("patient", "pt-test"));
  private Path pumpDir;
  private PumpUpdates updates;
  private PumpConsole console;

  /**
   * Two hubs with their own keys, each with release 0.2.0 assigned; the pump trusts the first,
   * which then assigns a faulty 0.2.1 (no motor driver for PUMP-0042's hardware revision r2).
   */
  @BeforeAll
  static void hubs() throws Exception {
    Path data = init("hub");
    publish(data, "0.2.0", "r1,r2", "PUMP-0042", "PUMP-0043");
    good = bundle(data, SERIAL, "usb-good");
    otherSerial = bundle(data, "PUMP-0043", "usb-other-serial");
    publish(data, "0.2.1", "r1", SERIAL);
    faulty = bundle(data, SERIAL, "usb-faulty");
    try (LocalRepository local =
        LocalRepository.open(HubConfig.defaults(data), Clock.systemUTC(), new SecureRandom())) {
      // Provisioned at manufacture, from the hub, never from a bundle.
      imageRoot = local.repository().metadata("1.root.json").orElseThrow();
      directorRoot = local.repository().director().root(1).orElseThrow();
    }
    Path other = init("other-hub");
    publish(other, "0.2.0", "r1,r2", SERIAL);
    foreign = bundle(other, SERIAL, "usb-foreign");
  }

  private static Path init(String name) {
    Path data = hubs.resolve(name);
    CliRun init =
        CliRun.of(
            "release",
            "init-repo",
            "--data",
            data.toString(),
            "--root-key",
            key(name, "root", "root").toString(),
            "--root-threshold",
            "1",
            "--targets-key",
            key(name, "targets", "targets").toString(),
            "--targets-threshold",
            "1");
    assertThat(init.exit()).as(init.err()).isZero();
    return data;
  }

  private static void publish(Path data, String version, String revisions, String... serials)
      throws Exception {
    String name = data.getFileName().toString();
    Path image = hubs.resolve(name + "-rp1-" + version + ".fw");
    CliRun build =
        CliRun.of(
            "firmware",
            "build",
            "--version",
            version,
            "--revisions",
            revisions,
            "--out",
            image.toString());
    assertThat(build.exit()).as(build.err()).isZero();
    Path notes = Files.writeString(hubs.resolve(name + "-notes.md"), "Offline drill.\n");
    CliRun publish =
        CliRun.of(
            "release",
            "publish",
            "--data",
            data.toString(),
            "--image",
            image.toString(),
            "--version",
            version,
            "--hardware",
            "rp-1",
            "--notes",
            notes.toString(),
            "--targets-key",
            hubs.resolve(name + "-keys").resolve("targets.pem").toString());
    assertThat(publish.exit()).as(publish.err()).isZero();
    try (LocalRepository local =
        LocalRepository.open(HubConfig.defaults(data), Clock.systemUTC(), new SecureRandom())) {
      var releases = local.repository().releases();
      long release =
          releases.stream().filter(r -> r.version().equals(version)).findFirst().orElseThrow().id();
      for (String serial : serials) {
        local.repository().director().assign(serial, release, 1);
      }
    }
  }

  private static Path key(String hub, String name, String role) {
    Path file = hubs.resolve(hub + "-keys").resolve(name + ".pem");
    CliRun run = CliRun.of("keys", "generate", "--role", role, "--out", file.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    return file;
  }

  private static Path bundle(Path data, String serial, String name) {
    Path out = hubs.resolve(name);
    CliRun written =
        CliRun.of(
            "release",
            "bundle",
            "--data",
            data.toString(),
            "--serial",
            serial,
            "--out",
            out.toString());
    assertThat(written.exit()).as(written.err()).isZero();
    return out;
  }

  /** The pump: provisioned roots of trust, no hub link, the console with its PINs. */
  @BeforeEach
  void pump() throws Exception {
    pumpDir = dir.resolve("pump");
    Path trust = PumpUpdates.trustDir(pumpDir);
    Files.createDirectories(trust.resolve("image"));
    Files.createDirectories(trust.resolve("director"));
    Files.write(trust.resolve("image").resolve("root.json"), imageRoot);
    Files.write(trust.resolve("director").resolve("root.json"), directorRoot);
    updates = open();
    DemoPharmacy pharmacy = DemoPharmacy.loadOrCreate(dir.resolve("pharmacy"), random);
    ActiveDrugLibrary library =
        ActiveDrugLibrary.open(dir.resolve("druglib"), pharmacy.verifierKeys(), 2);
    library.install(pharmacy.sign(DrugLibrary.demo(), 2));
    pump.selfTest(List.of());
    PasswordHashes hashes = new PasswordHashes(new PasswordHashes.Cost(1024, 1, 1), random);
    console =
        new PumpConsole(
            pump,
            new PumpProgramming(pump, library, events::add),
            PumpConsole.hashPins(hashes, Optional.of("4711"), Optional.of("9000")),
            hashes,
            clock);
    updates.attach(console);
  }

  private PumpUpdates open() throws IOException {
    DeviceAgent agent =
        new DeviceAgent(
            new DeviceAgent.Config(
                URI.create("https://localhost:1"),
                dir.resolve("agent"),
                ReferencePump.MODEL,
                ReferencePump.FIRMWARE,
                Duration.ofSeconds(5),
                Duration.ofSeconds(5)),
            pump,
            clock,
            random,
            scheduler,
            Optional.empty());
    Updater.Source noHub =
        new Updater.Source() {
          @Override
          public Optional<org.primum.device.update.VerifiedTarget> check(long installed)
              throws IOException {
            throw new IOException("no link to the hub");
          }

          @Override
          public void download(org.primum.device.update.VerifiedTarget target, Path file)
              throws IOException {
            throw new IOException("no link to the hub");
          }
        };
    return PumpUpdates.open(
        pumpDir, SERIAL, noHub, pump, agent, clock, OfflineBundle.Settings.defaults(), events::add);
  }

  @AfterEach
  void close() {
    updates.close();
    scheduler.shutdownNow();
  }

  private List<String> types() {
    return events.stream().map(InfusionPump.Event::type).toList();
  }

  private Optional<InfusionPump.Event> last(String type) {
    return events.stream().filter(e -> e.type().equals(type)).reduce((a, b) -> b);
  }

  private Path copyOf(Path bundle) throws IOException {
    Path copy = dir.resolve("copy-of-" + bundle.getFileName());
    try (var files = Files.walk(bundle)) {
      for (Path from : files.toList()) {
        Path to = copy.resolve(bundle.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else {
          Files.copy(from, to);
        }
      }
    }
    return copy;
  }

  private void assertNothingChanged() {
    assertThat(updates.runningVersion()).isEqualTo(ReferencePump.FIRMWARE);
    assertThat(pumpDir.resolve("slots").resolve("b").resolve("image")).doesNotExist();
    assertThat(PumpUpdates.trustDir(pumpDir).resolve("offline-bundle")).doesNotExist();
    assertThat(pump.maintenance()).isEmpty();
  }

  @Test
  void goodBundle_appliedByBiomed_installs_andThePumpBootsTheNewSlotHealthy() throws Exception {
    assertThat(console.handle("bundle " + good)).contains("sign in first");
    console.handle("login clinician 4711");
    assertThat(console.handle("bundle " + good)).contains("biomed/service only");
    assertThat(console.handle("help")).doesNotContain("bundle");
    console.handle("logout");
    console.handle("login biomed 9000");
    assertThat(console.handle("help")).contains("bundle DIR");

    String answer = console.handle("bundle " + good);

    assertThat(answer)
        .startsWith("BUNDLE INSTALLED")
        .contains("update 0.2.0")
        .contains("health check passed");
    assertThat(updates.runningVersion()).isEqualTo("0.2.0");
    assertThat(console.screen())
        .contains("software: update 0.2.0: healthy")
        .contains("offline bundle: update 0.2.0 installed");
    assertThat(types())
        .containsSubsequence(
            "update.bundle.received",
            "update.download.started",
            "update.downloaded",
            "update.maintenance.started",
            "update.installing",
            "update.installed",
            "update.confirmed",
            "update.maintenance.ended",
            "update.bundle.installed");
    assertThat(last("update.confirmed").orElseThrow().payload().path("source").asText())
        .isEqualTo(PumpUpdates.OFFLINE_SOURCE);
    assertThat(last("update.bundle.received").orElseThrow().payload().path("user").asText())
        .isEqualTo("biomed@pump");
    // The staged copy is gone; the stick was only read.
    assertThat(PumpUpdates.trustDir(pumpDir).resolve("offline-bundle")).doesNotExist();
    assertThat(good.resolve("director").resolve("targets.json")).exists();

    // After a restart the pump runs the new slot.
    updates.close();
    updates = open();
    assertThat(updates.runningVersion()).isEqualTo("0.2.0");
    updates.attach(console);
    // The same bundle again: nothing newer, nothing changes.
    assertThat(console.handle("bundle " + good))
        .contains("nothing newer for this pump")
        .contains("running 0.2.0");
    assertThat(types()).endsWith("update.bundle.current");
  }

  @Test
  void tamperedImage_isRefused_andNothingChanges() throws Exception {
    Path bundle = copyOf(good);
    try (var files = Files.walk(bundle.resolve("tuf").resolve("targets"))) {
      Path image = files.filter(Files::isRegularFile).findFirst().orElseThrow();
      byte[] bytes = Files.readAllBytes(image);
      bytes[bytes.length / 2] ^= 1;
      Files.write(image, bytes);
    }
    console.handle("login biomed 9000");

    String answer = console.handle("bundle " + bundle);

    assertThat(answer)
        .startsWith("BUNDLE REFUSED (tuf-hash)")
        .contains("altered after signing")
        .contains("nothing changed: running 0.1.0");
    assertNothingChanged();
    assertThat(console.screen()).contains("offline bundle: refused (tuf-hash)");
    assertThat(last("update.bundle.refused").orElseThrow().payload().path("code").asText())
        .isEqualTo("tuf-hash");
    assertThat(types()).contains("update.refused").doesNotContain("update.installing");
  }

  @Test
  void bundleForAnotherSerial_isRefused_andDoesNotBecomeTrusted() {
    console.handle("login biomed 9000");

    String answer = console.handle("bundle " + otherSerial);

    assertThat(answer)
        .startsWith("BUNDLE REFUSED (tuf-target-refused)")
        .contains("assigned to device PUMP-0043, this device is PUMP-0042");
    assertNothingChanged();
    // The other pump's assignment did not become this pump's director baseline: its own bundle
    // still installs.
    assertThat(PumpUpdates.trustDir(pumpDir).resolve("director").resolve("targets.json"))
        .doesNotExist();
    assertThat(console.handle("bundle " + good)).startsWith("BUNDLE INSTALLED");
  }

  @Test
  void staleBundle_pastTheFreshnessWindow_isRefusedWithTheReason() {
    clock.advance(OfflineBundle.DEFAULT_FRESHNESS_WINDOW.plusDays(1));
    console.handle("login biomed 9000");

    String answer = console.handle("bundle " + good);

    assertThat(answer)
        .startsWith("BUNDLE REFUSED (tuf-stale-bundle)")
        .contains("stale offline bundle")
        .contains("expired")
        .contains("at most 7 days");
    assertNothingChanged();
    assertThat(last("update.bundle.refused").orElseThrow().payload().path("code").asText())
        .isEqualTo("tuf-stale-bundle");
  }

  @Test
  void bundleWhoseRootDoesNotChainFromThePumpsRoot_isRefused() throws Exception {
    console.handle("login biomed 9000");

    assertThat(console.handle("bundle " + foreign))
        .startsWith("BUNDLE REFUSED (bundle-root-chain)")
        .contains("does not start from this pump's trusted root");
    assertNothingChanged();

    // The pump's own root copied into the foreign bundle does not help: everything else in it is
    // signed by keys that root does not name.
    Path dressedUp = copyOf(foreign);
    Files.copy(
        good.resolve("tuf").resolve("1.root.json"),
        dressedUp.resolve("tuf").resolve("1.root.json"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.copy(
        good.resolve("director").resolve("1.root.json"),
        dressedUp.resolve("director").resolve("1.root.json"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(console.handle("bundle " + dressedUp))
        .startsWith("BUNDLE REFUSED (tuf-threshold)")
        .contains("not signed by the keys this pump trusts")
        .contains("nothing changed");
    assertNothingChanged();
  }

  @Test
  void aReleaseThatFailsItsHealthCheck_rollsBackByItself() {
    console.handle("login biomed 9000");

    String answer = console.handle("bundle " + faulty);

    assertThat(answer)
        .startsWith("BUNDLE ROLLED BACK")
        .contains("no motor driver for hardware revision r2")
        .contains("back on 0.1.0");
    assertThat(updates.runningVersion()).isEqualTo(ReferencePump.FIRMWARE);
    assertThat(console.screen()).contains("offline bundle: update 0.2.1 installed but");
    assertThat(types())
        .containsSubsequence("update.installed", "update.rolled-back", "update.bundle.rolled-back");
    assertThat(pump.maintenance()).isEmpty();
  }

  @Test
  void pumpWithoutProvisionedRoots_refusesEveryBundle() throws Exception {
    Path trust = PumpUpdates.trustDir(pumpDir);
    try (var files = Files.walk(trust)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    console.handle("login biomed 9000");

    assertThat(console.handle("bundle " + good))
        .startsWith("BUNDLE REFUSED (bundle-no-trust)")
        .contains("never trusted on its own");
    assertThat(trust.resolve("image")).doesNotExist();
    assertThat(updates.runningVersion()).isEqualTo(ReferencePump.FIRMWARE);
  }

  @Test
  void duringTherapy_theBundleWaits_thenInstallsOnceTheInfusionIsStopped() throws Exception {
    Path stick = copyOf(good);
    console.handle("login biomed 9000");
    console.handle(HEPARIN);
    console.handle("confirm");
    assertThat(console.handle("start")).startsWith("INFUSING");
    tick(Duration.ofMinutes(1));

    String answer = console.handle("bundle " + stick);

    assertThat(answer)
        .startsWith("BUNDLE VERIFIED")
        .contains("update 0.2.0 verified and staged")
        .contains("installs when no therapy runs");
    assertThat(console.screen())
        .startsWith("INFUSING")
        .contains("software: update 0.2.0 ready: installs when no therapy runs [offline bundle]")
        .contains("offline bundle: update 0.2.0 verified and staged");
    assertThat(updates.runningVersion()).isEqualTo(ReferencePump.FIRMWARE);
    assertThat(types()).contains("update.waiting-for-therapy", "update.bundle.staged");

    // The stick can go: the bundle is staged in the pump and checked again at every cycle.
    try (var files = Files.walk(stick)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
    double before = pump.deliveredForProgramMl();
    tick(Duration.ofMinutes(1));
    assertThat(updates.runOnce().phase().name()).isEqualTo("WAITING_FOR_THERAPY");
    // 1000 units/h of 25000 units in 250 mL is 10 mL/h: one more minute, one sixth of a mL.
    assertThat(pump.deliveredForProgramMl() - before)
        .isCloseTo(10.0 / 60, org.assertj.core.data.Offset.offset(0.01));
    assertThat(updates.runningVersion()).isEqualTo(ReferencePump.FIRMWARE);

    // The staged bundle survives a restart of the updater and is verified again.
    updates.close();
    updates = open();
    updates.attach(console);
    assertThat(console.screen())
        .contains("[offline bundle]")
        .contains("offline bundle: a bundle staged before the restart is verified again");

    console.handle("pause");
    assertThat(console.handle("stop")).startsWith("IDLE");
    // The updater's next scheduled cycle.
    assertThat(updates.runOnce().phase().name()).isEqualTo("HEALTHY");

    assertThat(updates.runningVersion()).isEqualTo("0.2.0");
    assertThat(console.screen()).contains("offline bundle: update 0.2.0 installed");
    assertThat(types())
        .containsSubsequence(
            "update.bundle.staged",
            "update.installing",
            "update.confirmed",
            "update.bundle.installed");
    assertThat(pump.maintenance()).isEmpty();
    assertThat(PumpUpdates.trustDir(pumpDir).resolve("offline-bundle")).doesNotExist();
  }

  private void tick(Duration d) {
    for (long s = 0; s < d.toSeconds(); s++) {
      clock.advance(Duration.ofSeconds(1));
      pump.tick();
    }
  }
}
