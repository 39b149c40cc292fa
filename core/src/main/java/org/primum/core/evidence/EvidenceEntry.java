package org.primum.core.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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
 * @param monotonicNanos the device's monotonic clock since boot; orders entries within one boot
 * @param boot the boot counter, so monotonic times of different boots are not compared
 * @param type a dotted lower-case event type, e.g. {@code safety.alarm.raised}
 * @param severity how much the event matters
 * @param payload an event-specific JSON object; never patient identifiers (use pseudonyms)
 */
public record EvidenceEntry(
    long sequence,
    String deviceTime,
    long monotonicNanos,
    long boot,
    String type,
    Severity severity,
    ObjectNode payload) {
  /** Largest encoded entry, in bytes. */
  public static final int MAX_BYTES = 64 * 1024;

  private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z0-9_-]+){0,7}");

  public EvidenceEntry {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative");
    }
    try {
      Instant.parse(Objects.requireNonNull(deviceTime, "deviceTime"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("deviceTime must be an ISO-8601 instant");
    }
    if (boot < 0) {
      throw new IllegalArgumentException("boot must not be negative");
    }
    if (type == null || type.length() > 64 || !TYPE.matcher(type).matches()) {
      throw new IllegalArgumentException(
          "type must be a dotted lower-case name of at most 64 characters, e.g. safety.alarm.raised");
    }
    Objects.requireNonNull(severity, "severity");
    payload = payload == null ? JsonNodeFactory.instance.objectNode() : payload.deepCopy();
  }

  @Override
  public ObjectNode payload() {
    return payload.deepCopy();
  }

  /** The canonical bytes stored in the log and hashed into the tree. */
  public byte[] encode() throws EvidenceRejection {
    byte[] bytes = Json.canonical(this);
    if (bytes.length > MAX_BYTES) {
      throw new EvidenceRejection(
          "entry-too-large",
          "an evidence entry is at most "
              + MAX_BYTES
              + " bytes encoded, this one is "
              + bytes.length);
    }
    return bytes;
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
    byte[] canonical = Json.canonical(entry);
    if (!java.util.Arrays.equals(canonical, bytes)) {
      throw new EvidenceRejection(
          "entry-not-canonical", "the entry's bytes are not its RFC 8785 canonical form");
    }
    return entry;
  }

  /** A short human line for timelines and verifier output. */
  public String summary() {
    JsonNode message = payload.get("message");
    return String.format(
        java.util.Locale.ROOT,
        "#%d %s %s %s%s",
        sequence,
        deviceTime,
        severity,
        type,
        message == null ? "" : " — " + message.asText());
  }
}
