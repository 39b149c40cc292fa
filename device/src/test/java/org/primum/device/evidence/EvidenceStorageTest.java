package org.primum.device.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.evidence.EvidenceEntry;
import org.primum.core.evidence.Severity;
import org.primum.core.formats.Checkpoint;
import org.primum.core.merkle.MerkleHashes;
import org.primum.core.merkle.MerkleProofs;

/**
 * Bounded storage: entries are reclaimed only once a receipt covers them, the proofs of what is
 * left still verify against signed checkpoints, and a full log summarises what it drops in a signed
 * gap record instead of losing it silently.
 */
class EvidenceStorageTest {
  private static final String ORIGIN = "primum.evidence/PUMP-0042";
  private static final long MAX = 8 * EvidenceLog.RESERVE;

  @TempDir Path dir;
  private final Ed25519KeyPair key = Ed25519KeyPair.generate(new SecureRandom());
  private final AtomicLong monotonic = new AtomicLong(1);

  private EvidenceLog open(Path directory) throws Exception {
    return EvidenceLog.open(
        new EvidenceLog.Options(directory, ORIGIN, 64 * 1024, 256, MAX),
        key,
        Clock.systemUTC(),
        monotonic::incrementAndGet,
        1);
  }

  private static ObjectNode payload(int i) {
    return JsonNodeFactory.instance.objectNode().put("n", i).put("pad", "x".repeat(900));
  }

  /** Appends {@code count} entries; returns how many were stored (the rest were dropped). */
  private static int fill(EvidenceLog log, int from, int count, String type) throws Exception {
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      futures.add(log.appendAsync(type, Severity.INFO, payload(i)));
    }
    int stored = 0;
    for (CompletableFuture<Long> f : futures) {
      try {
        f.get();
        stored++;
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(EvidenceStorageFull.class);
      }
    }
    return stored;
  }

  @Test
  void fullLog_dropsIntoAGapRecord_thenReclaimsWhatTheHubWitnessed() throws Exception {
    long witnessedAt;
    try (EvidenceLog log = open(dir)) {
      int stored = fill(log, 0, 1500, "test.bulk");
      assertThat(stored).isLessThan(1500);
      assertThat(log.storageFull()).isTrue();
      assertThat(log.droppedSinceFull()).isEqualTo(1500 - stored);
      assertThat(log.storedBytes()).isLessThanOrEqualTo(MAX);
      assertThat(dir.resolve("gap.json")).exists();
      assertThatThrownBy(() -> log.append("test.more", Severity.CRITICAL, payload(-1)))
          .isInstanceOf(EvidenceStorageFull.class)
          .hasMessageContaining("gap record");

      // The hub witnesses most of it: the next commit reclaims, then records the gap.
      witnessedAt = log.size() - 10;
      log.witnessed(witnessedAt, "receipt text");
      EvidenceEntry after = log.append("test.after", Severity.INFO, payload(9999));
      assertThat(log.storageFull()).isFalse();
      assertThat(log.firstHeld()).isPositive().isLessThanOrEqualTo(witnessedAt);
      assertThat(log.storedBytes()).isLessThanOrEqualTo(MAX / 2 + 64 * 1024 * 2);
      assertThat(dir.resolve("gap.json")).doesNotExist();

      EvidenceEntry reclaimed = log.entry(after.sequence() - 2);
      EvidenceEntry gapRecord = log.entry(after.sequence() - 1);
      assertThat(reclaimed.type()).isEqualTo("evidence.reclaimed");
      assertThat(reclaimed.payload().path("firstHeld").asLong()).isEqualTo(log.firstHeld());
      assertThat(gapRecord.type()).isEqualTo("evidence.gap");
      assertThat(gapRecord.severity()).isEqualTo(Severity.WARNING);
      assertThat(gapRecord.payload().path("dropped").asLong()).isEqualTo(1500 - stored + 1);
      assertThat(gapRecord.payload().path("types").path("test.bulk").asLong())
          .isEqualTo(1500 - stored);
      assertThat(gapRecord.payload().path("types").path("test.more").asLong()).isEqualTo(1);
      assertThat(gapRecord.payload().path("severities").path("CRITICAL").asLong()).isEqualTo(1);
      assertThat(gapRecord.payload().path("droppedChain").asText()).isNotBlank();

      // Reclaimed entries are gone; what is held still proves against a signed checkpoint.
      long firstHeld = log.firstHeld();
      assertThatThrownBy(() -> log.entry(firstHeld - 1)).hasMessageContaining("reclaimed");
      Checkpoint checkpoint =
          Checkpoint.open(log.latestSignedCheckpoint(), List.of(log.verifierKey()));
      for (long i = firstHeld; i < checkpoint.size(); i += 37) {
        MerkleProofs.verifyInclusion(
            i,
            checkpoint.size(),
            MerkleHashes.leaf(log.entryBytes(i)),
            log.inclusionProof(i, checkpoint.size()),
            checkpoint.rootHash());
      }
      MerkleProofs.verifyConsistency(
          witnessedAt,
          checkpoint.size(),
          log.consistencyProof(witnessedAt, checkpoint.size()),
          log.root(witnessedAt),
          checkpoint.rootHash());
    }
    // Reopening resumes from the base: same size, same root, same first held entry.
    try (EvidenceLog reopened = open(dir)) {
      assertThat(reopened.recovery().firstHeld()).isEqualTo(reopened.firstHeld()).isPositive();
      Checkpoint checkpoint = reopened.latestCheckpoint();
      assertThat(reopened.root(checkpoint.size())).isEqualTo(checkpoint.rootHash());
      reopened.append("test.later", Severity.INFO, payload(1));
      assertThat(reopened.storageFull()).isFalse();
    }
  }

  @Test
  void nothingIsReclaimedWithoutAReceipt() throws Exception {
    try (EvidenceLog log = open(dir)) {
      fill(log, 0, 1500, "test.bulk");
      assertThat(log.firstHeld()).isZero();
      log.witnessed(5, "a receipt that covers almost nothing");
      fill(log, 0, 10, "test.bulk");
      assertThat(log.firstHeld()).isZero();
      assertThat(log.entry(0).sequence()).isZero();
      assertThat(log.storageFull()).isTrue();
    }
  }

  @Test
  void theGapSummary_survivesARestart() throws Exception {
    long dropped;
    try (EvidenceLog log = open(dir)) {
      fill(log, 0, 1400, "test.bulk");
      dropped = log.droppedSinceFull();
      assertThat(dropped).isPositive();
    }
    try (EvidenceLog reopened = open(dir)) {
      assertThat(reopened.storageFull()).isTrue();
      assertThat(reopened.droppedSinceFull()).isEqualTo(dropped);
      reopened.witnessed(reopened.size(), "receipt");
      EvidenceEntry after = reopened.append("test.after", Severity.INFO, payload(0));
      EvidenceEntry gapRecord = reopened.entry(after.sequence() - 1);
      assertThat(gapRecord.type()).isEqualTo("evidence.gap");
      assertThat(gapRecord.payload().path("dropped").asLong()).isEqualTo(dropped);
    }
    // A crash right after the gap record became durable, before gap.json was removed: the
    // record is not written twice.
    try (EvidenceLog again = open(dir)) {
      long before = again.size();
      again.append("test.x", Severity.INFO, payload(1));
      assertThat(again.size()).isEqualTo(before + 1);
    }
  }

  @Test
  void aCrashBetweenBaseAndSegmentDeletion_recovers_butAMissingSegmentIsTampering()
      throws Exception {
    Path saved = Files.createDirectories(dir.resolve("saved"));
    Path logDir = dir.resolve("log");
    try (EvidenceLog log = open(logDir)) {
      fill(log, 0, 1200, "test.bulk");
      copySegments(logDir, saved);
      log.witnessed(log.size(), "receipt");
      log.append("test.after", Severity.INFO, payload(0));
      assertThat(log.firstHeld()).isPositive();
    }
    long held;
    try (EvidenceLog log = open(logDir)) {
      held = log.firstHeld();
    }
    // The deleted segments come back, as if the crash hit before they were removed.
    copySegments(saved, logDir);
    try (EvidenceLog log = open(logDir)) {
      assertThat(log.firstHeld()).isEqualTo(held);
    }
    assertThat(segments(logDir).get(0).getFileName().toString())
        .isEqualTo(EvidenceLog.segmentName(held));

    // Deleting the first held segment leaves a hole after the reclaimed prefix.
    Files.delete(segments(logDir).get(0));
    assertThatThrownBy(() -> open(logDir))
        .isInstanceOf(EvidenceTampered.class)
        .hasMessageContaining("reclaimed");
  }

  @Test
  void anAlteredBase_isTampering() throws Exception {
    try (EvidenceLog log = open(dir)) {
      fill(log, 0, 1200, "test.bulk");
      log.witnessed(log.size(), "receipt");
      log.append("test.after", Severity.INFO, payload(0));
    }
    Path base = dir.resolve(LogBase.FILE);
    String original = Files.readString(base);
    // Claim a larger reclaimed prefix without the device key.
    String bigger = original.replaceFirst("\"size\":(\\d+)", "\"size\":" + (Long.MAX_VALUE / 2));
    Files.writeString(base, bigger);
    assertThatThrownBy(() -> open(dir)).isInstanceOf(EvidenceTampered.class);
    // A subtree root changed.
    int at = original.indexOf("\"compactRange\":[\"") + 17;
    char c = original.charAt(at);
    Files.writeString(
        base, original.substring(0, at) + (c == 'A' ? 'B' : 'A') + original.substring(at + 1));
    assertThatThrownBy(() -> open(dir))
        .isInstanceOf(EvidenceTampered.class)
        .hasMessageContaining("subtree roots");
  }

  private static List<Path> segments(Path directory) throws Exception {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
    }
  }

  private static void copySegments(Path from, Path to) throws Exception {
    for (Path segment : segments(from)) {
      if (!Files.exists(to.resolve(segment.getFileName()))) {
        Files.copy(segment, to.resolve(segment.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }
}
