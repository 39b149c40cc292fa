package org.primum.hub.updates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.core.crypto.Hashes;
import org.primum.hub.TestHub;

/**
 * Staged rollouts on SQLite and PostgreSQL with a fake clock and a fake director: wave order and
 * advancement, self-pause with its reason, resume, abort, maintenance windows, hospital approval,
 * notifications, and refusals.
 */
class RolloutServiceTest {
  @TempDir Path dir;
  private RolloutTestBed bed;

  @AfterEach
  void close() {
    if (bed != null) {
      bed.close();
    }
  }

  private RolloutTestBed bed(TestHub.Db db) {
    bed = new RolloutTestBed(db, dir);
    return bed;
  }

  private void healthy(RolloutTestBed bed, ReleaseSummary release, List<String> serials)
      throws RolloutRefusal {
    for (String serial : serials) {
      bed.report(serial, release, "DOWNLOADING", "");
      bed.report(serial, release, "INSTALLED", "");
      bed.report(serial, release, "HEALTHY", "health check passed");
    }
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void percentageWaves_areOrderedByHash_andAdvanceWhenHealthy(TestHub.Db db) throws Exception {
    RolloutTestBed bed = bed(db);
    List<String> devices = bed.devices(20);
    ReleaseSummary release = bed.releases.publish("0.2.0", 2, "Fixes CVE-2026-0001.");
    RolloutSummary started =
        bed.service.start("staff:rm", "rp-1", "0.2.0", RolloutPlan.defaults(), "test");
    long id = started.id();
    assertThat(started.waveCount()).isEqualTo(4);
    List<String> expectedOrder =
        devices.stream()
            .sorted(
                Comparator.comparing(
                    s -> Hashes.sha256Hex((id + ":" + s).getBytes(StandardCharsets.UTF_8))))
            .toList();
    // 1 % of 20 rounds up to one device, 10 % to two, 50 % to ten, then the rest.
    assertThat(bed.wave(id, 1)).containsExactly(expectedOrder.get(0));
    assertThat(bed.wave(id, 2)).containsExactly(expectedOrder.get(1));
    assertThat(bed.wave(id, 3)).containsExactlyElementsOf(expectedOrder.subList(2, 10));
    assertThat(bed.wave(id, 4)).containsExactlyElementsOf(expectedOrder.subList(10, 20));

    bed.driver.tick();
    assertThat(bed.director.assignedInOrder).containsExactly(expectedOrder.get(0));
    assertThat(bed.director.current.get(expectedOrder.get(0)))
        .isEqualTo(new FakeAssignments.Assigned(release.id(), id));
    bed.driver.tick(); // nothing finished yet: no advance
    assertThat(bed.detail(id).rollout().currentWave()).isEqualTo(1);

    for (int wave = 1; wave <= 4; wave++) {
      assertThat(bed.director.current.keySet()).containsAll(bed.wave(id, wave));
      healthy(bed, release, bed.wave(id, wave));
      bed.clock.advance(Duration.ofSeconds(5));
      bed.driver.tick();
    }
    RolloutDetail done = bed.detail(id);
    assertThat(done.rollout().state()).isEqualTo(RolloutState.COMPLETED);
    assertThat(done.rollout().count(RolloutDeviceState.HEALTHY)).isEqualTo(20);
    assertThat(bed.director.assignedInOrder).containsExactlyElementsOf(expectedOrder);
    assertThat(done.waves()).allSatisfy(w -> assertThat(w.outcome()).isPresent());
    assertThat(done.timeline().get(done.timeline().size() - 1).counts())
        .containsEntry(RolloutDeviceState.HEALTHY, 20);
    assertThat(bed.audit.latest(50, "rollout."))
        .extracting(e -> e.action())
        .contains("rollout.start", "rollout.advance", "rollout.complete");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void pumpsWaitingForTherapy_doNotHoldAnIntermediateWave_butTheLastWaveWaitsForThem(TestHub.Db db)
      throws Exception {
    RolloutTestBed bed = bed(db);
    bed.devices(20);
    ReleaseSummary release = bed.releases.publish("0.2.0", 2, "Drill.");
    long id = bed.service.start("staff:rm", "rp-1", "0.2.0", RolloutPlan.defaults(), "test").id();
    for (int wave = 1; wave <= 2; wave++) {
      bed.driver.tick();
      healthy(bed, release, bed.wave(id, wave));
      bed.clock.advance(Duration.ofSeconds(5));
    }
    bed.driver.tick();
    // Wave 3 (8 pumps): 2 in therapy wait, 6 install; the wave is judged on the 6 and advances.
    List<String> third = bed.wave(id, 3);
    for (String serial : third.subList(0, 2)) {
      bed.report(serial, release, "WAITING_FOR_THERAPY", "the pump is not idle (INFUSING)");
    }
    healthy(bed, release, third.subList(2, third.size()));
    bed.clock.advance(Duration.ofSeconds(5));
    bed.driver.tick();
    assertThat(bed.detail(id).rollout().currentWave()).isEqualTo(4);
    assertThat(bed.detail(id).waves().get(2).outcome().orElseThrow())
        .contains("2 waiting for therapy to end install later");

    // The last wave: all healthy except one pump in therapy: not complete until it installs.
    List<String> last = bed.wave(id, 4);
    bed.driver.tick();
    healthy(bed, release, last.subList(1, last.size()));
    bed.report(last.get(0), release, "WAITING_FOR_THERAPY", "the pump is not idle (PAUSED)");
    bed.clock.advance(Duration.ofSeconds(5));
    bed.driver.tick();
    assertThat(bed.detail(id).rollout().state()).isEqualTo(RolloutState.RUNNING);
    healthy(bed, release, List.of(last.get(0)));
    healthy(bed, release, third.subList(0, 2));
    bed.clock.advance(Duration.ofSeconds(5));
    bed.driver.tick();
    assertThat(bed.detail(id).rollout().state()).isEqualTo(RolloutState.COMPLETED);
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void aCanaryWaveMostlyInTherapy_waitsRatherThanAdvancingOnOneResult(TestHub.Db db)
      throws Exception {
    RolloutTestBed bed = bed(db);
    bed.devices(10);
    ReleaseSummary release = bed.releases.publish("0.2.0", 2, "Drill.");
    long id =
        bed.service
            .start(
                "staff:rm",
                "rp-1",
                "0.2.0",
                RolloutPlan.parse(java.util.Optional.of("50,100"), java.util.Optional.empty()),
                "test")
            .id();
    bed.driver.tick();
    List<String> first = bed.wave(id, 1);
    healthy(bed, release, first.subList(0, 1));
    for (String serial : first.subList(1, first.size())) {
      bed.report(serial, release, "WAITING_FOR_THERAPY", "the pump is not idle (INFUSING)");
    }
    bed.clock.advance(Duration.ofSeconds(5));
    bed.driver.tick();
    assertThat(bed.detail(id).rollout().currentWave()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void rollbacksAboveTheThreshold_pauseTheRollout_withTheReason_andResumeContinues(TestHub.Db db)
      throws Exception {
    RolloutTestBed bed = bed(db);
    bed.devices(6);
    ReleaseSummary release = bed.releases.publish("0.3.0", 3, "");
    long id =
        bed.service
            .start("staff:rm", release.id(), RolloutPlan.byPercentage(List.of(50, 100)), "test")
            .id();
    bed.driver.tick();
    healthy(bed, release, bed.wave(id, 1));
    bed.driver.tick();
    List<String> wave2 = bed.wave(id, 2);
    assertThat(bed.detail(id).rollout().currentWave()).isEqualTo(2);
    bed.driver.tick();
    assertThat(bed.director.current.keySet()).containsAll(wave2);

    bed.report(wave2.get(0), release, "ROLLED_BACK", "health check failed: flow sensor disagrees");
    bed.clock.advance(Duration.ofSeconds(1));
    bed.report(wave2.get(1), release, "ROLLED_BACK", "health check failed: flow sensor disagrees");
    bed.driver.tick();

    RolloutSummary paused = bed.detail(id).rollout();
    assertThat(paused.state()).isEqualTo(RolloutState.PAUSED);
    assertThat(paused.pauseReason().orElseThrow())
        .startsWith("wave 2: 2 of 3 devices failed or rolled back (67 %) > 5 %: ")
        .contains(wave2.get(1) + " rolled back: health check failed: flow sensor disagrees")
        .contains(wave2.get(0));
    assertThat(bed.audit.latest(5, "rollout.pause"))
        .anySatisfy(e -> assertThat(e.actor()).isEqualTo(RolloutDriver.ACTOR));

    assertThatThrownBy(() -> bed.service.pause("staff:rm", id, "again", "test"))
        .isInstanceOf(RolloutRefusal.class)
        .hasMessageContaining("is PAUSED");
    bed.service.resume("staff:rm", id, "test");
    bed.report(wave2.get(2), release, "HEALTHY", "");
    bed.driver.tick();
    assertThat(bed.detail(id).rollout().state()).isEqualTo(RolloutState.COMPLETED);
    assertThat(bed.audit.latest(5, "rollout.resume").get(0).detail())
        .contains("2 failure(s) in the current wave acknowledged");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void oneFailureInALargeWave_staysBelowTheThreshold_unlessAMaximumIsSet(TestHub.Db db)
      throws Exception {
    RolloutTestBed bed = bed(db);
    List<String> devices = bed.devices(40);
    ReleaseSummary release = bed.releases.publish("0.2.0", 2, "");
    long id =
        bed.service
            .start(
                "staff:rm",
                release.id(),
                RolloutPlan.byPercentage(List.of(100)).withThresholds(95, 5, 0),
                "test")
            .id();
    bed.driver.tick();
    bed.report(devices.get(0), release, "FAILED", "disk full");
    bed.report(devices.get(1), release, "REFUSED", "hash mismatch");
    bed.driver.tick();
    assertThat(bed.detail(id).rollout().state()).isEqualTo(RolloutState.RUNNING); // 2/40 = 5 %
    bed.report(devices.get(2), release, "ROLLED_BACK", "crash loop");
    bed.driver.tick();
    assertThat(bed.pauseReason(id).orElseThrow())
        .startsWith("wave 1: 3 of 40 devices failed or rolled back (8 %) > 5 %");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void aWaveThatTimesOut_advancesAboveTheSuccessThreshold_andPausesBelowIt(TestHub.Db db)
      throws Exception {
    RolloutTestBed bed = bed(db);
    bed.devices(40);
    ReleaseSummary release = bed.releases.publish("0.2.0", 2, "");
    RolloutPlan plan =
        RolloutPlan.byPercentage(List.of(50, 100))
            .withTiming(Duration.ofMinutes(30), Duration.ofMinutes(10));
    long id = bed.service.start("staff:rm", release.id(), plan, "test").id();
    bed.driver.tick();
    List<String> wave1 = bed.wave(id, 1);
    healthy(bed, release, wave1.subList(0, 19)); // one stays silent
    bed.driver.tick();
    assertThat(bed.detail(id).rollout().currentWave()).isEqualTo(1);
    bed.clock.advance(Duration.ofMinutes(30));
    bed.driver.tick();
    RolloutDetail after = bed.detail(id);
    assertThat(after.rollout().currentWave()).isEqualTo(2);
    assertThat(after.waves().get(0).outcome().orElseThrow())
        .isEqualTo("timed out: 19 of 20 assigned devices healthy (95 %)");

    bed.driver.tick();
    List<String> wave2 = bed.wave(id, 2);
    healthy(bed, release, wave2.subList(0, 18));
    bed.clock.advance(Duration.ofMinutes(5));
    bed.driver.tick();
    assertThat(bed.detail(id).rollout().state()).isEqualTo(RolloutState.RUNNING);
    bed.clock.advance(Duration.ofMinutes(25));
    bed.driver.tick();
    assertThat(bed.pauseReason(id).orElseThrow())
        .isEqualTo(
            "wave 2 timed out after PT30M with 18 of 20 assigned devices healthy (90 %) < 95 %");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void theMinimumSoak_holdsAHealthyWave(TestHub.Db db) throws Exception {
    RolloutTestBed bed = bed(db);
    bed.devices(2);
    ReleaseSummary release = bed.releases.publish("0.2.0", 2, "");
    RolloutPlan plan =
        RolloutPlan.byPercentage(List.of(50, 100))
            .withTiming(Duration.ofHours(1), Duration.ofMinutes(15));
    long id = bed.service.start("staff:rm", release.id(), plan, "test").id();
    bed.driver.tick();
    healthy(bed, release, bed.wave(id, 1));
    bed.clock.advance(Duration.ofMinutes(14));
    bed.driver.tick();
    assertThat(bed.detail(id).rollout().currentWave()).isEqualTo(1);
    bed.clock.advance(Duration.ofMinutes(1));
    bed.driver.tick();
    assertThat(bed.detail(id).rollout().currentWave()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void abort_withdrawsOnlyAssignmentsNotYetInstalling(TestHub.Db db) throws Exception {
    RolloutTestBed bed = bed(db);
    List<String> d = bed.devices(5);
    ReleaseSummary release = bed.releases.publish("0.2.0", 2, "");
    long id =
        bed.service
            .start("staff:rm", release.id(), RolloutPlan.byPercentage(List.of(80, 100)), "test")
            .id();
    bed.driver.tick();
    List<String> wave1 = bed.wave(id, 1);
    String notAssigned = bed.wave(id, 2).get(0);
    bed.report(wave1.get(0), release, "DOWNLOADING", "");
    bed.report(wave1.get(1), release, "INSTALLING", "");
    bed.report(wave1.get(2), release, "HEALTHY", "");
    bed.report(wave1.get(3), release, "WAITING_FOR_THERAPY", "infusion running");

    bed.service.abort("staff:rm", id, "faulty image", "test");
    assertThatThrownBy(
            () -> bed.service.start("staff:rm", release.id(), RolloutPlan.defaults(), "test"))
        .isInstanceOf(RolloutRefusal.class)
        .hasMessageContaining("still being withdrawn");
    bed.driver.tick();

    assertThat(bed.director.withdrawn).containsExactlyInAnyOrder(wave1.get(0), wave1.get(3));
    assertThat(bed.state(id, wave1.get(0))).isEqualTo(RolloutDeviceState.WITHDRAWN);
    assertThat(bed.state(id, wave1.get(1))).isEqualTo(RolloutDeviceState.INSTALLING);
    assertThat(bed.state(id, wave1.get(2))).isEqualTo(RolloutDeviceState.HEALTHY);
    assertThat(bed.state(id, wave1.get(3))).isEqualTo(RolloutDeviceState.WITHDRAWN);
    assertThat(bed.state(id, notAssigned)).isEqualTo(RolloutDeviceState.WITHDRAWN);
    assertThat(bed.director.assignedInOrder).doesNotContain(notAssigned);
    RolloutSummary aborted = bed.detail(id).rollout();
    assertThat(aborted.state()).isEqualTo(RolloutState.ABORTED);
    assertThat(aborted.pauseReason().orElseThrow()).isEqualTo("aborted by staff:rm: faulty image");
    assertThat(aborted.finishedAt()).isPresent();

    // A late report of an earlier step does not revive a withdrawn assignment; an install does
    // count.
    bed.report(wave1.get(0), release, "DOWNLOADING", "late");
    assertThat(bed.state(id, wave1.get(0))).isEqualTo(RolloutDeviceState.WITHDRAWN);
    bed.report(wave1.get(1), release, "HEALTHY", "");
    assertThat(bed.state(id, wave1.get(1))).isEqualTo(RolloutDeviceState.HEALTHY);
    assertThatThrownBy(() -> bed.service.resume("staff:rm", id, "test"))
        .hasMessageContaining("is ABORTED");

    // An assignment a replica made while the abort ran is withdrawn by the next tick.
    bed.database
        .jdbi()
        .useHandle(
            h ->
                h.execute(
                    "UPDATE rollout_devices SET state = 'ASSIGNED' WHERE serial = ?", notAssigned));
    bed.driver.tick();
    assertThat(bed.director.withdrawn).contains(notAssigned);
    assertThat(bed.state(id, notAssigned)).isEqualTo(RolloutDeviceState.WITHDRAWN);

    // The fix goes out as a new rollout.
    ReleaseSummary fix = bed.releases.publish("0.2.1", 3, "Fixes the health check.");
    long next = bed.service.start("staff:rm", "rp-1", "0.2.1", RolloutPlan.defaults(), "test").id();
    bed.driver.tick();
    assertThat(bed.director.current.values())
        .contains(new FakeAssignments.Assigned(fix.id(), next));
    assertThat(d).hasSize(5);
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void aMaintenanceWindow_holdsItsSiteUntilItOpens(TestHub.Db db) throws Exception {
    RolloutTestBed bed = bed(db);
    List<String> d = bed.devices(3);
    bed.service.setSite("cli:ops", d.get(0), "Ward-A", Optional.empty(), "test");
    bed.service.setSite("cli:ops", d.get(1), "Ward-A", Optional.empty(), "test");
    bed.service.setSitePolicy(
        "cli:ops",
        "Ward-A",
        Optional.of(RolloutWindow.parse("02:00-04:00", "Europe/Berlin")),
        false,
        "test");
    ReleaseSummary release = bed.releases.publish("0.2.0", 2, "");
    long id =
        bed.service
            .start("staff:rm", release.id(), RolloutPlan.byPercentage(List.of(100)), "test")
            .id();
    bed.driver.tick(); // 12:00 UTC = 13:00 in Berlin: closed
    assertThat(bed.director.assignedInOrder).containsExactly(d.get(2)); // "unassigned": any time
    RolloutDetail.Site wardA =
        bed.detail(id).sites().stream().filter(s -> s.site().equals("Ward-A")).findFirst().get();
    assertThat(wardA.window()).contains("02:00-04:00 Europe/Berlin");
    assertThat(wardA.windowOpen()).isFalse();

    bed.clock.set(Instant.parse("2026-11-23T01:30:00Z")); // 02:30 in Berlin
    bed.driver.tick();
    assertThat(bed.director.assignedInOrder).contains(d.get(0), d.get(1));
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void hospitalApproval_gatesItsSite_andSubscribersAreNotifiedWhenTheRolloutReachesThem(
      TestHub.Db db) throws Exception {
    RolloutTestBed bed = bed(db);
    List<String> d = bed.devices(4);
    bed.service.setSite("cli:ops", d.get(0), "Ward-A", Optional.empty(), "test");
    bed.service.setSite("cli:ops", d.get(1), "Ward-A", Optional.empty(), "test");
    bed.service.setSite("cli:ops", d.get(2), "Ward-B", Optional.empty(), "test");
    bed.service.setSite("cli:ops", d.get(3), "Ward-B", Optional.empty(), "test");
    bed.service.setSitePolicy("cli:ops", "Ward-B", Optional.empty(), true, "test");
    bed.service.subscribe("cli:ops", "Ward-A", "biomed-a@hospital.example", "test");
    bed.service.subscribe("cli:ops", "Ward-B", "biomed-b@hospital.example", "test");
    bed.service.subscribe("cli:ops", "Ward-B", "https://hooks.hospital.example/rollouts", "test");
    assertThatThrownBy(
            () -> bed.service.subscribe("cli:ops", "Ward-B", "biomed-b@hospital.example", "t"))
        .hasMessageContaining("already subscribed");
    assertThatThrownBy(() -> bed.service.subscribe("cli:ops", "Ward-B", "not a contact", "t"))
        .hasMessageContaining("e-mail address or an https:// webhook");
    ReleaseSummary release =
        bed.releases.publish("0.2.0", 2, "Fixes CVE-2026-0001 in the drug library parser.");
    long id =
        bed.service
            .start(
                "staff:rm", release.id(), RolloutPlan.bySite(List.of("Ward-A", "Ward-B")), "test")
            .id();
    bed.driver.tick();
    assertThat(bed.director.assignedInOrder).containsExactlyInAnyOrder(d.get(0), d.get(1));
    List<RolloutDetail.Notification> notes = bed.detail(id).notifications();
    assertThat(notes)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.site()).isEqualTo("Ward-A");
              assertThat(n.contact()).isEqualTo("biomed-a@hospital.example");
              assertThat(n.text())
                  .contains("reaches site Ward-A in wave 1 of 2")
                  .contains("Fixes CVE-2026-0001");
            });

    healthy(bed, release, List.of(d.get(0), d.get(1)));
    bed.driver.tick(); // advances to Ward-B, which waits for approval
    bed.driver.tick();
    RolloutDetail waiting = bed.detail(id);
    assertThat(waiting.rollout().currentWave()).isEqualTo(2);
    assertThat(bed.director.assignedInOrder).hasSize(2);
    assertThat(waiting.notifications())
        .filteredOn(n -> n.site().equals("Ward-B"))
        .hasSize(2)
        .allSatisfy(n -> assertThat(n.text()).contains("once hospital staff approve it"));
    bed.clock.advance(Duration.ofHours(2)); // past the timeout: nothing assigned, nothing judged
    bed.driver.tick();
    assertThat(bed.detail(id).rollout().state()).isEqualTo(RolloutState.RUNNING);

    assertThatThrownBy(() -> bed.service.approve("staff:nurse", id, "Ward-Z", "test"))
        .hasMessageContaining("no device at site");
    bed.service.approve("staff:nurse", id, "Ward-B", "test");
    assertThatThrownBy(() -> bed.service.approve("staff:nurse", id, "Ward-B", "test"))
        .hasMessageContaining("already approved");
    bed.driver.tick();
    assertThat(bed.director.assignedInOrder).contains(d.get(2), d.get(3));
    RolloutDetail.Site wardB =
        bed.detail(id).sites().stream().filter(s -> s.site().equals("Ward-B")).findFirst().get();
    assertThat(wardB.approvedBy()).contains("staff:nurse");
    assertThat(bed.audit.latest(20, "rollout.notify")).hasSize(3);
    assertThat(bed.audit.latest(5, "rollout.approve").get(0).actor()).isEqualTo("staff:nurse");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void startingARollout_isRefusedWithTheReason(TestHub.Db db) throws Exception {
    RolloutTestBed bed = bed(db);
    assertThatThrownBy(
            () -> bed.service.start("staff:rm", "rp-1", "9.9.9", RolloutPlan.defaults(), "test"))
        .hasMessage("no published release 9.9.9 for hardware rp-1");
    ReleaseSummary release = bed.releases.publish("0.2.0", 2, "");
    assertThatThrownBy(
            () -> bed.service.start("staff:rm", release.id(), RolloutPlan.defaults(), "test"))
        .hasMessage("no active device has hardware id rp-1");
    List<String> d = bed.devices(2);
    bed.service.setSite("cli:ops", d.get(1), "ICU", Optional.of("rp-2"), "test");
    assertThatThrownBy(
            () ->
                bed.service.start(
                    "staff:rm", release.id(), RolloutPlan.bySite(List.of("Ward-A")), "test"))
        .hasMessage("site Ward-A has no active rp-1 device");
    long id = bed.service.start("staff:rm", release.id(), RolloutPlan.defaults(), "test").id();
    assertThat(bed.detail(id).devices())
        .extracting(RolloutDetail.Device::serial)
        .containsExactly(d.get(0));
    assertThatThrownBy(
            () -> bed.service.start("staff:rm", release.id(), RolloutPlan.defaults(), "test"))
        .hasMessageContaining("rollout " + id + " for rp-1 is still running or paused");
    assertThatThrownBy(
            () -> bed.service.setSite("cli:ops", "PUMP-9999", "ICU", Optional.empty(), "t"))
        .hasMessage("no device PUMP-9999");
    assertThat(bed.audit.latest(10, "rollout.start"))
        .anySatisfy(e -> assertThat(e.outcome()).isEqualTo("refused"));
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void aDeviceReport_mustMatchAnAssignment(TestHub.Db db) throws Exception {
    RolloutTestBed bed = bed(db);
    List<String> d = bed.devices(2);
    ReleaseSummary release = bed.releases.publish("0.2.0", 2, "");
    ReleaseSummary other = bed.releases.publish("0.9.0", 9, "");
    bed.service.start("staff:rm", release.id(), RolloutPlan.defaults(), "test");
    assertThatThrownBy(() -> bed.report(d.get(0), release, "DOWNLOADING", "")) // not assigned yet
        .isInstanceOf(RolloutRefusal.class)
        .hasMessage(d.get(0) + " was not assigned 0.2.0 (release counter 2) by any rollout");
    bed.driver.tick();
    String assigned = bed.director.assignedInOrder.get(0);
    assertThatThrownBy(() -> bed.report(assigned, other, "HEALTHY", ""))
        .hasMessageContaining("was not assigned 0.9.0");
    byte[] wrongTarget =
        ("{\"phase\":\"HEALTHY\",\"target\":\"firmware/rp-1/evil.fw\",\"version\":\"0.2.0\","
                + "\"releaseCounter\":2}")
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> bed.service.report(assigned, RolloutReport.parse(wrongTarget), "test"))
        .hasMessageContaining("the report names firmware/rp-1/evil.fw");
    assertThat(bed.report(assigned, release, "DOWNLOADING", ""))
        .isEqualTo(RolloutDeviceState.DOWNLOADING);
  }

  /** What the device kit sends when its update check refuses the metadata itself. */
  private RolloutDeviceState refusedAtCheck(RolloutTestBed bed, String serial, String why)
      throws RolloutRefusal {
    org.primum.device.update.ab.UpdateStatus status =
        new org.primum.device.update.ab.UpdateStatus(
            org.primum.device.update.ab.UpdatePhase.REFUSED, "", "", 0, why, bed.clock.instant());
    byte[] body = org.primum.core.json.Json.write(status.toReport());
    return bed.service.report(serial, RolloutReport.parse(body), "test");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void refusalsAtTheUpdateCheck_countAgainstTheAssignment_andPauseTheWaveBeforeItsTimeout(
      TestHub.Db db) throws Exception {
    RolloutTestBed bed = bed(db);
    List<String> devices = bed.devices(10);
    ReleaseSummary release = bed.releases.publish("0.2.0", 2, "");
    String expired = "tuf-expired: timestamp.json expired at 2026-11-22T11:00:00Z";
    // Nothing assigned yet: the refusal has nothing to count against.
    assertThatThrownBy(() -> refusedAtCheck(bed, devices.get(0), expired))
        .isInstanceOf(RolloutRefusal.class)
        .hasMessage(
            devices.get(0)
                + " refused at the update check, but no rollout has assigned it a release");
    long id =
        bed.service
            .start(
                "staff:rm",
                release.id(),
                RolloutPlan.byPercentage(List.of(50, 100)).withThresholds(95, 20, 0),
                "test")
            .id();
    bed.driver.tick();
    List<String> wave1 = bed.wave(id, 1);
    assertThat(wave1).hasSize(5);
    String other = bed.wave(id, 2).get(0);

    // One device healthy: a later refusal at its check changes nothing (never undoes a result).
    healthy(bed, release, wave1.subList(0, 1));
    assertThat(refusedAtCheck(bed, wave1.get(0), expired)).isEqualTo(RolloutDeviceState.HEALTHY);
    // One refusal of five (20 %) is not above the threshold; the wave keeps waiting.
    bed.report(wave1.get(1), release, "DOWNLOADING", "");
    assertThat(refusedAtCheck(bed, wave1.get(1), expired)).isEqualTo(RolloutDeviceState.REFUSED);
    assertThat(refusedAtCheck(bed, wave1.get(1), expired)).isEqualTo(RolloutDeviceState.REFUSED);
    RolloutDetail.Device refused =
        bed.detail(id).devices().stream()
            .filter(d -> d.serial().equals(wave1.get(1)))
            .findFirst()
            .orElseThrow();
    assertThat(refused.detail()).isEqualTo("at the update check: " + expired);
    // Devices of a later wave are not assigned yet: nothing to count against either.
    assertThatThrownBy(() -> refusedAtCheck(bed, other, expired))
        .hasMessageContaining("no rollout has assigned it a release");
    bed.clock.advance(Duration.ofSeconds(5));
    bed.driver.tick();
    assertThat(bed.detail(id).rollout().state()).isEqualTo(RolloutState.RUNNING);

    // A second device refuses its metadata: 2 of 5 (40 %) > 20 %, long before the wave timeout.
    refusedAtCheck(bed, wave1.get(2), expired);
    bed.clock.advance(Duration.ofSeconds(5));
    bed.driver.tick();
    RolloutDetail paused = bed.detail(id);
    assertThat(paused.rollout().state()).isEqualTo(RolloutState.PAUSED);
    assertThat(paused.rollout().pauseReason().orElseThrow())
        .startsWith("wave 1: 2 of 5 devices failed or rolled back (40 %) > 20 %: ")
        .contains(wave1.get(2) + " refused: at the update check: " + expired);
    assertThat(paused.rollout().count(RolloutDeviceState.HEALTHY)).isEqualTo(1);
    assertThat(paused.rollout().count(RolloutDeviceState.REFUSED)).isEqualTo(2);
    // Audited once per device, not at every resend; the refusals before any assignment too.
    assertThat(bed.audit.latest(50, "rollout.report"))
        .filteredOn(e -> e.outcome().equals("ok"))
        .extracting(e -> e.target())
        .containsExactlyInAnyOrder(wave1.get(1), wave1.get(2));
    assertThat(bed.audit.latest(50, "rollout.report"))
        .filteredOn(e -> e.outcome().equals("refused"))
        .hasSize(2);
  }
}
