package org.primum.hub.disclosure;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.primum.core.formats.Texts;
import org.primum.core.json.Json;

/**
 * Reads vulnerability reports from outside: the JSON API's body and the HTML form's fields.
 *
 * <p>Security guarantees: a report is returned only if every field is known, of the right type and
 * within its bounds, and every attachment's content is of an allowed type; anything else is a
 * {@link DisclosureRefusal} naming the field, what was expected and what was found. The JSON reader
 * uses the hub's strict mapper (duplicate keys and trailing tokens refused) with larger string
 * bounds only for this document, whose base64 attachments may reach 7 MiB each.
 */
public final class DisclosureReports {
  /** Largest JSON body: five 5 MiB attachments in base64 plus the texts. */
  public static final int MAX_JSON_BYTES = 36 * 1024 * 1024;

  /** Largest HTML form (multipart) body. */
  public static final long MAX_FORM_BYTES = 27L * 1024 * 1024;

  private static final Set<String> FIELDS =
      Set.of(
          "product",
          "version",
          "title",
          "description",
          "stepsToReproduce",
          "impact",
          "safety",
          "safetyDetail",
          "contact",
          "credit",
          "attachments");
  private static final Set<String> ATTACHMENT_FIELDS = Set.of("name", "contentBase64");

  private static final JsonFactory FACTORY = factory();

  private DisclosureReports() {}

  private static JsonFactory factory() {
    JsonFactory factory = Json.mapper().getFactory().copy();
    factory.setStreamReadConstraints(
        StreamReadConstraints.builder()
            .maxNestingDepth(4)
            .maxNumberLength(20)
            .maxStringLength(8 * 1024 * 1024)
            .maxDocumentLength(MAX_JSON_BYTES)
            .build());
    return factory;
  }

  /**
   * Reads a report from the JSON API.
   *
   * <pre>{@code
   * {"product": "rp-1", "version": "0.2.0", "title": "...", "description": "...",
   *  "stepsToReproduce": "...", "impact": "...", "safety": "yes|no|unknown",
   *  "safetyDetail": "...", "contact": "finder@example.org", "credit": "name or handle",
   *  "attachments": [{"name": "capture.pcap", "contentBase64": "..."}]}
   * }</pre>
   *
   * @throws DisclosureRefusal for anything but such a report
   */
  public static DisclosureReport fromJson(byte[] json) throws DisclosureRefusal {
    if (json.length > MAX_JSON_BYTES) {
      throw DisclosureRefusal.tooLarge(
          "body-too-large",
          "expected a report of at most " + MAX_JSON_BYTES + " bytes, found " + json.length);
    }
    JsonNode root;
    try (JsonParser parser = FACTORY.createParser(json)) {
      root = Json.mapper().readTree(parser);
      if (root == null || root.isMissingNode()) {
        throw DisclosureRefusal.badInput("bad-json", "expected a JSON object, found an empty body");
      }
      if (parser.nextToken() != null) {
        throw DisclosureRefusal.badInput(
            "bad-json", "expected one JSON object, found more after its end");
      }
    } catch (IOException e) {
      throw DisclosureRefusal.badInput("bad-json", "malformed JSON: " + firstLine(e));
    }
    if (!root.isObject()) {
      throw DisclosureRefusal.badInput("bad-json", "expected a JSON object, found " + kind(root));
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw DisclosureRefusal.badInput(
            "bad-json",
            "unknown field \""
                + Texts.printable(name, 40)
                + "\"; expected "
                + String.join(", ", FIELDS.stream().sorted().toList()));
      }
    }
    List<Attachment> attachments = new ArrayList<>();
    JsonNode files = root.get("attachments");
    if (files != null && !files.isNull()) {
      if (!files.isArray()) {
        throw DisclosureRefusal.badInput(
            "bad-json", "attachments must be an array, found " + kind(files));
      }
      if (files.size() > Attachment.MAX_COUNT) {
        throw DisclosureRefusal.badInput(
            "too-many-attachments",
            "expected at most " + Attachment.MAX_COUNT + " attachments, found " + files.size());
      }
      for (int i = 0; i < files.size(); i++) {
        attachments.add(attachment(files.get(i), i));
      }
    }
    return build(
        required(root, "product"),
        required(root, "version"),
        required(root, "title"),
        required(root, "description"),
        optional(root, "stepsToReproduce"),
        optional(root, "impact"),
        safety(required(root, "safety")),
        optional(root, "safetyDetail"),
        optional(root, "contact"),
        optional(root, "credit"),
        attachments);
  }

  /** A file from the HTML form. */
  public record Upload(String name, byte[] content) {}

  /**
   * Reads a report from the HTML form: {@code product} is {@code hardwareId|version}, {@code
   * credit} is {@code anonymous} or {@code named} with {@code creditName}.
   *
   * @throws DisclosureRefusal for a missing or invalid field or attachment
   */
  public static DisclosureReport fromForm(Map<String, String> fields, List<Upload> uploads)
      throws DisclosureRefusal {
    String product = fields.getOrDefault("product", "");
    int bar = product.indexOf('|');
    if (bar < 0) {
      throw DisclosureRefusal.badInput(
          "product-missing",
          "expected a product and version chosen from the list, found \""
              + Texts.printable(product, 60)
              + "\"");
    }
    List<Upload> files = uploads.stream().filter(u -> u.content().length > 0).toList();
    if (files.size() > Attachment.MAX_COUNT) {
      throw DisclosureRefusal.badInput(
          "too-many-attachments",
          "expected at most " + Attachment.MAX_COUNT + " attachments, found " + files.size());
    }
    List<Attachment> attachments = new ArrayList<>();
    for (Upload upload : files) {
      String name = upload.name() == null || upload.name().isBlank() ? "attachment" : upload.name();
      // Browsers of old sent the full client path; keep the file name only.
      name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
      if (upload.content().length > Attachment.MAX_BYTES) {
        throw tooBig(name, upload.content().length);
      }
      attachments.add(Attachment.sniffed(name, upload.content()));
    }
    boolean named = "named".equals(fields.get("credit"));
    return build(
        product.substring(0, bar),
        product.substring(bar + 1),
        fields.get("title"),
        fields.get("description"),
        fields.getOrDefault("steps", ""),
        fields.getOrDefault("impact", ""),
        safety(fields.getOrDefault("safety", "")),
        fields.getOrDefault("safetyDetail", ""),
        fields.getOrDefault("contact", ""),
        named ? fields.getOrDefault("creditName", "") : "",
        attachments);
  }

  private static DisclosureReport build(
      String hardwareId,
      String version,
      String title,
      String description,
      String steps,
      String impact,
      Safety safety,
      String safetyDetail,
      String contact,
      String credit,
      List<Attachment> attachments)
      throws DisclosureRefusal {
    try {
      return new DisclosureReport(
          hardwareId,
          version,
          title,
          description,
          steps,
          impact,
          safety,
          safetyDetail,
          Optional.ofNullable(contact).filter(c -> !c.isBlank()),
          Credit.as(credit),
          attachments);
    } catch (IllegalArgumentException e) {
      throw DisclosureRefusal.badInput("report-invalid", e.getMessage());
    }
  }

  static Safety safety(String value) throws DisclosureRefusal {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "yes" -> Safety.YES;
      case "no" -> Safety.NO;
      case "unknown" -> Safety.UNKNOWN;
      default ->
          throw DisclosureRefusal.badInput(
              "safety-invalid",
              "safety (could it harm a patient?) must be yes, no or unknown, found \""
                  + Texts.printable(value, 40)
                  + "\"");
    };
  }

  private static Attachment attachment(JsonNode node, int index) throws DisclosureRefusal {
    String where = "attachments[" + index + "]";
    if (!node.isObject()) {
      throw DisclosureRefusal.badInput(
          "bad-json", where + " must be an object, found " + kind(node));
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!ATTACHMENT_FIELDS.contains(name)) {
        throw DisclosureRefusal.badInput(
            "bad-json",
            "unknown field \""
                + Texts.printable(name, 40)
                + "\" in "
                + where
                + "; expected name, contentBase64");
      }
    }
    String name = text(node, "name", where + ".name", true);
    String base64 = text(node, "contentBase64", where + ".contentBase64", true);
    long decoded = (long) base64.length() * 3 / 4;
    if (decoded > Attachment.MAX_BYTES + 2L) {
      throw tooBig(name, decoded);
    }
    byte[] content;
    try {
      content = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw DisclosureRefusal.badInput(
          "attachment-encoding",
          where
              + ".contentBase64 must be base64 (RFC 4648 section 4, no line breaks): "
              + e.getMessage());
    }
    if (content.length > Attachment.MAX_BYTES) {
      throw tooBig(name, content.length);
    }
    return Attachment.sniffed(name, content);
  }

  private static DisclosureRefusal tooBig(String name, long size) {
    return DisclosureRefusal.tooLarge(
        "attachment-too-large",
        String.format(
            Locale.ROOT,
            "attachment \"%s\": expected at most %d bytes (5 MiB), found %d",
            Texts.printable(name, 60),
            Attachment.MAX_BYTES,
            size));
  }

  private static String required(JsonNode root, String field) throws DisclosureRefusal {
    return text(root, field, field, true);
  }

  private static String optional(JsonNode root, String field) throws DisclosureRefusal {
    return text(root, field, field, false);
  }

  private static String text(JsonNode node, String field, String where, boolean required)
      throws DisclosureRefusal {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw DisclosureRefusal.badInput("field-missing", where + " is required");
      }
      return "";
    }
    if (!value.isTextual()) {
      throw DisclosureRefusal.badInput(
          "bad-json", where + " must be a string, found " + kind(value));
    }
    return value.textValue();
  }

  private static String firstLine(IOException e) {
    String message =
        e instanceof com.fasterxml.jackson.core.JacksonException j
            ? j.getOriginalMessage()
            : e.getMessage();
    if (message == null) {
      return e.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return Texts.printable(line, 200);
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }
}
