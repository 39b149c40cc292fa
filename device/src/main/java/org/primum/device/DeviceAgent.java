package org.primum.device;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.primum.core.evidence.Severity;
import org.primum.core.files.SecureFiles;
import org.primum.core.formats.EnrollmentTokens;
import org.primum.core.formats.StatusReport;
import org.primum.core.formats.StatusReports;
import org.primum.core.json.Json;
import org.primum.device.evidence.DeviceEvidence;
import org.primum.device.identity.DeviceIdentity;
import org.primum.device.identity.EnrollmentRefused;
import org.primum.device.identity.EstClient;
import org.primum.device.identity.IdentityStore;
import org.primum.device.link.HubLink;

/**
 * The device kit's connection to the hub: enrolls once, then sends signed status reports on a
 * schedule over mutual TLS and renews its certificate before it expires.
 *
 * <p>Safety: nothing here is on the therapy path. The agent runs on its own scheduler thread, reads
 * status through {@link StatusSource} (which must not block), and never sends commands into the
 * device. When the hub is unreachable it reports {@link LinkState#DEGRADED} and keeps trying.
 */
public final class DeviceAgent implements AutoCloseable {
  private volatile boolean disconnected;
  private volatile String firmware;
  private volatile OrderDesk orderDesk;
  private static final System.Logger LOG = System.getLogger(DeviceAgent.class.getName());

  /** Where reports go and how often. */
  /**
   * How the agent runs.
   *
   * @param evidenceMaxBytes most bytes the evidence log may use on disk
   */
  public record Config(
      URI hub,
      Path dataDir,
      String model,
      String firmware,
      Duration reportInterval,
      Duration timeout,
      long evidenceMaxBytes) {
    /** The default evidence storage: 128 MiB. */
    public static final long DEFAULT_EVIDENCE_BYTES = 128L * 1024 * 1024;

    public Config {
      Objects.requireNonNull(hub, "hub");
      Objects.requireNonNull(dataDir, "dataDir");
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(firmware, "firmware");
      if (reportInterval.isNegative() || reportInterval.isZero()) {
        throw new IllegalArgumentException("reportInterval must be positive");
      }
    }

    public Config(
        URI hub,
        Path dataDir,
        String model,
        String firmware,
        Duration reportInterval,
        Duration timeout) {
      this(hub, dataDir, model, firmware, reportInterval, timeout, DEFAULT_EVIDENCE_BYTES);
    }

    /** Segments of 1/16 of the evidence storage, at least 64 KiB and at most 8 MiB. */
    long evidenceSegmentBytes() {
      return Math.max(64 * 1024, Math.min(8L * 1024 * 1024, evidenceMaxBytes / 16));
    }
  }

  /** What happened to one report. */
  public enum ReportOutcome {
    ACCEPTED,
    REFUSED,
    UNREACHABLE
  }

  private final Config config;
  private final StatusSource source;
  private final Clock clock;
  private final SecureRandom random;
  private final ScheduledExecutorService scheduler;
  private final Optional<Executor> httpExecutor;
  private final IdentityStore identities;
  private final AtomicReference<DeviceIdentity> identity = new AtomicReference<>();
  private final AtomicReference<HubLink> link = new AtomicReference<>();
  private final AtomicReference<LinkState> state = new AtomicReference<>(LinkState.NOT_CONNECTED);
  private final AtomicReference<String> lastProblem = new AtomicReference<>("");
  private final AtomicLong counter = new AtomicLong();
  private final Instant started;
  private final LongSupplier monotonicMicros;
  private volatile long bootNumber = -1;
  private volatile ScheduledFuture<?> schedule;
  private volatile DeviceEvidence evidence;

  public DeviceAgent(
      Config config,
      StatusSource source,
      Clock clock,
      SecureRandom random,
      ScheduledExecutorService scheduler,
      Optional<Executor> httpExecutor) {
    this(config, source, clock, () -> System.nanoTime() / 1000, random, scheduler, httpExecutor);
  }

  /**
   * @param monotonicMicros the device's monotonic clock in microseconds (evidence entries use it)
   */
  public DeviceAgent(
      Config config,
      StatusSource source,
      Clock clock,
      LongSupplier monotonicMicros,
      SecureRandom random,
      ScheduledExecutorService scheduler,
      Optional<Executor> httpExecutor) {
    this.monotonicMicros = Objects.requireNonNull(monotonicMicros, "monotonicMicros");
    this.config = Objects.requireNonNull(config, "config");
    this.firmware = config.firmware();
    this.source = Objects.requireNonNull(source, "source");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.httpExecutor = Objects.requireNonNull(httpExecutor, "httpExecutor");
    this.identities = new IdentityStore(config.dataDir());
    this.started = clock.instant();
  }

  /**
   * Loads the stored identity, or enrolls with {@code token} when there is none.
   *
   * @param hubCa the hub CA given at provisioning; needed for the first enrollment only
   * @throws EnrollmentRefused if the hub refuses the token
   * @throws IOException if the hub cannot be reached or the data directory cannot be written
   */
  public DeviceIdentity enrollIfNeeded(
      Optional<EnrollmentTokens.Token> token, Optional<X509Certificate> hubCa)
      throws EnrollmentRefused, IOException {
    Optional<DeviceIdentity> stored = identities.load();
    if (stored.isPresent()) {
      use(stored.get());
      return stored.get();
    }
    X509Certificate pinned =
        hubCa
            .or(this::storedHubCaQuietly)
            .orElseThrow(
                () -> new IOException("not enrolled and no hub CA was provisioned (--ca FILE)"));
    EnrollmentTokens.Token oneTime =
        token.orElseThrow(() -> new IOException("not enrolled and no enrollment token was given"));
    identities.saveHubCa(pinned);
    DeviceIdentity enrolled = est(pinned).enroll(oneTime);
    identities.save(enrolled);
    LOG.log(
        Level.INFO,
        "enrolled as {0} with certificate sha256:{1}",
        enrolled.serial(),
        enrolled.certificateFingerprint());
    use(enrolled);
    recordEvent(
        "link.enrolled",
        Severity.NOTICE,
        "enrolled with certificate sha256:" + enrolled.certificateFingerprint());
    return enrolled;
  }

  private Optional<X509Certificate> storedHubCaQuietly() {
    try {
      return identities.hubCa();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Starts periodic reporting; the first report goes out at once. */
  public synchronized void start() {
    if (identity.get() == null) {
      throw new IllegalStateException("enroll before starting");
    }
    if (schedule == null) {
      long millis = config.reportInterval().toMillis();
      schedule =
          scheduler.scheduleWithFixedDelay(this::reportSafely, 0, millis, TimeUnit.MILLISECONDS);
    }
  }

  /** The current identity, once enrolled. */
  public Optional<DeviceIdentity> identity() {
    return Optional.ofNullable(identity.get());
  }

  /** The device's own view of its link. */
  public LinkState linkState() {
    return state.get();
  }

  /** Why the last report failed, or empty text. */
  public String lastProblem() {
    return lastProblem.get();
  }

  /** Renews if due, then sends one signed report. Safe to call from any thread. */
  /**
   * Fault injection and field service: with the network "unplugged", every call to the hub fails at
   * once as unreachable, exactly as a pulled cable would make it (the link shows DEGRADED).
   */
  public void setDisconnected(boolean disconnected) {
    this.disconnected = disconnected;
  }

  public synchronized ReportOutcome reportNow() {
    DeviceIdentity current = identity.get();
    if (current == null) {
      throw new IllegalStateException("enroll before reporting");
    }
    renewIfDue(current);
    current = identity.get();
    StatusReport report = buildReport(current);
    byte[] envelope = StatusReports.sign(report, current.keyPair());
    try {
      if (disconnected) {
        throw new java.net.ConnectException("network unplugged");
      }
      HubLink.Response response =
          link.get()
              .post(
                  "/api/v1/devices/" + current.serial() + "/reports",
                  "application/json",
                  envelope,
                  Map.of());
      if (response.isSuccess()) {
        changeState(LinkState.ONLINE, "");
        lastProblem.set("");
        uploadEvidence();
        collectOrders(current);
        return ReportOutcome.ACCEPTED;
      }
      boolean credentialProblem = response.status() == 401 || response.status() == 403;
      lastProblem.set("HTTP " + response.status() + ": " + abbreviate(response.bodyText()));
      changeState(credentialProblem ? LinkState.REFUSED : LinkState.DEGRADED, lastProblem.get());
      LOG.log(Level.WARNING, "the hub refused a status report: {0}", lastProblem.get());
      return ReportOutcome.REFUSED;
    } catch (IOException e) {
      lastProblem.set(
          e.getClass().getSimpleName() + ": " + abbreviate(String.valueOf(e.getMessage())));
      changeState(LinkState.DEGRADED, lastProblem.get());
      LOG.log(Level.DEBUG, "hub unreachable: {0}", lastProblem.get());
      return ReportOutcome.UNREACHABLE;
    }
  }

  /** Re-enrolls now if two thirds of the certificate's lifetime have passed. */
  synchronized void renewIfDue(DeviceIdentity current) {
    if (!current.renewalDue(clock.instant())) {
      return;
    }
    try {
      DeviceIdentity renewed = est(current.hubCa()).reenroll(current);
      identities.save(renewed);
      LOG.log(Level.INFO, "renewed certificate: sha256:{0}", renewed.certificateFingerprint());
      use(renewed);
      recordEvent(
          "link.certificate.renewed",
          Severity.INFO,
          "renewed: certificate sha256:" + renewed.certificateFingerprint());
    } catch (EnrollmentRefused | IOException e) {
      LOG.log(Level.WARNING, "certificate renewal failed; will retry: {0}", e.getMessage());
      recordEvent("link.certificate.renewal-failed", Severity.WARNING, abbreviate(e.getMessage()));
    }
  }

  /** Forces a renewal now (used by operators and tests). */
  public synchronized DeviceIdentity renewNow() throws EnrollmentRefused, IOException {
    DeviceIdentity current =
        identity().orElseThrow(() -> new IllegalStateException("enroll before renewing"));
    DeviceIdentity renewed = est(current.hubCa()).reenroll(current);
    identities.save(renewed);
    use(renewed);
    return renewed;
  }

  private StatusReport buildReport(DeviceIdentity current) {
    DeviceStatus status = source.currentStatus();
    Instant now = clock.instant();
    long sequence = (bootNumber << 32) | (counter.incrementAndGet() & 0xffffffffL);
    String connectivity =
        state.get() == LinkState.ONLINE || state.get() == LinkState.NOT_CONNECTED
            ? "ONLINE"
            : "DEGRADED";
    return new StatusReport(
        current.serial(),
        sequence,
        now.toString(),
        config.model(),
        firmware,
        status.operatingState(),
        connectivity,
        alarms(status),
        Math.max(0, Duration.between(started, now).toSeconds()));
  }

  private void use(DeviceIdentity next) throws IOException {
    if (bootNumber < 0) {
      bootNumber = nextBootNumber();
    }
    identity.set(next);
    link.set(
        HubLink.create(
            config.hub(),
            next.hubCa(),
            Optional.of(next.tlsIdentity()),
            random,
            config.timeout(),
            httpExecutor));
    if (evidence == null) {
      evidence =
          DeviceEvidence.open(
              config.dataDir(),
              next.serial(),
              clock,
              monotonicMicros,
              bootNumber,
              random,
              link::get,
              config.evidenceSegmentBytes(),
              config.evidenceMaxBytes());
    }
  }

  /** The device's evidence capture, once enrolled. */
  public Optional<DeviceEvidence> evidence() {
    return Optional.ofNullable(evidence);
  }

  /**
   * Records a security or safety event in the evidence log without waiting (safe to call from the
   * therapy path: it never blocks and never throws).
   */
  public void recordEvent(String type, Severity severity, ObjectNode payload) {
    DeviceEvidence current = evidence;
    if (current != null) {
      current.record(type, severity, payload);
    }
  }

  /** Records a short message event (see {@link #recordEvent(String, Severity, ObjectNode)}). */
  public void recordEvent(String type, Severity severity, String message) {
    recordEvent(type, severity, JsonNodeFactory.instance.objectNode().put("message", message));
  }

  private void changeState(LinkState next, String why) {
    LinkState previous = state.getAndSet(next);
    if (previous != next) {
      ObjectNode payload = JsonNodeFactory.instance.objectNode();
      payload.put("from", previous.name());
      payload.put("to", next.name());
      payload.put(
          "message",
          why.isEmpty() ? "link " + next.name().toLowerCase(java.util.Locale.ROOT) : why);
      recordEvent(
          "link.state.changed",
          next == LinkState.ONLINE ? Severity.INFO : Severity.WARNING,
          payload);
    }
  }

  private void uploadEvidence() {
    DeviceEvidence current = evidence;
    if (current != null) {
      current.upload();
    }
  }

  /**
   * Where orders relayed by the hub go: the device validates each (never acting on one without its
   * own user's confirmation) and returns its acknowledgement, which the agent posts back.
   */
  @FunctionalInterface
  public interface OrderDesk {
    /** Takes order {@code id} (the relayed message) and returns the acknowledgement to send. */
    String receive(long id, String message);
  }

  /** Lets the device receive orders; without a desk the agent never asks the hub for any. */
  public void setOrderDesk(OrderDesk desk) {
    this.orderDesk = desk;
  }

  private void collectOrders(DeviceIdentity current) {
    OrderDesk desk = orderDesk;
    if (desk == null) {
      return;
    }
    String base = "/api/v1/devices/" + current.serial() + "/orders/";
    try {
      HubLink.Response response = link.get().get(base + "pending", Map.of());
      if (!response.isSuccess()) {
        return;
      }
      for (var order : Json.readTree(response.body()).path("orders")) {
        long id = order.path("id").asLong();
        String ack = desk.receive(id, order.path("message").asText());
        link.get()
            .post(
                base + id + "/ack",
                "application/hl7-v2",
                ack.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Map.of());
      }
    } catch (IOException | Json.JsonRejection | RuntimeException e) {
      LOG.log(Level.DEBUG, "orders could not be collected: {0}", e.getMessage());
    }
  }

  /** The firmware version the next status reports carry (after a software update or rollback). */
  public void setFirmware(String version) {
    org.primum.core.formats.Texts.requireLabel("firmware", version);
    this.firmware = version;
  }

  /** The mutual-TLS link to the hub once enrolled (it changes when the certificate is renewed). */
  public Optional<HubLink> link() {
    return Optional.ofNullable(link.get());
  }

  /**
   * Posts the updater's state ({@code POST /api/v1/devices/{serial}/update-status}) on the agent's
   * own thread: the caller never waits for the network, and a lost report is simply superseded by
   * the next one.
   */
  public void reportUpdate(ObjectNode body) {
    updateReports.add(Json.write(body));
    // One sender at a time, oldest first: the hub must see the phases in the order they happened,
    // even though the agent's scheduler may have several threads.
    if (sendingUpdates.compareAndSet(false, true)) {
      scheduler.execute(this::drainUpdateReports);
    }
  }

  private final java.util.concurrent.ConcurrentLinkedQueue<byte[]> updateReports =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final java.util.concurrent.atomic.AtomicBoolean sendingUpdates =
      new java.util.concurrent.atomic.AtomicBoolean();

  private void drainUpdateReports() {
    try {
      for (byte[] json; (json = updateReports.poll()) != null; ) {
        DeviceIdentity current = identity.get();
        HubLink hub = link.get();
        if (current == null || hub == null || disconnected) {
          continue; // superseded by later reports; the updater re-sends its end state
        }
        try {
          hub.post(
              "/api/v1/devices/" + current.serial() + "/update-status",
              "application/json",
              json,
              Map.of());
        } catch (IOException e) {
          LOG.log(Level.DEBUG, "update status not sent: {0}", e.getMessage());
        }
      }
    } finally {
      sendingUpdates.set(false);
      if (!updateReports.isEmpty() && sendingUpdates.compareAndSet(false, true)) {
        scheduler.execute(this::drainUpdateReports);
      }
    }
  }

  /**
   * Sends the device's report about an order it acted on (e.g. the settings in force), on the
   * agent's own thread: the caller never waits for the network.
   */
  public void reportOrder(long id, String report) {
    scheduler.execute(
        () -> {
          DeviceIdentity current = identity.get();
          if (current == null || disconnected) {
            return;
          }
          try {
            link.get()
                .post(
                    "/api/v1/devices/" + current.serial() + "/orders/" + id + "/report",
                    "application/hl7-v2",
                    report.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    Map.of());
          } catch (IOException e) {
            LOG.log(Level.DEBUG, "order report not sent: {0}", e.getMessage());
          }
        });
  }

  private List<StatusReport.Alarm> alarms(DeviceStatus status) {
    DeviceEvidence current = evidence;
    if (current == null || current.alarm().isEmpty()) {
      return status.alarms();
    }
    List<StatusReport.Alarm> all = new ArrayList<>(status.alarms());
    all.add(0, current.alarm().get());
    return all.subList(0, Math.min(all.size(), StatusReport.MAX_ALARMS));
  }

  /**
   * Report sequence numbers are {@code boot << 32 | n}: the boot number is persisted before use, so
   * sequence numbers keep increasing across restarts without a write per report.
   */
  private long nextBootNumber() throws IOException {
    Path file = config.dataDir().resolve("boot-count");
    long previous = 0;
    if (Files.exists(file)) {
      try {
        previous = Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip());
      } catch (NumberFormatException e) {
        throw new IOException("the boot counter in " + file + " is damaged", e);
      }
    }
    long next = previous + 1;
    SecureFiles.writePublic(file, (next + "\n").getBytes(StandardCharsets.US_ASCII));
    return next;
  }

  private EstClient est(X509Certificate hubCa) {
    return new EstClient(config.hub(), hubCa, random, clock, config.timeout());
  }

  private void reportSafely() {
    try {
      reportNow();
    } catch (RuntimeException e) {
      // A bug in reporting must never stop the schedule or reach the device's own work.
      state.set(LinkState.DEGRADED);
      lastProblem.set("internal error: " + e);
      LOG.log(Level.ERROR, "status report failed unexpectedly", e);
    }
  }

  private static String abbreviate(String text) {
    String line = text.strip().replace('\n', ' ');
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  @Override
  public synchronized void close() {
    if (schedule != null) {
      schedule.cancel(false);
      schedule = null;
    }
    state.set(LinkState.NOT_CONNECTED);
    if (evidence != null) {
      evidence.close();
      evidence = null;
    }
  }
}
