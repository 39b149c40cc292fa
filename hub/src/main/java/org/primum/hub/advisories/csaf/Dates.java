package org.primum.hub.advisories.csaf;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** RFC 3339 date-times as CSAF uses them ({@code format: date-time}). */
final class Dates {
  private Dates() {}

  /** The instant, or {@code null} if {@code text} is null or not an RFC 3339 date-time. */
  static Instant parse(String text) {
    if (text == null || text.length() > 64) {
      return null;
    }
    try {
      // RFC 3339 5.6 allows a lower-case "t" and "z"; java.time accepts only upper case.
      return OffsetDateTime.parse(text.toUpperCase(Locale.ROOT)).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
