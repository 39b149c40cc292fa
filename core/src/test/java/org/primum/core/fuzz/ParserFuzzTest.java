package org.primum.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.primum.core.crypto.CertificateRequests;
import org.primum.core.crypto.EcKeyPair;
import org.primum.core.crypto.EstMessages;
import org.primum.core.crypto.Pem;
import org.primum.core.evidence.BundleRejection;
import org.primum.core.evidence.CustodyRecord;
import org.primum.core.evidence.EvidenceBundles;
import org.primum.core.evidence.EvidenceEntry;
import org.primum.core.evidence.EvidenceReceipt;
import org.primum.core.evidence.EvidenceRejection;
import org.primum.core.evidence.EvidenceUpload;
import org.primum.core.formats.Checkpoint;
import org.primum.core.formats.EnrollmentTokens;
import org.primum.core.formats.NoteRejection;
import org.primum.core.formats.NoteVerifierKey;
import org.primum.core.formats.SignedNote;
import org.primum.core.formats.StatusReports;
import org.primum.core.json.CanonicalJson;
import org.primum.core.json.Json;

/**
 * Jazzer fuzz targets for every parser of outside input in the foundation. Each parser must either
 * return a value or throw its own rejection; any other exception (a crash, an unchecked exception
 * escaping as a 500) fails the target.
 *
 * <p>{@code mvn test} replays the committed seeds under {@code src/test/resources} (regression
 * mode); {@code JAZZER_FUZZ=1 mvn -pl core test -Dtest=ParserFuzzTest#<target>} fuzzes one target
 * for its {@code maxDuration}; {@code .ci/fuzz} runs every target for a bounded time.
 */
class ParserFuzzTest {
  private static final EcKeyPair DEVICE = EcKeyPair.generate(new SecureRandom());
  private static final NoteVerifierKey HUB_KEY =
      NoteVerifierKey.of(
          "primum.hub/evidence-receipts",
          org.primum.core.crypto.Ed25519KeyPair.generate(new SecureRandom()).publicKey());

  @FuzzTest(maxDuration = "20s")
  void certificateRequest(byte[] data) {
    try {
      CertificateRequests.parse(Base64.getEncoder().encodeToString(data));
    } catch (CertificateRequests.CsrRejection expected) {
      // refused with a reason: fine
    }
  }

  @FuzzTest(maxDuration = "20s")
  void certificateRequestText(FuzzedDataProvider data) {
    try {
      CertificateRequests.parse(data.consumeRemainingAsString());
    } catch (CertificateRequests.CsrRejection expected) {
      // refused with a reason: fine
    }
  }

  @FuzzTest(maxDuration = "20s")
  void statusReportEnvelope(byte[] data) {
    try {
      StatusReports.verify(data, DEVICE.publicKey());
    } catch (StatusReports.StatusReportRejection expected) {
      // refused with a reason: fine
    }
  }

  @FuzzTest(maxDuration = "20s")
  void enrollmentToken(FuzzedDataProvider data) {
    try {
      EnrollmentTokens.parse(data.consumeRemainingAsString());
    } catch (EnrollmentTokens.TokenRejection expected) {
      // refused with a reason: fine
    }
  }

  @FuzzTest(maxDuration = "20s")
  void estCertsOnly(byte[] data) {
    try {
      EstMessages.parseCertsOnly(Base64.getMimeEncoder().encodeToString(data));
    } catch (Pem.PemRejection expected) {
      // refused with a reason: fine
    }
  }

  @FuzzTest(maxDuration = "20s")
  void pemKeyAndCertificates(FuzzedDataProvider data) {
    try {
      Pem.parseKeyAndCertificates(data.consumeRemainingAsString(), false);
    } catch (Pem.PemRejection expected) {
      // refused with a reason: fine
    }
  }

  @FuzzTest(maxDuration = "20s")
  void json(byte[] data) {
    try {
      Json.readTree(data);
    } catch (Json.JsonRejection expected) {
      // refused with a reason: fine
    }
  }

  @FuzzTest(maxDuration = "20s")
  void signedNote(byte[] data) {
    try {
      SignedNote.parse(data);
    } catch (NoteRejection expected) {
      // refused with a reason: fine
    }
  }

  @FuzzTest(maxDuration = "20s")
  void checkpoint(FuzzedDataProvider data) {
    try {
      Checkpoint.parse(data.consumeRemainingAsString());
    } catch (NoteRejection expected) {
      // refused with a reason: fine
    }
  }

  @FuzzTest(maxDuration = "20s")
  void noteVerifierKey(FuzzedDataProvider data) {
    try {
      NoteVerifierKey.parse(data.consumeRemainingAsString());
    } catch (NoteRejection expected) {
      // refused with a reason: fine
    }
  }

  @FuzzTest(maxDuration = "20s")
  void evidenceEntry(byte[] data) {
    try {
      EvidenceEntry.Header header = EvidenceEntry.decodeHeader(data);
      // What the fast path accepts, the full decoder accepts and re-encodes byte for byte.
      if (!java.util.Arrays.equals(EvidenceEntry.decode(data).encode(), data)) {
        throw new IllegalStateException("accepted a non-canonical entry: " + header);
      }
    } catch (EvidenceRejection expected) {
      // refused with a reason: fine
    }
  }

  @FuzzTest(maxDuration = "20s")
  void canonicalJsonCheck(byte[] data) {
    boolean fast = CanonicalJson.isCanonical(data);
    boolean reference;
    try {
      reference =
          java.util.Arrays.equals(
                  new org.erdtman.jcs.JsonCanonicalizer(data).getEncodedUTF8(), data)
              && Json.readTree(data) != null;
    } catch (Exception e) {
      reference = false;
    }
    if (fast != reference) {
      throw new IllegalStateException(
          "the canonical check says "
              + fast
              + ", the reference "
              + reference
              + " for "
              + new String(data, StandardCharsets.UTF_8));
    }
  }

  @FuzzTest(maxDuration = "20s")
  void evidenceUpload(byte[] data) {
    try {
      Json.read(data, EvidenceUpload.class);
    } catch (Json.JsonRejection expected) {
      // refused with a reason: fine
    }
  }

  @FuzzTest(maxDuration = "20s")
  void evidenceReceipt(FuzzedDataProvider data) {
    try {
      EvidenceReceipt.open(data.consumeRemainingAsString(), java.util.List.of(HUB_KEY));
    } catch (NoteRejection expected) {
      // refused with a reason: fine
    }
  }

  @FuzzTest(maxDuration = "20s")
  void custodyRecord(FuzzedDataProvider data) {
    try {
      CustodyRecord.open(data.consumeRemainingAsString(), java.util.List.of(HUB_KEY));
    } catch (NoteRejection expected) {
      // refused with a reason: fine
    }
  }

  /** A bundle whose members hold fuzzed bytes, so the fuzzer reaches past the zip layout. */
  @FuzzTest(maxDuration = "20s")
  void evidenceBundle(FuzzedDataProvider data) throws java.io.IOException {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("fuzz-bundle", ".zip");
    try {
      try (java.util.zip.ZipOutputStream zip =
          new java.util.zip.ZipOutputStream(java.nio.file.Files.newOutputStream(file))) {
        for (String name : new String[] {"manifest.json", "entries.jsonl", "custody/0001.note"}) {
          zip.putNextEntry(new java.util.zip.ZipEntry(name));
          zip.write(data.consumeBytes(data.consumeInt(0, 4096)));
          zip.closeEntry();
        }
      }
      EvidenceBundles.verify(file, java.util.Optional.empty(), true, n -> {});
    } catch (BundleRejection expected) {
      // refused with a reason: fine
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
