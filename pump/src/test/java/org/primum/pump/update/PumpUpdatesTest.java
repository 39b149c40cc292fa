package org.primum.pump.update;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.crypto.Hashes;
import org.primum.core.tuf.TufMetadata;
import org.primum.device.DeviceAgent;
import org.primum.device.update.VerifiedTarget;
import org.primum.device.update.ab.UpdatePhase;
import org.primum.device.update.ab.Updater;
import org.primum.pump.ReferencePump;
import org.primum.pump.therapy.DeliveryPlan;
import org.primum.pump.therapy.InfusionPump;
import org.primum.pump.therapy.PumpMechanics;
import org.primum.pump.therapy.TherapyProgram;
import org.primum.testing.FakeClock;

/** The pump installs software only when no therapy runs, and keeps the good slot otherwise. */
class PumpUpdatesTest {
  @TempDir Path dir;
  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-22T08:00:00Z"));
  private final List<InfusionPump.Event> events = new ArrayList<>();
  private final PumpMechanics mechanics = new PumpMechanics(500);
  private final InfusionPump pump =
      new InfusionPump(
          clock,
          InfusionPump.Settings.defaults(),
          mechanics,
          events::add,
          JsonNodeFactory.instance.objectNode().put("patient", "pt-test"));
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final SecureRandom random = new SecureRandom();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  record Program(DeliveryPlan plan) implements TherapyProgram {
    @Override
    public String drugCode() {
      return "HEP-25K-250";
    }

    @Override
    public List<String> displayLines() {
      return List.of("heparin " + plan.rateMlH() + " mL/h");
    }

    @Override
    public boolean basicInfusion() {
      return false;
    }

    @Override
    public long libraryVersion() {
      return 7;
    }
  }

  /** Serves one release from memory, resuming like the TUF client does. */
  static final class OneRelease implements Updater.Source {
    final byte[] image;
    final VerifiedTarget target;

    OneRelease(FirmwareImage firmware, long counter) {
      image = firmware.toBytes();
      target =
          new VerifiedTarget(
              "firmware/rp-1/primum-rp1-" + firmware.version() + ".fw",
              new TufMetadata.TargetFile(
                  image.length, Map.of("sha256", Hashes.sha256Hex(image)), Optional.empty()),
              firmware.version(),
              counter,
              "rp-1");
    }

    @Override
    public Optional<VerifiedTarget> check(long installedCounter) {
      return installedCounter < target.releaseCounter() ? Optional.of(target) : Optional.empty();
    }

    @Override
    public void download(VerifiedTarget t, Path file) throws IOException {
      long have = Files.exists(file) ? Files.size(file) : 0;
      Files.write(
          file,
          java.util.Arrays.copyOfRange(image, (int) have, image.length),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
  }

  private PumpUpdates updates(String serial, Updater.Source source) throws IOException {
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
    return PumpUpdates.open(dir.resolve(serial), serial, source, pump, agent, clock);
  }

  @Test
  void update_duringInfusion_waitsWithoutTouchingDeliveryThenInstallsWhenIdle() throws IOException {
    pump.selfTest(List.of());
    pump.beginProgramming("nurse:ana");
    pump.confirm(
        new Program(new DeliveryPlan(120, 50, Optional.empty(), Optional.empty())), "nurse:ana");
    pump.start("nurse:ana");
    PumpUpdates updates =
        updates(
            "PUMP-0001",
            new OneRelease(FirmwareImage.build("0.2.0", FirmwareImage.REVISIONS, 4096, random), 1));

    for (int s = 0; s < 60; s++) {
      clock.advance(Duration.ofSeconds(1));
      pump.tick();
      if (s % 10 == 0) {
        assertThat(updates.runOnce().phase()).isEqualTo(UpdatePhase.WAITING_FOR_THERAPY);
      }
    }

    // 120 mL/h for 60 s is 2 mL: the pending update changed nothing in delivery.
    assertThat(pump.deliveredForProgramMl())
        .isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.01));
    assertThat(updates.status().summary()).contains("installs when no therapy runs");
    assertThat(updates.runningVersion()).isEqualTo(ReferencePump.FIRMWARE);

    pump.pause("nurse:ana");
    pump.clearProgram("nurse:ana");
    assertThat(updates.runOnce().phase()).isEqualTo(UpdatePhase.HEALTHY);
    assertThat(updates.runningVersion()).isEqualTo("0.2.0");
    assertThat(pump.maintenance()).isEmpty();
  }

  @Test
  void update_withoutTheDriverForThisRevision_rollsBackByItself() throws IOException {
    pump.selfTest(List.of());
    FirmwareImage faulty = FirmwareImage.build("0.2.1", List.of("r1"), 4096, random);

    PumpUpdates even = updates("PUMP-0002", new OneRelease(faulty, 2));
    assertThat(even.runOnce().phase()).isEqualTo(UpdatePhase.ROLLED_BACK);
    assertThat(even.status().detail()).contains("no motor driver for hardware revision r2");
    assertThat(even.runningVersion()).isEqualTo(ReferencePump.FIRMWARE);

    PumpUpdates odd = updates("PUMP-0003", new OneRelease(faulty, 2));
    assertThat(odd.runOnce().phase()).isEqualTo(UpdatePhase.HEALTHY);
  }

  @Test
  void programming_duringMaintenance_isRefused() {
    pump.selfTest(List.of());
    assertThat(pump.beginMaintenance("installing a software update")).isEmpty();

    var refused = pump.beginProgramming("nurse:ana");

    assertThat(refused.accepted()).isFalse();
    assertThat(refused.refusal()).contains("installing a software update");
    pump.endMaintenance("running software 0.2.0");
    assertThat(pump.beginProgramming("nurse:ana").accepted()).isTrue();
  }

  @Test
  void firmwareImage_garbage_isRefusedWithTheReason() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                FirmwareImage.parse(
                    "{\"format\":\"other\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isInstanceOf(FirmwareImage.FirmwareRejection.class)
        .hasMessageContaining("expected format");
  }
}
