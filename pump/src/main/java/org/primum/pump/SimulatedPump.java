package org.primum.pump;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.primum.core.crypto.PasswordHashes;
import org.primum.core.evidence.Severity;
import org.primum.core.formats.EnrollmentTokens;
import org.primum.core.formats.NoteRejection;
import org.primum.core.formats.NoteVerifierKey;
import org.primum.device.DeviceAgent;
import org.primum.device.LinkState;
import org.primum.device.identity.DeviceIdentity;
import org.primum.device.identity.EnrollmentRefused;
import org.primum.device.patient.PatientPseudonyms;
import org.primum.device.patient.PatientRecordStore;
import org.primum.device.update.Fetcher;
import org.primum.device.update.HttpFetcher;
import org.primum.device.update.UpdateClient;
import org.primum.device.update.UpdateLimits;
import org.primum.device.update.ab.Updater;
import org.primum.pump.druglib.DrugLibraryRejection;
import org.primum.pump.therapy.InfusionPump;
import org.primum.pump.therapy.PumpMechanics;
import org.primum.pump.therapy.TherapyLoop;
import org.primum.pump.update.OfflineBundle;
import org.primum.pump.update.PumpUpdates;

/**
 * One simulated reference pump: the device kit's agent (enrollment, mutual TLS, signed status
 * reports, renewal) driven by the demo therapy simulator. Used by {@code primum pump} and {@code
 * primum demo}.
 */
public final class SimulatedPump implements AutoCloseable {
  /** A signed drug library for the pump and the pharmacy keys that must vouch for it. */
  public record LibrarySupply(
      byte[] signedNote, List<NoteVerifierKey> pharmacyKeys, int threshold) {
    public LibrarySupply {
      signedNote = signedNote.clone();
      pharmacyKeys = List.copyOf(pharmacyKeys);
    }
  }

  /**
   * The roots of trust for software updates, provisioned at manufacture: the image repository's and
   * the director's first root metadata (TUF {@code 1.root.json}).
   */
  public record UpdateTrust(byte[] imageRoot, byte[] directorRoot) {
    public UpdateTrust {
      imageRoot = imageRoot.clone();
      directorRoot = directorRoot.clone();
    }
  }

  private final DeviceAgent agent;
  private final Optional<PumpUpdates> updates;
  private final DeviceIdentity identity;
  private final TherapyLoop therapy;
  private final ActiveDrugLibrary drugs;
  private final JumpingClock therapyClock;
  private final Consumer<InfusionPump.Event> recorder;
  private final PumpProgramming programming;
  private final PumpOrders orders;
  private final Path dataDir;

  /** The care area the simulated pumps are set up for (orders name none: the pump's own counts). */
  public static final String CARE_AREA = "adult-icu";

  private SimulatedPump(
      DeviceAgent agent,
      DeviceIdentity identity,
      TherapyLoop therapy,
      ActiveDrugLibrary drugs,
      JumpingClock therapyClock,
      Consumer<InfusionPump.Event> recorder,
      PumpProgramming programming,
      PumpOrders orders,
      Path dataDir,
      Optional<PumpUpdates> updates) {
    this.updates = updates;
    this.programming = programming;
    this.orders = orders;
    this.dataDir = dataDir;
    this.agent = agent;
    this.identity = identity;
    this.therapy = therapy;
    this.drugs = drugs;
    this.therapyClock = therapyClock;
    this.recorder = recorder;
  }

  /** Starts a pump with no drug library supplied (it keeps one installed before, if any). */
  public static SimulatedPump start(
      URI hub,
      Path dataDir,
      Optional<EnrollmentTokens.Token> token,
      Optional<X509Certificate> hubCa,
      Duration reportInterval,
      Clock clock,
      SecureRandom random,
      ScheduledExecutorService scheduler,
      Optional<Executor> httpExecutor)
      throws EnrollmentRefused, IOException {
    return start(
        hub,
        dataDir,
        token,
        hubCa,
        reportInterval,
        clock,
        random,
        scheduler,
        httpExecutor,
        Optional.empty());
  }

  /**
   * Enrolls (when the data directory holds no identity yet) and starts reporting.
   *
   * @param token the one-time enrollment token, needed on first start only
   * @param hubCa the hub CA given at provisioning, needed on first start only
   */
  public static SimulatedPump start(
      URI hub,
      Path dataDir,
      Optional<EnrollmentTokens.Token> token,
      Optional<X509Certificate> hubCa,
      Duration reportInterval,
      Clock clock,
      SecureRandom random,
      ScheduledExecutorService scheduler,
      Optional<Executor> httpExecutor,
      Optional<LibrarySupply> library)
      throws EnrollmentRefused, IOException {
    return start(
        hub,
        dataDir,
        token,
        hubCa,
        reportInterval,
        clock,
        random,
        scheduler,
        httpExecutor,
        library,
        true);
  }

  /**
   * Enrolls if needed and starts reporting and therapy.
   *
   * @param scriptedClinician whether the demo's scripted nurse operates the pump (otherwise it
   *     waits for a person at its console)
   */
  public static SimulatedPump start(
      URI hub,
      Path dataDir,
      Optional<EnrollmentTokens.Token> token,
      Optional<X509Certificate> hubCa,
      Duration reportInterval,
      Clock clock,
      SecureRandom random,
      ScheduledExecutorService scheduler,
      Optional<Executor> httpExecutor,
      Optional<LibrarySupply> library,
      boolean scriptedClinician)
      throws EnrollmentRefused, IOException {
    return start(
        hub,
        dataDir,
        token,
        hubCa,
        reportInterval,
        clock,
        random,
        scheduler,
        httpExecutor,
        library,
        scriptedClinician,
        Optional.empty());
  }

  /**
   * Enrolls if needed and starts reporting, therapy and (when {@code trust} is given on first
   * start, or was before) software updates.
   */
  public static SimulatedPump start(
      URI hub,
      Path dataDir,
      Optional<EnrollmentTokens.Token> token,
      Optional<X509Certificate> hubCa,
      Duration reportInterval,
      Clock clock,
      SecureRandom random,
      ScheduledExecutorService scheduler,
      Optional<Executor> httpExecutor,
      Optional<LibrarySupply> library,
      boolean scriptedClinician,
      Optional<UpdateTrust> trust)
      throws EnrollmentRefused, IOException {
    DeviceAgent.Config config =
        new DeviceAgent.Config(
            hub,
            dataDir,
            ReferencePump.MODEL,
            ReferencePump.FIRMWARE,
            reportInterval,
            Duration.ofSeconds(10));
    long seed = dataDir.toAbsolutePath().toString().hashCode();
    ObjectNode subject = programDemoPatient(dataDir, seed, random);
    // The recorder needs the agent, and the agent needs the status source: tie the knot once.
    DeviceAgent[] agentHolder = new DeviceAgent[1];
    Consumer<InfusionPump.Event> recorder =
        event -> {
          DeviceAgent a = agentHolder[0];
          if (a != null) {
            a.recordEvent(event.type(), event.severity(), event.payload());
          }
        };
    JumpingClock therapyClock = new JumpingClock(clock);
    InfusionPump pump =
        new InfusionPump(
            therapyClock,
            InfusionPump.Settings.defaults(),
            new PumpMechanics(500),
            recorder,
            subject);
    DeviceAgent agent = new DeviceAgent(config, pump, clock, random, scheduler, httpExecutor);
    agentHolder[0] = agent;
    DeviceIdentity identity = agent.enrollIfNeeded(token, hubCa);
    agent.start();

    // Finish or undo a software install a power cut interrupted, before therapy is possible.
    Optional<PumpUpdates> updates =
        openUpdates(dataDir, identity.serial(), trust, pump, agent, clock, recorder);
    TherapyLoop therapy =
        new TherapyLoop(pump, Duration.ofMillis(200), dataDir.getFileName().toString());
    pump.selfTest(List.of());
    ActiveDrugLibrary drugs = openLibrary(dataDir.resolve("druglib"), library, pump, recorder);
    Files.createDirectories(dataDir.resolve("therapy"));
    PumpProgramming programming =
        new PumpProgramming(
            pump,
            drugs,
            recorder,
            Optional.of(new SavedProgram(dataDir.resolve("therapy").resolve("program.json"))));
    PumpOrders orders = new PumpOrders(identity.serial(), therapyClock, drugs, CARE_AREA, recorder);
    agent.setOrderDesk(orders);
    therapy.start();
    // The delivered volume under the kept program, for review after a power cut (S5).
    therapy.every(Duration.ofSeconds(10), programming::checkpoint);
    // A library that stops verifying while in use latches safe mode.
    therapy.every(
        Duration.ofSeconds(30),
        () ->
            drugs
                .integrityProblem()
                .ifPresent(problem -> pump.criticalFault("LIBRARY_INTEGRITY", problem)));
    updates.ifPresent(
        u -> {
          // Drug libraries travel the same verified path (the image repository's pharmacy
          // delegation); the pump still checks the library's own pharmacy signatures.
          u.alsoEachCycle(u.libraryFetch(LIBRARY_TARGET, drugs, recorder, dataDir));
          u.schedule(reportInterval);
        });
    if (scriptedClinician && scenarioOf(identity.serial()) < DemoClinician.SCENARIOS) {
      DemoClinician.schedule(
          scenarioOf(identity.serial()), therapy, programming, orders, agent::reportOrder);
    }
    return new SimulatedPump(
        agent,
        identity,
        therapy,
        drugs,
        therapyClock,
        recorder,
        programming,
        orders,
        dataDir,
        updates);
  }

  /**
   * Provisions the update roots of trust on first start and opens the pump's updater, which checks
   * the hub's director and image repository over the agent's mutual-TLS link. Without roots of
   * trust the pump takes no software updates (and says so on its console).
   */
  private static Optional<PumpUpdates> openUpdates(
      Path dataDir,
      String serial,
      Optional<UpdateTrust> trust,
      InfusionPump pump,
      DeviceAgent agent,
      Clock clock,
      Consumer<InfusionPump.Event> recorder)
      throws IOException {
    Path state = PumpUpdates.trustDir(dataDir);
    Path imageRoot = state.resolve("image").resolve("root.json");
    if (!Files.exists(imageRoot)) {
      Optional<UpdateTrust> provisioned = trust.or(() -> trustFromHub(agent, serial));
      if (provisioned.isEmpty()) {
        return Optional.empty();
      }
      org.primum.core.files.SecureFiles.writePublic(
          state.resolve("director").resolve("root.json"), provisioned.get().directorRoot());
      org.primum.core.files.SecureFiles.writePublic(imageRoot, provisioned.get().imageRoot());
    }
    Fetcher images =
        (path, offset) -> HttpFetcher.hubImageRepository(link(agent)).open(path, offset);
    Fetcher director =
        (path, offset) -> HttpFetcher.hubDirector(link(agent), serial).open(path, offset);
    UpdateClient client =
        new UpdateClient(
            state, images, director, serial, HARDWARE_ID, clock, UpdateLimits.defaults());
    PumpUpdates updates =
        PumpUpdates.open(
            dataDir,
            serial,
            Updater.Source.of(client),
            pump,
            agent,
            clock,
            OfflineBundle.Settings.defaults(),
            recorder);
    updates.setImageRepository(client);
    return Optional.of(updates);
  }

  /**
   * Without roots of trust given at provisioning, takes them from the hub the pump enrolled with,
   * over the mutual-TLS link pinned to the hub CA it was provisioned with (so as trustworthy as the
   * enrollment itself); after that, roots only change through TUF root rotation.
   */
  private static Optional<UpdateTrust> trustFromHub(DeviceAgent agent, String serial) {
    try {
      var link = link(agent);
      var image = link.get("/tuf/1.root.json", Map.of());
      var director = link.get("/api/v1/devices/" + serial + "/director/1.root.json", Map.of());
      if (image.isSuccess() && director.isSuccess()) {
        return Optional.of(new UpdateTrust(image.body(), director.body()));
      }
    } catch (IOException e) {
      // No updates this run; the next start tries again.
    }
    return Optional.empty();
  }

  private static org.primum.device.link.HubLink link(DeviceAgent agent) throws IOException {
    return agent.link().orElseThrow(() -> new IOException("not connected to the hub yet"));
  }

  /**
   * Where the pharmacy publishes the reference pump's drug library in the image repository (the
   * {@code pharmacy} role is delegated {@code druglib/*}).
   */
  public static final String LIBRARY_TARGET = "druglib/primum-rp1.note";

  /** The hardware id software releases for the reference pump name. */
  public static final String HARDWARE_ID = ReferencePump.HARDWARE_ID;

  /** The software updater, when update trust was provisioned. */
  public Optional<PumpUpdates> updates() {
    return updates;
  }

  /** Pumps PUMP-0001, -0002, … act out the demo scenarios in turn. */
  private static int scenarioOf(String serial) {
    String digits = serial.replaceAll("\\D", "");
    return digits.isEmpty()
        ? 0
        : (int) (Long.parseLong(digits.substring(Math.max(0, digits.length() - 6))) - 1);
  }

  /**
   * Opens the pump's drug library store with the pharmacy keys it trusts (provisioned with the
   * first library and kept beside it), and installs a supplied library if it is newer.
   */
  private static ActiveDrugLibrary openLibrary(
      Path dir,
      Optional<LibrarySupply> supply,
      InfusionPump pump,
      Consumer<InfusionPump.Event> recorder)
      throws IOException {
    Path trustFile = dir.resolve("pharmacy-keys");
    List<NoteVerifierKey> keys = new ArrayList<>();
    int threshold = 1;
    if (Files.exists(trustFile)) {
      List<String> lines = Files.readAllLines(trustFile, StandardCharsets.US_ASCII);
      threshold = Integer.parseInt(lines.get(0).strip());
      for (String line : lines.subList(1, lines.size())) {
        try {
          keys.add(NoteVerifierKey.parse(line.strip()));
        } catch (NoteRejection e) {
          throw new IOException("unreadable pharmacy key in " + trustFile + ": " + e.getMessage());
        }
      }
    } else if (supply.isPresent()) {
      org.primum.core.files.SecureFiles.ownerOnlyDirectory(dir);
      keys.addAll(supply.get().pharmacyKeys());
      threshold = supply.get().threshold();
      StringBuilder text = new StringBuilder().append(threshold).append('\n');
      keys.forEach(k -> text.append(k.text()).append('\n'));
      org.primum.core.files.SecureFiles.writePublic(
          trustFile, text.toString().getBytes(StandardCharsets.US_ASCII));
    }
    ActiveDrugLibrary drugs;
    try {
      drugs = ActiveDrugLibrary.open(dir, keys, threshold);
    } catch (DrugLibraryRejection e) {
      pump.criticalFault(
          "LIBRARY_INTEGRITY", "the installed drug library no longer verifies: " + e.getMessage());
      Files.delete(dir.resolve("active.note"));
      try {
        drugs = ActiveDrugLibrary.open(dir, keys, threshold);
      } catch (DrugLibraryRejection impossible) {
        throw new IllegalStateException(impossible);
      }
    }
    if (supply.isPresent() && !keys.isEmpty()) {
      ObjectNode payload = JsonNodeFactory.instance.objectNode();
      try {
        var installed = drugs.install(supply.get().signedNote());
        payload.put("message", "drug library installed: version " + installed.version());
        payload.put("version", installed.version());
        recorder.accept(
            new InfusionPump.Event("input.druglib.installed", Severity.NOTICE, payload));
      } catch (DrugLibraryRejection e) {
        if (!"not-newer".equals(e.code()) || drugs.current().isEmpty()) {
          payload.put("message", "drug library refused (" + e.code() + "): " + e.getMessage());
          payload.put("code", e.code());
          drugs.current().ifPresent(l -> payload.put("keptVersion", l.version()));
          recorder.accept(
              new InfusionPump.Event("input.druglib.rejected", Severity.WARNING, payload));
        }
      } catch (IllegalArgumentException e) {
        payload.put("message", "drug library trust is misconfigured: " + e.getMessage());
        recorder.accept(
            new InfusionPump.Event("input.druglib.rejected", Severity.WARNING, payload));
      }
    }
    return drugs;
  }

  /**
   * Keeps the demo patient this pump is programmed for in its patient record store, and returns the
   * pseudonyms evidence may carry instead.
   */
  private static ObjectNode programDemoPatient(Path dataDir, long seed, SecureRandom random)
      throws IOException {
    Path patients = dataDir.resolve("patients");
    PatientPseudonyms pseudonyms = PatientPseudonyms.loadOrCreate(patients, random);
    PatientRecordStore records = PatientRecordStore.open(patients, random);
    DemoPatients.Patient patient = DemoPatients.forSeed(seed);
    String pseudonym = pseudonyms.patient(patient.medicalRecordNumber());
    if (!records.pseudonyms().contains(pseudonym)) {
      records.put(pseudonym, patient.record());
    }
    ObjectNode subject = JsonNodeFactory.instance.objectNode();
    subject.put("patient", pseudonym);
    subject.put("infusion", pseudonyms.infusion(patient.orderId()));
    return subject;
  }

  public String serial() {
    return identity.serial();
  }

  public DeviceIdentity identity() {
    return agent.identity().orElse(identity);
  }

  public LinkState linkState() {
    return agent.linkState();
  }

  public String lastProblem() {
    return agent.lastProblem();
  }

  public DeviceAgent agent() {
    return agent;
  }

  /**
   * Makes the pump suffer {@code fault} now (see {@link Fault}); the pump's own checks then show
   * it. Recorded as an evidence event first, so a review can tell an injected fault from a real
   * one.
   */
  public void inject(Fault fault) {
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.put("fault", fault.cliName());
    payload.put("message", "fault injected: " + fault.cliName());
    recorder.accept(new InfusionPump.Event("test.fault.injected", Severity.WARNING, payload));
    PumpMechanics mechanics = therapy.pump().mechanics();
    switch (fault) {
      case OCCLUSION -> therapy.submit(() -> mechanics.setOccluded(true));
      case AIR -> therapy.submit(() -> mechanics.setAirPerMl(3000));
      case BATTERY_LOW -> therapy.submit(() -> mechanics.setBattery(18));
      case SENSOR_DISAGREE -> therapy.submit(() -> mechanics.setSensorFactor(2.5));
      case WATCHDOG -> therapy.stall(Duration.ofSeconds(5));
      case CLOCK_JUMP -> therapyClock.jump(Duration.ofHours(2));
      case LIBRARY_TAMPER -> therapy.submit(this::offerTamperedLibrary);
      case LIBRARY_CORRUPT ->
          therapy.submit(
              () -> {
                corruptStoredLibrary();
                drugs
                    .integrityProblem()
                    .ifPresent(
                        problem -> therapy.pump().criticalFault("LIBRARY_INTEGRITY", problem));
              });
      case NETWORK_LOSS -> agent.setDisconnected(true);
      case HUB_FLOOD -> flood(Duration.ofSeconds(20));
    }
  }

  /** A newer version of the active library whose text was altered after it was signed. */
  private void offerTamperedLibrary() {
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    try {
      String note = Files.readString(drugs.file(), StandardCharsets.UTF_8);
      long version = drugs.current().map(l -> l.version()).orElse(0L);
      byte[] tampered =
          note.replaceFirst("\"version\":" + version, "\"version\":" + (version + 1))
              .getBytes(StandardCharsets.UTF_8);
      drugs.install(tampered);
      payload.put("message", "a tampered library was accepted");
    } catch (DrugLibraryRejection e) {
      payload.put("message", "drug library refused (" + e.code() + "): " + e.getMessage());
      payload.put("code", e.code());
      drugs.current().ifPresent(l -> payload.put("keptVersion", l.version()));
    } catch (IOException | RuntimeException e) {
      payload.put("message", "drug library refused: " + e.getMessage());
    }
    recorder.accept(new InfusionPump.Event("input.druglib.rejected", Severity.WARNING, payload));
  }

  private void corruptStoredLibrary() {
    try {
      byte[] note = Files.readAllBytes(drugs.file());
      String text = new String(note, StandardCharsets.UTF_8);
      // A hard limit quietly raised on the pump's storage.
      Files.writeString(
          drugs.file(), text.replaceFirst("\"max\":(\\d)", "\"max\":9$1"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Hammers the hub link and the status source from another thread for {@code duration}. */
  private void flood(Duration duration) {
    Thread flooder =
        new Thread(
            () -> {
              long end = System.nanoTime() + duration.toNanos();
              while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
                agent.reportNow();
                for (int i = 0; i < 100; i++) {
                  therapy.pump().currentStatus();
                }
              }
            },
            "primum-fault-hub-flood");
    flooder.setDaemon(true);
    flooder.start();
  }

  /**
   * The pump's local console. The clinician's and biomed's PINs are generated on first use, kept
   * only as Argon2id hashes (0600) in the pump's data, and handed to {@code firstPins} once.
   */
  public PumpConsole console(SecureRandom random, Consumer<String> firstPins) throws IOException {
    PasswordHashes hashes = new PasswordHashes(PasswordHashes.DEFAULT_COST, random);
    Path file = dataDir.resolve("console-pins");
    Map<PumpConsole.Role, String> pins = new EnumMap<>(PumpConsole.Role.class);
    if (Files.exists(file)) {
      for (String line :
          new String(org.primum.core.files.SecureFiles.readSecret(file), StandardCharsets.UTF_8)
              .split("\n")) {
        String[] parts = line.split(" ", 2);
        if (parts.length == 2) {
          pins.put(PumpConsole.Role.valueOf(parts[0]), parts[1]);
        }
      }
    } else {
      StringBuilder stored = new StringBuilder();
      StringBuilder shown = new StringBuilder();
      for (PumpConsole.Role role : List.of(PumpConsole.Role.CLINICIAN, PumpConsole.Role.BIOMED)) {
        String pin = String.format(java.util.Locale.ROOT, "%06d", random.nextInt(1_000_000));
        String hash = hashes.hash(pin);
        pins.put(role, hash);
        stored.append(role.name()).append(' ').append(hash).append('\n');
        shown
            .append(role.name().toLowerCase(java.util.Locale.ROOT))
            .append(" PIN ")
            .append(pin)
            .append("  ");
      }
      org.primum.core.files.SecureFiles.writeSecret(
          file, stored.toString().getBytes(StandardCharsets.UTF_8));
      firstPins.accept(shown.toString().strip());
    }
    PumpConsole console = new PumpConsole(therapy.pump(), programming, pins, hashes, therapyClock);
    console.attachOrders(orders, agent::reportOrder);
    if (updates.isPresent()) {
      // The software line, and biomed's "bundle DIR" for a pump that cannot reach the hub.
      updates.get().attach(console);
    } else {
      console.attachUpdates(() -> "software updates not provisioned");
    }
    return console;
  }

  /** The pump's therapy: its delivery loop, supervisor and physical model. */
  public TherapyLoop therapy() {
    return therapy;
  }

  @Override
  public void close() {
    updates.ifPresent(PumpUpdates::close);
    therapy.close();
    agent.close();
  }
}
