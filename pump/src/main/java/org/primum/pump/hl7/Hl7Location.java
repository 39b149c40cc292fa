package org.primum.pump.hl7;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where in a message a problem is: a segment, optionally a field and a component, written the HL7
 * way ({@code "RXG"}, {@code "RXG-5"}, {@code "RXG-16.1"}). Rendered into {@code ERR-2}.
 *
 * @param segment the three-character segment id, e.g. {@code "RXG"}
 * @param field the field number (1-based), or 0 for the whole segment
 * @param component the component number (1-based), or 0 for the whole field
 */
public record Hl7Location(String segment, int field, int component) {
  private static final Pattern SEGMENT_ID = Pattern.compile("[A-Z][A-Z0-9]{2}");

  public Hl7Location {
    if (segment == null || !SEGMENT_ID.matcher(segment).matches()) {
      throw new IllegalArgumentException("segment must be a segment id such as RXG");
    }
    if (field < 0 || component < 0 || (field == 0 && component > 0)) {
      throw new IllegalArgumentException("field and component must be 0 (none) or positive");
    }
  }

  /** The whole segment. */
  public static Hl7Location segment(String segment) {
    return new Hl7Location(segment, 0, 0);
  }

  /** One field. */
  public static Hl7Location field(String segment, int field) {
    return new Hl7Location(segment, field, 0);
  }

  /** Whether {@code id} is a well-formed segment id (so it may be quoted in a message). */
  static boolean isSegmentId(String id) {
    return id != null && SEGMENT_ID.matcher(id).matches();
  }

  /** E.g. {@code "RXG-16.1"}. */
  public String text() {
    if (field == 0) {
      return segment;
    }
    return component == 0
        ? String.format(Locale.ROOT, "%s-%d", segment, field)
        : String.format(Locale.ROOT, "%s-%d.%d", segment, field, component);
  }

  @Override
  public String toString() {
    return text();
  }
}
