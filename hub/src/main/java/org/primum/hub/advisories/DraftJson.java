package org.primum.hub.advisories;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.primum.core.crypto.Hashes;
import org.primum.core.json.Json;

/**
 * The stored form of an {@link AdvisoryDraft}: explicit JSON (format 1), written and read field by
 * field so the stored rows never depend on how the API records are shaped. A stored draft is read
 * back through the record's own checks.
 */
final class DraftJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final int FORMAT = 1;

  private DraftJson() {}

  static String write(AdvisoryDraft d) {
    return new String(Json.canonical(tree(d)), StandardCharsets.UTF_8);
  }

  /** The SHA-256 of the canonical (RFC 8785) form: equal drafts have equal digests. */
  static String digest(AdvisoryDraft d) {
    return Hashes.sha256Hex(Json.canonical(tree(d)));
  }

  private static ObjectNode tree(AdvisoryDraft d) {
    ObjectNode o = F.objectNode();
    o.put("format", FORMAT);
    o.put("title", d.title());
    o.put("tlp", d.tlp().name());
    o.put("summary", d.summary());
    o.put("description", d.description());
    o.put("impact", d.impact());
    ArrayNode cves = o.putArray("cves");
    d.cves().forEach(cves::add);
    d.cwe()
        .ifPresent(
            c -> {
              ObjectNode cwe = o.putObject("cwe");
              cwe.put("id", c.id());
              cwe.put("name", c.name());
            });
    d.cvss().ifPresent(c -> o.put("cvss", c.vector()));
    ArrayNode products = o.putArray("products");
    for (ProductStatus p : d.products()) {
      ObjectNode n = products.addObject();
      product(n, p.product());
      n.put("status", p.status().csafName());
      p.justification().ifPresent(j -> n.put("justification", j.label()));
    }
    ArrayNode remediations = o.putArray("remediations");
    for (Remediation r : d.remediations()) {
      ObjectNode n = remediations.addObject();
      n.put("category", r.category().csafName());
      n.put("details", r.details());
      r.url().ifPresent(u -> n.put("url", u.toString()));
      r.fixedIn().ifPresent(f -> product(n.putObject("fixed_in"), f));
      ArrayNode targets = n.putArray("products");
      r.products().forEach(p -> product(targets.addObject(), p));
    }
    ArrayNode acknowledgments = o.putArray("acknowledgments");
    for (Acknowledgment a : d.acknowledgments()) {
      ObjectNode n = acknowledgments.addObject();
      ArrayNode names = n.putArray("names");
      a.names().forEach(names::add);
      a.organization().ifPresent(v -> n.put("organization", v));
      a.summary().ifPresent(v -> n.put("summary", v));
      a.url().ifPresent(v -> n.put("url", v.toString()));
    }
    ArrayNode references = o.putArray("references");
    for (Reference r : d.references()) {
      ObjectNode n = references.addObject();
      n.put("url", r.url().toString());
      n.put("summary", r.summary());
    }
    o.put("interim", d.interim());
    o.put("change_summary", d.changeSummary());
    return o;
  }

  private static void product(ObjectNode n, ProductVersion p) {
    n.put("hardware_id", p.hardwareId());
    n.put("version", p.version());
  }

  /**
   * Reads a stored draft.
   *
   * @throws IllegalStateException if the stored JSON is damaged (it was written by {@link #write})
   */
  static AdvisoryDraft read(String json) {
    try {
      JsonNode o = Json.readTree(json.getBytes(StandardCharsets.UTF_8));
      if (o.path("format").asInt() != FORMAT) {
        throw new IllegalStateException(
            "stored advisory draft: expected format " + FORMAT + ", found " + o.path("format"));
      }
      List<String> cves = new ArrayList<>();
      o.path("cves").forEach(n -> cves.add(n.asText()));
      List<ProductStatus> products = new ArrayList<>();
      for (JsonNode n : o.path("products")) {
        products.add(
            new ProductStatus(
                product(n),
                ProductStatus.Status.fromCsafName(n.path("status").asText()).orElseThrow(),
                text(n, "justification").map(j -> Justification.fromLabel(j).orElseThrow())));
      }
      List<Remediation> remediations = new ArrayList<>();
      for (JsonNode n : o.path("remediations")) {
        List<ProductVersion> targets = new ArrayList<>();
        n.path("products").forEach(p -> targets.add(product(p)));
        remediations.add(
            new Remediation(
                Remediation.Category.fromCsafName(n.path("category").asText()).orElseThrow(),
                n.path("details").asText(),
                text(n, "url").map(URI::create),
                n.has("fixed_in") ? Optional.of(product(n.get("fixed_in"))) : Optional.empty(),
                targets));
      }
      List<Acknowledgment> acknowledgments = new ArrayList<>();
      for (JsonNode n : o.path("acknowledgments")) {
        List<String> names = new ArrayList<>();
        n.path("names").forEach(x -> names.add(x.asText()));
        acknowledgments.add(
            new Acknowledgment(
                names,
                text(n, "organization"),
                text(n, "summary"),
                text(n, "url").map(URI::create)));
      }
      List<Reference> references = new ArrayList<>();
      for (JsonNode n : o.path("references")) {
        references.add(
            new Reference(URI.create(n.path("url").asText()), n.path("summary").asText()));
      }
      return new AdvisoryDraft(
          o.path("title").asText(),
          Tlp.valueOf(o.path("tlp").asText()),
          o.path("summary").asText(),
          o.path("description").asText(),
          o.path("impact").asText(),
          cves,
          o.has("cwe")
              ? Optional.of(
                  new Cwe(o.get("cwe").path("id").asText(), o.get("cwe").path("name").asText()))
              : Optional.empty(),
          text(o, "cvss").map(CvssScore::parse),
          products,
          remediations,
          acknowledgments,
          references,
          o.path("interim").asBoolean(),
          o.path("change_summary").asText());
    } catch (Json.JsonRejection | RuntimeException e) {
      throw new IllegalStateException("stored advisory draft is damaged: " + e.getMessage(), e);
    }
  }

  private static ProductVersion product(JsonNode n) {
    return new ProductVersion(n.path("hardware_id").asText(), n.path("version").asText());
  }

  private static Optional<String> text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }
}
