package org.primum.hub.advisories;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/** Checks for the text an advisory carries: what each field allows, with ROOT-locale messages. */
final class Texts {
  private Texts() {}

  /**
   * A single line: stripped, non-blank, at most {@code max} characters, no control characters.
   *
   * @throws IllegalArgumentException naming the field, what was expected and what was found
   */
  static String line(String field, String value, int max) {
    Objects.requireNonNull(value, field);
    String v = value.strip();
    if (v.isEmpty()) {
      throw new IllegalArgumentException(field + ": expected text, found none");
    }
    if (v.length() > max) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "%s: expected at most %d characters, found %d", field, max, v.length()));
    }
    for (int i = 0; i < v.length(); i++) {
      if (Character.isISOControl(v.charAt(i))) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "%s: expected one line without control characters, found U+%04X at %d",
                field,
                (int) v.charAt(i),
                i));
      }
    }
    return v;
  }

  /**
   * Free text that may span lines: stripped, at most {@code max} characters, no control characters
   * other than line feed and tab (carriage returns are dropped). May be empty.
   */
  static String text(String field, String value, int max) {
    Objects.requireNonNull(value, field);
    String v = value.replace("\r\n", "\n").replace('\r', '\n').strip();
    if (v.length() > max) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "%s: expected at most %d characters, found %d", field, max, v.length()));
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\t') {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "%s: expected text without control characters, found U+%04X at %d",
                field,
                (int) c,
                i));
      }
    }
    return v;
  }

  /** An absolute {@code https} (or {@code http}) URL with a host, at most 2,000 characters. */
  static URI webUrl(String field, String value) {
    String v = line(field, value, 2000);
    URI uri;
    try {
      uri = new URI(v);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          field + ": expected a URL such as https://example.com/advisory, found \"" + v + "\"");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          field + ": expected an https:// or http:// URL with a host, found \"" + v + "\"");
    }
    return uri;
  }
}
