package org.primum.core.formats;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.primum.core.Rejection;
import org.primum.core.crypto.EcKeyPair;
import org.primum.core.crypto.EcVerifier;
import org.primum.core.crypto.SignatureRejection;
import org.primum.core.json.Json;

/**
 * Dead Simple Signing Envelopes (DSSE v1, secure-systems-lab/dsse): a payload, its type, and
 * signatures over the pre-authentication encoding of both.
 *
 * <p>Why DSSE: the signed bytes are exactly the payload bytes, so no canonicalization is needed to
 * verify, and the payload type is signed, so a signature made for one kind of message cannot be
 * replayed as another.
 */
public final class Dsse {
  /** Largest envelope accepted, in bytes. */
  public static final int MAX_ENVELOPE_BYTES = 256 * 1024;

  private Dsse() {}

  /** The JSON envelope. Field names follow the DSSE protocol document. */
  public record Envelope(
      @JsonProperty("payloadType") String payloadType,
      @JsonProperty("payload") String payload,
      @JsonProperty("signatures") List<Signature> signatures) {
    public Envelope {
      Objects.requireNonNull(payloadType, "payloadType");
      Objects.requireNonNull(payload, "payload");
      signatures = List.copyOf(Objects.requireNonNull(signatures, "signatures"));
    }
  }

  /** One signature; {@code keyid} is a hint only and never trusted. */
  public record Signature(@JsonProperty("keyid") String keyid, @JsonProperty("sig") String sig) {
    public Signature {
      Objects.requireNonNull(sig, "sig");
      keyid = keyid == null ? "" : keyid;
    }
  }

  /**
   * DSSE PAE: {@code "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body}, lengths in ASCII decimal
   * bytes.
   */
  public static byte[] pae(String payloadType, byte[] payload) {
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + type.length + 32);
    out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(type);
    out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(payload);
    return out.toByteArray();
  }

  /** Signs {@code payload} as {@code payloadType}; returns the envelope's JSON bytes. */
  public static byte[] sign(String payloadType, byte[] payload, EcKeyPair key) {
    byte[] signature = key.sign(pae(payloadType, payload));
    Envelope envelope =
        new Envelope(
            payloadType,
            Base64.getEncoder().encodeToString(payload),
            List.of(
                new Signature(
                    key.publicKeyFingerprint(), Base64.getEncoder().encodeToString(signature))));
    return Json.write(envelope);
  }

  /**
   * Parses an envelope and verifies that one of its signatures is by {@code key} over the payload
   * as {@code expectedType}.
   *
   * @return the verified payload bytes
   * @throws DsseRejection if the envelope is malformed, of another type, or not signed by the key
   */
  public static byte[] verify(byte[] envelopeJson, String expectedType, PublicKey key)
      throws DsseRejection {
    EcVerifier verifier;
    try {
      verifier = EcVerifier.of(key);
    } catch (IllegalArgumentException e) {
      throw new DsseRejection("envelope-signature", "the sender's key is not a P-256 key");
    }
    return verify(envelopeJson, expectedType, verifier);
  }

  /** As {@link #verify(byte[], String, PublicKey)}, with a key prepared for repeated use. */
  public static byte[] verify(byte[] envelopeJson, String expectedType, EcVerifier key)
      throws DsseRejection {
    if (envelopeJson.length > MAX_ENVELOPE_BYTES) {
      throw new DsseRejection(
          "envelope-size",
          "expected at most " + MAX_ENVELOPE_BYTES + " bytes, found " + envelopeJson.length);
    }
    Envelope envelope;
    try {
      envelope = Json.read(envelopeJson, Envelope.class);
    } catch (Json.JsonRejection e) {
      throw new DsseRejection("envelope-format", "unreadable signed envelope: " + e.getMessage());
    }
    if (!expectedType.equals(envelope.payloadType())) {
      throw new DsseRejection(
          "envelope-type",
          "expected payload type " + expectedType + ", found " + envelope.payloadType());
    }
    byte[] payload = decode(envelope.payload(), "payload");
    if (envelope.signatures().isEmpty()) {
      throw new DsseRejection("envelope-unsigned", "expected a signature, found none");
    }
    byte[] signed = pae(envelope.payloadType(), payload);
    SignatureRejection last = null;
    for (Signature signature : envelope.signatures()) {
      try {
        key.verify(signed, decode(signature.sig(), "sig"));
        return payload;
      } catch (SignatureRejection e) {
        last = e;
      }
    }
    throw new DsseRejection(
        "envelope-signature", "no signature verifies with the sender's key: " + last.getMessage());
  }

  private static byte[] decode(String base64, String field) throws DsseRejection {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      try {
        return Base64.getUrlDecoder().decode(base64); // DSSE allows either alphabet.
      } catch (IllegalArgumentException again) {
        throw new DsseRejection("envelope-format", "field " + field + " is not base64");
      }
    }
  }

  /** A signed envelope was refused. */
  public static final class DsseRejection extends Rejection {
    public DsseRejection(String code, String message) {
      super(code, message);
    }
  }
}
