package org.primum.cli;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.primum.core.crypto.Pem;
import org.primum.core.formats.EnrollmentTokens;
import org.primum.core.formats.NoteRejection;
import org.primum.core.formats.NoteVerifierKey;
import org.primum.pump.Fault;
import org.primum.pump.PumpConsole;
import org.primum.pump.SimulatedPump;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code primum pump}: one simulated reference pump that enrolls and then reports. */
@Command(
    name = "pump",
    mixinStandardHelpOptions = true,
    description = {
      "Run one simulated reference pump. On first start it generates its own key pair and enrolls",
      "with a one-time token over TLS pinned to the hub CA; afterwards it reports over mutual TLS.",
      "The pump opens no listening socket."
    })
final class PumpCommand implements Callable<Integer> {
  @Option(
      names = "--hub",
      required = true,
      paramLabel = "URL",
      description = "The hub, e.g. https://localhost:8443")
  URI hub;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR",
      description = "The pump's own data directory.")
  Path dataDir;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "One-time enrollment token (first start only).")
  String token;

  @Option(
      names = "--ca",
      paramLabel = "FILE",
      description = "The hub CA certificate to pin (first start only).")
  Path caFile;

  @Option(
      names = "--report-interval",
      defaultValue = "5",
      paramLabel = "SECONDS",
      description = "Seconds between status reports (default: ${DEFAULT-VALUE}).")
  int reportSeconds;

  @Option(
      names = "--druglib",
      paramLabel = "FILE",
      description = "A signed drug library (signed note) to install if newer than the active one.")
  Path drugLibrary;

  @Option(
      names = "--pharmacy-keys",
      paramLabel = "FILE",
      description =
          "The pharmacy keys the pump trusts for drug libraries: first line the threshold, then"
              + " one verifier key per line (first provisioning only; kept in the pump's data).")
  Path pharmacyKeys;

  @Option(
      names = "--fault",
      paramLabel = "NAME",
      description =
          "Inject a fault after --fault-after seconds: occlusion, air, battery-low,"
              + " sensor-disagree, watchdog, library-tamper, library-corrupt, clock-jump,"
              + " network-loss, hub-flood. Repeatable.")
  List<String> faults = new ArrayList<>();

  @Option(
      names = "--fault-after",
      defaultValue = "60",
      paramLabel = "SECONDS",
      description = "When to inject the faults (default: ${DEFAULT-VALUE}).")
  int faultAfter;

  @Option(
      names = "--console",
      description =
          "Operate the pump from this terminal (its local user interface: patient PCA button,"
              + " clinician and biomed with PINs) instead of the demo's scripted nurse.")
  boolean console;

  @Override
  public Integer call() throws Exception {
    List<Fault> injected = new ArrayList<>();
    for (String name : faults) {
      injected.add(
          Fault.parse(name)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "--fault: unknown fault '"
                              + name
                              + "'; one of "
                              + java.util.Arrays.stream(Fault.values())
                                  .map(Fault::cliName)
                                  .toList())));
    }
    Optional<SimulatedPump.LibrarySupply> library = librarySupply();
    Optional<EnrollmentTokens.Token> parsedToken = Optional.empty();
    if (token != null) {
      try {
        parsedToken = Optional.of(EnrollmentTokens.parse(token));
      } catch (EnrollmentTokens.TokenRejection e) {
        throw new IllegalArgumentException("--token: " + e.getMessage());
      }
    }
    Optional<X509Certificate> ca = Optional.empty();
    if (caFile != null) {
      if (!Files.isRegularFile(caFile)) {
        throw new IllegalArgumentException("--ca: no such file " + caFile);
      }
      try {
        ca = Optional.of(Pem.parseCertificate(Files.readString(caFile)));
      } catch (Pem.PemRejection e) {
        throw new IllegalArgumentException("--ca " + caFile + ": " + e.getMessage());
      }
    }
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    CountDownLatch stopped = new CountDownLatch(1);
    try (SimulatedPump pump =
        SimulatedPump.start(
            hub,
            dataDir,
            parsedToken,
            ca,
            Duration.ofSeconds(Math.max(1, reportSeconds)),
            Clock.systemUTC(),
            new SecureRandom(),
            scheduler,
            Optional.empty(),
            library,
            !console)) {
      for (Fault fault : injected) {
        scheduler.schedule(
            () -> pump.inject(fault),
            Math.max(0, faultAfter),
            java.util.concurrent.TimeUnit.SECONDS);
      }
      System.out.println(
          "Pump "
              + pump.serial()
              + " enrolled (certificate sha256:"
              + pump.identity().certificateFingerprint()
              + "); reporting to "
              + hub
              + " every "
              + reportSeconds
              + " s. Ctrl-C stops it.");
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    pump.close();
                    scheduler.shutdownNow();
                    stopped.countDown();
                  },
                  "primum-pump-shutdown"));
      if (console) {
        runConsole(pump);
      }
      stopped.await();
    }
    return 0;
  }

  private Optional<SimulatedPump.LibrarySupply> librarySupply() throws Exception {
    if (drugLibrary == null && pharmacyKeys == null) {
      return Optional.empty();
    }
    if (drugLibrary == null || pharmacyKeys == null) {
      throw new IllegalArgumentException("--druglib and --pharmacy-keys go together");
    }
    List<String> lines = Files.readAllLines(pharmacyKeys);
    int threshold;
    try {
      threshold = Integer.parseInt(lines.get(0).strip());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "--pharmacy-keys " + pharmacyKeys + ": the first line must be the threshold");
    }
    List<NoteVerifierKey> keys = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (!line.isBlank()) {
        try {
          keys.add(NoteVerifierKey.parse(line.strip()));
        } catch (NoteRejection e) {
          throw new IllegalArgumentException(
              "--pharmacy-keys " + pharmacyKeys + ": " + e.getMessage());
        }
      }
    }
    return Optional.of(
        new SimulatedPump.LibrarySupply(Files.readAllBytes(drugLibrary), keys, threshold));
  }

  /** The local console on standard input and output; end of input leaves the pump running. */
  private static void runConsole(SimulatedPump pump) throws java.io.IOException {
    PumpConsole console =
        pump.console(
            new SecureRandom(),
            pins ->
                System.out.println(
                    "Console PINs (shown once; only their hashes are kept): " + pins));
    System.out.println(console.screen());
    System.out.println("Type help. The patient's PCA button is: pca");
    java.io.BufferedReader in =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
    System.out.print("pump> ");
    System.out.flush();
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      System.out.println(console.handle(line));
      System.out.print("pump> ");
      System.out.flush();
    }
  }
}
