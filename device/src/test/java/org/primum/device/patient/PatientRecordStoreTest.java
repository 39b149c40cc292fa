package org.primum.device.patient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.evidence.Severity;
import org.primum.core.files.SecureFiles;
import org.primum.core.formats.Checkpoint;
import org.primum.core.merkle.MerkleHashes;
import org.primum.core.merkle.MerkleProofs;
import org.primum.device.evidence.EvidenceLog;

/**
 * Patient data stays out of evidence: keyed pseudonyms, an encrypted record store that detects
 * tampering, and erasure (crypto-shredding) that leaves every evidence proof valid.
 */
class PatientRecordStoreTest {
  @TempDir Path dir;
  private final SecureRandom random = new SecureRandom();

  private static ObjectNode record(String name, String mrn) {
    ObjectNode record = JsonNodeFactory.instance.objectNode();
    record.put("name", name);
    record.put("medicalRecordNumber", mrn);
    record.putObject("infusion").put("drug", "Heparin").put("rateMlPerHour", 12.0);
    return record;
  }

  @Test
  void pseudonyms_areStablePerDevice_unrelatedAcrossDevices_andCarryNoIdentifier()
      throws Exception {
    PatientPseudonyms one = PatientPseudonyms.loadOrCreate(dir.resolve("a"), random);
    PatientPseudonyms again = PatientPseudonyms.loadOrCreate(dir.resolve("a"), random);
    PatientPseudonyms other = PatientPseudonyms.loadOrCreate(dir.resolve("b"), random);
    String p = one.patient("MRN-480-1157");
    assertThat(p).matches("pt-[0-9a-f]{32}").doesNotContain("480").doesNotContain("1157");
    assertThat(again.patient("MRN-480-1157")).isEqualTo(p);
    assertThat(other.patient("MRN-480-1157")).isNotEqualTo(p);
    assertThat(one.patient("MRN-480-1158")).isNotEqualTo(p);
    assertThat(one.infusion("MRN-480-1157"))
        .startsWith("inf-")
        .isNotEqualTo("inf-" + p.substring(3));
    assertThat(SecureFiles.isOwnerOnly(dir.resolve("a").resolve("pseudonym.key"))).isTrue();
    assertThatThrownBy(() -> one.patient(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void records_areEncrypted_authenticated_andErasable() throws Exception {
    PatientPseudonyms pseudonyms = PatientPseudonyms.loadOrCreate(dir, random);
    PatientRecordStore store = PatientRecordStore.open(dir, random);
    String ada = pseudonyms.patient("MRN-480-1157");
    String bob = pseudonyms.patient("MRN-480-2291");
    store.put(ada, record("Ada Quillfeather", "MRN-480-1157"));
    store.put(bob, record("Bartholomew Okonkwo-Reyes", "MRN-480-2291"));
    assertThat(store.get(ada).orElseThrow().path("name").asText()).isEqualTo("Ada Quillfeather");
    assertThat(store.pseudonyms()).containsExactlyInAnyOrder(ada, bob);

    // No file in the store holds a name or identifier in the clear.
    assertThat(scan(dir, "Quillfeather", "MRN-480-1157", "Heparin")).isEmpty();

    // A flipped byte, a truncated record, or a record moved to another patient is refused.
    Path adaFile = dir.resolve("records").resolve(ada + ".rec");
    byte[] original = Files.readAllBytes(adaFile);
    byte[] flipped = original.clone();
    flipped[flipped.length - 20] ^= 1;
    Files.write(adaFile, flipped);
    assertThatThrownBy(() -> store.get(ada))
        .isInstanceOf(PatientRecordDamaged.class)
        .hasMessageContaining("does not authenticate");
    Files.write(adaFile, java.util.Arrays.copyOf(original, 20));
    assertThatThrownBy(() -> store.get(ada)).isInstanceOf(PatientRecordDamaged.class);
    Files.write(adaFile, original);
    Path bobFile = dir.resolve("records").resolve(bob + ".rec");
    byte[] bobOriginal = Files.readAllBytes(bobFile);
    Files.write(bobFile, original);
    assertThatThrownBy(() -> store.get(bob)).isInstanceOf(PatientRecordDamaged.class);
    Files.write(bobFile, bobOriginal);

    // Erasure: the key is shredded and the record deleted; the other patient is untouched.
    store.erase(ada);
    assertThat(store.get(ada)).isEmpty();
    assertThat(dir.resolve("keys").resolve(ada + ".key")).doesNotExist();
    assertThat(adaFile).doesNotExist();
    assertThat(store.get(bob).orElseThrow().path("name").asText())
        .isEqualTo("Bartholomew Okonkwo-Reyes");
    store.erase(ada); // idempotent
    // A record whose key was lost (shredded, but the record file restored from a copy) is
    // unreadable, and says so.
    Files.write(adaFile, original);
    assertThatThrownBy(() -> store.get(ada))
        .isInstanceOf(PatientRecordDamaged.class)
        .hasMessageContaining("key is missing");
  }

  @Test
  void erasingAPatient_leavesEveryEvidenceProofValid() throws Exception {
    Path patients = dir.resolve("patients");
    PatientPseudonyms pseudonyms = PatientPseudonyms.loadOrCreate(patients, random);
    PatientRecordStore store = PatientRecordStore.open(patients, random);
    String ada = pseudonyms.patient("MRN-480-1157");
    store.put(ada, record("Ada Quillfeather", "MRN-480-1157"));
    Ed25519KeyPair key = Ed25519KeyPair.generate(random);
    AtomicLong monotonic = new AtomicLong();
    EvidenceLog.Options options =
        EvidenceLog.Options.defaults(dir.resolve("evidence"), "primum.evidence/PUMP-0001");
    byte[] rootBefore;
    String checkpointBefore;
    try (EvidenceLog log =
        EvidenceLog.open(options, key, Clock.systemUTC(), monotonic::incrementAndGet, 1)) {
      for (int i = 0; i < 20; i++) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("to", i % 2 == 0 ? "INFUSING" : "PAUSED");
        payload.putObject("subject").put("patient", ada);
        log.append("therapy.state.changed", Severity.INFO, payload);
      }
      rootBefore = log.root(log.size());
      checkpointBefore = log.latestSignedCheckpoint();
    }

    store.erase(ada);
    pseudonyms.shred(random);
    assertThat(patients.resolve("pseudonym.key")).doesNotExist();
    assertThat(scan(dir, "Quillfeather", "MRN-480-1157")).isEmpty();

    try (EvidenceLog log =
        EvidenceLog.open(options, key, Clock.systemUTC(), monotonic::incrementAndGet, 2)) {
      assertThat(log.recovery().tornBytesCut()).isZero();
      Checkpoint checkpoint = Checkpoint.open(checkpointBefore, List.of(log.verifierKey()));
      assertThat(log.root(checkpoint.size())).isEqualTo(rootBefore);
      for (long i = 0; i < checkpoint.size(); i++) {
        MerkleProofs.verifyInclusion(
            i,
            checkpoint.size(),
            MerkleHashes.leaf(log.entryBytes(i)),
            log.inclusionProof(i, checkpoint.size()),
            checkpoint.rootHash());
      }
      // The pseudonym is still in the log, but nothing resolves it any more.
      assertThat(log.entry(0).payload().path("subject").path("patient").asText()).isEqualTo(ada);
      assertThat(store.get(ada)).isEmpty();
    }
  }

  /** Files under {@code root} whose bytes contain any of {@code needles} (UTF-8). */
  static List<String> scan(Path root, String... needles) throws Exception {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .flatMap(
              file -> {
                String text;
                try {
                  text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
                return Stream.of(needles)
                    .filter(n -> text.contains(n))
                    .map(n -> file + " contains " + n);
              })
          .toList();
    }
  }
}
