package org.primum.device.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.evidence.EvidenceEntry;
import org.primum.core.evidence.Severity;
import org.primum.core.formats.AlarmPriority;
import org.primum.core.formats.StatusReport;

/** What the rest of the device sees of evidence capture when storage runs out. */
class DeviceEvidenceTest {
  @TempDir Path dir;

  @Test
  void fullStorage_neverBlocksTheCaller_andRaisesAMediumAlarm_untilTheGapIsRecorded()
      throws Exception {
    AtomicLong monotonic = new AtomicLong();
    try (DeviceEvidence evidence =
        DeviceEvidence.open(
            dir,
            "PUMP-0007",
            Clock.systemUTC(),
            monotonic::incrementAndGet,
            1,
            new SecureRandom(),
            () -> null, // no hub: nothing is ever witnessed
            64 * 1024,
            8 * EvidenceLog.RESERVE)) {
      EvidenceLog log = evidence.log().orElseThrow();
      // The therapy path records far more than fits; no call may wait for the disk or the hub.
      assertTimeoutPreemptively(
          Duration.ofSeconds(60),
          () -> {
            for (int i = 0; i < 20_000; i++) {
              evidence.record(
                  "therapy.rate.changed",
                  Severity.NOTICE,
                  JsonNodeFactory.instance.objectNode().put("step", i).put("pad", "p".repeat(200)));
            }
          });
      // The queue is first in, first out: once this marker is settled, every record call is.
      log.appendAsync("test.marker", Severity.INFO, JsonNodeFactory.instance.objectNode())
          .handle((sequence, failure) -> failure)
          .get();
      assertThat(log.storageFull()).isTrue();
      StatusReport.Alarm alarm = evidence.alarm().orElseThrow();
      assertThat(alarm.code()).isEqualTo("EVIDENCE_STORAGE_FULL");
      assertThat(alarm.priority()).isEqualTo(AlarmPriority.MEDIUM);
      assertThat(alarm.message()).contains("gap record").contains("therapy continues");

      // The hub witnesses everything: space is reclaimed, the gap is recorded, the alarm clears.
      log.witnessed(log.size(), "receipt");
      EvidenceEntry next =
          log.append("test.after", Severity.INFO, JsonNodeFactory.instance.objectNode());
      assertThat(evidence.alarm()).isEmpty();
      EvidenceEntry gap = log.entry(next.sequence() - 1);
      assertThat(gap.type()).isEqualTo("evidence.gap");
      long dropped = gap.payload().path("dropped").asLong();
      assertThat(dropped).isPositive();
      long droppedTherapy = gap.payload().path("types").path("therapy.rate.changed").asLong();
      assertThat(droppedTherapy).isEqualTo(dropped - 1); // and the marker
      // Every recorded call is accounted for: stored, or counted in the gap.
      long stored = 0;
      for (long i = log.firstHeld(); i < next.sequence(); i++) {
        if (log.entry(i).type().equals("therapy.rate.changed")) {
          stored++;
        }
      }
      assertThat(log.firstHeld()).isPositive();
      long reclaimedTherapyEntries = countReclaimed(log);
      assertThat(stored + reclaimedTherapyEntries + droppedTherapy).isEqualTo(20_000);
    }
  }

  /** Therapy entries in the reclaimed prefix: all but the "opened" note (entry 0). */
  private static long countReclaimed(EvidenceLog log) {
    return log.firstHeld() - 1;
  }
}
