package org.primum.hub.advisories.csaf;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * CSAF 2.0 6.1.27.1 – 6.1.27.11: what the profiles (CSAF 2.0 4) require beyond CSAF Base, each run
 * only for the document categories it names.
 */
final class ProfileTests implements MandatoryTests {
  private static final String INFORMATIONAL = "csaf_informational_advisory";
  private static final String INCIDENT = "csaf_security_incident_response";
  private static final String ADVISORY = "csaf_security_advisory";
  private static final String VEX = "csaf_vex";
  private static final Set<String> DESCRIPTIVE_NOTES =
      Set.of("description", "details", "general", "summary");

  @Override
  public void run(CsafDocument document, Failures failures) {
    String category = document.category();
    if (category == null) {
      return;
    }
    JsonAt doc = document.document();
    JsonAt vulnerabilities = document.root().get("vulnerabilities");
    if (category.equals(INFORMATIONAL) || category.equals(INCIDENT)) {
      // CSAF 2.0 6.1.27.1
      if (doc.items("notes").stream()
          .noneMatch(note -> note.textIn("category", DESCRIPTIVE_NOTES))) {
        failures.add(
            "6.1.27.1",
            doc.get("notes"),
            "expected a document note of category description, details, general or summary"
                + " for %s, found none",
            category);
      }
      // CSAF 2.0 6.1.27.2; a reference without category is external (the schema's default)
      if (doc.items("references").stream().noneMatch(ProfileTests::external)) {
        failures.add(
            "6.1.27.2",
            doc.get("references"),
            "expected a document reference of category external for %s, found none",
            category);
      }
    }
    if (category.equals(INFORMATIONAL) && vulnerabilities.exists()) {
      // CSAF 2.0 6.1.27.3
      failures.add(
          "6.1.27.3",
          vulnerabilities,
          "expected no /vulnerabilities in a %s, found them",
          category);
    }
    if (category.equals(ADVISORY) || category.equals(VEX)) {
      if (!document.root().get("product_tree").exists()) {
        // CSAF 2.0 6.1.27.4
        failures.add(
            "6.1.27.4", "/product_tree", "expected a /product_tree in a %s, found none", category);
      }
      if (!vulnerabilities.exists()) {
        // CSAF 2.0 6.1.27.11
        failures.add(
            "6.1.27.11",
            "/vulnerabilities",
            "expected /vulnerabilities in a %s, found none",
            category);
      }
      for (JsonAt vulnerability : document.vulnerabilities()) {
        // CSAF 2.0 6.1.27.5
        if (!vulnerability.get("notes").exists()) {
          failures.add(
              "6.1.27.5",
              vulnerability,
              "expected notes for each vulnerability in a %s, found none",
              category);
        }
      }
    }
    if (category.equals(ADVISORY)) {
      for (JsonAt vulnerability : document.vulnerabilities()) {
        // CSAF 2.0 6.1.27.6
        if (!vulnerability.get("product_status").exists()) {
          failures.add(
              "6.1.27.6",
              vulnerability,
              "expected a product_status for each vulnerability in a %s, found none",
              category);
        }
      }
    }
    if (category.equals(VEX)) {
      for (JsonAt vulnerability : document.vulnerabilities()) {
        vex(vulnerability, document.products(), failures);
      }
      if (document.products().boundReached()) {
        failures.incomplete("6.1.27.9");
        failures.incomplete("6.1.27.10");
      }
    }
  }

  private static boolean external(JsonAt reference) {
    JsonAt category = reference.get("category");
    return category.exists()
        ? "external".equals(category.node().textValue())
        : reference.node().isObject();
  }

  private static void vex(JsonAt vulnerability, ProductTree tree, Failures failures) {
    JsonAt status = vulnerability.get("product_status");
    // CSAF 2.0 6.1.27.7
    if (List.of("fixed", "known_affected", "known_not_affected", "under_investigation").stream()
        .noneMatch(list -> status.get(list).exists())) {
      failures.add(
          "6.1.27.7",
          status,
          "expected fixed, known_affected, known_not_affected or under_investigation in the"
              + " product_status of a VEX vulnerability, found none of them");
    }
    // CSAF 2.0 6.1.27.8
    if (!vulnerability.get("cve").exists() && !vulnerability.get("ids").exists()) {
      failures.add(
          "6.1.27.8",
          vulnerability,
          "expected cve or ids for each VEX vulnerability, found neither");
    }
    // CSAF 2.0 6.1.27.9: an impact statement (any flag, or a threat of category impact) for each
    // product known not to be affected
    List<JsonAt> statements = new ArrayList<>(vulnerability.items("flags"));
    vulnerability.items("threats").stream()
        .filter(threat -> "impact".equals(threat.textOf("category")))
        .forEach(statements::add);
    Set<String> explained = tree.productsOfAny(statements);
    for (JsonAt product : status.strings("known_not_affected")) {
      if (!explained.contains(product.node().textValue())) {
        failures.add(
            "6.1.27.9",
            product,
            "expected an impact statement (flag or impact threat) for %s, found none",
            product.node().textValue());
      }
    }
    // CSAF 2.0 6.1.27.10: an action statement (remediation) for each product known affected
    Set<String> remedied = tree.productsOfAny(vulnerability.items("remediations"));
    for (JsonAt product : status.strings("known_affected")) {
      if (!remedied.contains(product.node().textValue())) {
        failures.add(
            "6.1.27.10",
            product,
            "expected an action statement (remediation) for %s, found none",
            product.node().textValue());
      }
    }
  }
}
