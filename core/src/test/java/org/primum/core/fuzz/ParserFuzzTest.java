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
import org.primum.core.formats.Checkpoint;
import org.primum.core.formats.EnrollmentTokens;
import org.primum.core.formats.NoteRejection;
import org.primum.core.formats.NoteVerifierKey;
import org.primum.core.formats.SignedNote;
import org.primum.core.formats.StatusReports;
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

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
