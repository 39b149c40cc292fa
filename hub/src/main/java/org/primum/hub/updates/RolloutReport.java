package org.primum.hub.updates;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.primum.core.formats.Texts;
import org.primum.core.json.Json;

/**
 * A device's report of where its update stands ({@code POST
 * /api/v1/devices/{serial}/update-status}, at most {@value #MAX_BYTES} bytes of JSON), valid from
 * birth.
 *
 * <p>A report names the release it concerns (target, version, release counter), except a refusal at
 * the update check: a device that refuses the metadata itself (expired, badly signed, rolled back)
 * cannot say what was assigned, so it reports {@code REFUSED} with an empty target and version and
 * release counter 0 (or none of the three). Such a report {@linkplain #namesRelease() names no
 * release}; the hub counts it against the device's current assignment.
 *
 * <p>Security guarantees: only the contract's fields, each checked for type, length and content;
 * the free-text detail is bounded and free of control characters, so it can be shown and audited.
 * Only a refusal may leave the release out: a report of any progress or success must name it.
 */
public record RolloutReport(
    RolloutDeviceState phase,
    String target,
    String version,
    long releaseCounter,
    String detail,
    Optional<Instant> deviceTime) {
  /** Largest accepted body. */
  public static final int MAX_BYTES = 4096;

  static final int MAX_DETAIL = 1000;
  private static final int MAX_TARGET = 256;
  private static final Set<String> FIELDS =
      Set.of("phase", "target", "version", "releaseCounter", "detail", "deviceTime");

  public RolloutReport {
    Objects.requireNonNull(phase, "phase");
    if (!phase.reportable()) {
      throw new IllegalArgumentException("not a reportable phase: " + phase);
    }
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(deviceTime, "deviceTime");
    boolean unnamed = target.isEmpty() && version.isEmpty() && releaseCounter == 0;
    if (unnamed && phase != RolloutDeviceState.REFUSED) {
      throw new IllegalArgumentException("only a refusal may name no release, not " + phase);
    }
    if (!unnamed && releaseCounter < 1) {
      throw new IllegalArgumentException("releaseCounter must be positive");
    }
  }

  /**
   * Whether the report names the release it concerns; false only for a refusal at the update check,
   * before the device could tell what was assigned.
   */
  public boolean namesRelease() {
    return releaseCounter > 0;
  }

  /**
   * Parses and checks a report.
   *
   * @throws RolloutRefusal naming the first problem: what was expected, what was found
   */
  public static RolloutReport parse(byte[] body) throws RolloutRefusal {
    if (body.length > MAX_BYTES) {
      throw bad(
          "report-too-large",
          "expected a report of at most " + MAX_BYTES + " bytes, found " + body.length);
    }
    JsonNode node;
    try {
      node = Json.readTree(body);
    } catch (Json.JsonRejection e) {
      throw bad("bad-json", "the update report is not valid JSON: " + e.getMessage());
    }
    if (!node.isObject()) {
      throw bad("bad-report", "expected a JSON object, found " + node.getNodeType());
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw bad(
            "bad-report",
            "unknown field \""
                + Texts.printable(name, 40)
                + "\"; expected only "
                + FIELDS.stream().sorted().collect(Collectors.joining(", ")));
      }
    }
    String phaseName = text(node, "phase", true, 48).orElseThrow();
    RolloutDeviceState phase =
        RolloutDeviceState.phase(phaseName)
            .orElseThrow(
                () ->
                    bad(
                        "unknown-phase",
                        "unknown phase \""
                            + Texts.printable(phaseName, 48)
                            + "\"; expected one of "
                            + RolloutDeviceState.reportablePhases().stream()
                                .map(Enum::name)
                                .collect(Collectors.joining(", "))));
    if (phase == RolloutDeviceState.REFUSED && namesNoRelease(node)) {
      return new RolloutReport(phase, "", "", 0, detail(node), deviceTime(node));
    }
    String target = text(node, "target", true, MAX_TARGET).orElseThrow();
    String version = text(node, "version", true, 64).orElseThrow();
    try {
      Texts.requireLabel("version", version);
    } catch (IllegalArgumentException e) {
      throw bad("bad-version", e.getMessage());
    }
    JsonNode counter = node.get("releaseCounter");
    if (counter == null || !counter.isIntegralNumber() || !counter.canConvertToLong()) {
      throw bad(
          "bad-release-counter",
          "releaseCounter must be a positive whole number, found "
              + (counter == null ? "none" : Texts.printable(counter.toString(), 40)));
    }
    if (counter.asLong() < 1) {
      throw bad(
          "bad-release-counter", "releaseCounter must be positive, found " + counter.asLong());
    }
    return new RolloutReport(
        phase, target, version, counter.asLong(), detail(node), deviceTime(node));
  }

  /**
   * Whether the report leaves the release out: target and version absent or empty, release counter
   * absent or 0. A report that names part of a release is checked as one that names it.
   */
  private static boolean namesNoRelease(JsonNode node) {
    return empty(node.get("target"))
        && empty(node.get("version"))
        && (node.get("releaseCounter") == null
            || node.get("releaseCounter").isNull()
            || (node.get("releaseCounter").isIntegralNumber()
                && node.get("releaseCounter").canConvertToLong()
                && node.get("releaseCounter").asLong() == 0));
  }

  private static boolean empty(JsonNode value) {
    return value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty());
  }

  private static String detail(JsonNode node) throws RolloutRefusal {
    return text(node, "detail", false, MAX_DETAIL).orElse("");
  }

  private static Optional<Instant> deviceTime(JsonNode node) throws RolloutRefusal {
    Optional<String> time = text(node, "deviceTime", false, 64);
    try {
      return time.map(Instant::parse);
    } catch (DateTimeParseException e) {
      throw bad(
          "bad-device-time",
          "deviceTime must be an ISO-8601 instant such as 2026-11-22T19:00:00Z, found \""
              + Texts.printable(time.orElse(""), 40)
              + "\"");
    }
  }

  private static Optional<String> text(JsonNode node, String field, boolean required, int max)
      throws RolloutRefusal {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw bad("missing-" + field, "the update report needs \"" + field + "\"");
      }
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw bad("bad-" + field, field + " must be a string, found " + value.getNodeType());
    }
    String text = value.asText();
    if (required && text.isEmpty()) {
      throw bad("bad-" + field, field + " must not be empty");
    }
    if (text.length() > max) {
      throw bad(
          "bad-" + field,
          field + " must be at most " + max + " characters, found " + text.length());
    }
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        throw bad("bad-" + field, field + " must not contain control characters");
      }
    }
    return Optional.of(text);
  }

  private static RolloutRefusal bad(String code, String message) {
    return RolloutRefusal.badInput(code, message);
  }
}
