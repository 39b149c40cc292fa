package org.primum.device.update.ab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.crypto.Hashes;
import org.primum.core.evidence.Severity;
import org.primum.core.tuf.TufMetadata;
import org.primum.core.tuf.TufRejection;
import org.primum.device.update.VerifiedTarget;
import org.primum.testing.FakeClock;

class UpdaterTest {
  @TempDir Path dir;

  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-22T10:00:00Z"));
  private final List<String> events = new ArrayList<>();
  private final List<UpdateStatus> reported = new ArrayList<>();
  private final AtomicReference<String> therapy = new AtomicReference<>();
  private final AtomicInteger maintenance = new AtomicInteger();

  /** Thrown by the step hook: the device loses power there (an Error, so nothing catches it). */
  static final class PowerCut extends Error {
    PowerCut(String step) {
      super("power cut at " + step);
    }
  }

  static byte[] image(String version, boolean healthy) {
    return ("FIRMWARE " + version + (healthy ? " ok " : " faulty ") + "x".repeat(5000))
        .getBytes(StandardCharsets.US_ASCII);
  }

  static VerifiedTarget target(String version, long counter, byte[] image) {
    return new VerifiedTarget(
        "firmware/rp-1/fw-" + version,
        new TufMetadata.TargetFile(
            image.length, Map.of("sha256", Hashes.sha256Hex(image)), Optional.empty()),
        version,
        counter,
        "rp-1");
  }

  /** Serves one assigned release from memory; download resumes like the real client. */
  final class FakeSource implements Updater.Source {
    VerifiedTarget assigned;
    byte[] bytes;
    long lastInstalledCounter = -1;
    IOException downloadFailure;

    void assign(String version, long counter, boolean healthy) {
      bytes = image(version, healthy);
      assigned = target(version, counter, bytes);
    }

    @Override
    public Optional<VerifiedTarget> check(long installedCounter) throws TufRejection {
      lastInstalledCounter = installedCounter;
      if (assigned == null || assigned.releaseCounter() <= installedCounter) {
        return Optional.empty();
      }
      return Optional.of(assigned);
    }

    @Override
    public void download(VerifiedTarget target, Path file) throws IOException {
      if (downloadFailure != null) {
        throw downloadFailure;
      }
      long have = Files.exists(file) ? Files.size(file) : 0;
      Files.write(
          file,
          java.util.Arrays.copyOfRange(bytes, (int) have, bytes.length),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
  }

  private final FakeSource source = new FakeSource();

  private Updater updater(Updater.Steps steps) throws IOException {
    Slots slots = Slots.open(dir, image("0.1.0", true), "0.1.0");
    return new Updater(
        slots,
        source,
        new Updater.InstallGate() {
          @Override
          public Optional<String> enterMaintenance() {
            if (therapy.get() != null) {
              return Optional.of(therapy.get());
            }
            maintenance.incrementAndGet();
            return Optional.empty();
          }

          @Override
          public void leaveMaintenance(String version) {
            maintenance.decrementAndGet();
          }
        },
        bytes ->
            new String(bytes, StandardCharsets.US_ASCII).contains(" faulty ")
                ? Optional.of("motor driver does not start")
                : Optional.empty(),
        new Updater.Listener() {
          @Override
          public void event(String type, Severity severity, ObjectNode payload) {
            events.add(type);
          }

          @Override
          public void status(UpdateStatus status) {
            reported.add(status);
          }
        },
        clock,
        steps);
  }

  @Test
  void runOnce_healthyRelease_confirmsAndRaisesTheFloor() throws IOException {
    Updater updater = updater(Updater.Steps.NONE);
    assertThat(updater.recover()).isEqualTo("0.1.0");
    source.assign("0.2.0", 2, true);

    UpdateStatus status = updater.runOnce();

    assertThat(status.phase()).isEqualTo(UpdatePhase.HEALTHY);
    assertThat(updater.runningVersion()).isEqualTo("0.2.0");
    Slots slots = Slots.open(dir, new byte[0], "unused");
    assertThat(slots.state().active()).isEqualTo("b");
    assertThat(slots.state().floor()).isEqualTo(2);
    assertThat(events)
        .containsSubsequence(
            "update.download.started",
            "update.downloaded",
            "update.installing",
            "update.installed",
            "update.confirmed");
    assertThat(maintenance).hasValue(0);
  }

  @Test
  void runOnce_therapyRunning_waitsAndSaysSoThenInstallsWhenItEnds() throws IOException {
    Updater updater = updater(Updater.Steps.NONE);
    source.assign("0.2.0", 2, true);
    therapy.set("infusing: therapy must end first");

    assertThat(updater.runOnce().phase()).isEqualTo(UpdatePhase.WAITING_FOR_THERAPY);
    assertThat(updater.runOnce().phase()).isEqualTo(UpdatePhase.WAITING_FOR_THERAPY);
    assertThat(updater.status().summary()).contains("installs when no therapy runs");
    assertThat(updater.runningVersion()).isEqualTo("0.1.0");
    assertThat(events.stream().filter("update.waiting-for-therapy"::equals)).hasSize(1);

    therapy.set(null);
    assertThat(updater.runOnce().phase()).isEqualTo(UpdatePhase.HEALTHY);
  }

  @Test
  void runOnce_faultyRelease_rollsBackKeepsTheFloorAndDoesNotRetryIt() throws IOException {
    Updater updater = updater(Updater.Steps.NONE);
    source.assign("0.2.0", 2, true);
    updater.runOnce();
    source.assign("0.3.0", 3, false);

    UpdateStatus status = updater.runOnce();

    assertThat(status.phase()).isEqualTo(UpdatePhase.ROLLED_BACK);
    assertThat(status.detail()).contains("motor driver does not start").contains("back on 0.2.0");
    assertThat(updater.runningVersion()).isEqualTo("0.2.0");
    Slots slots = Slots.open(dir, new byte[0], "unused");
    assertThat(slots.state().floor()).isEqualTo(2);
    int before = events.size();
    updater.runOnce();
    assertThat(events).hasSize(before);
    assertThat(source.lastInstalledCounter).isEqualTo(2);
  }

  @Test
  void runOnce_diskFull_failsAndStaysOnTheVerifiedSlot() throws IOException {
    Updater updater = updater(Updater.Steps.NONE);
    source.assign("0.2.0", 2, true);
    source.downloadFailure = new IOException("No space left on device");

    UpdateStatus status = updater.runOnce();

    assertThat(status.phase()).isEqualTo(UpdatePhase.FAILED);
    assertThat(status.detail()).contains("No space left on device");
    assertThat(updater.runningVersion()).isEqualTo("0.1.0");
  }

  @Test
  void runOnce_networkDropsMidDownload_isStillDownloadingAndResumesNextCycle() throws IOException {
    Updater updater = updater(Updater.Steps.NONE);
    source.assign("0.2.0", 2, true);
    source.downloadFailure = new IOException("the transfer stopped after 100 of 5019 bytes");

    UpdateStatus status = updater.runOnce();

    assertThat(status.phase()).isEqualTo(UpdatePhase.DOWNLOADING);
    assertThat(status.detail()).contains("resumes at the next check");
    source.downloadFailure = null;
    assertThat(updater.runOnce().phase()).isEqualTo(UpdatePhase.HEALTHY);
  }

  @Test
  void runOnce_partialOfAnotherRelease_isDiscardedNotResumed() throws IOException {
    Updater updater = updater(Updater.Steps.NONE);
    Slots slots = Slots.open(dir, new byte[0], "unused");
    byte[] other = image("0.1.9", true);
    Path stale = slots.partialFile("b", Hashes.sha256Hex(other));
    Files.createDirectories(stale.getParent());
    Files.write(stale, java.util.Arrays.copyOf(other, 1000));
    source.assign("0.2.0", 2, true);

    assertThat(updater.runOnce().phase()).isEqualTo(UpdatePhase.HEALTHY);
    assertThat(stale).doesNotExist();
  }

  @Test
  void recover_crashLoopingNewSlot_rollsBackAfterThreeBoots() throws IOException {
    Updater.Steps crashAtHealthCheck =
        step -> {
          if (step.equals("trial-booted") || step.equals("recover-boot-counted")) {
            throw new PowerCut(step);
          }
        };
    source.assign("0.2.0", 2, true);
    assertThatThrownBy(() -> updater(crashAtHealthCheck).runOnce()).isInstanceOf(PowerCut.class);
    for (int boot = 0; boot < SlotState.MAX_BOOT_ATTEMPTS - 1; boot++) {
      assertThatThrownBy(() -> updater(crashAtHealthCheck).recover()).isInstanceOf(PowerCut.class);
    }

    Updater last = updater(crashAtHealthCheck);
    assertThat(last.recover()).isEqualTo("0.1.0");
    assertThat(last.status().phase()).isEqualTo(UpdatePhase.ROLLED_BACK);
    assertThat(last.status().detail()).contains("crash loop");
  }

  /** A power cut at every step, for a healthy and a faulty release: always a verified slot. */
  @Test
  void powerCut_atEveryStep_endsOnAVerifiedSlot() throws IOException {
    List<String> stepsSeen = new ArrayList<>();
    source.assign("0.2.0", 2, true);
    updater(stepsSeen::add).runOnce();
    assertThat(stepsSeen).contains("download-started", "pending-saved", "trial-marked");
    List<String> failures = new ArrayList<>();
    for (boolean healthy : new boolean[] {true, false}) {
      for (String cutAt : stepsSeen) {
        Path run = dir.resolve((healthy ? "good-" : "bad-") + cutAt);
        failures.addAll(powerCutRun(run, cutAt, healthy));
      }
    }
    assertThat(failures).isEmpty();
  }

  private List<String> powerCutRun(Path run, String cutAt, boolean healthy) throws IOException {
    Path saved = dir;
    dir = run;
    try {
      source.assign("0.2.0", 2, healthy);
      AtomicInteger cuts = new AtomicInteger();
      Updater.Steps once =
          step -> {
            if (step.equals(cutAt) && cuts.getAndIncrement() == 0) {
              throw new PowerCut(step);
            }
          };
      try {
        updater(once).runOnce();
      } catch (PowerCut expected) {
        // the device lost power here
      }
      Updater rebooted = updater(once);
      rebooted.recover();
      for (int i = 0; i < 3; i++) {
        rebooted.runOnce();
      }
      Slots slots = Slots.open(dir, new byte[0], "unused");
      List<String> problems = new ArrayList<>();
      String where = (healthy ? "healthy" : "faulty") + " release, cut at " + cutAt + ": ";
      try {
        slots.verifiedImage(slots.state().active());
      } catch (IOException e) {
        problems.add(where + e.getMessage());
      }
      String expected = healthy ? "0.2.0" : "0.1.0";
      if (!rebooted.runningVersion().equals(expected)) {
        problems.add(where + "runs " + rebooted.runningVersion() + ", expected " + expected);
      }
      if (slots.state().trial().isPresent()) {
        problems.add(where + "still on trial");
      }
      return problems;
    } finally {
      dir = saved;
    }
  }
}
