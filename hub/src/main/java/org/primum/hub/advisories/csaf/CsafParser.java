package org.primum.hub.advisories.csaf;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Locale;

/**
 * Reads untrusted bytes into a JSON tree within fixed bounds, or rejects them.
 *
 * <p>Security guarantees: at most {@link CsafValidator#MAX_BYTES} bytes are parsed and at most
 * {@link CsafValidator#MAX_DEPTH} levels of arrays and objects and at most {@link
 * CsafValidator#MAX_VALUES} values are accepted, so neither memory, nor the (recursive) schema
 * validation and tests, nor the number of failures can be driven without bound. Duplicate member
 * names are rejected (RFC 8259 4: their meaning is undefined, and two readers may disagree on
 * them), and so is anything after the top-level value.
 */
final class CsafParser {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(CsafValidator.MAX_DEPTH)
                          .maxDocumentLength(CsafValidator.MAX_BYTES)
                          .build())
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private CsafParser() {}

  static JsonNode parse(byte[] json) throws CsafRejection {
    if (json.length > CsafValidator.MAX_BYTES) {
      throw new CsafRejection(
          "csaf-too-large",
          String.format(
              Locale.ROOT,
              "expected at most %d bytes of CSAF JSON, found %d",
              CsafValidator.MAX_BYTES,
              json.length));
    }
    if (notUtf8(json)) {
      // RFC 8259 8.1: JSON exchanged between systems is UTF-8; Jackson would guess UTF-16/32
      throw new CsafRejection(
          "csaf-not-json",
          "expected JSON in UTF-8, found UTF-16 or UTF-32 (a byte order mark or NUL)");
    }
    JsonNode tree;
    try {
      countValues(json);
      tree = MAPPER.readTree(json);
    } catch (StreamConstraintsException e) {
      if (String.valueOf(e.getOriginalMessage()).contains("nesting depth")) {
        throw new CsafRejection(
            "csaf-too-deep",
            String.format(
                Locale.ROOT,
                "expected JSON nested at most %d levels deep, found deeper nesting%s",
                CsafValidator.MAX_DEPTH,
                where(e.getLocation())));
      }
      // Jackson's other bounds: a number of more than 1,000 digits, a string of over 20 M chars
      throw new CsafRejection(
          "csaf-too-long-value",
          String.format(
              Locale.ROOT,
              "expected JSON values within the parser's bounds, found one beyond them%s: %s",
              where(e.getLocation()),
              shorten(e.getOriginalMessage())));
    } catch (JsonProcessingException e) {
      throw new CsafRejection(
          "csaf-not-json",
          String.format(
              Locale.ROOT,
              "expected a JSON document, found invalid JSON%s: %s",
              where(e.getLocation()),
              shorten(e.getOriginalMessage())));
    } catch (IOException e) {
      throw new CsafRejection("csaf-not-json", "expected a JSON document, found unreadable input");
    }
    if (tree == null || tree.isMissingNode()) {
      throw new CsafRejection("csaf-not-json", "expected a JSON document, found no JSON value");
    }
    if (!tree.isObject()) {
      throw new CsafRejection(
          "csaf-not-object",
          String.format(
              Locale.ROOT,
              "expected a JSON object at the top level (CSAF 2.0 3), found %s",
              tree.getNodeType().name().toLowerCase(Locale.ROOT)));
    }
    return tree;
  }

  /**
   * A streaming first pass that refuses more than {@link CsafValidator#MAX_VALUES} values before
   * any tree is built: two bytes ({@code 1,}) make a value, and every value may cost a schema
   * failure, so the value count, not the byte count, bounds the work and the report.
   */
  private static void countValues(byte[] json) throws IOException, CsafRejection {
    try (JsonParser parser = MAPPER.getFactory().createParser(json)) {
      long values = 0;
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token != JsonToken.FIELD_NAME
            && token != JsonToken.END_OBJECT
            && token != JsonToken.END_ARRAY) {
          values++;
          if (values > CsafValidator.MAX_VALUES) {
            throw new CsafRejection(
                "csaf-too-many-values",
                String.format(
                    Locale.ROOT,
                    "expected at most %d JSON values, found more%s",
                    CsafValidator.MAX_VALUES,
                    where(parser.currentLocation())));
          }
        }
      }
    }
  }

  private static boolean notUtf8(byte[] json) {
    if (json.length >= 2) {
      int first = json[0] & 0xFF;
      int second = json[1] & 0xFF;
      if ((first == 0xFE && second == 0xFF) || (first == 0xFF && second == 0xFE)) {
        return true; // a UTF-16 byte order mark, big- or little-endian
      }
    }
    for (int i = 0; i < Math.min(4, json.length); i++) {
      if (json[i] == 0) {
        return true;
      }
    }
    return false;
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return String.format(
        Locale.ROOT, " at line %d, column %d", location.getLineNr(), location.getColumnNr());
  }

  private static String shorten(String message) {
    if (message == null) {
      return "unreadable";
    }
    String oneLine = message.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
  }
}
