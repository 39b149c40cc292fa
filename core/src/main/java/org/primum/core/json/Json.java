package org.primum.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.util.Locale;
import org.erdtman.jcs.JsonCanonicalizer;
import org.primum.core.Rejection;

/**
 * The one configured JSON mapper, strict for untrusted input.
 *
 * <p>Security guarantees: duplicate keys, unknown properties, trailing tokens, comments, and
 * nesting deeper than {@value #MAX_DEPTH} are rejected; a rejection names the JSON path and the
 * reason, never a stack trace.
 */
public final class Json {
  /** Deepest nesting accepted in any document read from outside. */
  public static final int MAX_DEPTH = 32;

  private static final ObjectMapper MAPPER = build();

  private Json() {}

  private static ObjectMapper build() {
    JsonMapper mapper =
        JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .build();
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxNumberLength(64)
                .maxStringLength(4 * 1024 * 1024)
                .build());
    return mapper;
  }

  /** The shared mapper; configure nothing on it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Reads {@code json} as {@code type}.
   *
   * @throws JsonRejection naming the first problem and where it is
   */
  public static <T> T read(byte[] json, Class<T> type) throws JsonRejection {
    try {
      T value = MAPPER.readValue(json, type);
      if (value == null) {
        throw new JsonRejection("expected a JSON object, found null");
      }
      return value;
    } catch (IOException e) {
      throw JsonRejection.from(e);
    }
  }

  /** Reads {@code json} as a tree. */
  public static JsonNode readTree(byte[] json) throws JsonRejection {
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || node.isMissingNode()) {
        throw new JsonRejection("expected a JSON document, found an empty body");
      }
      return node;
    } catch (IOException e) {
      throw JsonRejection.from(e);
    }
  }

  /** UTF-8 JSON of {@code value}. */
  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value cannot be written as JSON", e);
    }
  }

  /** The RFC 8785 (JCS) canonical UTF-8 form of {@code value}. */
  public static byte[] canonical(Object value) {
    try {
      return new JsonCanonicalizer(write(value)).getEncodedUTF8();
    } catch (IOException e) {
      throw new IllegalArgumentException("value cannot be canonicalized", e);
    }
  }

  /** A JSON document was refused; the message says where and why. */
  public static final class JsonRejection extends Rejection {
    public JsonRejection(String message) {
      super("bad-json", message);
    }

    static JsonRejection from(IOException e) {
      String where = "";
      if (e instanceof com.fasterxml.jackson.databind.JsonMappingException mapping
          && !mapping.getPath().isEmpty()) {
        where = " at " + path(mapping);
      }
      if (e instanceof UnrecognizedPropertyException unknown) {
        return new JsonRejection("unknown field \"" + unknown.getPropertyName() + "\"" + where);
      }
      if (e instanceof ValueInstantiationException invalid) {
        Throwable cause = invalid.getCause() == null ? invalid : invalid.getCause();
        return new JsonRejection("invalid value" + where + ": " + cause.getMessage());
      }
      if (e instanceof InvalidFormatException format) {
        return new JsonRejection(
            "invalid value"
                + where
                + ": \""
                + format.getValue()
                + "\" is not of the expected type");
      }
      if (e instanceof MismatchedInputException mismatched) {
        return new JsonRejection(
            "wrong type or missing value" + where + ": " + firstLine(mismatched));
      }
      return new JsonRejection("malformed JSON: " + firstLine(e));
    }

    private static String path(com.fasterxml.jackson.databind.JsonMappingException e) {
      StringBuilder out = new StringBuilder("$");
      for (var reference : e.getPath()) {
        if (reference.getFieldName() != null) {
          out.append('.').append(reference.getFieldName());
        } else if (reference.getIndex() >= 0) {
          out.append('[').append(reference.getIndex()).append(']');
        }
      }
      return out.toString();
    }

    private static String firstLine(IOException e) {
      String message =
          e instanceof com.fasterxml.jackson.core.JacksonException j
              ? j.getOriginalMessage()
              : e.getMessage();
      if (message == null) {
        return e.getClass().getSimpleName();
      }
      int newline = message.indexOf('\n');
      String line = newline < 0 ? message : message.substring(0, newline);
      return line.length() > 200 ? line.substring(0, 200).toLowerCase(Locale.ROOT) + "…" : line;
    }
  }
}
