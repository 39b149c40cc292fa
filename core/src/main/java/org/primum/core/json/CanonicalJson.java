package org.primum.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import org.erdtman.jcs.NumberToJSON;

/**
 * Checks, without rewriting it, whether a JSON text is already in RFC 8785 (JCS) canonical form:
 * the check {@code canonicalize(x) == x} at a fraction of its cost, for witnesses that receive many
 * canonical texts and must refuse any other byte form.
 *
 * <p>The text is tokenized by Jackson (strict: duplicate names refused) and matched byte by byte
 * against the canonical serialization of its tokens: no whitespace (§3.2.1), member names in
 * strictly increasing UTF-16 code-unit order (§3.2.3), strings with exactly the escapes of §3.2.2.2
 * (ECMAScript JSON.stringify), numbers in the ECMAScript form of their IEEE 754 double value
 * (§3.2.2.3, via the JCS reference implementation's {@link NumberToJSON}), and the literals. The
 * full canonicalizer ({@link Json#canonical}) stays the definition; a differential test and a fuzz
 * target hold the two to the same answer.
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  /**
   * Whether {@code bytes[offset, offset + length)} is one JSON object or array in canonical form
   * (like the reference implementation, a bare scalar is not accepted as a document).
   */
  public static boolean isCanonical(byte[] bytes, int offset, int length) {
    Matcher match = new Matcher(bytes, offset, offset + length);
    try (JsonParser in = Json.mapper().getFactory().createParser(bytes, offset, length)) {
      Deque<Frame> frames = new ArrayDeque<>();
      JsonToken token;
      boolean rootSeen = false;
      while ((token = in.nextToken()) != null) {
        Frame frame = frames.peek();
        if (frame == null
            && (rootSeen || (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY))) {
          return false; // a bare scalar, or a second value after the first
        }
        rootSeen = true;
        switch (token) {
          case END_OBJECT, END_ARRAY -> {
            if (!match.ascii(token == JsonToken.END_OBJECT ? '}' : ']')) {
              return false;
            }
            frames.pop();
            continue;
          }
          case FIELD_NAME -> {
            String name = in.currentName();
            if ((!frame.first && !match.ascii(','))
                || (frame.lastName != null && name.compareTo(frame.lastName) <= 0)
                || !match.string(name)
                || !match.ascii(':')) {
              return false;
            }
            frame.first = false;
            frame.lastName = name;
            continue;
          }
          default -> {
            // a value: in an array it follows a comma unless it comes first
            if (frame != null && !frame.object) {
              if (!frame.first && !match.ascii(',')) {
                return false;
              }
              frame.first = false;
            }
          }
        }
        boolean ok =
            switch (token) {
              case START_OBJECT -> {
                frames.push(new Frame(true));
                yield match.ascii('{');
              }
              case START_ARRAY -> {
                frames.push(new Frame(false));
                yield match.ascii('[');
              }
              case VALUE_STRING -> match.string(in.getText());
              case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
                  match.text(NumberToJSON.serializeNumber(in.getDoubleValue()));
              case VALUE_TRUE -> match.text("true");
              case VALUE_FALSE -> match.text("false");
              case VALUE_NULL -> match.text("null");
              default -> false;
            };
        if (!ok) {
          return false;
        }
      }
      return rootSeen && frames.isEmpty() && match.atEnd();
    } catch (IOException | RuntimeException e) {
      return false; // not JSON, a duplicate name, a number that is not finite, ...
    }
  }

  /** Whether {@code bytes} is one JSON value in canonical form. */
  public static boolean isCanonical(byte[] bytes) {
    return isCanonical(bytes, 0, bytes.length);
  }

  private static final class Frame {
    final boolean object;
    boolean first = true;
    String lastName;

    Frame(boolean object) {
      this.object = object;
    }
  }

  /** Compares expected canonical output with the input, advancing through it. */
  private static final class Matcher {
    private final byte[] bytes;
    private final int end;
    private int position;
    private final StringBuilder scratch = new StringBuilder();

    Matcher(byte[] bytes, int start, int end) {
      this.bytes = bytes;
      this.position = start;
      this.end = end;
    }

    boolean atEnd() {
      return position == end;
    }

    boolean ascii(char c) {
      if (position < end && bytes[position] == c) {
        position++;
        return true;
      }
      return false;
    }

    boolean text(String ascii) {
      for (int i = 0; i < ascii.length(); i++) {
        if (!ascii(ascii.charAt(i))) {
          return false;
        }
      }
      return true;
    }

    /** A string as RFC 8785 §3.2.2.2 writes it, in UTF-8. */
    boolean string(String value) {
      scratch.setLength(0);
      scratch.append('"');
      boolean plainAscii = true;
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        switch (c) {
          case '"' -> scratch.append("\\\"");
          case '\\' -> scratch.append("\\\\");
          case '\b' -> scratch.append("\\b");
          case '\f' -> scratch.append("\\f");
          case '\n' -> scratch.append("\\n");
          case '\r' -> scratch.append("\\r");
          case '\t' -> scratch.append("\\t");
          default -> {
            if (c < 0x20) {
              scratch.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
              if (c > 0x7e) {
                plainAscii = false;
              }
              if (Character.isSurrogate(c)
                  && !(Character.isHighSurrogate(c)
                      && i + 1 < value.length()
                      && Character.isLowSurrogate(value.charAt(i + 1)))
                  && !(Character.isLowSurrogate(c)
                      && i > 0
                      && Character.isHighSurrogate(value.charAt(i - 1)))) {
                return false; // an unpaired surrogate has no UTF-8 form
              }
              scratch.append(c);
            }
          }
        }
      }
      scratch.append('"');
      if (plainAscii) {
        return text(scratch.toString());
      }
      byte[] utf8 = scratch.toString().getBytes(StandardCharsets.UTF_8);
      if (end - position < utf8.length
          || !java.util.Arrays.equals(
              bytes, position, position + utf8.length, utf8, 0, utf8.length)) {
        return false;
      }
      position += utf8.length;
      return true;
    }
  }
}
