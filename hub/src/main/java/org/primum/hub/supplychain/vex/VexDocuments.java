package org.primum.hub.supplychain.vex;

import com.fasterxml.jackson.core.JsonParser.Feature;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.primum.core.formats.Texts;

/**
 * Reads VEX statements from the three formats in use: CycloneDX 1.4+ VEX ({@code vulnerabilities[]}
 * with {@code analysis} and {@code affects}), CSAF 2.0 {@code csaf_vex} documents (product_status,
 * flags, threats) and OpenVEX 0.2 ({@code statements[]}). Each statement comes out scoped to a
 * component's package URL; the product version is the caller's (the release the document is
 * imported for).
 *
 * <p>Security guarantees: input is bounded in size, depth and statement count; a document that does
 * not parse, or a statement that lacks what its format requires (a "not affected" without a
 * justification or impact statement), refuses the whole document, so nothing is half-imported.
 */
public final class VexDocuments {
  public static final int MAX_BYTES = 16 * 1024 * 1024;
  public static final int MAX_STATEMENTS = 100_000;

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(Feature.STRICT_DUPLICATE_DETECTION).build();

  static {
    JSON.getFactory()
        .setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(100).build());
  }

  /** The format a document was read as. */
  public enum Format {
    CYCLONEDX,
    CSAF,
    OPENVEX
  }

  /** What a document said. */
  public record Parsed(Format format, List<VexStatement> statements) {
    public Parsed {
      statements = List.copyOf(statements);
    }
  }

  private VexDocuments() {}

  /**
   * Reads a VEX document of any supported format.
   *
   * @param bomRefs the SBOM's bom-ref to package URL map, to resolve CycloneDX {@code affects}
   *     references that are bom-refs rather than package URLs
   */
  public static Parsed parse(byte[] bytes, Map<String, String> bomRefs) throws VexRejection {
    if (bytes.length > MAX_BYTES) {
      throw new VexRejection(
          "vex-too-large",
          String.format(
              Locale.ROOT,
              "a VEX document may have at most %d bytes, found %d",
              MAX_BYTES,
              bytes.length));
    }
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (StreamConstraintsException e) {
      throw new VexRejection("vex-too-deep", "the JSON nests too deeply");
    } catch (IOException e) {
      throw new VexRejection("vex-json", "not valid JSON: " + firstLine(e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new VexRejection("vex-json", "expected a JSON object at the top level");
    }
    if ("CycloneDX".equals(root.path("bomFormat").asText())) {
      return new Parsed(Format.CYCLONEDX, cycloneDx(root, bomRefs));
    }
    if (root.path("document").path("csaf_version").isTextual()) {
      return new Parsed(Format.CSAF, csaf(root));
    }
    if (root.path("@context").asText().startsWith("https://openvex.dev/ns")) {
      return new Parsed(Format.OPENVEX, openVex(root));
    }
    throw new VexRejection(
        "vex-format",
        "expected CycloneDX VEX (bomFormat), CSAF 2.0 (document.csaf_version) or OpenVEX"
            + " (@context https://openvex.dev/ns)");
  }

  // CycloneDX 1.6 "vulnerabilities": id, analysis {state, justification, detail}, affects [{ref}].
  private static List<VexStatement> cycloneDx(JsonNode root, Map<String, String> bomRefs)
      throws VexRejection {
    List<VexStatement> out = new ArrayList<>();
    for (JsonNode v : root.path("vulnerabilities")) {
      String id = v.path("id").asText("");
      if (id.isBlank()) {
        throw new VexRejection("vex-vulnerability", "a CycloneDX vulnerability has no id");
      }
      JsonNode analysis = v.path("analysis");
      String state = analysis.path("state").asText(null);
      VexStatus status =
          VexStatus.fromCycloneDx(state)
              .orElseThrow(
                  () ->
                      new VexRejection(
                          "vex-status",
                          id
                              + ": expected analysis.state (not_affected, exploitable, resolved,"
                              + " in_triage, ...), found "
                              + describe(analysis.get("state"))));
      String cdxJustification = analysis.path("justification").asText(null);
      Optional<VexJustification> justification = VexJustification.fromCycloneDx(cdxJustification);
      String detail = analysis.path("detail").asText("");
      if (cdxJustification != null && justification.isPresent()) {
        detail = detail.isBlank() ? cdxJustification : detail + " (" + cdxJustification + ")";
      }
      requireJustified(id, status, justification, detail);
      Set<String> components = new LinkedHashSet<>();
      String subject = root.path("metadata").path("component").path("bom-ref").asText("");
      for (JsonNode a : v.path("affects")) {
        String ref = a.path("ref").asText("");
        if (!subject.isEmpty() && ref.equals(subject)) {
          components.add(VexStatement.EVERY_COMPONENT); // the product itself, not a component
          continue;
        }
        String purl = ref.startsWith("pkg:") ? ref : bomRefs.get(ref);
        if (purl == null) {
          throw new VexRejection(
              "vex-component",
              id
                  + ": affects \""
                  + clip(ref)
                  + "\", which is neither a package URL nor a"
                  + " bom-ref of the release's SBOM");
        }
        components.add(componentKey(purl));
      }
      if (components.isEmpty()) {
        components.add(VexStatement.EVERY_COMPONENT);
      }
      for (String c : components) {
        add(out, new VexStatement(id, c, status, justification, detail));
      }
    }
    if (out.isEmpty()) {
      throw new VexRejection("vex-empty", "the CycloneDX document has no vulnerabilities");
    }
    return out;
  }

  // CSAF 2.0 3.2.3: product_status per vulnerability; products resolved to their purls through
  // the product tree (3.2.2: branches, full_product_names, relationships).
  private static List<VexStatement> csaf(JsonNode root) throws VexRejection {
    // Products in the branches are the products themselves (a statement about one covers every
    // component); full_product_names and default_component_of relationships name components.
    Map<String, String> products = new HashMap<>();
    collectProducts(root.path("product_tree").path("branches"), products, 0);
    Map<String, String> purls = new HashMap<>();
    for (JsonNode p : root.path("product_tree").path("full_product_names")) {
      putProduct(p, purls);
    }
    for (JsonNode r : root.path("product_tree").path("relationships")) {
      // "default_component_of": the component's purl scopes the statement.
      String component = purls.get(r.path("product_reference").asText());
      JsonNode full = r.path("full_product_name");
      if (component != null && full.has("product_id")) {
        purls.put(full.path("product_id").asText(), component);
      }
    }
    List<VexStatement> out = new ArrayList<>();
    for (JsonNode v : root.path("vulnerabilities")) {
      String id = v.path("cve").asText("");
      if (id.isBlank()) {
        id = v.path("ids").path(0).path("text").asText("");
      }
      if (id.isBlank()) {
        throw new VexRejection("vex-vulnerability", "a CSAF vulnerability has neither cve nor ids");
      }
      Map<String, VexJustification> flags = new HashMap<>();
      for (JsonNode f : v.path("flags")) {
        Optional<VexJustification> j = VexJustification.fromLabel(f.path("label").asText());
        for (JsonNode pid : f.path("product_ids")) {
          j.ifPresent(value -> flags.put(pid.asText(), value));
        }
      }
      Map<String, String> impacts = new HashMap<>();
      for (JsonNode t : v.path("threats")) {
        if ("impact".equals(t.path("category").asText())) {
          for (JsonNode pid : t.path("product_ids")) {
            impacts.put(pid.asText(), t.path("details").asText(""));
          }
        }
      }
      var members = v.path("product_status").fields();
      while (members.hasNext()) {
        var member = members.next();
        Optional<VexStatus> status = VexStatus.fromCsaf(member.getKey());
        if (status.isEmpty()) {
          continue; // "recommended": not a status
        }
        for (JsonNode pid : member.getValue()) {
          String productId = pid.asText();
          String purl = products.containsKey(productId) ? null : purls.get(productId);
          String component = purl == null ? VexStatement.EVERY_COMPONENT : componentKey(purl);
          Optional<VexJustification> justification = Optional.ofNullable(flags.get(productId));
          String detail = impacts.getOrDefault(productId, "");
          requireJustified(id, status.get(), justification, detail);
          add(out, new VexStatement(id, component, status.get(), justification, detail));
        }
      }
    }
    if (out.isEmpty()) {
      throw new VexRejection("vex-empty", "the CSAF document has no product status");
    }
    return out;
  }

  private static void collectProducts(JsonNode branches, Map<String, String> purls, int depth)
      throws VexRejection {
    if (depth > 30) {
      throw new VexRejection("vex-too-deep", "CSAF branches nest deeper than 30 levels");
    }
    for (JsonNode b : branches) {
      if (b.has("product")) {
        putProduct(b.path("product"), purls);
      }
      collectProducts(b.path("branches"), purls, depth + 1);
    }
  }

  private static void putProduct(JsonNode product, Map<String, String> purls) {
    String purl = product.path("product_identification_helper").path("purl").asText("");
    if (!purl.isBlank() && product.has("product_id")) {
      purls.put(product.path("product_id").asText(), purl);
    }
  }

  // OpenVEX 0.2: statements [{vulnerability {name|@id}, products [{@id, subcomponents}], status,
  // justification, impact_statement, action_statement}].
  private static List<VexStatement> openVex(JsonNode root) throws VexRejection {
    List<VexStatement> out = new ArrayList<>();
    for (JsonNode s : root.path("statements")) {
      JsonNode vuln = s.path("vulnerability");
      String id = vuln.isTextual() ? vuln.asText() : vuln.path("name").asText("");
      if (id.isBlank()) {
        throw new VexRejection("vex-vulnerability", "an OpenVEX statement names no vulnerability");
      }
      VexStatus status =
          VexStatus.fromLabel(s.path("status").asText())
              .orElseThrow(
                  () ->
                      new VexRejection(
                          "vex-status",
                          id
                              + ": expected status not_affected, affected, fixed or"
                              + " under_investigation, found "
                              + describe(s.get("status"))));
      Optional<VexJustification> justification =
          VexJustification.fromLabel(s.path("justification").asText(""));
      String detail = s.path("impact_statement").asText(s.path("action_statement").asText(""));
      requireJustified(id, status, justification, detail);
      Set<String> components = new LinkedHashSet<>();
      for (JsonNode p : s.path("products")) {
        for (JsonNode sub : p.path("subcomponents")) {
          String purl = sub.path("@id").asText("");
          if (purl.startsWith("pkg:")) {
            components.add(componentKey(purl));
          }
        }
      }
      if (components.isEmpty()) {
        components.add(VexStatement.EVERY_COMPONENT);
      }
      for (String c : components) {
        add(out, new VexStatement(id, c, status, justification, detail));
      }
    }
    if (out.isEmpty()) {
      throw new VexRejection("vex-empty", "the OpenVEX document has no statements");
    }
    return out;
  }

  private static void requireJustified(
      String id, VexStatus status, Optional<VexJustification> justification, String detail)
      throws VexRejection {
    // CISA "Minimum Requirements for VEX": not_affected needs a justification or an impact
    // statement; CSAF 2.0 6.1.27.9 asks the same of csaf_vex documents.
    if (status == VexStatus.NOT_AFFECTED && justification.isEmpty() && detail.isBlank()) {
      throw new VexRejection(
          "vex-justification",
          id + ": a not_affected statement needs a justification or an impact statement");
    }
  }

  private static void add(List<VexStatement> out, VexStatement s) throws VexRejection {
    if (out.size() >= MAX_STATEMENTS) {
      throw new VexRejection("vex-too-many", "at most " + MAX_STATEMENTS + " statements");
    }
    out.add(s);
  }

  /**
   * The key a statement and an SBOM component are matched on: the package URL's type, namespace,
   * name and version, canonical, without qualifiers or subpath.
   */
  public static String componentKey(String purl) throws VexRejection {
    try {
      PackageURL p = new PackageURL(purl);
      return new PackageURL(p.getType(), p.getNamespace(), p.getName(), p.getVersion(), null, null)
          .canonicalize();
    } catch (MalformedPackageURLException e) {
      throw new VexRejection(
          "vex-component", "\"" + clip(purl) + "\" is not a package URL: " + e.getMessage());
    }
  }

  private static String describe(JsonNode node) {
    return node == null ? "nothing" : clip(node.toString());
  }

  /** At most 120 printable characters of outside text, for a message. */
  private static String clip(String s) {
    return s == null ? "" : Texts.printable(s, 120);
  }

  /** The first line of a library's message, clipped. */
  private static String firstLine(String s) {
    return s == null ? "no detail" : clip(s.lines().findFirst().orElse(""));
  }
}
