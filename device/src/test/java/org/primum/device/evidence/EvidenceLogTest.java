package org.primum.device.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.evidence.EvidenceRejection;
import org.primum.core.evidence.Severity;
import org.primum.core.formats.Checkpoint;
import org.primum.core.merkle.MerkleHashes;
import org.primum.core.merkle.MerkleProofs;

/** The flight recorder: durability, proofs, crash recovery at every byte, and tamper detection. */
class EvidenceLogTest {
  private static final String ORIGIN = "primum.evidence/PUMP-0001";
  @TempDir Path dir;
  private final Ed25519KeyPair key = Ed25519KeyPair.generate(new SecureRandom());
  private final AtomicLong monotonic = new AtomicLong(1_000_000);

  private EvidenceLog open(Path directory) throws Exception {
    return EvidenceLog.open(
        EvidenceLog.Options.defaults(directory, ORIGIN),
        key,
        Clock.systemUTC(),
        monotonic::incrementAndGet,
        1);
  }

  private static ObjectNode payload(String message) {
    return JsonNodeFactory.instance.objectNode().put("message", message);
  }

  @Test
  void append_concurrently_isDurableCheckpointedAndProvable() throws Exception {
    try (EvidenceLog log = open(dir)) {
      List<CompletableFuture<Long>> futures = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        Thread th =
            new Thread(
                () -> {
                  for (int i = 0; i < 50; i++) {
                    synchronized (futures) {
                      futures.add(
                          log.appendAsync(
                              "test.event", Severity.INFO, payload("t" + thread + " #" + i)));
                    }
                  }
                });
        threads.add(th);
        th.start();
      }
      for (Thread th : threads) {
        th.join();
      }
      for (CompletableFuture<Long> f : futures) {
        f.get();
      }
      assertThat(log.size()).isEqualTo(200);
      Checkpoint checkpoint =
          Checkpoint.open(log.latestSignedCheckpoint(), List.of(log.verifierKey()));
      assertThat(checkpoint.size()).isEqualTo(200);
      for (long i : new long[] {0, 1, 99, 199}) {
        byte[] leaf = MerkleHashes.leaf(log.entryBytes(i));
        MerkleProofs.verifyInclusion(
            i, 200, leaf, log.inclusionProof(i, 200), checkpoint.rootHash());
        assertThat(log.entry(i).sequence()).isEqualTo(i);
      }
      MerkleProofs.verifyConsistency(
          50, 200, log.consistencyProof(50, 200), log.root(50), checkpoint.rootHash());
    }
    try (EvidenceLog reopened = open(dir)) {
      assertThat(reopened.size()).isEqualTo(200);
      assertThat(reopened.recovery().tornBytesCut()).isZero();
      assertThat(reopened.append("test.after", Severity.NOTICE, payload("after")).sequence())
          .isEqualTo(200);
    }
  }

  @Test
  void append_oversizedEntry_isRefusedAndUsesNoSequence() throws Exception {
    try (EvidenceLog log = open(dir)) {
      log.append("test.first", Severity.INFO, payload("ok"));
      assertThatThrownBy(() -> log.append("test.big", Severity.INFO, payload("x".repeat(70_000))))
          .isInstanceOf(EvidenceRejection.class)
          .hasMessageContaining("at most 65536 bytes");
      assertThatThrownBy(() -> log.append("Not A Type", Severity.INFO, payload("x")))
          .isInstanceOf(EvidenceRejection.class);
      assertThat(log.append("test.second", Severity.INFO, payload("ok")).sequence()).isEqualTo(1);
    }
  }

  @Test
  void manySegments_reopen_andDamageInASealedSegmentIsTampering() throws Exception {
    Path logDir = dir.resolve("segments");
    EvidenceLog.Options small = new EvidenceLog.Options(logDir, ORIGIN, 64 * 1024, 64);
    try (EvidenceLog log =
        EvidenceLog.open(small, key, Clock.systemUTC(), monotonic::incrementAndGet, 1)) {
      List<CompletableFuture<Long>> all = new ArrayList<>();
      for (int i = 0; i < 1500; i++) {
        all.add(
            log.appendAsync(
                "test.bulk", Severity.INFO, payload("entry number " + i + " " + "x".repeat(100))));
      }
      for (CompletableFuture<Long> f : all) {
        f.get();
      }
    }
    List<Path> segments;
    try (Stream<Path> files = Files.list(logDir)) {
      segments = files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
    }
    assertThat(segments).hasSizeGreaterThan(2);
    try (EvidenceLog reopened =
        EvidenceLog.open(small, key, Clock.systemUTC(), monotonic::incrementAndGet, 2)) {
      assertThat(reopened.size()).isEqualTo(1500);
      assertThat(reopened.entry(1499).payload().get("message").asText())
          .startsWith("entry number 1499");
    }
    byte[] first = Files.readAllBytes(segments.get(0));
    first[first.length / 2] ^= 0x01;
    Files.write(segments.get(0), first);
    assertThatThrownBy(
            () -> EvidenceLog.open(small, key, Clock.systemUTC(), monotonic::incrementAndGet, 3))
        .isInstanceOf(EvidenceTampered.class);
  }
}
