package org.primum.core.formats;

import java.util.regex.Pattern;

/** Checks for short human-readable texts carried in signed formats. */
public final class Texts {
  private static final Pattern TOKEN = Pattern.compile("[A-Z][A-Z0-9_]{0,47}");
  private static final Pattern LABEL = Pattern.compile("[\\p{L}\\p{N} ._+()/:-]{1,64}");

  private Texts() {}

  /** An upper-case state or code token such as {@code INFUSING} or {@code OCCLUSION}. */
  public static String requireToken(String field, String value) {
    if (value == null || !TOKEN.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field
              + " must be an upper-case token ([A-Z][A-Z0-9_]{0,47}), found \""
              + printable(value, 60)
              + "\"");
    }
    return value;
  }

  /** A short label such as a model name or version: letters, digits, space and . _ + ( ) / : -. */
  public static String requireLabel(String field, String value) {
    if (value == null || !LABEL.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field
              + " must be 1-64 letters, digits, spaces or . _ + ( ) / : -, found \""
              + printable(value, 60)
              + "\"");
    }
    return value;
  }

  /** Whether {@code value} is what {@link #requireLabel} accepts. */
  public static boolean isLabel(String value) {
    return value != null && LABEL.matcher(value).matches();
  }

  /** Free text of at most {@code max} characters with no control characters. */
  public static String requireText(String field, String value, int max) {
    if (value == null || value.isEmpty() || value.length() > max) {
      throw new IllegalArgumentException(
          field
              + " must be 1-"
              + max
              + " characters, found "
              + (value == null ? "none" : value.length()));
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new IllegalArgumentException(field + " must not contain control characters");
      }
    }
    return value;
  }

  /** {@code value} made safe to quote in a message: control characters escaped, length capped. */
  public static String printable(String value, int max) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length() && out.length() < max; i++) {
      char c = value.charAt(i);
      out.append(
          Character.isISOControl(c) ? String.format(java.util.Locale.ROOT, "\\u%04x", (int) c) : c);
    }
    if (value.length() > max) {
      out.append('…');
    }
    return out.toString();
  }
}
