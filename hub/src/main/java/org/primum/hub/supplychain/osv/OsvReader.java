package org.primum.hub.supplychain.osv;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.primum.core.formats.Texts;
import org.primum.core.json.Json;
import org.primum.hub.supplychain.osv.versions.InvalidVersion;
import org.primum.hub.supplychain.osv.versions.Version;
import org.primum.hub.supplychain.osv.versions.VersionSchemes;

/** Reads one OSV record from JSON bytes into an {@link OsvRecord}, or says why not. */
final class OsvReader {
  static final int MAX_AFFECTED = 10_000;
  static final int MAX_RANGES = 1_000;
  static final int MAX_EVENTS = 10_000;
  static final int MAX_VERSIONS = 200_000;
  static final int MAX_ALIASES = 1_000;
  static final int MAX_SEVERITIES = 16;
  private static final int MAX_VALUE = 1024;

  // OSV schema "id, modified fields": <DB>-<ENTRYID>; letters, digits and . _ : + - only.
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]{0,127}");

  private static final DateTimeFormatter RFC_3339 =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toFormatter(Locale.ROOT);

  private OsvReader() {}

  static OsvRecord read(byte[] json) throws OsvRejection {
    if (json == null) {
      throw new OsvRejection("bad-json", "expected an OSV record, found no bytes");
    }
    if (json.length > OsvRecord.MAX_BYTES) {
      throw new OsvRejection(
          "record-too-large",
          String.format(
              Locale.ROOT,
              "expected an OSV record of at most %d bytes, found %d",
              OsvRecord.MAX_BYTES,
              json.length));
    }
    JsonNode root;
    try {
      root = Json.readTree(json);
    } catch (Json.JsonRejection e) {
      throw new OsvRejection(
          "bad-json",
          "expected an OSV record as strict JSON (no duplicate keys, nesting at most "
              + Json.MAX_DEPTH
              + "), found: "
              + e.getMessage(),
          e);
    }
    if (!root.isObject()) {
      throw new OsvRejection(
          "not-an-object", "expected an OSV record (a JSON object), found " + root.getNodeType());
    }
    schemaVersion(root);
    String id = text(root, "id", "$", true, 128);
    if (!ID.matcher(id).matches()) {
      throw new OsvRejection(
          "bad-id",
          "$.id: expected <DB>-<ENTRYID> of letters, digits and . _ : + - (at most 128), found \""
              + Texts.printable(id, 60)
              + "\"");
    }
    // OSV schema "id, modified fields": modified is required.
    Instant modified = timestamp(root, "modified", true).orElseThrow();
    Optional<Instant> published = timestamp(root, "published", false);
    Optional<Instant> withdrawn = timestamp(root, "withdrawn", false);
    List<String> aliases = new ArrayList<>();
    JsonNode aliasArray = array(root, "aliases", "$", MAX_ALIASES);
    for (int i = 0; i < aliasArray.size(); i++) {
      aliases.add(element(aliasArray.get(i), "$.aliases[" + i + "]", 256));
    }
    String summary = optionalText(root, "summary", "$");
    Optional<String> databaseRating =
        Optional.ofNullable(root.get("database_specific"))
            .filter(JsonNode::isObject)
            .map(node -> node.get("severity"))
            .filter(JsonNode::isTextual)
            .map(JsonNode::asText);
    List<Severity.Entry> severities = severities(root, "$");
    Severity severity = Severity.of(severities, databaseRating, "$.severity");
    JsonNode affectedArray = array(root, "affected", "$", MAX_AFFECTED);
    List<OsvRecord.Affected> affected = new ArrayList<>();
    for (int i = 0; i < affectedArray.size(); i++) {
      affected.add(affected(affectedArray.get(i), "$.affected[" + i + "]"));
    }
    return new OsvRecord(id, modified, published, withdrawn, aliases, summary, severity, affected);
  }

  /** OSV schema "schema_version": minor and patch versions only add fields; a major does not. */
  private static void schemaVersion(JsonNode root) throws OsvRejection {
    String version = optionalText(root, "schema_version", "$");
    if (!version.isEmpty() && !(version.equals("1") || version.startsWith("1."))) {
      throw new OsvRejection(
          "bad-schema-version",
          "$.schema_version: expected 1.x (this reader follows OSV schema 1.6), found \""
              + Texts.printable(version, 40)
              + "\"");
    }
  }

  private static OsvRecord.Affected affected(JsonNode node, String path) throws OsvRejection {
    if (!node.isObject()) {
      throw wrongType(path, "an object", node);
    }
    Optional<OsvRecord.AffectedPackage> pkg = Optional.empty();
    JsonNode pkgNode = node.get("package");
    if (pkgNode != null && !pkgNode.isNull()) {
      if (!pkgNode.isObject()) {
        throw wrongType(path + ".package", "an object", pkgNode);
      }
      // OSV schema "affected[].package": ecosystem and name are both required.
      String ecosystem = text(pkgNode, "ecosystem", path + ".package", true, 256);
      String name = text(pkgNode, "name", path + ".package", true, MAX_VALUE);
      String purl = optionalText(pkgNode, "purl", path + ".package");
      if (purl.length() > 4 * MAX_VALUE) {
        throw tooLong(path + ".package.purl", 4 * MAX_VALUE, purl.length());
      }
      pkg =
          Optional.of(
              new OsvRecord.AffectedPackage(
                  ecosystem, name, purl.isEmpty() ? Optional.empty() : Optional.of(purl)));
    }
    Optional<Ecosystem> known = pkg.flatMap(OsvRecord.AffectedPackage::known);
    JsonNode rangeArray = array(node, "ranges", path, MAX_RANGES);
    List<OsvRange> ranges = new ArrayList<>();
    for (int i = 0; i < rangeArray.size(); i++) {
      ranges.add(range(rangeArray.get(i), path + ".ranges[" + i + "]", known));
    }
    JsonNode versionArray = array(node, "versions", path, MAX_VERSIONS);
    List<String> versions = new ArrayList<>(versionArray.size());
    List<Version> parsed = new ArrayList<>(known.isPresent() ? versionArray.size() : 0);
    int unreadable = 0;
    for (int i = 0; i < versionArray.size(); i++) {
      String text = element(versionArray.get(i), path + ".versions[" + i + "]", MAX_VALUE);
      versions.add(text);
      if (known.isPresent()) {
        try {
          parsed.add(known.get().recordVersion(text));
        } catch (InvalidVersion e) {
          unreadable++;
        }
      }
    }
    List<Severity.Entry> severityEntries = severities(node, path);
    Optional<Severity> severity =
        severityEntries.isEmpty()
            ? Optional.empty()
            : Optional.of(Severity.of(severityEntries, Optional.empty(), path + ".severity"));
    try {
      return new OsvRecord.Affected(pkg, ranges, versions, parsed, unreadable, severity);
    } catch (IllegalArgumentException e) {
      throw unorderable(path + ".versions", e);
    }
  }

  /**
   * Sorting threw because the ordering is not consistent on these versions. Maven's ordering is not
   * transitive on some unusual strings (e.g. {@code 1.--a9--2}); such a record cannot be evaluated
   * reliably.
   */
  private static OsvRejection unorderable(String where, IllegalArgumentException e) {
    return new OsvRejection(
        "unorderable-versions",
        where
            + ": expected versions that their ecosystem orders consistently, found an inconsistent"
            + " order ("
            + e.getMessage()
            + ")",
        e);
  }

  private static OsvRange range(JsonNode node, String path, Optional<Ecosystem> known)
      throws OsvRejection {
    if (!node.isObject()) {
      throw wrongType(path, "an object", node);
    }
    String typeName = text(node, "type", path, true, 32);
    OsvRange.Type type;
    try {
      type = OsvRange.Type.valueOf(typeName);
    } catch (IllegalArgumentException e) {
      throw new OsvRejection(
          "bad-range-type",
          path
              + ".type: expected SEMVER, ECOSYSTEM or GIT, found \""
              + Texts.printable(typeName, 40)
              + "\"");
    }
    String repo = optionalText(node, "repo", path);
    // OSV schema "affected[].ranges[].repo": required for GIT ranges.
    if (type == OsvRange.Type.GIT && repo.isEmpty()) {
      throw new OsvRejection(
          "git-range-without-repo", path + ": expected a repo for a GIT range, found none");
    }
    JsonNode eventArray = node.get("events");
    if (eventArray == null || !eventArray.isArray() || eventArray.isEmpty()) {
      throw new OsvRejection(
          "missing-events",
          path
              + ".events: expected a non-empty array of events, found "
              + (eventArray == null ? "none" : describe(eventArray)));
    }
    if (eventArray.size() > MAX_EVENTS) {
      throw tooMany(path + ".events", MAX_EVENTS, eventArray.size());
    }
    boolean evaluable = known.isPresent() && type != OsvRange.Type.GIT;
    Set<OsvRange.Kind> kinds = EnumSet.noneOf(OsvRange.Kind.class);
    List<OsvRange.Event> events = new ArrayList<>(eventArray.size());
    for (int i = 0; i < eventArray.size(); i++) {
      String where = path + ".events[" + i + "]";
      JsonNode event = eventArray.get(i);
      if (!event.isObject()) {
        throw wrongType(where, "an object", event);
      }
      // OSV schema "Requirements": only a single type is allowed in each event object.
      if (event.size() != 1) {
        throw new OsvRejection(
            "event-keys",
            where
                + ": expected exactly one of introduced, fixed, last_affected, limit, found "
                + event.size()
                + " keys ("
                + names(event)
                + ")");
      }
      Map.Entry<String, JsonNode> only = event.properties().iterator().next();
      OsvRange.Kind kind = kind(only.getKey(), where);
      String value = element(only.getValue(), where + "." + only.getKey(), MAX_VALUE);
      kinds.add(kind);
      events.add(
          new OsvRange.Event(
              kind, value, evaluable ? bound(kind, value, type, known.get(), where) : null));
    }
    // OSV schema "Requirements": at least one introduced event.
    if (!kinds.contains(OsvRange.Kind.INTRODUCED)) {
      throw new OsvRejection(
          "range-without-introduced",
          path + ".events: expected at least one introduced event, found " + kinds);
    }
    // OSV schema "Requirements": either last_affected or fixed events, but not both.
    if (kinds.contains(OsvRange.Kind.FIXED) && kinds.contains(OsvRange.Kind.LAST_AFFECTED)) {
      throw new OsvRejection(
          "fixed-and-last-affected",
          path + ".events: expected either fixed or last_affected events, found both");
    }
    try {
      return new OsvRange(
          type, repo.isEmpty() ? Optional.empty() : Optional.of(repo), events, evaluable);
    } catch (IllegalArgumentException e) {
      throw unorderable(path + ".events", e);
    }
  }

  private static OsvRange.Kind kind(String key, String where) throws OsvRejection {
    for (OsvRange.Kind kind : OsvRange.Kind.values()) {
      if (kind.field().equals(key)) {
        return kind;
      }
    }
    throw new OsvRejection(
        "event-keys",
        where
            + ": expected one of introduced, fixed, last_affected, limit, found \""
            + Texts.printable(key, 40)
            + "\"");
  }

  /** The parsed bound of an event; null for the special values of OSV schema "Special values". */
  private static Version bound(
      OsvRange.Kind kind, String value, OsvRange.Type type, Ecosystem ecosystem, String where)
      throws OsvRejection {
    if (kind == OsvRange.Kind.INTRODUCED && value.equals("0")) {
      return null; // sorts before any other version
    }
    if (kind == OsvRange.Kind.LIMIT && value.contains("*")) {
      return null; // infinity
    }
    try {
      return type == OsvRange.Type.SEMVER
          ? VersionSchemes.SEMVER.parse(value)
          : ecosystem.recordVersion(value);
    } catch (InvalidVersion e) {
      throw new OsvRejection(
          "invalid-version",
          where
              + "."
              + kind.field()
              + ": "
              + e.getMessage()
              + (type == OsvRange.Type.SEMVER
                  ? " (a SEMVER range)"
                  : " (an ECOSYSTEM range of " + ecosystem.osvName() + ")"),
          e);
    }
  }

  private static List<Severity.Entry> severities(JsonNode node, String path) throws OsvRejection {
    JsonNode array = array(node, "severity", path, MAX_SEVERITIES);
    List<Severity.Entry> entries = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      String where = path + ".severity[" + i + "]";
      JsonNode entry = array.get(i);
      if (!entry.isObject()) {
        throw wrongType(where, "an object", entry);
      }
      entries.add(
          new Severity.Entry(
              text(entry, "type", where, true, 64),
              text(entry, "score", where, true, Severity.MAX_SCORE_LENGTH)));
    }
    return entries;
  }

  private static Optional<Instant> timestamp(JsonNode root, String field, boolean required)
      throws OsvRejection {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      if (required) {
        throw new OsvRejection(
            "missing-" + field, "$." + field + ": expected an RFC 3339 timestamp, found none");
      }
      return Optional.empty();
    }
    String text = text(root, field, "$", true, 64);
    try {
      return Optional.of(RFC_3339.parse(text, Instant::from));
    } catch (DateTimeParseException e) {
      throw new OsvRejection(
          "bad-timestamp",
          "$."
              + field
              + ": expected an RFC 3339 timestamp such as 2021-12-10T00:40:56Z, found \""
              + Texts.printable(text, 40)
              + "\"");
    }
  }

  /** A string field without control characters; absent and null are refused when required. */
  private static String text(JsonNode node, String field, String path, boolean required, int max)
      throws OsvRejection {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new OsvRejection(
            "missing-" + field.replace('_', '-'),
            path + "." + field + ": expected a string, found none");
      }
      return "";
    }
    return element(value, path + "." + field, max);
  }

  /** A free-text string field (control characters allowed); empty when absent. */
  private static String optionalText(JsonNode node, String field, String path) throws OsvRejection {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return "";
    }
    if (!value.isTextual()) {
      throw wrongType(path + "." + field, "a string", value);
    }
    return value.asText();
  }

  /** A non-empty string of at most {@code max} characters without control characters. */
  private static String element(JsonNode value, String where, int max) throws OsvRejection {
    if (!value.isTextual()) {
      throw wrongType(where, "a string", value);
    }
    String text = value.asText();
    if (text.isEmpty()) {
      throw new OsvRejection("empty-value", where + ": expected a non-empty string, found \"\"");
    }
    if (text.length() > max) {
      throw tooLong(where, max, text.length());
    }
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        throw new OsvRejection(
            "control-character",
            where
                + ": expected no control characters, found \""
                + Texts.printable(text, 60)
                + "\"");
      }
    }
    return text;
  }

  /** An array field of at most {@code max} elements; an empty array when absent or null. */
  private static JsonNode array(JsonNode node, String field, String path, int max)
      throws OsvRejection {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Json.mapper().createArrayNode();
    }
    if (!value.isArray()) {
      throw wrongType(path + "." + field, "an array", value);
    }
    if (value.size() > max) {
      throw tooMany(path + "." + field, max, value.size());
    }
    return value;
  }

  private static OsvRejection wrongType(String where, String expected, JsonNode found) {
    return new OsvRejection(
        "bad-field-type", where + ": expected " + expected + ", found " + describe(found));
  }

  private static OsvRejection tooMany(String where, int max, int found) {
    return new OsvRejection(
        "too-many-items",
        String.format(Locale.ROOT, "%s: expected at most %d items, found %d", where, max, found));
  }

  private static OsvRejection tooLong(String where, int max, int found) {
    return new OsvRejection(
        "value-too-long",
        String.format(
            Locale.ROOT, "%s: expected at most %d characters, found %d", where, max, found));
  }

  private static String describe(JsonNode node) {
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private static String names(JsonNode node) {
    StringBuilder out = new StringBuilder();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      out.append(out.length() == 0 ? "" : ", ").append(Texts.printable(it.next(), 30));
      if (out.length() > 120) {
        out.append(", …");
        break;
      }
    }
    return out.toString();
  }
}
