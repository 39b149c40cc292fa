package org.primum.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
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
    try (JsonParser in = Json.mapper().getFactory().createParser(bytes, offset, length)) {
      JsonToken first = in.nextToken();
      if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
        return false; // empty, or a bare scalar
      }
      int end = matchValue(in, bytes, offset, offset + length);
      return end == offset + length && in.nextToken() == null;
    } catch (IOException | RuntimeException e) {
      return false; // not JSON, a duplicate name, a second value, ...
    }
  }

  /** Whether {@code bytes} is one JSON object or array in canonical form. */
  public static boolean isCanonical(byte[] bytes) {
    return isCanonical(bytes, 0, bytes.length);
  }

  /**
   * Consumes the object or array whose start token {@code in} has just read, checking that its
   * bytes, from {@code start}, are exactly its canonical form. Returns the offset just past it, or
   * -1 if they are not canonical. For callers that parse a larger document in which one value must
   * be canonical, without tokenizing it twice.
   *
   * @throws IOException if the parser fails (not JSON, a duplicate name)
   */
  public static int matchValue(JsonParser in, byte[] bytes, int start, int limit)
      throws IOException {
    Matcher match = new Matcher(bytes, start, limit);
    Deque<Frame> frames = new ArrayDeque<>();
    JsonToken token = in.currentToken();
    while (true) {
      Frame frame = frames.peek();
      switch (token) {
        case END_OBJECT, END_ARRAY -> {
          if (!match.ascii(token == JsonToken.END_OBJECT ? '}' : ']')) {
            return -1;
          }
          frames.pop();
          if (frames.isEmpty()) {
            return match.position;
          }
          token = in.nextToken();
          continue;
        }
        case FIELD_NAME -> {
          String name = in.currentName();
          if ((!frame.first && !match.ascii(','))
              || (frame.lastName != null && name.compareTo(frame.lastName) <= 0)
              || !match.string(name)
              || !match.ascii(':')) {
            return -1;
          }
          frame.first = false;
          frame.lastName = name;
          token = in.nextToken();
          continue;
        }
        default -> {
          // a value: in an array it follows a comma unless it comes first
          if (frame != null && !frame.object) {
            if (!frame.first && !match.ascii(',')) {
              return -1;
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
        return -1;
      }
      if (frames.isEmpty()) {
        return -1; // a bare scalar is not a document
      }
      token = in.nextToken();
      if (token == null) {
        return -1;
      }
    }
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

    /** A string as RFC 8785 §3.2.2.2 writes it, in UTF-8, compared without building it. */
    boolean string(String value) {
      if (!ascii('"')) {
        return false;
      }
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        boolean ok;
        if (c >= 0x20 && c < 0x80) {
          ok = c == '"' || c == '\\' ? ascii('\\') && ascii(c) : ascii(c);
        } else if (c < 0x20) {
          ok =
              switch (c) {
                case '\b' -> ascii('\\') && ascii('b');
                case '\f' -> ascii('\\') && ascii('f');
                case '\n' -> ascii('\\') && ascii('n');
                case '\r' -> ascii('\\') && ascii('r');
                case '\t' -> ascii('\\') && ascii('t');
                default -> text(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
              };
        } else if (c < 0x800) {
          ok = raw(0xC0 | c >> 6) && raw(0x80 | c & 0x3F);
        } else if (!Character.isSurrogate(c)) {
          ok = raw(0xE0 | c >> 12) && raw(0x80 | c >> 6 & 0x3F) && raw(0x80 | c & 0x3F);
        } else if (Character.isHighSurrogate(c)
            && i + 1 < value.length()
            && Character.isLowSurrogate(value.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, value.charAt(++i));
          ok =
              raw(0xF0 | cp >> 18)
                  && raw(0x80 | cp >> 12 & 0x3F)
                  && raw(0x80 | cp >> 6 & 0x3F)
                  && raw(0x80 | cp & 0x3F);
        } else {
          return false; // an unpaired surrogate has no UTF-8 form
        }
        if (!ok) {
          return false;
        }
      }
      return ascii('"');
    }

    private boolean raw(int b) {
      if (position < end && bytes[position] == (byte) b) {
        position++;
        return true;
      }
      return false;
    }
  }
}
