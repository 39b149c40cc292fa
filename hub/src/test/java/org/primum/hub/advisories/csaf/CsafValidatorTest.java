package org.primum.hub.advisories.csaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.AbsoluteIri;
import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.primum.testing.SharedConformance;

/**
 * Bad input of every kind: unreadable bytes are a {@link CsafRejection} with a code and a sentence
 * (never a stack trace), readable documents of the wrong shape are reported, never thrown.
 */
class CsafValidatorTest {
  private static final Path EXAMPLES =
      SharedConformance.root().resolve("csaf-2.0/csaf_2.0/examples/csaf");
  private static final CsafValidator VALIDATOR = CsafValidator.create();
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Unreadable(String name, byte[] input, String code, String messagePart) {}

  @Test
  void validate_unreadableInput_rejectedWithCodeAndExpectedVersusFound() throws Exception {
    byte[] example = example();
    byte[] huge = new byte[CsafValidator.MAX_BYTES + 1];
    Arrays.fill(huge, (byte) ' ');
    List<Unreadable> cases =
        List.of(
            new Unreadable("not JSON", utf8("hello, advisory"), "csaf-not-json", "invalid JSON"),
            new Unreadable(
                "truncated",
                Arrays.copyOf(example, example.length / 2),
                "csaf-not-json",
                "invalid JSON"),
            new Unreadable("empty", new byte[0], "csaf-not-json", "no JSON value"),
            new Unreadable("blank", utf8(" \n\t "), "csaf-not-json", "no JSON value"),
            new Unreadable("array", utf8("[{}]"), "csaf-not-object", "found array"),
            new Unreadable("string", utf8("\"csaf\""), "csaf-not-object", "found string"),
            new Unreadable("null", utf8("null"), "csaf-not-object", "found null"),
            new Unreadable(
                "duplicate member",
                utf8("{\"document\": {}, \"document\": {}}"),
                "csaf-not-json",
                "Duplicate field 'document'"),
            new Unreadable(
                "trailing data", utf8("{} {\"document\": {}}"), "csaf-not-json", "invalid JSON"),
            new Unreadable(
                "invalid UTF-8",
                new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'},
                "csaf-not-json",
                "invalid JSON"),
            new Unreadable(
                "UTF-16",
                "{\"document\": {}}".getBytes(StandardCharsets.UTF_16),
                "csaf-not-json",
                "expected JSON in UTF-8"),
            new Unreadable("too large", huge, "csaf-too-large", "at most 16777216 bytes"),
            new Unreadable(
                "number too long",
                utf8("{\"a\":" + "9".repeat(2_000) + "}"),
                "csaf-too-long-value",
                "Number value length"),
            new Unreadable(
                "too many values",
                utf8("{\"a\":[" + "0,".repeat(CsafValidator.MAX_VALUES) + "0]}"),
                "csaf-too-many-values",
                "at most 1000000 JSON values"),
            new Unreadable(
                "too deep",
                utf8("{\"a\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}"),
                "csaf-too-deep",
                "at most 100 levels"));
    List<String> mismatches = new ArrayList<>();
    for (Unreadable c : cases) {
      try {
        CsafReport report = VALIDATOR.validate(c.input());
        mismatches.add(c.name() + ": not rejected, got " + report);
      } catch (CsafRejection e) {
        if (!e.code().equals(c.code()) || !e.getMessage().contains(c.messagePart())) {
          mismatches.add(c.name() + ": got " + e.code() + " " + e.getMessage());
        }
        if (!e.getMessage().startsWith("expected ") || e.getMessage().length() > 400) {
          mismatches.add(c.name() + ": message not 'expected …, found …': " + e.getMessage());
        }
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void validate_nestingAtTheLimit_isReadAndReported() throws Exception {
    // the object itself is level 1, so 99 arrays inside reach the limit of 100
    byte[] deep = utf8("{\"a\":" + "[".repeat(99) + "]".repeat(99) + "}");

    CsafReport report = VALIDATOR.validate(deep);

    assertThat(report.failedTests()).containsExactly("schema");
  }

  @Test
  void validate_manyFailuresOfOneTest_listsTheFirstThousandAndCountsTheRest() throws Exception {
    ObjectNode doc = (ObjectNode) JSON.readTree(example());
    ArrayNode ids =
        doc.with("product_tree")
            .putArray("product_groups")
            .addObject()
            .put("group_id", "G")
            .putArray("product_ids");
    for (int i = 0; i < 5_000; i++) {
      ids.add("UNDEFINED-" + i);
    }

    List<CsafFailure> failures =
        VALIDATOR.validate(JSON.writeValueAsBytes(doc)).failuresOf("6.1.1");

    assertThat(failures).hasSize(CsafValidator.MAX_FAILURES_PER_TEST + 1);
    assertThat(failures.get(CsafValidator.MAX_FAILURES_PER_TEST))
        .isEqualTo(
            new CsafFailure(
                "6.1.1",
                "",
                "4000 more failures of this test not listed (at most 1000 are listed)"));
  }

  @Test
  void validate_largeGroupNamedByEveryVulnerability_stopsAtTheBoundAndFailsClosed()
      throws Exception {
    ObjectNode doc = (ObjectNode) JSON.readTree(example());
    ObjectNode tree = doc.with("product_tree");
    ArrayNode products = tree.putArray("full_product_names");
    ArrayNode members =
        tree.putArray("product_groups").addObject().put("group_id", "ALL").putArray("product_ids");
    for (int i = 0; i < 10_000; i++) {
      products.addObject().put("name", "product " + i).put("product_id", "P-" + i);
      members.add("P-" + i);
    }
    ArrayNode vulnerabilities = doc.putArray("vulnerabilities");
    for (int i = 0; i < 1_500; i++) {
      // 1,500 x 10,000 = 15 million products to expand for 6.1.33, over the bound of 10 million
      vulnerabilities
          .addObject()
          .putArray("flags")
          .addObject()
          .put("label", "component_not_present")
          .putArray("group_ids")
          .add("ALL");
    }

    long started = System.nanoTime();
    CsafReport report = VALIDATOR.validate(JSON.writeValueAsBytes(doc));

    assertThat(System.nanoTime() - started).isLessThan(10_000_000_000L);
    assertThat(report.failuresOf("6.1.33"))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("could not be completed"));
  }

  @Test
  void validate_wrongTypesAnywhere_reportedAsSchemaFailuresNotThrown() throws Exception {
    List<String> mismatches = new ArrayList<>();
    String[][] cases = {
      {"{}", "", "required property 'document'"},
      {"{\"document\": 5}", "/document", "integer found, object expected"},
      {"{\"document\": {}, \"vulnerabilities\": [\"x\"]}", "/vulnerabilities/0", "string found"},
      {
        "{\"document\": {}, \"vulnerabilities\": [{\"scores\": \"q\"}]}",
        "/vulnerabilities/0/scores",
        "array expected"
      },
      {
        "{\"document\": {}, \"product_tree\": {\"branches\": [[[]]]}}",
        "/product_tree/branches/0",
        "object expected"
      },
      {
        "{\"document\": {\"tracking\": {\"revision_history\": {}}}}",
        "/document/tracking/revision_history",
        "array expected"
      },
      {
        "{\"document\": {}, \"vulnerabilities\": [{\"flags\": [{\"product_ids\": 7}]}]}",
        "/vulnerabilities/0/flags/0/product_ids",
        "array expected"
      },
    };
    for (String[] c : cases) {
      try {
        CsafReport report = VALIDATOR.validate(utf8(c[0]));
        boolean found =
            report.failuresOf("schema").stream()
                .anyMatch(f -> f.path().equals(c[1]) && f.message().contains(c[2]));
        if (!found) {
          mismatches.add(
              c[0] + ": no schema failure at '" + c[1] + "' saying " + c[2] + ": " + report);
        }
      } catch (CsafRejection | RuntimeException e) {
        mismatches.add(c[0] + ": threw " + e);
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void validate_officialExampleModified_eachChangeFlaggedAtItsPointer() throws Exception {
    List<String> mismatches = new ArrayList<>();
    expectFailure(
        doc -> doc.with("document").put("lang", "EZ"), "6.1.12", "/document/lang", mismatches);
    expectFailure(
        doc -> ((ObjectNode) doc.at("/document/tracking")).put("current_release_date", "yesterday"),
        "schema",
        "/document/tracking/current_release_date",
        mismatches);
    expectFailure(
        doc -> ((ObjectNode) doc.at("/vulnerabilities/0/scores/0/cvss_v3")).put("baseScore", 9.9),
        "6.1.9",
        "/vulnerabilities/0/scores/0/cvss_v3/baseScore",
        mismatches);
    expectFailure(
        doc ->
            ((ObjectNode) doc.at("/vulnerabilities/0/scores/0/cvss_v3"))
                .put("vectorString", "CVSS:3.1/AV:N"),
        "6.1.9",
        "/vulnerabilities/0/scores/0/cvss_v3/vectorString",
        mismatches);
    expectFailure(
        doc ->
            ((ObjectNode) doc.at("/vulnerabilities/0/scores/0/cvss_v3"))
                .put("vectorString", "CVSS:3.1/AV:Q/AC:L"),
        "6.1.8",
        "/vulnerabilities/0/scores/0/cvss_v3/vectorString",
        mismatches);
    expectFailure(
        doc -> ((ObjectNode) doc.at("/document/tracking")).put("version", "2"),
        "6.1.16",
        "/document/tracking/version",
        mismatches);
    assertThat(mismatches).isEmpty();
  }

  @Test
  void validate_cwe_mustBeInTheCweListWithItsName() throws Exception {
    List<String> mismatches = new ArrayList<>();
    // CSAF 2.0 6.1.11: the id exists and the name is the list's name for it
    expectFailure(
        doc -> cwe(doc, "CWE-79", "Improper Input Validation"),
        "6.1.11",
        "/vulnerabilities/0/cwe/name",
        mismatches);
    expectFailure(
        doc -> cwe(doc, "CWE-999999", "Made Up"),
        "6.1.11",
        "/vulnerabilities/0/cwe/id",
        mismatches);
    expectNo(
        doc -> cwe(doc, "CWE-306", "Missing Authentication for Critical Function"),
        "6.1.11",
        mismatches);
    // a category is in the list too (CSAF 2.0 does not restrict the CWE to weaknesses)
    expectNo(doc -> cwe(doc, "CWE-1211", "Authentication Errors"), "6.1.11", mismatches);
    assertThat(mismatches).isEmpty();
    ObjectNode renamed = (ObjectNode) JSON.readTree(example());
    cwe(renamed, "CWE-79", "Improper Input Validation");
    CsafReport report = VALIDATOR.validate(JSON.writeValueAsBytes(renamed));
    assertThat(report.failuresOf("6.1.11").get(0).message())
        .contains("Improper Neutralization of Input During Web Page Generation");
  }

  private static void cwe(ObjectNode doc, String id, String name) {
    ObjectNode cwe = ((ObjectNode) doc.at("/vulnerabilities/0")).putObject("cwe");
    cwe.put("id", id);
    cwe.put("name", name);
  }

  @Test
  void validate_categoryAndLanguageValues_flaggedExactlyWhenTheSpecSaysSo() throws Exception {
    List<String> mismatches = new ArrayList<>();
    // CSAF 2.0 6.1.26, example 74 (prohibited) and values that stay allowed
    for (String prohibited :
        List.of(
            "Csaf_a",
            "Informational Advisory",
            "security-incident-response",
            "Security      Advisory",
            "veX",
            "V_eX")) {
      expectFailure(
          doc -> doc.with("document").put("category", prohibited),
          "6.1.26",
          "/document/category",
          mismatches);
    }
    for (String allowed : List.of("csaf_base", "Medical Device Advisory", "vexing")) {
      expectNo(doc -> doc.with("document").put("category", allowed), "6.1.26", mismatches);
    }
    // CSAF 2.0 6.1.12: two-letter primary subtags are checked against the registry
    for (String unknown : List.of("EZ", "qq-DE", "zz")) {
      expectFailure(
          doc -> doc.with("document").put("lang", unknown), "6.1.12", "/document/lang", mismatches);
    }
    for (String known :
        List.of("de-DE", "EN", "iw", "gsw", "x-primum", "i-klingon", "zh-Hant-TW")) {
      expectNo(doc -> doc.with("document").put("lang", known), "6.1.12", mismatches);
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void validate_longCircleOfRelationships_everyMemberFlaggedWithoutRecursion() throws Exception {
    ObjectNode doc = (ObjectNode) JSON.readTree(example());
    ArrayNode relationships = doc.with("product_tree").putArray("relationships");
    String defined =
        doc.at("/product_tree/branches/0/branches/0/branches/0/product/product_id").asText();
    relationship(relationships, "FINE", defined, defined);
    int circle = 20_000;
    for (int i = 0; i < circle; i++) {
      // CIRCLE-i refers to CIRCLE-(i+1), the last one back to CIRCLE-0
      relationship(relationships, "CIRCLE-" + i, defined, "CIRCLE-" + ((i + 1) % circle));
    }

    List<CsafFailure> failures =
        VALIDATOR.validate(JSON.writeValueAsBytes(doc)).failuresOf("6.1.3");

    assertThat(failures.get(0).path())
        .isEqualTo("/product_tree/relationships/1/full_product_name/product_id");
    assertThat(failures.get(0).message()).contains("CIRCLE-0");
    assertThat(failures.get(failures.size() - 1).message())
        .startsWith((circle - CsafValidator.MAX_FAILURES_PER_TEST) + " more failures");
  }

  private static void relationship(
      ArrayNode relationships, String id, String product, String target) {
    ObjectNode r = relationships.addObject();
    r.put("category", "installed_on");
    r.putObject("full_product_name").put("name", id).put("product_id", id);
    r.put("product_reference", product);
    r.put("relates_to_product_reference", target);
  }

  @Test
  void messages_underHostileDefaultLocale_areFormattedWithRootLocale() throws Exception {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));
      ObjectNode doc = (ObjectNode) JSON.readTree(example());
      ((ObjectNode) doc.at("/vulnerabilities/0/scores/0/cvss_v3")).put("baseScore", 9.9);

      CsafReport report = CsafValidator.create().validate(JSON.writeValueAsBytes(doc));

      assertThat(report.failuresOf("6.1.9").get(0).message())
          .isEqualTo("expected baseScore 6.1 as computed from the vectorString, found 9.9");
      assertThat(report.failuresOf("schema")).isEmpty();
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void bundledSchemas_unknownIri_refusedInsteadOfFetched() {
    BundledSchemas schemas = new BundledSchemas();

    assertThatThrownBy(
            () ->
                schemas.getSchema(AbsoluteIri.of("https://example.com/evil.json")).getInputStream())
        .isInstanceOf(FileNotFoundException.class)
        .hasMessageContaining("not bundled");
  }

  @Test
  void failure_outsideItsContract_isAProgrammerError() {
    List<Runnable> wrong =
        List.of(
            () -> new CsafFailure("6.1", "", "m"),
            () -> new CsafFailure("schema", "document", "m"),
            () -> new CsafFailure("6.1.1", "/x", " "));
    List<String> accepted = new ArrayList<>();
    for (Runnable r : wrong) {
      try {
        r.run();
        accepted.add(r.toString());
      } catch (IllegalArgumentException expected) {
        // refused
      }
    }
    assertThat(accepted).isEmpty();
  }

  private static void expectFailure(
      Consumer<ObjectNode> change, String testId, String path, List<String> mismatches)
      throws Exception {
    ObjectNode doc = (ObjectNode) JSON.readTree(example());
    change.accept(doc);
    CsafReport report = VALIDATOR.validate(JSON.writeValueAsBytes(doc));
    if (report.failuresOf(testId).stream().noneMatch(f -> f.path().equals(path))) {
      mismatches.add(testId + " at " + path + " not reported: " + report);
    }
  }

  private static void expectNo(Consumer<ObjectNode> change, String testId, List<String> mismatches)
      throws Exception {
    ObjectNode doc = (ObjectNode) JSON.readTree(example());
    change.accept(doc);
    CsafReport report = VALIDATOR.validate(JSON.writeValueAsBytes(doc));
    if (!report.failuresOf(testId).isEmpty()) {
      mismatches.add(testId + " reported: " + report.failuresOf(testId));
    }
  }

  /** The BSI example (valid, CVSS v3.1 base score 6.1), unchanged. */
  private static byte[] example() throws Exception {
    return Files.readAllBytes(EXAMPLES.resolve("bsi-2022-0001.json"));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
