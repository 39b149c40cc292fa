package org.primum.pump.update;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.primum.core.evidence.Severity;
import org.primum.device.DeviceAgent;
import org.primum.device.update.ab.Slots;
import org.primum.device.update.ab.UpdatePhase;
import org.primum.device.update.ab.UpdateStatus;
import org.primum.device.update.ab.Updater;
import org.primum.pump.PumpConsole;
import org.primum.pump.ReferencePump;
import org.primum.pump.therapy.InfusionPump;

/**
 * The reference pump's software updates: the kit's A/B {@link Updater} with the pump's own install
 * gate (idle, no program kept), health check (the image must drive this pump's hardware revision)
 * and reporting (evidence events, the hub's rollout view, the status reports' firmware version).
 *
 * <p>A pump that cannot reach the hub takes the same releases from an offline bundle that a biomed
 * technician applies at the console ({@link #applyBundle}): the bundle is staged in the pump's
 * storage ({@link OfflineBundle}) and becomes the updater's source until its release is installed
 * or refused; the kit's offline client verifies it against the pump's own roots of trust, with a
 * bounded freshness window, and the install waits for the same gate as an online update.
 *
 * <p>Safety: runs on its own thread, never on the therapy loop; the pump decides under its own lock
 * whether it can go out of service ({@link InfusionPump#beginMaintenance}), and refuses programming
 * while it is. Nothing from a bundle touches therapy: it only ever reaches the inactive slot.
 */
public final class PumpUpdates implements AutoCloseable {
  private static final int RESEND_EVERY = 6;
  private static final int RESEND_TIMES = 10;
  private static final long MAX_LIBRARY_BYTES = 4L * 1024 * 1024;

  /** How long the console waits for a bundle's verification before it answers anyway. */
  private static final Duration BUNDLE_WAIT = Duration.ofMinutes(5);

  /** Marks the evidence of updates that came from an offline bundle. */
  public static final String OFFLINE_SOURCE = OfflineUpdates.SOURCE;

  private UpdateStatus lastEnd;
  private final Updater updater;
  private final Updater.Listener listener;
  private final ScheduledExecutorService thread;
  private final OfflineUpdates sources;
  private int quietCycles;
  private volatile org.primum.device.update.UpdateClient imageRepository;
  private volatile Runnable alsoEachCycle = () -> {};

  private PumpUpdates(Updater updater, Updater.Listener listener, OfflineUpdates sources) {
    this.updater = updater;
    this.listener = listener;
    this.sources = sources;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "primum-pump-updater");
              t.setDaemon(true);
              return t;
            });
  }

  /** This pump's hardware revision: odd serial numbers are r1, even ones r2. */
  public static String hardwareRevision(String serial) {
    String digits = serial.replaceAll("\\D", "");
    return digits.isEmpty()
            || Long.parseLong(digits.substring(Math.max(0, digits.length() - 9))) % 2 == 1
        ? "r1"
        : "r2";
  }

  /**
   * Where the pump keeps its update roots of trust and trusted metadata ({@code image/}, {@code
   * director/}), provisioned at manufacture or first enrollment.
   */
  public static Path trustDir(Path dataDir) {
    return dataDir.resolve("update");
  }

  /**
   * Opens the pump's slots ({@code <data>/slots}), finishes whatever a power cut interrupted, and
   * tells the agent which version runs. Call before therapy starts. Update events go to the agent's
   * evidence log; offline bundles have the default settings.
   */
  public static PumpUpdates open(
      Path dataDir,
      String serial,
      Updater.Source source,
      InfusionPump pump,
      DeviceAgent agent,
      Clock clock)
      throws IOException {
    return open(
        dataDir,
        serial,
        source,
        pump,
        agent,
        clock,
        OfflineBundle.Settings.defaults(),
        event -> agent.recordEvent(event.type(), event.severity(), event.payload()));
  }

  /**
   * As {@link #open(Path, String, Updater.Source, InfusionPump, DeviceAgent, Clock)}, with the
   * settings for offline bundles and where update events go ({@code recorder}: the evidence log). A
   * bundle staged before a restart is verified again at the next cycle.
   */
  public static PumpUpdates open(
      Path dataDir,
      String serial,
      Updater.Source source,
      InfusionPump pump,
      DeviceAgent agent,
      Clock clock,
      OfflineBundle.Settings bundleSettings,
      Consumer<InfusionPump.Event> recorder)
      throws IOException {
    // The hub, or an offline bundle while one is being applied.
    OfflineUpdates sources =
        new OfflineUpdates(source, trustDir(dataDir), serial, clock, bundleSettings, recorder);
    Slots slots =
        Slots.open(
            dataDir.resolve("slots"),
            FirmwareImage.factory(ReferencePump.FIRMWARE).toBytes(),
            ReferencePump.FIRMWARE);
    String revision = hardwareRevision(serial);
    Updater.InstallGate gate =
        new Updater.InstallGate() {
          @Override
          public Optional<String> enterMaintenance() {
            return pump.beginMaintenance("installing a software update");
          }

          @Override
          public void leaveMaintenance(String version) {
            // Back in service first, whatever else happens.
            pump.endMaintenance("running software " + version);
            try {
              agent.setFirmware(version);
            } catch (IllegalArgumentException e) {
              // a version the status report cannot carry; the previous one stays reported
            }
          }
        };
    Updater.HealthCheck health =
        bytes -> {
          try {
            FirmwareImage image = FirmwareImage.parse(bytes);
            if (!image.hardwareRevisions().contains(revision)) {
              return Optional.of(
                  "software "
                      + image.version()
                      + " has no motor driver for hardware revision "
                      + revision
                      + " (it supports "
                      + String.join(", ", image.hardwareRevisions())
                      + ")");
            }
            return Optional.empty();
          } catch (FirmwareImage.FirmwareRejection e) {
            return Optional.of(e.getMessage());
          }
        };
    Updater.Listener listener =
        new Updater.Listener() {
          @Override
          public void event(String type, Severity severity, ObjectNode payload) {
            if (sources.active()) {
              payload.put("source", OFFLINE_SOURCE);
            }
            recorder.accept(new InfusionPump.Event(type, severity, payload));
          }

          @Override
          public void status(UpdateStatus status) {
            if (status.phase() != UpdatePhase.CURRENT) {
              agent.reportUpdate(status.toReport());
            }
          }
        };
    Updater updater =
        new Updater(slots, sources, gate, health, listener, clock, Updater.Steps.NONE);
    String running = updater.recover();
    try {
      agent.setFirmware(running);
    } catch (IllegalArgumentException e) {
      // never let update bookkeeping stop the pump from starting
    }
    sources.resumeStaged();
    return new PumpUpdates(updater, listener, sources);
  }

  /** Checks for an assigned release every {@code period} on the updater's own thread. */
  public void schedule(Duration period) {
    thread.scheduleWithFixedDelay(
        this::runSafely, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void runSafely() {
    try {
      UpdateStatus after = runOnce();
      // The last end state (healthy, rolled back, …) is sent again now and then, a bounded number
      // of times, so one report lost on the way does not leave the hub's rollout waiting forever.
      // A refusal at the update check names no release (the hub counts it against what it
      // assigned): it is sent again only while the check keeps refusing, never once a check
      // passed, so a stale refusal cannot count against a later assignment.
      if (after.phase().isTerminal()) {
        if (lastEnd == null || !lastEnd.equals(after)) {
          lastEnd = after;
          quietCycles = 0;
        }
      } else if (lastEnd != null && lastEnd.target().isEmpty()) {
        lastEnd = null;
      }
      if (lastEnd != null
          && ++quietCycles % RESEND_EVERY == 0
          && quietCycles <= RESEND_EVERY * RESEND_TIMES) {
        listener.status(lastEnd);
      }
      alsoEachCycle.run();
    } catch (RuntimeException | Error e) {
      // Never let one bad cycle cancel the schedule (an Error here would end it silently).
      System.getLogger(PumpUpdates.class.getName())
          .log(System.Logger.Level.ERROR, "software update cycle failed", e);
    }
  }

  /** The TUF client whose image repository also carries trusted input (drug libraries). */
  public void setImageRepository(org.primum.device.update.UpdateClient client) {
    this.imageRepository = client;
  }

  /** Something else to do after every update cycle, on the updater's thread. */
  public void alsoEachCycle(Runnable task) {
    this.alsoEachCycle = java.util.Objects.requireNonNull(task);
  }

  /**
   * A task that looks for a newer drug library at {@code target} in the image repository (TUF:
   * found through the delegation graph, downloaded with length and hashes checked) and offers it to
   * the pump's library store, which installs it only if its own pharmacy signatures verify, it is
   * newer and it is for this device type; otherwise the last good library stays and the evidence
   * says why.
   */
  public Runnable libraryFetch(
      String target,
      org.primum.pump.ActiveDrugLibrary drugs,
      java.util.function.Consumer<InfusionPump.Event> recorder,
      Path dataDir) {
    return libraryFetch(() -> imageRepository, target, drugs, recorder, dataDir);
  }

  /**
   * As {@link #libraryFetch(String, org.primum.pump.ActiveDrugLibrary, java.util.function.Consumer,
   * Path)}, with any client (e.g. an offline bundle's).
   */
  public static Runnable libraryFetch(
      java.util.function.Supplier<org.primum.device.update.UpdateClient> repository,
      String target,
      org.primum.pump.ActiveDrugLibrary drugs,
      java.util.function.Consumer<InfusionPump.Event> recorder,
      Path dataDir) {
    String[] lastOffered = {""};
    String[] lastRefusal = {""};
    return () -> {
      org.primum.device.update.UpdateClient client = repository.get();
      if (client == null) {
        return;
      }
      ObjectNode payload = JsonNodeFactory.instance.objectNode();
      try {
        var file = client.findImageTarget(target);
        if (file.isEmpty()) {
          return;
        }
        if (file.get().length() > MAX_LIBRARY_BYTES) {
          throw new org.primum.core.tuf.TufRejection.TargetRefused(
              target
                  + " is "
                  + file.get().length()
                  + " bytes; a drug library is at most "
                  + MAX_LIBRARY_BYTES);
        }
        String sha256 = file.get().hashes().getOrDefault("sha256", "");
        String active =
            java.nio.file.Files.exists(drugs.file())
                ? org.primum.core.crypto.Hashes.sha256Hex(
                    java.nio.file.Files.readAllBytes(drugs.file()))
                : "";
        if (sha256.equals(active) || sha256.equals(lastOffered[0])) {
          return;
        }
        Path download = dataDir.resolve("druglib").resolve("incoming.note");
        java.nio.file.Files.deleteIfExists(download);
        client.downloadImageTarget(target, file.get(), download);
        // Offered once: a refused library is not downloaded again until a different one appears.
        lastOffered[0] = sha256;
        var installed = drugs.install(java.nio.file.Files.readAllBytes(download));
        payload.put(
            "message",
            "drug library installed from the image repository: version " + installed.version());
        payload.put("version", installed.version());
        payload.put("target", target);
        recorder.accept(
            new InfusionPump.Event("input.druglib.installed", Severity.NOTICE, payload));
      } catch (org.primum.pump.druglib.DrugLibraryRejection e) {
        payload.put("message", "drug library refused (" + e.code() + "): " + e.getMessage());
        payload.put("code", e.code());
        drugs.current().ifPresent(l -> payload.put("keptVersion", l.version()));
        recorder.accept(
            new InfusionPump.Event("input.druglib.rejected", Severity.WARNING, payload));
      } catch (org.primum.core.tuf.TufRejection e) {
        // Recorded once per distinct reason, not at every cycle (e.g. a delegation the pharmacy
        // has not published to yet is refused until it does).
        String message = "drug library refused by TUF (" + e.code() + "): " + e.getMessage();
        if (!message.equals(lastRefusal[0])) {
          lastRefusal[0] = message;
          payload.put("message", message);
          payload.put("code", e.code());
          recorder.accept(
              new InfusionPump.Event("input.druglib.rejected", Severity.WARNING, payload));
        }
      } catch (IOException e) {
        // The repository is unreachable: try again next cycle.
      }
    };
  }

  /** Runs one update cycle now, on the caller's thread (tests, the console's "check now"). */
  public UpdateStatus runOnce() {
    UpdateStatus after = updater.runOnce();
    // A staged bundle that was waiting for therapy to end: report how it ended.
    sources.afterCycle(after, updater);
    return after;
  }

  /**
   * Lets the console show the updater's state and lets biomed apply offline bundles ({@code bundle
   * DIR}).
   */
  public void attach(PumpConsole console) {
    console.attachUpdates(this::summary);
    console.attachBundles(this::applyBundle, sources::outcome);
  }

  /** One line for the screen: the updater's state, and whether it comes from a bundle. */
  public String summary() {
    String line = updater.status().summary();
    return sources.active() ? line + " [offline bundle]" : line;
  }

  /** What became of the last offline bundle applied here (empty before the first). */
  public String bundleOutcome() {
    return sources.outcome();
  }

  /**
   * Applies an offline update bundle (biomed, at the pump's console): stages it, then runs one
   * update cycle with it as the source, on the updater's own thread (never the therapy thread, and
   * never alongside another cycle). Verified releases install at once when the pump is idle with no
   * program kept, otherwise when it next is. Every outcome is an evidence event ({@code
   * update.bundle.*} besides the updater's own {@code update.*}, marked {@code "source":
   * "offline-bundle"}); see {@link OfflineUpdates}.
   *
   * @return what the console shows
   */
  public String applyBundle(Path bundle, String user) {
    Future<String> done;
    try {
      done = thread.submit(() -> sources.apply(bundle, user, updater));
    } catch (RejectedExecutionException e) {
      return "? the software updater has stopped";
    }
    try {
      return done.get(BUNDLE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return "the bundle is still being verified; the screen shows the outcome";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "? interrupted; the screen shows the outcome";
    } catch (ExecutionException e) {
      return "? the bundle could not be applied: " + e.getCause();
    }
  }

  public UpdateStatus status() {
    return updater.status();
  }

  public String runningVersion() {
    return updater.runningVersion();
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
