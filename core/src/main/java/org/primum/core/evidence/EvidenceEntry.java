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
import org.primum.core.json.CanonicalJson;
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

  /**
   * RFC 8785 canonical JSON of a payload object.
   *
   * @throws IllegalArgumentException if a string or member name is not valid Unicode (an unpaired
   *     surrogate has no UTF-8 form, RFC 8785 §3.2.2.2), or a number is not finite
   */
  public static byte[] canonicalPayload(ObjectNode payload) {
    ObjectNode node = payload == null ? JsonNodeFactory.instance.objectNode() : payload;
    requireValidUnicode(node);
    return Json.canonical(node);
  }

  private static void requireValidUnicode(JsonNode node) {
    if (node.isTextual()) {
      requireValidUnicode(node.textValue());
    } else if (node.isObject()) {
      for (var it = node.fields(); it.hasNext(); ) {
        var member = it.next();
        requireValidUnicode(member.getKey());
        requireValidUnicode(member.getValue());
      }
    } else if (node.isArray()) {
      for (JsonNode element : node) {
        requireValidUnicode(element);
      }
    } else if (node.isNumber() && !Double.isFinite(node.doubleValue())) {
      throw new IllegalArgumentException("payload numbers must be finite");
    }
  }

  private static void requireValidUnicode(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            "payload text must be valid Unicode: unpaired surrogate at index " + i);
      }
    }
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
    byte[] head = head(boot, deviceTime, monotonicMicros);
    byte[] tail = tail(sequence, severity, type);
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

  /** The members before the payload, in RFC 8785 key order, up to and including "payload":. */
  private static byte[] head(long boot, String deviceTime, long monotonicMicros) {
    return ("{\"boot\":"
            + boot
            + ",\"deviceTime\":\""
            + deviceTime
            + "\",\"monotonicMicros\":"
            + monotonicMicros
            + ",\"payload\":")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** The members after the payload, in RFC 8785 key order, and the closing brace. */
  private static byte[] tail(long sequence, Severity severity, String type) {
    return (",\"sequence\":"
            + sequence
            + ",\"severity\":\""
            + severity.name()
            + "\",\"type\":\""
            + type
            + "\"}")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * An entry's fixed members, read and checked without building its payload: what a witness that
   * stores entries verbatim needs.
   *
   * @param deviceMillis the device time as milliseconds since the epoch
   * @param payloadOffset where the payload's bytes start
   * @param payloadLength how long they are
   */
  public record Header(
      long sequence,
      String deviceTime,
      long deviceMillis,
      long monotonicMicros,
      long boot,
      String type,
      Severity severity,
      int payloadOffset,
      int payloadLength) {}

  /**
   * Reads an entry from its bytes and checks that they are exactly its canonical encoding (so one
   * entry has one byte form and one hash).
   */
  public static EvidenceEntry decode(byte[] bytes) throws EvidenceRejection {
    Header header = decodeHeader(bytes);
    ObjectNode payload;
    try {
      payload =
          (ObjectNode)
              Json.mapper()
                  .readTree(
                      Json.mapper()
                          .getFactory()
                          .createParser(bytes, header.payloadOffset(), header.payloadLength()));
    } catch (java.io.IOException | ClassCastException e) {
      throw new EvidenceRejection("entry-format", "the payload cannot be read: " + e.getMessage());
    }
    return new EvidenceEntry(
        header.sequence(),
        header.deviceTime(),
        header.monotonicMicros(),
        header.boot(),
        header.type(),
        header.severity(),
        payload);
  }

  /**
   * Reads an entry's fixed members and checks that the bytes are exactly the entry's canonical
   * encoding, without building the payload as a tree.
   *
   * <p>The canonical form has one member order (RFC 8785 §3.2.3: boot, deviceTime, monotonicMicros,
   * payload, sequence, severity, type), so the bytes are read strictly in that order. The fixed
   * members need no escaping and have one decimal form (see {@link #encode}), so the bytes are
   * canonical exactly when they equal those members, written again, around a payload whose own
   * bytes are already canonical: only the payload goes through the full RFC 8785 canonicalization.
   */
  public static Header decodeHeader(byte[] bytes) throws EvidenceRejection {
    if (bytes.length > MAX_BYTES) {
      throw new EvidenceRejection(
          "entry-too-large", "an evidence entry is at most " + MAX_BYTES + " bytes");
    }
    long boot;
    String deviceTime;
    long monotonicMicros;
    int payloadStart;
    int payloadEnd;
    long sequence;
    String severityName;
    String type;
    try (com.fasterxml.jackson.core.JsonParser in =
        Json.mapper().getFactory().createParser(bytes)) {
      expect(in, com.fasterxml.jackson.core.JsonToken.START_OBJECT, "an object");
      boot = longMember(in, "boot");
      deviceTime = stringMember(in, "deviceTime");
      monotonicMicros = longMember(in, "monotonicMicros");
      member(in, "payload");
      expect(in, com.fasterxml.jackson.core.JsonToken.START_OBJECT, "payload to be an object");
      payloadStart = (int) in.currentTokenLocation().getByteOffset();
      // The payload is checked for canonical form as it is read (one pass over its tokens).
      payloadEnd = CanonicalJson.matchValue(in, bytes, payloadStart, bytes.length);
      if (payloadEnd < 0) {
        throw notCanonical();
      }
      sequence = longMember(in, "sequence");
      severityName = stringMember(in, "severity");
      type = stringMember(in, "type");
      expect(in, com.fasterxml.jackson.core.JsonToken.END_OBJECT, "the end of the entry");
      if (in.nextToken() != null) {
        throw new EvidenceRejection("entry-format", "not an evidence entry: trailing content");
      }
    } catch (java.io.IOException e) {
      throw new EvidenceRejection("entry-format", "not an evidence entry: " + e.getMessage());
    }
    Severity severity;
    long deviceMillis;
    try {
      requireSafe("sequence", sequence);
      requireSafe("monotonicMicros", monotonicMicros);
      requireSafe("boot", boot);
      requireType(type);
      severity = Severity.valueOf(severityName);
      deviceMillis = Instant.parse(deviceTime).toEpochMilli();
    } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
      throw new EvidenceRejection("entry-format", "not an evidence entry: " + e.getMessage());
    }
    byte[] head = head(boot, deviceTime, monotonicMicros);
    byte[] tail = tail(sequence, severity, type);
    if (payloadStart != head.length
        || payloadEnd != bytes.length - tail.length
        || !Arrays.equals(bytes, 0, head.length, head, 0, head.length)
        || !Arrays.equals(bytes, bytes.length - tail.length, bytes.length, tail, 0, tail.length)) {
      throw notCanonical();
    }
    return new Header(
        sequence,
        deviceTime,
        deviceMillis,
        monotonicMicros,
        boot,
        type,
        severity,
        payloadStart,
        payloadEnd - payloadStart);
  }

  private static void expect(
      com.fasterxml.jackson.core.JsonParser in,
      com.fasterxml.jackson.core.JsonToken token,
      String what)
      throws java.io.IOException, EvidenceRejection {
    if (in.nextToken() != token) {
      throw new EvidenceRejection(
          "entry-format", "not an evidence entry: expected " + what + " at " + offset(in));
    }
  }

  /** Reads the next member's name, which must be {@code name} (the canonical order). */
  private static void member(com.fasterxml.jackson.core.JsonParser in, String name)
      throws java.io.IOException, EvidenceRejection {
    if (in.nextToken() != com.fasterxml.jackson.core.JsonToken.FIELD_NAME
        || !name.equals(in.currentName())) {
      throw new EvidenceRejection(
          "entry-not-canonical",
          "not a canonical evidence entry: expected the member \""
              + name
              + "\" at "
              + offset(in)
              + " (members in RFC 8785 order: boot, deviceTime, monotonicMicros, payload,"
              + " sequence, severity, type)");
    }
  }

  private static long longMember(com.fasterxml.jackson.core.JsonParser in, String name)
      throws java.io.IOException, EvidenceRejection {
    member(in, name);
    if (in.nextToken() != com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT
        || in.getNumberType() == com.fasterxml.jackson.core.JsonParser.NumberType.BIG_INTEGER) {
      throw new EvidenceRejection(
          "entry-format", "not an evidence entry: " + name + " must be a safe integer");
    }
    return in.getLongValue();
  }

  private static String stringMember(com.fasterxml.jackson.core.JsonParser in, String name)
      throws java.io.IOException, EvidenceRejection {
    member(in, name);
    if (in.nextToken() != com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
      throw new EvidenceRejection(
          "entry-format", "not an evidence entry: " + name + " must be a string");
    }
    return in.getText();
  }

  private static String offset(com.fasterxml.jackson.core.JsonParser in) {
    return "byte " + in.currentTokenLocation().getByteOffset();
  }

  private static EvidenceRejection notCanonical() {
    return new EvidenceRejection(
        "entry-not-canonical", "the entry's bytes are not its RFC 8785 canonical form");
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
