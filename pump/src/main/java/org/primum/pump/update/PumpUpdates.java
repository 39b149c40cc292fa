package org.primum.pump.update;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.primum.core.evidence.Severity;
import org.primum.device.DeviceAgent;
import org.primum.device.update.ab.Slots;
import org.primum.device.update.ab.UpdatePhase;
import org.primum.device.update.ab.UpdateStatus;
import org.primum.device.update.ab.Updater;
import org.primum.pump.ReferencePump;
import org.primum.pump.therapy.InfusionPump;

/**
 * The reference pump's software updates: the kit's A/B {@link Updater} with the pump's own install
 * gate (idle, no program kept), health check (the image must drive this pump's hardware revision)
 * and reporting (evidence events, the hub's rollout view, the status reports' firmware version).
 *
 * <p>Safety: runs on its own thread, never on the therapy loop; the pump decides under its own lock
 * whether it can go out of service ({@link InfusionPump#beginMaintenance}), and refuses programming
 * while it is.
 */
public final class PumpUpdates implements AutoCloseable {
  private static final int RESEND_EVERY = 6;
  private static final int RESEND_TIMES = 10;
  private static final long MAX_LIBRARY_BYTES = 4L * 1024 * 1024;
  private UpdateStatus lastEnd;
  private final Updater updater;
  private final Updater.Listener listener;
  private final ScheduledExecutorService thread;
  private int quietCycles;
  private volatile org.primum.device.update.UpdateClient imageRepository;
  private volatile Runnable alsoEachCycle = () -> {};

  private PumpUpdates(Updater updater, Updater.Listener listener) {
    this.updater = updater;
    this.listener = listener;
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
   * Opens the pump's slots ({@code <data>/slots}), finishes whatever a power cut interrupted, and
   * tells the agent which version runs. Call before therapy starts.
   */
  public static PumpUpdates open(
      Path dataDir,
      String serial,
      Updater.Source source,
      InfusionPump pump,
      DeviceAgent agent,
      Clock clock)
      throws IOException {
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
            agent.recordEvent(type, severity, payload);
          }

          @Override
          public void status(UpdateStatus status) {
            if (status.phase() != UpdatePhase.CURRENT) {
              agent.reportUpdate(status.toReport());
            }
          }
        };
    Updater updater = new Updater(slots, source, gate, health, listener, clock, Updater.Steps.NONE);
    String running = updater.recover();
    try {
      agent.setFirmware(running);
    } catch (IllegalArgumentException e) {
      // never let update bookkeeping stop the pump from starting
    }
    return new PumpUpdates(updater, listener);
  }

  /** Checks for an assigned release every {@code period} on the updater's own thread. */
  public void schedule(Duration period) {
    thread.scheduleWithFixedDelay(
        this::runSafely, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void runSafely() {
    try {
      UpdateStatus after = updater.runOnce();
      // The last end state (healthy, rolled back, …) is sent again now and then, a bounded number
      // of times, so one report lost on the way does not leave the hub's rollout waiting forever.
      if (after.phase().isTerminal() && !after.target().isEmpty()) {
        if (lastEnd == null || !lastEnd.equals(after)) {
          lastEnd = after;
          quietCycles = 0;
        }
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
    return updater.runOnce();
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
