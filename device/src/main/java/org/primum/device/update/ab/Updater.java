package org.primum.device.update.ab;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.primum.core.evidence.Severity;
import org.primum.core.tuf.TufRejection;
import org.primum.device.update.VerifiedTarget;

/**
 * The device's A/B updater: downloads a verified release into the inactive slot, installs it only
 * when the device says no therapy runs, boots it on trial, and confirms it when its health check
 * passes or rolls back to the last good slot when it fails or crash-loops.
 *
 * <p>Safety: the updater never touches therapy. It installs only after {@link
 * InstallGate#enterMaintenance()} agreed (the device refuses while therapy runs and refuses to
 * start therapy while in maintenance), and every step runs on the caller's thread, which must not
 * be the therapy thread. A failure anywhere leaves the device on a verified slot.
 *
 * <p>Security guarantees: only images that {@link Source#check} returned (director-assigned and
 * vouched for by the image repository, TUF-verified) and that {@link Source#download} verified by
 * length and hashes are ever installed; the anti-rollback floor (highest release counter confirmed
 * healthy) only goes up and is what the next check compares against.
 */
public final class Updater {
  /** Where verified releases come from (the TUF client, online or from an offline bundle). */
  public interface Source {
    /** The release assigned to this device above {@code installedCounter}, if any. */
    Optional<VerifiedTarget> check(long installedCounter) throws TufRejection, IOException;

    /** Streams the target into {@code file} (resuming), verifying length and hashes. */
    void download(VerifiedTarget target, Path file) throws TufRejection, IOException;

    /** The kit's TUF client (director + image repository, online or an offline bundle). */
    static Source of(org.primum.device.update.UpdateClient client) {
      return new Source() {
        @Override
        public Optional<VerifiedTarget> check(long installedCounter)
            throws TufRejection, IOException {
          return client.check(installedCounter);
        }

        @Override
        public void download(VerifiedTarget target, Path file) throws TufRejection, IOException {
          client.download(target, file);
        }
      };
    }
  }

  /** The device's consent to an install, and its return to service afterwards. */
  public interface InstallGate {
    /**
     * Takes the device out of service if no therapy runs.
     *
     * @return empty when the device is now in maintenance, otherwise why it must wait
     */
    Optional<String> enterMaintenance();

    /** Puts the device back in service, running {@code version}. */
    void leaveMaintenance(String version);
  }

  /** The device's health check of a booted image: empty when healthy, else what failed. */
  @FunctionalInterface
  public interface HealthCheck {
    Optional<String> check(byte[] image);
  }

  /** Where each step goes: the evidence log and the hub's rollout view. */
  public interface Listener {
    void event(String type, Severity severity, ObjectNode payload);

    void status(UpdateStatus status);
  }

  /** Test hook: called at every step boundary, so tests can cut the power there. */
  @FunctionalInterface
  public interface Steps {
    void reached(String step);

    Steps NONE = step -> {};
  }

  private final Slots slots;
  private final Source source;
  private final InstallGate gate;
  private final HealthCheck health;
  private final Listener listener;
  private final Clock clock;
  private final Steps steps;
  private final long maxImageBytes;
  private volatile UpdateStatus status;

  /** The largest image a slot takes by default: 512 MiB. */
  public static final long DEFAULT_MAX_IMAGE_BYTES = 512L * 1024 * 1024;

  public Updater(
      Slots slots,
      Source source,
      InstallGate gate,
      HealthCheck health,
      Listener listener,
      Clock clock,
      Steps steps) {
    this.slots = Objects.requireNonNull(slots);
    this.source = Objects.requireNonNull(source);
    this.gate = Objects.requireNonNull(gate);
    this.health = Objects.requireNonNull(health);
    this.listener = Objects.requireNonNull(listener);
    this.clock = Objects.requireNonNull(clock);
    this.steps = Objects.requireNonNull(steps);
    this.maxImageBytes = DEFAULT_MAX_IMAGE_BYTES;
    SlotState.SlotImage active = slots.state().activeImage();
    this.status =
        new UpdateStatus(
            UpdatePhase.CURRENT,
            active.target(),
            active.version(),
            active.releaseCounter(),
            "",
            clock.instant());
  }

  /** What the updater last did. */
  public UpdateStatus status() {
    return status;
  }

  /** The version the device runs now (the active slot's). */
  public String runningVersion() {
    return slots.state().activeImage().version();
  }

  /**
   * Runs at device start, before therapy is possible: finishes a trial boot that a power cut
   * interrupted (health check, then confirm or roll back), rolls back a slot that crash-looped, and
   * checks the active slot's image. Returns the version the device runs.
   */
  public synchronized String recover() {
    SlotState state = slots.state();
    try {
      if (state.trial().isPresent()) {
        SlotState.Trial trial = state.trial().get();
        int attempts = trial.bootAttempts() + 1;
        slots.save(state.withTrial(Optional.of(new SlotState.Trial(trial.slot(), attempts))));
        if (attempts > SlotState.MAX_BOOT_ATTEMPTS) {
          rollBack(
              trial.slot(),
              "crash loop: "
                  + (attempts - 1)
                  + " boots of the new software without a passed health check");
        } else {
          steps.reached("recover-boot-counted");
          bootTrial(trial.slot());
        }
      }
      slots.verifiedImage(slots.state().active());
    } catch (IOException e) {
      fail("", runningVersion(), 0, "the active slot could not be checked: " + e.getMessage());
    }
    return runningVersion();
  }

  /**
   * One update cycle: ask for an assigned release, download it into the inactive slot, and install
   * it if no therapy runs. Never throws: every refusal and failure becomes a status and an event.
   */
  public synchronized UpdateStatus runOnce() {
    SlotState state = slots.state();
    if (state.trial().isPresent()) {
      // A trial is finished only by recover() at start (a boot); never here, where therapy may run.
      return status;
    }
    long installed = Math.max(state.floor(), state.activeImage().releaseCounter());
    Optional<VerifiedTarget> assigned;
    try {
      assigned = source.check(installed);
    } catch (TufRejection e) {
      if (status.phase() == UpdatePhase.REFUSED && status.detail().equals(e.getMessage())) {
        return status; // the same refusal as last cycle: recorded once, not at every check
      }
      report(
          UpdatePhase.REFUSED,
          "",
          "",
          0,
          e.getMessage(),
          Severity.WARNING,
          "update.refused",
          e.code());
      return status;
    } catch (IOException e) {
      // The repository is unreachable: nothing changes, the next cycle tries again.
      return status;
    }
    if (assigned.isEmpty()) {
      SlotState.SlotImage active = slots.state().activeImage();
      if (status.phase() != UpdatePhase.CURRENT || !status.version().equals(active.version())) {
        status =
            new UpdateStatus(
                UpdatePhase.CURRENT,
                active.target(),
                active.version(),
                active.releaseCounter(),
                "",
                clock.instant());
      }
      return status;
    }
    VerifiedTarget target = assigned.get();
    String sha256 = target.file().hashes().get("sha256");
    if (sha256 == null) {
      report(
          UpdatePhase.REFUSED,
          target,
          "the release carries no sha256 hash",
          Severity.WARNING,
          "update.refused");
      return status;
    }
    if (!org.primum.core.formats.Texts.isLabel(target.version())) {
      report(
          UpdatePhase.REFUSED,
          target.path(),
          "",
          target.releaseCounter(),
          "the release names no usable version",
          Severity.WARNING,
          "update.refused",
          "");
      return status;
    }
    if (target.file().length() > maxImageBytes) {
      report(
          UpdatePhase.REFUSED,
          target,
          "the image is "
              + target.file().length()
              + " bytes, more than the slot holds ("
              + maxImageBytes
              + ")",
          Severity.WARNING,
          "update.refused");
      return status;
    }
    if (state.refusedSha256().filter(sha256::equals).isPresent()) {
      // Already failed its health check here: stay on the good slot until a different release.
      return status;
    }
    try {
      String slot = state.inactive();
      if (!isPending(state, slot, sha256)) {
        download(target, slot, sha256);
      }
      install(target, slots.state().pending().orElseThrow());
    } catch (TufRejection.SlowRetrieval e) {
      interrupted(target, e.getMessage());
    } catch (TufRejection e) {
      report(UpdatePhase.REFUSED, target, e.getMessage(), Severity.WARNING, "update.refused");
    } catch (IOException e) {
      if (String.valueOf(e.getMessage()).contains("No space left")) {
        report(
            UpdatePhase.FAILED,
            target,
            "download failed: " + e.getMessage(),
            Severity.WARNING,
            "update.download.failed");
      } else {
        interrupted(target, e.getMessage());
      }
    }
    return status;
  }

  /**
   * A download that stopped on the way (network, slow link) is not a failed update: it resumes at
   * the next cycle, and the hub keeps counting it as downloading.
   */
  private void interrupted(VerifiedTarget target, String why) {
    String detail = "download interrupted (" + why + "); resumes at the next check";
    if (status.phase() != UpdatePhase.DOWNLOADING || !status.detail().equals(detail)) {
      report(UpdatePhase.DOWNLOADING, target, detail, Severity.INFO, "update.download.interrupted");
    }
  }

  private static boolean isPending(SlotState state, String slot, String sha256) {
    return state.pending().filter(slot::equals).isPresent()
        && state.images().get(slot) != null
        && state.images().get(slot).sha256().equals(sha256);
  }

  private void download(VerifiedTarget target, String slot, String sha256)
      throws TufRejection, IOException {
    SlotState state = slots.state();
    Path image = slots.imageFile(slot);
    Path partial = slots.partialFile(slot, sha256);
    if (state.images().containsKey(slot) || state.pending().isPresent()) {
      // The inactive slot held an older image: it is overwritten from here on.
      slots.save(state.withImage(slot, null).withPending(Optional.empty()));
    }
    Files.createDirectories(partial.getParent());
    slots.discardPartials(slot, partial);
    if (Slots.sha256Of(image).filter(sha256::equals).isEmpty()) {
      report(
          UpdatePhase.DOWNLOADING,
          target,
          Files.exists(partial) ? "resuming at byte " + Files.size(partial) : "",
          Severity.INFO,
          "update.download.started");
      steps.reached("download-started");
      source.download(target, partial);
      steps.reached("download-verified");
      Files.move(
          partial, image, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      // The rename must be durable before slots.json says the slot holds this image.
      org.primum.core.files.SecureFiles.syncDirectory(image.getParent());
      steps.reached("image-in-slot");
    }
    SlotState.SlotImage verified =
        new SlotState.SlotImage(target.version(), target.releaseCounter(), sha256, target.path());
    slots.save(slots.state().withImage(slot, verified).withPending(Optional.of(slot)));
    steps.reached("pending-saved");
    report(
        UpdatePhase.DOWNLOADED,
        target,
        "verified into slot " + slot,
        Severity.INFO,
        "update.downloaded");
  }

  private void install(VerifiedTarget target, String slot) throws IOException {
    Optional<String> wait = gate.enterMaintenance();
    if (wait.isPresent()) {
      if (status.phase() != UpdatePhase.WAITING_FOR_THERAPY
          || !status.version().equals(target.version())) {
        report(
            UpdatePhase.WAITING_FOR_THERAPY,
            target,
            wait.get(),
            Severity.INFO,
            "update.waiting-for-therapy");
      }
      return;
    }
    boolean left = false;
    try {
      report(
          UpdatePhase.INSTALLING,
          target,
          "booting slot " + slot + " on trial",
          Severity.INFO,
          "update.installing");
      SlotState state = slots.state();
      slots.save(
          state.withPending(Optional.empty()).withTrial(Optional.of(new SlotState.Trial(slot, 0))));
      steps.reached("trial-marked");
      slots.save(slots.state().withTrial(Optional.of(new SlotState.Trial(slot, 1))));
      steps.reached("trial-booted");
      bootTrial(slot);
      gate.leaveMaintenance(runningVersion());
      left = true;
    } finally {
      if (!left) {
        gate.leaveMaintenance(runningVersion());
      }
    }
  }

  /** Health-checks the slot on trial, then confirms it or rolls back. */
  private void bootTrial(String slot) throws IOException {
    SlotState.SlotImage image = slots.state().images().get(slot);
    byte[] bytes;
    try {
      bytes = slots.verifiedImage(slot);
    } catch (IOException e) {
      // Damaged on disk, not a bad release: empty the slot so the release downloads again.
      SlotState state = slots.state();
      slots.save(
          state.withImage(slot, null).withPending(Optional.empty()).withTrial(Optional.empty()));
      report(
          UpdatePhase.DOWNLOADING,
          image,
          e.getMessage() + "; downloading it again",
          Severity.WARNING,
          "update.slot.damaged");
      return;
    }
    report(
        UpdatePhase.INSTALLED,
        image,
        "slot " + slot + " booted; running its health check",
        Severity.INFO,
        "update.installed");
    Optional<String> failure;
    try {
      failure = health.check(bytes);
    } catch (RuntimeException e) {
      failure = Optional.of("health check crashed: " + e);
    }
    steps.reached("health-checked");
    if (failure.isPresent()) {
      rollBack(slot, "health check failed: " + failure.get());
      return;
    }
    SlotState state = slots.state();
    slots.save(
        state.with(
            slot,
            state.images(),
            Math.max(state.floor(), image.releaseCounter()),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));
    steps.reached("confirmed");
    report(
        UpdatePhase.HEALTHY,
        image,
        "running from slot " + slot + "; anti-rollback floor " + slots.state().floor(),
        Severity.NOTICE,
        "update.confirmed");
  }

  private void rollBack(String slot, String why) throws IOException {
    SlotState state = slots.state();
    SlotState.SlotImage failed = state.images().get(slot);
    slots.save(
        state.with(
            state.active(),
            state.images(),
            state.floor(),
            Optional.empty(),
            Optional.empty(),
            failed == null ? Optional.empty() : Optional.of(failed.sha256())));
    steps.reached("rolled-back");
    SlotState.SlotImage back = slots.state().activeImage();
    report(
        UpdatePhase.ROLLED_BACK,
        failed == null ? back : failed,
        why + "; back on " + back.version() + " (slot " + state.active() + ")",
        Severity.CRITICAL,
        "update.rolled-back");
  }

  private void fail(String target, String version, long counter, String detail) {
    report(
        UpdatePhase.FAILED,
        target,
        version,
        counter,
        detail,
        Severity.CRITICAL,
        "update.failed",
        "");
  }

  private void report(
      UpdatePhase phase, VerifiedTarget target, String detail, Severity severity, String event) {
    report(
        phase,
        target.path(),
        target.version(),
        target.releaseCounter(),
        detail,
        severity,
        event,
        "");
  }

  private void report(
      UpdatePhase phase,
      SlotState.SlotImage image,
      String detail,
      Severity severity,
      String event) {
    report(
        phase,
        image.target(),
        image.version(),
        image.releaseCounter(),
        detail,
        severity,
        event,
        "");
  }

  private void report(
      UpdatePhase phase,
      String target,
      String version,
      long counter,
      String detail,
      Severity severity,
      String event,
      String code) {
    status = new UpdateStatus(phase, target, version, counter, detail, clock.instant());
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.put("phase", phase.name());
    payload.put("target", target);
    payload.put("version", version);
    payload.put("releaseCounter", counter);
    payload.put("message", detail.isEmpty() ? status.summary() : detail);
    if (!code.isEmpty()) {
      payload.put("code", code);
    }
    SlotState state = slots.state();
    payload.put("activeSlot", state.active());
    payload.put("floor", state.floor());
    try {
      listener.event(event, severity, payload);
      listener.status(status);
    } catch (RuntimeException e) {
      // A broken listener must not stop the updater from finishing its step.
    }
  }
}
