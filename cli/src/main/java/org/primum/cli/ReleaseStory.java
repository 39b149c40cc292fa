package org.primum.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import org.primum.core.files.SecureFiles;
import org.primum.hub.Hub;
import org.primum.hub.updates.RolloutRefusal;
import org.primum.hub.updates.RolloutState;
import org.primum.hub.updates.RolloutSummary;
import org.primum.pump.SimulatedPump;
import org.primum.pump.update.FirmwareImage;

/**
 * The demo's scripted release manager. It does exactly what a person would do with the documented
 * commands (each is printed, then run through the same command line): make offline keys, create the
 * image repository, build, sign and publish pump software, and roll it out in waves — then a faulty
 * release whose wave pauses itself when pumps fail their health check and roll back, an abort, and
 * a fixed release that completes.
 *
 * <p>Sites: PUMP-0001..0005 are in therapy at site ICU; PUMP-0006..0007 stand on the biomed bench
 * (the pilot wave), PUMP-0008 on are idle on Ward-4B. Pumps in therapy never install; the story
 * rolls out to the idle pumps, and leaves the ICU to the person trying the demo.
 */
final class ReleaseStory {
  static final String HARDWARE = SimulatedPump.HARDWARE_ID;
  private final Path data;
  private final Path desk;
  private final Hub hub;

  private final DemoHospital hospital;

  private ReleaseStory(Path data, Hub hub, DemoHospital hospital) {
    this.data = data;
    this.desk = data.resolve("release-manager");
    this.hub = hub;
    this.hospital = hospital;
  }

  /**
   * Makes sure the hub's image repository exists, creating the release manager's offline keys (2 of
   * 2 root keys, 2 of 2 targets keys, in {@code <data>/release-manager/keys}: a demo keeps them
   * beside the hub; a real release manager keeps them offline) and root v1 on first start.
   */
  static ReleaseStory prepare(Path data, Hub hub, DemoHospital hospital) throws IOException {
    ReleaseStory story = new ReleaseStory(data, hub, hospital);
    if (!hub.updates().isInitialized()) {
      Path keys = SecureFiles.ownerOnlyDirectory(story.desk.resolve("keys"));
      for (String name :
          List.of("root-1", "root-2", "targets-1", "targets-2", "pharmacy-1", "pharmacy-2")) {
        if (!Files.exists(keys.resolve(name + ".pem"))) {
          story.quietly(
              "keys",
              "generate",
              "--role",
              name.substring(0, name.indexOf('-')),
              "--out",
              keys.resolve(name + ".pem").toString());
        }
      }
      story.run(
          "release",
          "init-repo",
          "--data",
          data.toString(),
          "--root-key",
          keys.resolve("root-1.pem").toString(),
          keys.resolve("root-2.pem").toString(),
          "--root-threshold",
          "2",
          "--targets-key",
          keys.resolve("targets-1.pem").toString(),
          keys.resolve("targets-2.pem").toString(),
          "--targets-threshold",
          "2",
          "--pharmacy-pub",
          keys.resolve("pharmacy-1.pem.pub.json").toString(),
          keys.resolve("pharmacy-2.pem.pub.json").toString(),
          "--pharmacy-threshold",
          "2");
    }
    return story;
  }

  /** The roots of trust a new pump is provisioned with. */
  SimulatedPump.UpdateTrust trust() {
    byte[] imageRoot =
        hub.updates()
            .metadata("1.root.json")
            .orElseThrow(() -> new IllegalStateException("the image repository has no root"));
    return new SimulatedPump.UpdateTrust(imageRoot, hub.updates().director().root(1).orElseThrow());
  }

  /** The hospital's biomed team asks to hear when a rollout reaches its bench (issue 4). */
  private void subscribeHospital() {
    try {
      hub.rollouts().subscribe("demo", "Biomed-Bench", DemoHospital.MAILBOX, "local");
      say(
          "subscribes "
              + DemoHospital.MAILBOX
              + " to rollouts reaching Biomed-Bench: the hub mails it when a rollout gets there.");
    } catch (RolloutRefusal e) {
      say("could not subscribe the hospital: " + e.getMessage());
    }
  }

  /** The demo's site for a pump: ICU (in therapy), Biomed-Bench or Ward-4B (idle). */
  static String siteOf(String serial) {
    int n = Integer.parseInt(serial.replaceAll("\\D", ""));
    return n <= 5 ? "ICU" : n <= 7 ? "Biomed-Bench" : "Ward-4B";
  }

  void placeAll(List<String> serials) {
    for (String serial : serials) {
      try {
        hub.rollouts().setSite("demo", serial, siteOf(serial), Optional.of(HARDWARE), "local");
      } catch (RolloutRefusal e) {
        System.out.println("  (could not place " + serial + ": " + e.getMessage() + ")");
      }
    }
  }

  /** Acts the story out; returns when it is done (or could not go on). */
  void act(int pumps) throws Exception {
    if (pumps < 8) {
      say("needs at least 8 pumps (PUMP-0006 on are the idle ones it updates); skipped.");
      return;
    }
    if (hub.updates().releases().stream().anyMatch(r -> r.version().equals("0.2.0"))) {
      say("already acted out in this data directory; see /updates/rollouts.");
      return;
    }
    say(
        "imports known-vulnerability data (a small real OSV sample, offline) so every release's"
            + " SBOM is matched before it is published.");
    run(
        "vuln",
        "import",
        "--data",
        data.toString(),
        "--name",
        "osv-demo",
        osvSample(false).toString());
    subscribeHospital();
    say("publishes software 0.2.0 and rolls it out: the biomed bench first, then Ward-4B.");
    publish("0.2.0", FirmwareImage.REVISIONS, "Faster occlusion detection. Fixes nothing known.");
    long first = rollout("0.2.0");
    RolloutSummary done = await(first, s -> !s.state().isOpen(), Duration.ofMinutes(5));
    say("rollout " + first + " of 0.2.0 " + describe(done));
    hospital.awaitMail(DemoHospital.MAILBOX, "Rollout " + first + ":", 15);

    say("publishes 0.3.0 — built without the motor driver for hardware revision r2 (a mistake).");
    publish("0.3.0", List.of("r1"), "New alarm tones. (Faulty build: r2 driver left out.)");
    long faulty = rollout("0.3.0");
    RolloutSummary paused =
        await(faulty, s -> s.state() != RolloutState.RUNNING, Duration.ofMinutes(5));
    say("rollout " + faulty + " of 0.3.0 " + describe(paused));
    if (paused.state() == RolloutState.PAUSED) {
      run(
          "rollout",
          "abort",
          "--data",
          data.toString(),
          "--id",
          Long.toString(faulty),
          "--reason",
          "r2 pumps fail the health check; a fixed build follows");
    }

    // Meanwhile a researcher reports a flaw in the published releases (product versions are picked
    // from what is published, so it comes now).
    DisclosureStory disclosure = new DisclosureStory(hub, hospital);
    disclosure.reportAndTriage();
    say("publishes the fix, 0.3.1, for both revisions, and rolls it out.");
    publish(
        "0.3.1",
        FirmwareImage.REVISIONS,
        "New alarm tones; r2 motor driver restored. Security: the console no longer accepts a"
            + " drug library older than the installed one (CVE-2026-40001, disclosure case "
            + disclosure.caseId()
            + ").");
    long fixed = rollout("0.3.1");
    RolloutSummary end = await(fixed, s -> !s.state().isOpen(), Duration.ofMinutes(5));
    say("rollout " + fixed + " of 0.3.1 " + describe(end));
    disclosure.fixShipped("0.3.1");
    disclosure.publishAdvisory();
    disclosure.researcherChecks();
    publishLibrary();
    supplyChainStory();
    say(
        "done. See /updates/rollouts and each pump's evidence (update.* events). Try the ICU:"
            + " ./primum rollout start --data "
            + data
            + " --release 0.3.1 --hardware rp-1 --waves-by-site ICU (pumps in therapy wait).");
  }

  /**
   * The supply-chain part: a candidate build that pulls in log4j-core 2.14.1 is refused by the
   * release gate (Log4Shell), passes once the release manager records VEX statements saying why
   * this product version is not affected; then newer OSV data flags the release the fleet already
   * runs, and the hub counts the pumps that run it, site by site.
   */
  private void supplyChainStory() throws Exception {
    say("builds candidate 0.3.2, which pulls in log4j-core 2.14.1 for a diagnostics export.");
    Path builds = Files.createDirectories(desk.resolve("builds"));
    Path image = builds.resolve("primum-rp1-0.3.2.fw");
    Path notes = builds.resolve("primum-rp1-0.3.2.notes.md");
    Files.writeString(
        notes,
        "# Reference pump software 0.3.2\n\nDiagnostics export (uses log4j-core 2.14.1).\n",
        StandardCharsets.UTF_8);
    String log4j = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";
    run("firmware", "build", "--version", "0.3.2", "--with", log4j, "--out", image.toString());
    String[] publish = publishArgs("0.3.2", image, notes);
    System.out.println("  $ primum " + String.join(" ", publish));
    int refused = Primum.run(publish);
    say(
        refused == 1
            ? "the release gate refused 0.3.2 (exit 1): Log4Shell. In this build JNDI lookups are"
                + " off and the JndiLookup class is stripped, so the product security team records"
                + " VEX statements for this product version and component."
            : "expected the release gate to refuse 0.3.2, but publish exited " + refused);
    for (String cve : List.of("CVE-2021-44228", "CVE-2021-45046")) {
      run(
          "vex",
          "add",
          "--data",
          data.toString(),
          "--hardware",
          HARDWARE,
          "--version",
          "0.3.2",
          "--vulnerability",
          cve,
          "--component",
          log4j,
          "--status",
          "not_affected",
          "--justification",
          "vulnerable_code_not_in_execute_path",
          "--detail",
          "JndiLookup.class removed from the image; message lookups disabled");
    }
    run(publish);
    say("0.3.2 passed the gate with its VEX statements (see /supplychain). It is not rolled out.");

    say(
        "imports a newer OSV snapshot: it adds an advisory for jackson-core 2.14.2, which every"
            + " build so far carries, including 0.3.1 that the fleet runs.");
    run(
        "vuln",
        "import",
        "--data",
        data.toString(),
        "--name",
        "osv-demo",
        osvSample(true).toString());
    say("fleet exposure is on /supplychain: which releases, how many pumps, at which sites.");
  }

  /** Writes the bundled OSV sample (and, with {@code update}, the newer records) to a folder. */
  private Path osvSample(boolean update) throws IOException {
    Path dir = Files.createDirectories(desk.resolve(update ? "osv-demo-update" : "osv-demo"));
    List<String> files =
        new ArrayList<>(
            List.of(
                "osv-demo/GHSA-jfh8-c2jp-5v3q.json",
                "osv-demo/GHSA-7rjr-3q55-vv33.json",
                "osv-demo/GHSA-p6mc-m468-83gw.json",
                "osv-demo/DSA-5218-1.json"));
    if (update) {
      files.add("osv-demo-update/GHSA-h46c-h94j-95f3.json");
    }
    for (String file : files) {
      try (var in = ReleaseStory.class.getResourceAsStream(file)) {
        if (in == null) {
          throw new IllegalStateException("the demo OSV sample lacks " + file);
        }
        Files.write(dir.resolve(file.substring(file.indexOf('/') + 1)), in.readAllBytes());
      }
    }
    return dir;
  }

  /**
   * The pharmacy's part: the next version of the demo drug library, signed with 2 of 3 pharmacy
   * note keys (its content), published through the image repository's {@code pharmacy} delegation
   * with 2 of 2 pharmacy TUF keys (its transport); every pump installs it at its next update check.
   */
  private void publishLibrary() throws Exception {
    var current = org.primum.pump.druglib.DrugLibrary.demo();
    String json = new String(current.canonicalJson(), StandardCharsets.UTF_8);
    String next =
        json.replaceFirst(
            "\"version\":" + current.version(), "\"version\":" + (current.version() + 1));
    byte[] note =
        org.primum.pump.DemoPharmacy.loadOrCreate(
                data.resolve("pharmacy"), new java.security.SecureRandom())
            .sign(
                org.primum.pump.druglib.DrugLibrary.parse(next.getBytes(StandardCharsets.UTF_8)),
                org.primum.pump.DemoPharmacy.THRESHOLD);
    Path file = Files.createDirectories(data.resolve("pharmacy")).resolve("library-next.note");
    Files.write(file, note);
    say(
        "the pharmacy publishes drug library version "
            + (current.version() + 1)
            + " through the image repository (delegated role pharmacy, 2 of 2 keys).");
    Path keys = desk.resolve("keys");
    run(
        "druglib",
        "publish",
        file.toString(),
        "--data",
        data.toString(),
        "--pharmacy-key",
        keys.resolve("pharmacy-1.pem").toString(),
        keys.resolve("pharmacy-2.pem").toString());
  }

  private void publish(String version, List<String> revisions, String notesText)
      throws IOException {
    Path builds = Files.createDirectories(desk.resolve("builds"));
    Path image = builds.resolve("primum-rp1-" + version + ".fw");
    Path notes = builds.resolve("primum-rp1-" + version + ".notes.md");
    Files.writeString(
        notes,
        "# Reference pump software " + version + "\n\n" + notesText + "\n",
        StandardCharsets.UTF_8);
    run(
        "firmware",
        "build",
        "--version",
        version,
        "--revisions",
        String.join(",", revisions),
        "--out",
        image.toString());
    run(publishArgs(version, image, notes));
  }

  private String[] publishArgs(String version, Path image, Path notes) {
    Path keys = desk.resolve("keys");
    return new String[] {
      "release",
      "publish",
      "--data",
      data.toString(),
      "--image",
      image.toString(),
      "--version",
      version,
      "--hardware",
      HARDWARE,
      "--notes",
      notes.toString(),
      "--targets-key",
      keys.resolve("targets-1.pem").toString(),
      keys.resolve("targets-2.pem").toString()
    };
  }

  private long rollout(String version) {
    run(
        "rollout",
        "start",
        "--data",
        data.toString(),
        "--release",
        version,
        "--hardware",
        HARDWARE,
        "--waves-by-site",
        "Biomed-Bench,Ward-4B");
    return hub.rollouts().rollouts().stream()
        .filter(r -> r.releaseVersion().equals(version))
        .mapToLong(RolloutSummary::id)
        .max()
        .orElseThrow(
            () -> new IllegalStateException("the rollout of " + version + " did not start"));
  }

  private RolloutSummary await(long id, Predicate<RolloutSummary> until, Duration limit)
      throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    RolloutSummary last = summary(id);
    while (!until.test(last) && System.nanoTime() < end) {
      Thread.sleep(1000);
      last = summary(id);
    }
    return last;
  }

  private RolloutSummary summary(long id) {
    return hub.rollouts().rollouts().stream().filter(r -> r.id() == id).findFirst().orElseThrow();
  }

  private static String describe(RolloutSummary s) {
    List<String> counts = new ArrayList<>();
    s.counts().forEach((state, n) -> counts.add(n + " " + state.label()));
    return s.state().name().toLowerCase(Locale.ROOT)
        + " at wave "
        + s.currentWave()
        + " of "
        + s.waveCount()
        + " ("
        + String.join(", ", counts)
        + ")"
        + s.pauseReason().map(r -> ": " + r).orElse("");
  }

  private void run(String... args) {
    System.out.println("  $ primum " + String.join(" ", args));
    int code = Primum.run(args);
    if (code != 0) {
      throw new IllegalStateException("primum " + args[0] + " " + args[1] + " exited " + code);
    }
  }

  private void quietly(String... args) {
    int code = Primum.run(args);
    if (code != 0) {
      throw new IllegalStateException("primum " + String.join(" ", args) + " exited " + code);
    }
  }

  private static void say(String text) {
    System.out.println("Release manager (demo): " + text);
  }
}
