package org.primum.hub.evidence.attacks.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.evidence.Severity;
import org.primum.device.evidence.EvidenceLog;
import org.primum.device.evidence.EvidenceTampered;
import org.primum.hub.evidence.attacks.DiskLogs;
import org.primum.hub.evidence.attacks.Scene;

/**
 * Not an attack but its look-alike: a crash or power cut at every byte offset of the last segment,
 * with the torn tail left empty or filled with garbage. Recovery must keep every acknowledged
 * entry, cut the torn tail, accept appends afterwards — and never cry tampering.
 */
class CrashAtEveryByteTest {
  @TempDir Path dir;
  private final DiskLogs disk = new DiskLogs();

  /** Entries covered by the last checkpoint wholly within the first {@code prefix} bytes. */
  private static long acknowledged(List<long[]> checkpointEnds, long prefix) {
    long size = 0;
    for (long[] end : checkpointEnds) {
      if (end[0] <= prefix) {
        size = end[1];
      }
    }
    return size;
  }

  @Test
  void everyCut_recoversEveryAcknowledgedEntry_andNeverCriesTamper() throws Exception {
    DiskLogs.Written written = disk.writeSample(dir.resolve("original"));
    SplittableRandom random = new SplittableRandom(42);
    List<String> failures = new ArrayList<>();
    // Thousands of recoveries: on tmpfs when there is one, since this tests the recovery logic,
    // not the disk (fsync is a no-op there).
    Path scratch =
        Files.isDirectory(Path.of("/dev/shm"))
            ? Files.createTempDirectory(Path.of("/dev/shm"), "primum-crash-")
            : dir;
    for (int cut = 0; cut <= written.bytes().length; cut++) {
      for (boolean garbage : new boolean[] {false, true}) {
        if (garbage && cut % 5 != 0) {
          continue; // torn tails filled with random garbage: every fifth offset
        }
        Path copy =
            Files.createDirectories(scratch.resolve("crash-" + cut + (garbage ? "-g" : "")));
        byte[] torn = Arrays.copyOf(written.bytes(), cut + (garbage ? 37 : 0));
        if (garbage) {
          for (int i = cut; i < torn.length; i++) {
            torn[i] = (byte) random.nextInt(256);
          }
        }
        Files.write(copy.resolve(written.segment().getFileName()), torn);
        long expected = acknowledged(written.checkpointEnds(), cut);
        boolean appendAfter = cut % 25 == 0 || cut == written.bytes().length;
        try (EvidenceLog log = disk.open(copy)) {
          if (log.size() != expected) {
            failures.add(
                "cut " + cut + ": recovered " + log.size() + " entries, expected " + expected);
          }
          if (appendAfter) {
            log.append(
                "test.after-crash",
                Severity.NOTICE,
                JsonNodeFactory.instance.objectNode().put("message", "recovered"));
          }
        } catch (EvidenceTampered e) {
          failures.add(
              "cut "
                  + cut
                  + (garbage ? " + garbage" : "")
                  + ": mistaken for tampering: "
                  + e.getMessage());
        }
        if (!appendAfter) {
          Scene.deleteTree(copy);
          continue;
        }
        try (EvidenceLog again = disk.open(copy)) {
          if (again.size() != expected + 1) {
            failures.add(
                "cut " + cut + ": after recovery and one append, reopened with " + again.size());
          }
        } catch (EvidenceTampered e) {
          failures.add("cut " + cut + ": recovered log then reads as tampered: " + e.getMessage());
        }
      }
    }
    Scene.deleteTree(scratch);
    assertThat(written.checkpointEnds()).hasSizeGreaterThanOrEqualTo(7);
    assertThat(failures).isEmpty();
  }
}
