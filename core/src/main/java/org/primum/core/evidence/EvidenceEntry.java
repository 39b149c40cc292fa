package org.primum.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.primum.core.json.Json;

/**
 * One entry of a device's evidence log. Its bytes in the log are the RFC 8785 (JCS) canonical JSON
 * of this record, so anyone can re-encode and re-hash an entry with ordinary tools; its Merkle leaf
 * hash is {@code SHA-256(0x00 || those bytes)} (RFC 9162).
 *
 * @param sequence the entry's index in the log, from 0, without gaps
 * @param deviceTime the device's wall clock (ISO-8601 instant); may jump, so it is evidence, not
 *     order
 * @param monotonicMicros the device's monotonic clock since boot, in microseconds; orders entries
 *     within one boot
 * @param boot the boot counter, so monotonic times of different boots are not compared
 * @param type a dotted lower-case event type, e.g. {@code safety.alarm.raised}
 * @param severity how much the event matters
 * @param payload an event-specific JSON object; never patient identifiers (use pseudonyms)
 */
public record EvidenceEntry(
    long sequence,
    String deviceTime,
    long monotonicMicros,
    long boot,
    String type,
    Severity severity,
    ObjectNode payload) {
  /** Largest encoded entry, in bytes. */
  public static final int MAX_BYTES = 64 * 1024;

  /**
   * Integers above 2^53 - 1 do not survive RFC 8785 canonicalization (which follows IEEE 754
   * doubles), so every numeric field stays at or below it.
   */
  public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z0-9_-]+){0,7}");

  public EvidenceEntry {
    requireSafe("sequence", sequence);
    requireSafe("monotonicMicros", monotonicMicros);
    requireSafe("boot", boot);
    requireTime(deviceTime);
    requireType(type);
    Objects.requireNonNull(severity, "severity");
    payload = payload == null ? JsonNodeFactory.instance.objectNode() : payload.deepCopy();
  }

  @Override
  public ObjectNode payload() {
    return payload.deepCopy();
  }

  private static void requireSafe(String field, long value) {
    if (value < 0 || value > MAX_SAFE_INTEGER) {
      throw new IllegalArgumentException(field + " must be between 0 and 2^53 - 1");
    }
  }

  private static void requireTime(String deviceTime) {
    try {
      Instant.parse(Objects.requireNonNull(deviceTime, "deviceTime"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("deviceTime must be an ISO-8601 instant");
    }
  }

  /** Checks an event type: a dotted lower-case name of at most 64 characters. */
  public static String requireType(String type) {
    if (type == null || type.length() > 64 || !TYPE.matcher(type).matches()) {
      throw new IllegalArgumentException(
          "type must be a dotted lower-case name of at most 64 characters, e.g."
              + " safety.alarm.raised");
    }
    return type;
  }

  /** The canonical bytes stored in the log and hashed into the tree. */
  public byte[] encode() throws EvidenceRejection {
    return encode(
        sequence, deviceTime, monotonicMicros, boot, type, severity, canonicalPayload(payload));
  }

  /** RFC 8785 canonical JSON of a payload object. */
  public static byte[] canonicalPayload(ObjectNode payload) {
    return Json.canonical(payload == null ? JsonNodeFactory.instance.objectNode() : payload);
  }

  /**
   * The canonical bytes of an entry whose payload is already canonical. The fixed members are
   * written in RFC 8785 order (keys sorted by UTF-16 code units) and need no escaping: the time is
   * an ISO-8601 instant, the type matches {@code [a-z0-9._-]}, the severity is an enum name and the
   * numbers are safe integers. {@link #decode} checks the result against a full RFC 8785
   * canonicalization.
   */
  public static byte[] encode(
      long sequence,
      String deviceTime,
      long monotonicMicros,
      long boot,
      String type,
      Severity severity,
      byte[] canonicalPayload)
      throws EvidenceRejection {
    byte[] head =
        ("{\"boot\":"
                + boot
                + ",\"deviceTime\":\""
                + deviceTime
                + "\",\"monotonicMicros\":"
                + monotonicMicros
                + ",\"payload\":")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] tail =
        (",\"sequence\":"
                + sequence
                + ",\"severity\":\""
                + severity.name()
                + "\",\"type\":\""
                + type
                + "\"}")
            .getBytes(StandardCharsets.US_ASCII);
    int length = head.length + canonicalPayload.length + tail.length;
    if (length > MAX_BYTES) {
      throw new EvidenceRejection(
          "entry-too-large",
          "an evidence entry is at most " + MAX_BYTES + " bytes encoded, this one is " + length);
    }
    byte[] out = new byte[length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(canonicalPayload, 0, out, head.length, canonicalPayload.length);
    System.arraycopy(tail, 0, out, head.length + canonicalPayload.length, tail.length);
    return out;
  }

  /**
   * Reads an entry from its bytes and checks that they are exactly its canonical encoding (so one
   * entry has one byte form and one hash).
   */
  public static EvidenceEntry decode(byte[] bytes) throws EvidenceRejection {
    if (bytes.length > MAX_BYTES) {
      throw new EvidenceRejection(
          "entry-too-large", "an evidence entry is at most " + MAX_BYTES + " bytes");
    }
    EvidenceEntry entry;
    try {
      entry = Json.read(bytes, EvidenceEntry.class);
    } catch (Json.JsonRejection e) {
      throw new EvidenceRejection("entry-format", "not an evidence entry: " + e.getMessage());
    }
    if (!Arrays.equals(Json.canonical(entry), bytes) || !Arrays.equals(entry.encode(), bytes)) {
      throw new EvidenceRejection(
          "entry-not-canonical", "the entry's bytes are not its RFC 8785 canonical form");
    }
    return entry;
  }

  /** A short human line for timelines and verifier output. */
  public String summary() {
    JsonNode message = payload.get("message");
    return String.format(
        Locale.ROOT,
        "#%d %s %s %s%s",
        sequence,
        deviceTime,
        severity,
        type,
        message == null ? "" : " — " + message.asText());
  }
}
