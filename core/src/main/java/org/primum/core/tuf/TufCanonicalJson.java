package org.primum.core.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The canonical JSON form TUF signs: the OLPC canonical JSON as securesystemslib implements it (TUF
 * 1.0 §4.2 "Metadata format": "All signed metadata files ... are canonical JSON").
 *
 * <p>Object keys sorted by code point, no insignificant whitespace, strings escaped only for {@code
 * "} and {@code \}, integers only (no floats), UTF-8 bytes. This is deliberately not RFC 8785: TUF
 * signatures made by other implementations only verify over this exact form.
 */
public final class TufCanonicalJson {
  private TufCanonicalJson() {}

  /**
   * The canonical bytes of {@code node}.
   *
   * @throws IllegalArgumentException if the tree holds a float or a binary node, which canonical
   *     JSON cannot express
   */
  public static byte[] encode(JsonNode node) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    write(node, out);
    return out.toByteArray();
  }

  private static void write(JsonNode node, ByteArrayOutputStream out) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
          names.add(it.next());
        }
        // Python's sorted() over str compares code points, not UTF-16 units.
        names.sort(TufCanonicalJson::compareCodePoints);
        out.write('{');
        boolean first = true;
        for (String name : names) {
          if (!first) {
            out.write(',');
          }
          first = false;
          string(name, out);
          out.write(':');
          write(node.get(name), out);
        }
        out.write('}');
      }
      case ARRAY -> {
        out.write('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.write(',');
          }
          write(node.get(i), out);
        }
        out.write(']');
      }
      case STRING -> string(node.textValue(), out);
      case NUMBER -> {
        if (!node.isIntegralNumber()) {
          throw new IllegalArgumentException("canonical JSON has no floats, found " + node);
        }
        out.writeBytes(node.bigIntegerValue().toString().getBytes(StandardCharsets.US_ASCII));
      }
      case BOOLEAN -> out.writeBytes(node.booleanValue() ? TRUE : FALSE);
      case NULL -> out.writeBytes(NULL);
      default ->
          throw new IllegalArgumentException(
              "canonical JSON cannot hold a " + node.getNodeType() + " node");
    }
  }

  private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

  private static void string(String value, ByteArrayOutputStream out) {
    out.write('"');
    StringBuilder escaped = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        escaped.append('\\');
      }
      escaped.append(c);
    }
    out.writeBytes(escaped.toString().getBytes(StandardCharsets.UTF_8));
    out.write('"');
  }

  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
