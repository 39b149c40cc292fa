package org.primum.core.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.primum.core.formats.Texts;

/** Strict readers for TUF metadata fields: each names the field and what it found. */
final class TufFields {
  private TufFields() {}

  static JsonNode object(JsonNode parent, String field, String where)
      throws TufRejection.Malformed {
    JsonNode node = parent.get(field);
    if (node == null || !node.isObject()) {
      throw new TufRejection.Malformed(where + ": " + field + " must be an object");
    }
    return node;
  }

  static String text(JsonNode parent, String field, String where) throws TufRejection.Malformed {
    JsonNode node = parent.get(field);
    if (node == null || !node.isTextual()) {
      throw new TufRejection.Malformed(
          where + ": " + field + " must be a string, found " + describe(node));
    }
    return node.textValue();
  }

  static long positive(JsonNode parent, String field, String where, long min)
      throws TufRejection.Malformed {
    JsonNode node = parent.get(field);
    if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new TufRejection.Malformed(
          where + ": " + field + " must be an integer, found " + describe(node));
    }
    long value = node.longValue();
    if (value < min) {
      throw new TufRejection.Malformed(
          where + ": " + field + " must be at least " + min + ", found " + value);
    }
    return value;
  }

  static boolean bool(JsonNode parent, String field, String where, boolean absent)
      throws TufRejection.Malformed {
    JsonNode node = parent.get(field);
    if (node == null) {
      return absent;
    }
    if (!node.isBoolean()) {
      throw new TufRejection.Malformed(
          where + ": " + field + " must be true or false, found " + describe(node));
    }
    return node.booleanValue();
  }

  static Instant instant(JsonNode parent, String field, String where)
      throws TufRejection.Malformed {
    String text = text(parent, field, where);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new TufRejection.Malformed(
          where
              + ": "
              + field
              + " must be a UTC time like 2030-01-01T00:00:00Z, found \""
              + Texts.printable(text, 40)
              + "\"");
    }
  }

  static List<String> strings(JsonNode parent, String field, String where)
      throws TufRejection.Malformed {
    JsonNode node = parent.get(field);
    if (node == null || !node.isArray()) {
      throw new TufRejection.Malformed(where + ": " + field + " must be an array of strings");
    }
    List<String> values = new ArrayList<>(node.size());
    for (JsonNode item : node) {
      if (!item.isTextual()) {
        throw new TufRejection.Malformed(
            where + ": " + field + " must hold strings only, found " + describe(item));
      }
      values.add(item.textValue());
    }
    return List.copyOf(values);
  }

  static Map<String, String> hashes(JsonNode parent, String where, boolean required)
      throws TufRejection.Malformed {
    JsonNode node = parent.get("hashes");
    if (node == null && !required) {
      return Map.of();
    }
    if (node == null || !node.isObject() || node.isEmpty()) {
      throw new TufRejection.Malformed(where + ": hashes must be a non-empty object");
    }
    Map<String, String> hashes = new LinkedHashMap<>();
    for (var it = node.fields(); it.hasNext(); ) {
      var entry = it.next();
      if (!entry.getValue().isTextual()) {
        throw new TufRejection.Malformed(where + ": hash " + entry.getKey() + " must be a string");
      }
      hashes.put(entry.getKey(), entry.getValue().textValue());
    }
    return Map.copyOf(hashes);
  }

  static String describe(JsonNode node) {
    if (node == null) {
      return "nothing";
    }
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
        + (node.isValueNode() ? " " + Texts.printable(node.asText(), 40) : "");
  }
}
