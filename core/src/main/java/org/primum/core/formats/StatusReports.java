package org.primum.core.formats;

import java.security.PublicKey;
import org.primum.core.Rejection;
import org.primum.core.crypto.EcKeyPair;
import org.primum.core.crypto.EcVerifier;
import org.primum.core.json.Json;

/** Signs and verifies {@link StatusReport}s as DSSE envelopes. */
public final class StatusReports {
  /** The DSSE payload type of a status report. */
  public static final String PAYLOAD_TYPE = "application/vnd.primum.status-report.v1+json";

  /** Largest envelope accepted, in bytes. */
  public static final int MAX_ENVELOPE_BYTES = 16 * 1024;

  private StatusReports() {}

  /** The signed envelope's JSON bytes; the payload is RFC 8785 canonical JSON. */
  public static byte[] sign(StatusReport report, EcKeyPair deviceKey) {
    return Dsse.sign(PAYLOAD_TYPE, Json.canonical(report), deviceKey);
  }

  /**
   * Verifies an envelope signed by {@code deviceKey} and reads the report inside.
   *
   * @throws StatusReportRejection naming what is wrong
   */
  public static StatusReport verify(byte[] envelope, PublicKey deviceKey)
      throws StatusReportRejection {
    EcVerifier verifier;
    try {
      verifier = EcVerifier.of(deviceKey);
    } catch (IllegalArgumentException e) {
      throw new StatusReportRejection("bad-key", "the device key is not a P-256 key");
    }
    return verify(envelope, verifier);
  }

  /** As {@link #verify(byte[], PublicKey)}, with the device key prepared for repeated use. */
  public static StatusReport verify(byte[] envelope, EcVerifier deviceKey)
      throws StatusReportRejection {
    if (envelope.length > MAX_ENVELOPE_BYTES) {
      throw new StatusReportRejection(
          "report-size",
          "expected at most " + MAX_ENVELOPE_BYTES + " bytes, found " + envelope.length);
    }
    try {
      byte[] payload = Dsse.verify(envelope, PAYLOAD_TYPE, deviceKey);
      return Json.read(payload, StatusReport.class);
    } catch (Dsse.DsseRejection e) {
      throw new StatusReportRejection(e.code(), e.getMessage());
    } catch (Json.JsonRejection e) {
      throw new StatusReportRejection("report-format", "invalid status report: " + e.getMessage());
    }
  }

  /** A status report was refused. */
  public static final class StatusReportRejection extends Rejection {
    public StatusReportRejection(String code, String message) {
      super(code, message);
    }
  }
}
