package org.primum.hub.updates;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;

/**
 * A site's daily maintenance window, in the site's own time zone: its devices are assigned only
 * while it is open. A window may span midnight ({@code 22:00-02:00}); the start is inclusive, the
 * end exclusive.
 */
public record RolloutWindow(LocalTime start, LocalTime end, ZoneId zone) {
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

  public RolloutWindow {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(zone, "zone");
    if (start.equals(end)) {
      throw new IllegalArgumentException(
          "a maintenance window must not start and end at the same time, found " + start);
    }
  }

  /**
   * Parses {@code HH:MM-HH:MM} in zone {@code zoneId}.
   *
   * @throws IllegalArgumentException naming what was expected and found
   */
  public static RolloutWindow parse(String window, String zoneId) {
    String text = Objects.requireNonNullElse(window, "").strip();
    String[] parts = text.split("-", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "a maintenance window is HH:MM-HH:MM (e.g. 02:00-04:00), found \""
              + org.primum.core.formats.Texts.printable(text, 40)
              + "\"");
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(Objects.requireNonNullElse(zoneId, "UTC").strip());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "expected a time zone id such as Europe/Berlin or UTC, found \""
              + org.primum.core.formats.Texts.printable(zoneId, 40)
              + "\"");
    }
    try {
      return new RolloutWindow(
          LocalTime.parse(parts[0].strip(), HH_MM), LocalTime.parse(parts[1].strip(), HH_MM), zone);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "a maintenance window is HH:MM-HH:MM with 24-hour times, found \""
              + org.primum.core.formats.Texts.printable(text, 40)
              + "\"");
    }
  }

  /** Whether the window is open at {@code at}. */
  public boolean isOpen(Instant at) {
    LocalTime local = at.atZone(zone).toLocalTime();
    if (start.isBefore(end)) {
      return !local.isBefore(start) && local.isBefore(end);
    }
    return !local.isBefore(start) || local.isBefore(end); // spans midnight
  }

  /** {@code 02:00-04:00 Europe/Berlin}. */
  @Override
  public String toString() {
    return text() + " " + zone.getId();
  }

  /** {@code 02:00-04:00}. */
  public String text() {
    return HH_MM.format(start) + "-" + HH_MM.format(end);
  }
}
