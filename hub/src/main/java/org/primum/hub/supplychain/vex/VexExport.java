package org.primum.hub.supplychain.vex;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Writes one release's VEX statements as CycloneDX 1.6 VEX and as a CSAF 2.0 {@code csaf_vex}
 * document, so hospitals can load them into whatever tool they run.
 */
public final class VexExport {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /**
   * The product the statements are about.
   *
   * @param vendor the manufacturer's name
   * @param namespace the manufacturer's URL (CSAF publisher namespace)
   * @param hardwareId the product (hardware id)
   * @param version the release version
   */
  public record Product(String vendor, String namespace, String hardwareId, String version) {
    public Product {
      Objects.requireNonNull(vendor, "vendor");
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(hardwareId, "hardwareId");
      Objects.requireNonNull(version, "version");
    }

    String purl() {
      return "pkg:generic/" + hardwareId + "@" + version;
    }
  }

  /** A statement with what people read beside it. */
  public record Entry(VexStatement statement, String summary) {}

  private VexExport() {}

  /** CycloneDX 1.6 VEX: a BOM with only {@code vulnerabilities}, each analysed and scoped. */
  public static ObjectNode cycloneDx(
      Product product, List<Entry> entries, Instant now, UUID serial) {
    ObjectNode bom = F.objectNode();
    bom.put("bomFormat", "CycloneDX");
    bom.put("specVersion", "1.6");
    bom.put("serialNumber", "urn:uuid:" + serial);
    bom.put("version", 1);
    ObjectNode metadata = bom.putObject("metadata");
    metadata.put("timestamp", now.truncatedTo(ChronoUnit.SECONDS).toString());
    ObjectNode subject = metadata.putObject("component");
    subject.put("type", "device");
    subject.put("bom-ref", product.purl());
    subject.put("name", product.hardwareId());
    subject.put("version", product.version());
    subject.putObject("manufacturer").put("name", product.vendor());
    ArrayNode vulnerabilities = bom.putArray("vulnerabilities");
    // One vulnerability object per (id, status, justification); affects lists its components.
    Map<String, ObjectNode> byKey = new LinkedHashMap<>();
    for (Entry e : entries) {
      VexStatement s = e.statement();
      String key =
          s.vulnerability() + "|" + s.status() + "|" + s.justification() + "|" + s.detail();
      ObjectNode v = byKey.get(key);
      if (v == null) {
        v = vulnerabilities.addObject();
        v.put("id", s.vulnerability());
        if (!e.summary().isBlank()) {
          v.put("description", e.summary());
        }
        ObjectNode analysis = v.putObject("analysis");
        analysis.put("state", s.status().cycloneDxState());
        s.justification().ifPresent(j -> analysis.put("justification", j.cycloneDx()));
        if (!s.detail().isBlank()) {
          analysis.put("detail", s.detail());
        }
        v.putArray("affects");
        byKey.put(key, v);
      }
      String ref =
          VexStatement.EVERY_COMPONENT.equals(s.component()) ? product.purl() : s.component();
      ((ArrayNode) v.get("affects")).addObject().put("ref", ref);
    }
    return bom;
  }

  /**
   * CSAF 2.0 {@code csaf_vex} (4.5): a product tree with the release and its components joined by
   * {@code default_component_of} relationships (3.2.2.4), then per vulnerability the product
   * status, a flag for each not_affected justification (3.2.3.5) or an impact threat, and an action
   * statement (remediation) for each affected product (6.1.27.10).
   */
  public static ObjectNode csaf(
      Product product, List<Entry> entries, Instant now, String trackingId) {
    String date = now.truncatedTo(ChronoUnit.SECONDS).toString();
    ObjectNode doc = F.objectNode();
    ObjectNode document = doc.putObject("document");
    document.put("category", "csaf_vex");
    document.put("csaf_version", "2.0");
    ObjectNode publisher = document.putObject("publisher");
    publisher.put("category", "vendor");
    publisher.put("name", product.vendor());
    publisher.put("namespace", product.namespace());
    document.put("title", "VEX for " + product.hardwareId() + " " + product.version());
    ObjectNode tracking = document.putObject("tracking");
    tracking.put("current_release_date", date);
    tracking.put("id", trackingId);
    tracking.put("initial_release_date", date);
    ObjectNode revision = tracking.putArray("revision_history").addObject();
    revision.put("date", date);
    revision.put("number", "1");
    revision.put("summary", "Initial version.");
    tracking.put("status", "final");
    tracking.put("version", "1");

    ObjectNode tree = doc.putObject("product_tree");
    ObjectNode vendor = tree.putArray("branches").addObject();
    vendor.put("category", "vendor");
    vendor.put("name", product.vendor());
    ObjectNode name = vendor.putArray("branches").addObject();
    name.put("category", "product_name");
    name.put("name", product.hardwareId());
    ObjectNode version = name.putArray("branches").addObject();
    version.put("category", "product_version");
    version.put("name", product.version());
    String productId = "PRIMUM-" + product.hardwareId() + "-" + product.version();
    ObjectNode p = version.putObject("product");
    p.put("name", product.vendor() + " " + product.hardwareId() + " " + product.version());
    p.put("product_id", productId);
    p.putObject("product_identification_helper").put("purl", product.purl());

    Map<String, String> componentIds = new LinkedHashMap<>();
    for (Entry e : entries) {
      String c = e.statement().component();
      if (!VexStatement.EVERY_COMPONENT.equals(c) && !componentIds.containsKey(c)) {
        componentIds.put(c, "COMPONENT-" + (componentIds.size() + 1));
      }
    }
    if (!componentIds.isEmpty()) {
      ArrayNode names = tree.putArray("full_product_names");
      ArrayNode relationships = tree.putArray("relationships");
      for (var c : componentIds.entrySet()) {
        ObjectNode fp = names.addObject();
        fp.put("name", c.getKey());
        fp.put("product_id", c.getValue());
        fp.putObject("product_identification_helper").put("purl", c.getKey());
        ObjectNode r = relationships.addObject();
        r.put("category", "default_component_of");
        ObjectNode full = r.putObject("full_product_name");
        full.put("name", c.getKey() + " in " + p.get("name").asText());
        full.put("product_id", productId + ":" + c.getValue());
        r.put("product_reference", c.getValue());
        r.put("relates_to_product_reference", productId);
      }
    }

    ArrayNode vulnerabilities = doc.putArray("vulnerabilities");
    Map<String, List<Entry>> byVulnerability = new LinkedHashMap<>();
    for (Entry e : entries) {
      byVulnerability.computeIfAbsent(e.statement().vulnerability(), k -> new ArrayList<>()).add(e);
    }
    for (var group : byVulnerability.entrySet()) {
      ObjectNode v = vulnerabilities.addObject();
      String id = group.getKey();
      if (id.matches("CVE-[0-9]{4}-[0-9]{4,}")) {
        v.put("cve", id);
      } else {
        ObjectNode ids = v.putArray("ids").addObject();
        ids.put("system_name", id.startsWith("GHSA-") ? "GitHub Security Advisory" : "OSV");
        ids.put("text", id);
      }
      String summary = group.getValue().get(0).summary();
      ObjectNode note = v.putArray("notes").addObject();
      note.put("category", "description");
      note.put("text", summary.isBlank() ? id : summary);
      note.put("title", "Summary");
      ObjectNode status = v.putObject("product_status");
      ArrayNode flags = F.arrayNode();
      ArrayNode threats = F.arrayNode();
      ArrayNode remediations = F.arrayNode();
      for (Entry e : group.getValue()) {
        VexStatement s = e.statement();
        String pid =
            VexStatement.EVERY_COMPONENT.equals(s.component())
                ? productId
                : productId + ":" + componentIds.get(s.component());
        ArrayNode list =
            status.has(s.status().csafStatus())
                ? (ArrayNode) status.get(s.status().csafStatus())
                : status.putArray(s.status().csafStatus());
        if (!contains(list, pid)) {
          list.add(pid);
        }
        if (s.status() == VexStatus.NOT_AFFECTED) {
          if (s.justification().isPresent()) {
            ObjectNode flag = flags.addObject();
            flag.put("label", s.justification().get().label());
            flag.putArray("product_ids").add(pid);
          } else {
            ObjectNode threat = threats.addObject();
            threat.put("category", "impact");
            threat.put("details", s.detail());
            threat.putArray("product_ids").add(pid);
          }
        } else if (s.status() == VexStatus.AFFECTED) {
          ObjectNode remediation = remediations.addObject();
          remediation.put("category", "none_available");
          remediation.put(
              "details", s.detail().isBlank() ? "No fix is available yet." : s.detail());
          remediation.putArray("product_ids").add(pid);
        }
      }
      if (!flags.isEmpty()) {
        v.set("flags", flags);
      }
      if (!remediations.isEmpty()) {
        v.set("remediations", remediations);
      }
      if (!threats.isEmpty()) {
        v.set("threats", threats);
      }
    }
    return doc;
  }

  /**
   * OpenVEX 0.2.0: one statement per entry, the release as the product and the component as its
   * subcomponent; {@code affected} carries an action statement and {@code not_affected} a
   * justification or impact statement, as the OpenVEX specification requires.
   */
  public static ObjectNode openVex(Product product, List<Entry> entries, Instant now, String id) {
    String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
    ObjectNode doc = F.objectNode();
    doc.put("@context", "https://openvex.dev/ns/v0.2.0");
    doc.put("@id", product.namespace() + "/vex/" + id);
    doc.put("author", product.vendor());
    doc.put("timestamp", time);
    doc.put("version", 1);
    ArrayNode statements = doc.putArray("statements");
    for (Entry e : entries) {
      VexStatement s = e.statement();
      ObjectNode st = statements.addObject();
      st.putObject("vulnerability").put("name", s.vulnerability());
      ObjectNode p = st.putArray("products").addObject();
      p.put("@id", product.purl());
      if (!VexStatement.EVERY_COMPONENT.equals(s.component())) {
        p.putArray("subcomponents").addObject().put("@id", s.component());
      }
      st.put("status", s.status().label());
      s.justification().ifPresent(j -> st.put("justification", j.label()));
      if (s.status() == VexStatus.AFFECTED) {
        st.put("action_statement", s.detail().isBlank() ? "No fix is available yet." : s.detail());
      } else if (!s.detail().isBlank()) {
        st.put("impact_statement", s.detail());
      }
      st.put("timestamp", time);
    }
    return doc;
  }

  private static boolean contains(ArrayNode list, String value) {
    for (var n : list) {
      if (n.asText().equals(value)) {
        return true;
      }
    }
    return false;
  }
}
