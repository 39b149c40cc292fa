package org.primum.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Stream;
import org.primum.core.formats.EnrollmentTokens;
import org.primum.hub.Hub;
import org.primum.hub.HubConfig;
import org.primum.hub.advisories.NotificationSettings;
import org.primum.hub.advisories.SmtpSettings;
import org.primum.pump.DemoOrders;
import org.primum.pump.DemoPharmacy;
import org.primum.pump.Fault;
import org.primum.pump.SimulatedPump;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code primum demo}: a hub with embedded SQLite and a fleet of simulated reference pumps in one
 * process. The pumps talk to the hub exactly as separate pumps would: EST enrollment with one-time
 * tokens, then signed status reports over mutual TLS.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Start a hub (embedded SQLite) and a fleet of simulated reference pumps.",
      "Running it again reuses the same data directory, devices and accounts."
    })
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--data",
      defaultValue = "primum-data",
      paramLabel = "DIR",
      description = "Data directory (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--pumps",
      defaultValue = "10",
      description =
          "Number of simulated pumps (default: ${DEFAULT-VALUE}): PUMP-0001..0005 act out"
              + " therapy scenarios in the ICU, the others stand idle on the biomed bench and"
              + " Ward-4B, where the release story updates them.")
  int pumps;

  @Option(
      names = "--port",
      defaultValue = "8443",
      description = "HTTPS port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--report-interval",
      defaultValue = "5",
      paramLabel = "SECONDS",
      description = "Seconds between pump status reports (default: ${DEFAULT-VALUE}).")
  int reportSeconds;

  @Option(
      names = "--fault",
      paramLabel = "SERIAL=NAME",
      description =
          "Inject a fault into one pump 60 s after start, e.g. PUMP-0003=air (see primum pump"
              + " --help for the names). Repeatable.")
  List<String> faults = new ArrayList<>();

  @Option(
      names = "--calm",
      description =
          "Leave out the demo's own faults and its release story (by default, after 60 s"
              + " PUMP-0003's flow sensor starts to disagree, so it latches safe mode, and"
              + " PUMP-0005 is offered a tampered drug library, which it refuses; after 20 s a"
              + " scripted release manager publishes and rolls out pump software 0.2.0, then a"
              + " faulty 0.3.0 whose rollout pauses itself, aborts it, and rolls out a fix).")
  boolean calm;

  @Override
  public Integer call() throws Exception {
    if (pumps < 0 || pumps > 2000) {
      throw new IllegalArgumentException("--pumps must be between 0 and 2000");
    }
    Clock clock = Clock.systemUTC();
    SecureRandom random = new SecureRandom();
    // A subscribing hospital: a webhook receiver and a mail server, both on loopback, so advisory
    // and rollout notifications, and the researcher's case mail, can be seen arriving (plain HTTP
    // to loopback is allowed for the demo only).
    DemoHospital hospital = DemoHospital.start();
    Hub hub =
        Hub.start(
            HubConfig.defaults(dataDir)
                .withPort(port)
                .withNotifications(
                    new NotificationSettings(
                            8,
                            Duration.ofSeconds(2),
                            Duration.ofMinutes(1),
                            Duration.ofSeconds(10),
                            Duration.ofSeconds(30),
                            true,
                            Optional.empty())
                        .withSmtp(
                            SmtpSettings.of(
                                "127.0.0.1",
                                hospital.smtpPort(),
                                "notices@primum.example",
                                false))),
            clock,
            random);
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    // Written by the main thread while pumps start, read by the shutdown hook on Ctrl-C.
    List<SimulatedPump> fleet = new java.util.concurrent.CopyOnWriteArrayList<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("\nStopping the demo: pumps first, then the hub.");
                  try {
                    fleet.forEach(SimulatedPump::close);
                    scheduler.shutdownNow();
                    hospital.close();
                  } finally {
                    hub.close();
                    stopped.countDown();
                  }
                },
                "primum-demo-shutdown"));
    URI hubUri = URI.create("https://localhost:" + hub.port());
    // The hospital pharmacy signs the drug library every demo pump gets (2 of 3 keys).
    SimulatedPump.LibrarySupply library =
        DemoPharmacy.loadOrCreate(dataDir.resolve("pharmacy"), random).demoSupply();
    // The release manager's image repository (offline keys, root v1) must exist before pumps are
    // provisioned with its root of trust.
    ReleaseStory story = ReleaseStory.prepare(dataDir, hub, hospital);
    SimulatedPump.UpdateTrust trust = story.trust();
    List<String> serials = new ArrayList<>();
    for (int i = 1; i <= pumps; i++) {
      String serial = String.format(Locale.ROOT, "PUMP-%04d", i);
      serials.add(serial);
      fleet.add(startPump(hub, hubUri, serial, clock, random, scheduler, library, trust));
    }
    story.placeAll(serials);
    // The EHR sends PUMP-0001 an infusion order; the nurse reviews and confirms it at the pump.
    if (fleet.stream().anyMatch(p -> p.serial().equals("PUMP-0001"))) {
      hub.orders()
          .submit(
              "PUMP-0001",
              DemoOrders.heparin("PUMP-0001", "DEMO-" + clock.instant().toEpochMilli(), clock),
              "demo:ehr",
              "local");
    }
    List<String> injected = new ArrayList<>(faults);
    if (!calm && faults.isEmpty()) {
      injected.add("PUMP-0003=sensor-disagree");
      injected.add("PUMP-0005=library-tamper");
      injected.removeIf(spec -> fleet.stream().noneMatch(p -> spec.startsWith(p.serial() + "=")));
    }
    for (String spec : injected) {
      String[] parts = spec.split("=", 2);
      Fault fault =
          parts.length == 2
              ? Fault.parse(parts[1])
                  .orElseThrow(() -> new IllegalArgumentException("--fault: unknown fault " + spec))
              : null;
      SimulatedPump target =
          fleet.stream()
              .filter(p -> p.serial().equals(parts[0]))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "--fault: no pump " + parts[0] + " in the demo"));
      if (fault == null) {
        throw new IllegalArgumentException("--fault: expected SERIAL=NAME, found " + spec);
      }
      scheduler.schedule(() -> target.inject(fault), 60, java.util.concurrent.TimeUnit.SECONDS);
    }
    if (!calm) {
      Thread manager =
          new Thread(
              () -> {
                try {
                  Thread.sleep(20_000);
                  story.act(fleet.size());
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } catch (Exception | Error e) {
                  System.out.println("Release manager (demo): stopped: " + e.getMessage());
                }
              },
              "primum-demo-release-manager");
      manager.setDaemon(true);
      manager.start();
    }
    Banner.hub(System.out, hub, dataDir);
    System.out.println(
        "  Fleet:       "
            + fleet.size()
            + " simulated reference pumps, each with its own key"
            + " and certificate, reporting every "
            + reportSeconds
            + " s over mutual TLS.");
    System.out.println("  Data:        " + dataDir.toAbsolutePath() + " (run again to reuse it)");
    System.out.println("Press Ctrl-C to stop.");
    stopped.await();
    return 0;
  }

  private SimulatedPump startPump(
      Hub hub,
      URI hubUri,
      String serial,
      Clock clock,
      SecureRandom random,
      ScheduledExecutorService scheduler,
      SimulatedPump.LibrarySupply library,
      SimulatedPump.UpdateTrust trust)
      throws Exception {
    Path pumpDir = dataDir.resolve("pumps").resolve(serial);
    boolean knownToHub = hub.fleet().device(serial).isPresent();
    if (!knownToHub && Files.exists(pumpDir.resolve("identity"))) {
      // The hub's database was reset but this pump kept an old identity: provision it afresh.
      deleteRecursively(pumpDir);
    }
    Optional<EnrollmentTokens.Token> token = Optional.empty();
    if (!Files.exists(pumpDir.resolve("identity").resolve("device.pem"))) {
      token =
          Optional.of(
              hub.fleet().createToken("demo", serial, Duration.ofMinutes(10), "local").token());
    }
    return SimulatedPump.start(
        hubUri,
        pumpDir,
        token,
        Optional.of(hub.pki().caCertificate()),
        Duration.ofSeconds(Math.max(1, reportSeconds)),
        clock,
        random,
        scheduler,
        Optional.empty(),
        Optional.of(library),
        true,
        Optional.of(trust));
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
