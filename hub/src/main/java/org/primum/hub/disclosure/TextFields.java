package org.primum.hub.disclosure;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules for text a researcher or analyst sends: bounded length, no control characters other
 * than line breaks and tabs in multi-line fields, and no bidirectional overrides (which can make
 * text read differently from what it is). Markup is allowed: pages escape everything they show.
 */
final class TextFields {
  private static final Pattern EMAIL =
      Pattern.compile("[^@\\s<>\"(),;:]{1,64}@[^@\\s<>\"(),;:]+\\.[^@\\s<>\"(),;:]+");

  private TextFields() {}

  /** A required one-line text of 1 to {@code max} characters, stripped. */
  static String line(String field, String value, int max) {
    String text = value == null ? "" : value.strip();
    if (text.isEmpty() || text.length() > max) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "%s must be 1-%d characters, found %d", field, max, text.length()));
    }
    check(field, text, false);
    return text;
  }

  /** A multi-line text of {@code min} to {@code max} characters. */
  static String block(String field, String value, int min, int max) {
    String text = value == null ? "" : value;
    if (text.strip().length() < min || text.length() > max) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s must be %d-%d characters, found %d",
              field,
              min,
              max,
              text.strip().isEmpty() ? 0 : text.length()));
    }
    check(field, text, true);
    return text;
  }

  /** An optional e-mail address (empty when blank). */
  static Optional<String> email(String field, String value) {
    String text = value == null ? "" : value.strip();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (text.length() > 254 || !EMAIL.matcher(text).matches()) {
      throw new IllegalArgumentException(
          field
              + " must be an e-mail address such as finder@example.org, found \""
              + org.primum.core.formats.Texts.printable(text, 60)
              + "\"");
    }
    return Optional.of(text);
  }

  private static void check(String field, String text, boolean multiLine) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean lineBreak = c == '\n' || c == '\r' || c == '\t';
      if (Character.isISOControl(c) && !(multiLine && lineBreak)) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "%s must not contain control characters%s, found U+%04X at %d",
                field,
                multiLine ? " other than line breaks and tabs" : "",
                (int) c,
                i));
      }
      if ((c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "%s must not contain bidirectional override characters, found U+%04X at %d",
                field,
                (int) c,
                i));
      }
    }
  }
}
