package org.primum.hub.advisories;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.primum.core.json.Json;

/**
 * Writes an advisory as CSAF 2.0: a {@code csaf_security_advisory} (CSAF 2.0 4.4) and a companion
 * {@code csaf_vex} (4.5) with the same product tree and statuses.
 *
 * <p>The product tree is the one {@code supplychain.vex.VexExport} writes for a release: vendor →
 * product name (hardware id) → product version, each version a product with a {@code pkg:generic}
 * package URL, so the ids agree across the hub's documents. Generation is pure; the caller
 * validates the result ({@code CsafValidator}) before anything is published.
 */
public final class AdvisoryDocuments {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String TLP_URL = "https://www.first.org/tlp/";
  // Two-space indentation and "\n" on every platform: the bytes are hashed and signed.
  private static final DefaultIndenter INDENT = new DefaultIndenter("  ", "\n");
  private static final ObjectWriter PRETTY =
      Json.mapper()
          .writer(
              new DefaultPrettyPrinter()
                  .withObjectIndenter(INDENT)
                  .withArrayIndenter(INDENT)
                  .withSeparators(
                      Separators.createDefaultInstance()
                          .withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

  /**
   * Who publishes (CSAF 2.0 3.2.1.8): category vendor.
   *
   * @param name the publisher's name, e.g. "Primum PSIRT"
   * @param namespace the publisher's URL: the hub's public URL
   * @param vendor the vendor named in the product tree, e.g. "Primum"
   * @param contactDetails how to reach the publisher (e.g. the security contact), if given
   * @param issuingAuthority the publisher's authority and terms, if given
   */
  public record Publisher(
      String name,
      String namespace,
      String vendor,
      Optional<String> contactDetails,
      Optional<String> issuingAuthority) {
    public Publisher {
      name = Texts.line("publisher name", name, 200);
      Texts.webUrl("publisher namespace", namespace);
      vendor = Texts.line("vendor", vendor, 200);
      contactDetails = contactDetails.map(c -> Texts.line("contact details", c, 1000));
      issuingAuthority = issuingAuthority.map(c -> Texts.line("issuing authority", c, 2000));
    }
  }

  /** One item of the revision history (CSAF 2.0 3.2.1.12.6). */
  public record RevisionEntry(int number, Instant date, String summary) {
    public RevisionEntry {
      Objects.requireNonNull(date, "date");
      summary = Texts.line("revision summary", summary, 1000);
    }
  }

  /**
   * What the hub assigns (CSAF 2.0 3.2.1.12): id, status, integer version and the revision history
   * whose last item is this version.
   *
   * @param status {@code draft}, {@code interim} or {@code final}
   * @param generatedAt when the document was generated (tracking generator date)
   */
  public record Tracking(
      String id,
      String status,
      int version,
      Instant initialReleaseDate,
      Instant currentReleaseDate,
      List<RevisionEntry> history,
      Instant generatedAt) {
    public Tracking {
      Objects.requireNonNull(id, "id");
      if (!Set.of("draft", "interim", "final").contains(status)) {
        throw new IllegalArgumentException(
            "tracking status: expected draft, interim or final, found " + status);
      }
      history = List.copyOf(history);
      if (history.isEmpty() || history.get(history.size() - 1).number() != version) {
        throw new IllegalArgumentException(
            "tracking: expected the revision history to end with version " + version);
      }
      Objects.requireNonNull(initialReleaseDate, "initialReleaseDate");
      Objects.requireNonNull(currentReleaseDate, "currentReleaseDate");
      Objects.requireNonNull(generatedAt, "generatedAt");
    }
  }

  /**
   * Where the published advisory lives, for references of category {@code self} (CSAF 2.0
   * 3.1.11.1); empty for advisories that are not distributed.
   */
  public record Links(Optional<String> csaf, Optional<String> html) {
    public static Links none() {
      return new Links(Optional.empty(), Optional.empty());
    }
  }

  private AdvisoryDocuments() {}

  /** The {@code csaf_security_advisory} (CSAF 2.0 4.4). */
  public static ObjectNode securityAdvisory(
      AdvisoryDraft draft, Tracking tracking, Publisher publisher, Links links) {
    ObjectNode doc = F.objectNode();
    ObjectNode document = document(doc, "csaf_security_advisory", draft.title(), draft, tracking);
    publisher(document, publisher);
    // CSAF 3.2.1.5: TLP:WHITE is also what the directory path says (CSAF 2.0 7.1.4)
    ObjectNode distribution = document.putObject("distribution");
    distribution.putObject("tlp").put("label", draft.tlp().csafLabel()).put("url", TLP_URL);
    draft
        .cvss()
        .ifPresent(c -> document.putObject("aggregate_severity").put("text", c.severity().title()));
    ArrayNode notes = document.putArray("notes");
    note(notes, "summary", "Summary", draft.summary().isEmpty() ? draft.title() : draft.summary());
    if (!draft.impact().isEmpty()) {
      note(notes, "general", "Impact", draft.impact());
    }
    references(document, draft, links);
    acknowledgments(document, draft);
    tracking(document, tracking);
    productTree(doc, draft, publisher.vendor());
    vulnerabilities(doc, draft, tracking.id(), true);
    return doc;
  }

  /**
   * The companion {@code csaf_vex} (CSAF 2.0 4.5): the same products and statuses, each not
   * affected product with its justification flag (6.1.27.9) and each affected one with an action
   * statement (6.1.27.10). Its tracking id is the advisory's with {@code -VEX} appended.
   */
  public static ObjectNode vex(
      AdvisoryDraft draft, Tracking tracking, Publisher publisher, Links links) {
    Tracking vexTracking =
        new Tracking(
            tracking.id() + "-VEX",
            tracking.status(),
            tracking.version(),
            tracking.initialReleaseDate(),
            tracking.currentReleaseDate(),
            tracking.history(),
            tracking.generatedAt());
    ObjectNode doc = F.objectNode();
    ObjectNode document = document(doc, "csaf_vex", "VEX: " + draft.title(), draft, vexTracking);
    publisher(document, publisher);
    document
        .putObject("distribution")
        .putObject("tlp")
        .put("label", draft.tlp().csafLabel())
        .put("url", TLP_URL);
    ArrayNode notes = document.putArray("notes");
    note(
        notes,
        "summary",
        "Summary",
        "Exploitability of " + tracking.id() + " in each product version listed.");
    ArrayNode references = document.putArray("references");
    links
        .csaf()
        .ifPresent(
            url ->
                references
                    .addObject()
                    .put("category", "external")
                    .put("summary", "The security advisory " + tracking.id() + " (CSAF)")
                    .put("url", url));
    if (references.isEmpty()) {
      document.remove("references");
    }
    tracking(document, vexTracking);
    productTree(doc, draft, publisher.vendor());
    vulnerabilities(doc, draft, tracking.id(), false);
    return doc;
  }

  /** The bytes as distributed: UTF-8, two-space indentation, a final newline. */
  public static byte[] bytes(ObjectNode document) {
    try {
      byte[] body = PRETTY.writeValueAsBytes(document);
      byte[] out = new byte[body.length + 1];
      System.arraycopy(body, 0, out, 0, body.length);
      out[body.length] = '\n';
      return out;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }

  /** RFC 3339 as CSAF dates are written (CSAF 2.0 3.2.1.12.1): UTC, millisecond precision. */
  static String date(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  // ------------------------------------------------------------------------------ document

  private static ObjectNode document(
      ObjectNode doc, String category, String title, AdvisoryDraft draft, Tracking tracking) {
    ObjectNode document = doc.putObject("document");
    document.put("category", category);
    document.put("csaf_version", "2.0");
    document.put("lang", "en");
    document.put("title", title);
    return document;
  }

  private static void publisher(ObjectNode document, Publisher p) {
    // CSAF 2.0 3.2.1.8
    ObjectNode publisher = document.putObject("publisher");
    publisher.put("category", "vendor");
    p.contactDetails().ifPresent(c -> publisher.put("contact_details", c));
    p.issuingAuthority().ifPresent(c -> publisher.put("issuing_authority", c));
    publisher.put("name", p.name());
    publisher.put("namespace", p.namespace());
  }

  private static void note(ArrayNode notes, String category, String title, String text) {
    // CSAF 2.0 3.1.10
    notes.addObject().put("category", category).put("text", text).put("title", title);
  }

  private static void references(ObjectNode document, AdvisoryDraft draft, Links links) {
    // CSAF 2.0 3.1.11: self references first, then the author's
    ArrayNode references = F.arrayNode();
    links
        .csaf()
        .ifPresent(
            url ->
                references
                    .addObject()
                    .put("category", "self")
                    .put("summary", "This advisory in CSAF 2.0")
                    .put("url", url));
    links
        .html()
        .ifPresent(
            url ->
                references
                    .addObject()
                    .put("category", "self")
                    .put("summary", "This advisory for people (HTML)")
                    .put("url", url));
    for (Reference r : draft.references()) {
      references
          .addObject()
          .put("category", "external")
          .put("summary", r.summary())
          .put("url", r.url().toString());
    }
    if (!references.isEmpty()) {
      document.set("references", references);
    }
  }

  private static void acknowledgments(ObjectNode document, AdvisoryDraft draft) {
    // CSAF 2.0 3.2.1.1
    if (draft.acknowledgments().isEmpty()) {
      return;
    }
    ArrayNode out = document.putArray("acknowledgments");
    for (Acknowledgment a : draft.acknowledgments()) {
      ObjectNode n = out.addObject();
      if (!a.names().isEmpty()) {
        ArrayNode names = n.putArray("names");
        a.names().forEach(names::add);
      }
      a.organization().ifPresent(o -> n.put("organization", o));
      a.summary().ifPresent(s -> n.put("summary", s));
      a.url().ifPresent(u -> n.putArray("urls").add(u.toString()));
    }
  }

  private static void tracking(ObjectNode document, Tracking t) {
    // CSAF 2.0 3.2.1.12
    ObjectNode tracking = document.putObject("tracking");
    tracking.put("current_release_date", date(t.currentReleaseDate()));
    tracking
        .putObject("generator")
        .put("date", date(t.generatedAt()))
        .putObject("engine")
        .put("name", "Primum hub");
    tracking.put("id", t.id());
    tracking.put("initial_release_date", date(t.initialReleaseDate()));
    ArrayNode history = tracking.putArray("revision_history");
    for (RevisionEntry r : t.history()) {
      history
          .addObject()
          .put("date", date(r.date()))
          .put("number", Integer.toString(r.number()))
          .put("summary", r.summary());
    }
    tracking.put("status", t.status());
    // CSAF 2.0 3.2.1.12.9: integer versioning
    tracking.put("version", Integer.toString(t.version()));
  }

  // -------------------------------------------------------------------------- product tree

  private static void productTree(ObjectNode doc, AdvisoryDraft draft, String vendorName) {
    // CSAF 2.0 3.2.2.1: vendor -> product_name -> product_version, the leaf holding the product
    Map<String, List<ProductVersion>> byProduct = new LinkedHashMap<>();
    for (ProductStatus p : draft.products()) {
      byProduct.computeIfAbsent(p.product().hardwareId(), k -> new ArrayList<>()).add(p.product());
    }
    ObjectNode tree = doc.putObject("product_tree");
    if (byProduct.isEmpty()) {
      return;
    }
    ObjectNode vendor = tree.putArray("branches").addObject();
    vendor.put("category", "vendor");
    vendor.put("name", vendorName);
    ArrayNode names = vendor.putArray("branches");
    for (var e : byProduct.entrySet()) {
      ObjectNode name = names.addObject();
      name.put("category", "product_name");
      name.put("name", e.getKey());
      ArrayNode versions = name.putArray("branches");
      for (ProductVersion v : e.getValue()) {
        ObjectNode version = versions.addObject();
        version.put("category", "product_version");
        version.put("name", v.version());
        ObjectNode product = version.putObject("product");
        product.put("name", vendorName + " " + v.hardwareId() + " " + v.version());
        product.put("product_id", v.productId());
        // CSAF 2.0 3.1.3.3.5 (checked by 6.1.13)
        product.putObject("product_identification_helper").put("purl", v.purl());
      }
    }
  }

  // ------------------------------------------------------------------------ vulnerabilities

  private static void vulnerabilities(
      ObjectNode doc, AdvisoryDraft draft, String trackingId, boolean advisory) {
    ArrayNode out = doc.putArray("vulnerabilities");
    List<Optional<String>> cves =
        draft.cves().isEmpty()
            ? List.of(Optional.empty())
            : draft.cves().stream().map(Optional::of).toList();
    for (Optional<String> cve : cves) {
      ObjectNode v = out.addObject();
      v.put("title", draft.title());
      // CSAF 2.0 3.2.3.2 / 3.2.3.6; a VEX names each vulnerability one way or the other (6.1.27.8)
      cve.ifPresentOrElse(
          c -> v.put("cve", c),
          () -> v.putArray("ids").addObject().put("system_name", "Primum").put("text", trackingId));
      draft.cwe().ifPresent(c -> v.putObject("cwe").put("id", c.id()).put("name", c.name()));
      // CSAF 2.0 6.1.27.5: every vulnerability of an advisory or VEX has notes
      ArrayNode notes = v.putArray("notes");
      note(
          notes,
          "description",
          "Description",
          !draft.description().isEmpty()
              ? draft.description()
              : (draft.summary().isEmpty() ? draft.title() : draft.summary()));
      productStatus(v, draft);
      flags(v, draft);
      remediations(v, draft);
      if (advisory) {
        scores(v, draft);
        threats(v, draft);
      }
    }
  }

  private static void productStatus(ObjectNode v, AdvisoryDraft draft) {
    // CSAF 2.0 3.2.3.9
    ObjectNode status = v.putObject("product_status");
    for (ProductStatus.Status s : ProductStatus.Status.values()) {
      List<ProductVersion> products = draft.productsWith(s);
      if (!products.isEmpty()) {
        ArrayNode ids = status.putArray(s.csafName());
        products.forEach(p -> ids.add(p.productId()));
      }
    }
    if (status.isEmpty()) {
      v.remove("product_status");
    }
  }

  private static void flags(ObjectNode v, AdvisoryDraft draft) {
    // CSAF 2.0 3.2.3.5: the justification of each product known not affected, one flag per label
    Map<Justification, List<String>> byLabel = new LinkedHashMap<>();
    for (ProductStatus p : draft.products()) {
      p.justification()
          .ifPresent(
              j -> byLabel.computeIfAbsent(j, k -> new ArrayList<>()).add(p.product().productId()));
    }
    if (byLabel.isEmpty()) {
      return;
    }
    ArrayNode flags = v.putArray("flags");
    for (var e : byLabel.entrySet()) {
      ObjectNode flag = flags.addObject();
      flag.put("label", e.getKey().label());
      ArrayNode ids = flag.putArray("product_ids");
      e.getValue().forEach(ids::add);
    }
  }

  private static void remediations(ObjectNode v, AdvisoryDraft draft) {
    // CSAF 2.0 3.2.3.12; every product known affected gets an action statement (6.1.27.10)
    ArrayNode out = F.arrayNode();
    Set<ProductVersion> covered = new LinkedHashSet<>();
    for (Remediation r : draft.remediations()) {
      List<ProductVersion> targets = draft.targets(r);
      if (targets.isEmpty()) {
        continue; // AdvisoryDraft.problems() refuses this before publication
      }
      ObjectNode n = out.addObject();
      n.put("category", r.category().csafName());
      n.put("details", r.effectiveDetails());
      ArrayNode ids = n.putArray("product_ids");
      targets.forEach(p -> ids.add(p.productId()));
      r.url().ifPresent(u -> n.put("url", u.toString()));
      covered.addAll(targets);
    }
    List<ProductVersion> uncovered =
        draft.productsWith(ProductStatus.Status.KNOWN_AFFECTED).stream()
            .filter(p -> !covered.contains(p))
            .toList();
    if (!uncovered.isEmpty()) {
      ObjectNode n = out.addObject();
      n.put("category", "none_available");
      n.put("details", "No fix or mitigation is available yet for this version.");
      ArrayNode ids = n.putArray("product_ids");
      uncovered.forEach(p -> ids.add(p.productId()));
    }
    if (!out.isEmpty()) {
      v.set("remediations", out);
    }
  }

  private static void scores(ObjectNode v, AdvisoryDraft draft) {
    // CSAF 2.0 3.2.3.13: the CVSS v3.1 base score applies to the affected versions
    List<ProductVersion> affected = draft.productsWith(ProductStatus.Status.KNOWN_AFFECTED);
    if (draft.cvss().isEmpty() || affected.isEmpty()) {
      return;
    }
    CvssScore c = draft.cvss().get();
    ObjectNode score = v.putArray("scores").addObject();
    ArrayNode products = score.putArray("products");
    affected.forEach(p -> products.add(p.productId()));
    ObjectNode cvss = score.putObject("cvss_v3");
    cvss.put("version", "3.1");
    cvss.put("vectorString", c.vector());
    cvss.put("baseScore", c.baseScore());
    cvss.put("baseSeverity", c.severity().name());
  }

  private static void threats(ObjectNode v, AdvisoryDraft draft) {
    // CSAF 2.0 3.2.3.14: the impact on the affected versions
    List<ProductVersion> affected = draft.productsWith(ProductStatus.Status.KNOWN_AFFECTED);
    if (draft.impact().isEmpty() || affected.isEmpty()) {
      return;
    }
    ObjectNode threat = v.putArray("threats").addObject();
    threat.put("category", "impact");
    threat.put("details", draft.impact());
    ArrayNode ids = threat.putArray("product_ids");
    affected.forEach(p -> ids.add(p.productId()));
  }
}
