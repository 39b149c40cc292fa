package org.primum.hub.advisories.csaf;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.Keyword;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The official CSAF 2.0 JSON schema and the FIRST CVSS schemas it references, loaded once from the
 * classpath ({@link BundledSchemas}); thread-safe.
 *
 * <p>Violations inside a CVSS object are left out of the "schema" failures and reported by test
 * 6.1.8 instead, which is exactly "valid according to the referenced schema" (CSAF 2.0 6.1.8).
 */
final class CsafSchema {
  static final String SCHEMA = "schema";

  // CSAF 2.0 6.1.8: the paths whose validity against the FIRST schemas is its own test.
  private static final Pattern CVSS_OBJECT =
      Pattern.compile("^/vulnerabilities/[0-9]+/scores/[0-9]+/cvss_v[23](/.*)?$");

  private final JsonSchema csaf;
  private final JsonSchema cvssV2;
  private final JsonSchema cvssV30;
  private final JsonSchema cvssV31;

  private CsafSchema(JsonSchema csaf, JsonSchema cvssV2, JsonSchema cvssV30, JsonSchema cvssV31) {
    this.csaf = csaf;
    this.cvssV2 = cvssV2;
    this.cvssV30 = cvssV30;
    this.cvssV31 = cvssV31;
  }

  /** Loads and compiles the bundled schemas; a missing resource is a build error. */
  static CsafSchema load() {
    // The FIRST schemas carry their licence in a "license" member, which no draft defines;
    // declared here as a non-validating keyword so it is not warned about on every load.
    Keyword license = new NonValidationKeyword("license");
    JsonSchemaFactory factory =
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            builder ->
                builder
                    .metaSchema(
                        JsonMetaSchema.builder(JsonMetaSchema.getV4()).keyword(license).build())
                    .metaSchema(
                        JsonMetaSchema.builder(JsonMetaSchema.getV7()).keyword(license).build())
                    .schemaLoaders(loaders -> loaders.add(new BundledSchemas())));
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .formatAssertionsEnabled(true)
            .locale(Locale.ROOT)
            .build();
    return new CsafSchema(
        compile(factory, BundledSchemas.CSAF, config),
        compile(factory, BundledSchemas.CVSS_V2, config),
        compile(factory, BundledSchemas.CVSS_V30, config),
        compile(factory, BundledSchemas.CVSS_V31, config));
  }

  private static JsonSchema compile(
      JsonSchemaFactory factory, String iri, SchemaValidatorsConfig config) {
    JsonSchema schema = factory.getSchema(SchemaLocation.of(iri), config);
    schema.initializeValidators();
    return schema;
  }

  /** Adds a "schema" failure for each violation of the CSAF schema outside CVSS objects. */
  void check(JsonNode document, Failures failures) {
    for (ValidationMessage message : csaf.validate(document)) {
      String pointer = pointer(message, "");
      if (!CVSS_OBJECT.matcher(pointer).matches()) {
        failures.add(SCHEMA, pointer, "%s", text(message));
      }
    }
  }

  /**
   * The violations of {@code cvss} against the FIRST schema for its version: CVSS v2.0 for {@code
   * cvss_v2}; for {@code cvss_v3}, valid if valid against v3.0 or v3.1 (the CSAF schema's oneOf),
   * otherwise the violations against the version it names (v3.1 if it names none).
   */
  List<Violation> cvssViolations(JsonAt cvss, boolean v3) {
    JsonSchema schema;
    if (!v3) {
      schema = cvssV2;
    } else {
      boolean v30 = "3.0".equals(cvss.textOf("version"));
      JsonSchema named = v30 ? cvssV30 : cvssV31;
      JsonSchema other = v30 ? cvssV31 : cvssV30;
      if (other.validate(cvss.node()).isEmpty()) {
        return List.of();
      }
      schema = named;
    }
    List<Violation> violations = new ArrayList<>();
    for (ValidationMessage message : schema.validate(cvss.node())) {
      violations.add(new Violation(pointer(message, cvss.pointer()), text(message)));
    }
    return violations;
  }

  /** One schema violation: where (a JSON pointer into the document) and what. */
  record Violation(String pointer, String message) {}

  private static String pointer(ValidationMessage message, String base) {
    String location = message.getInstanceLocation().toString();
    return base + (location.equals("/") ? "" : location);
  }

  private static String text(ValidationMessage message) {
    String location = message.getInstanceLocation().toString();
    String text = message.getMessage();
    if (text.startsWith(location + ": ")) {
      text = text.substring(location.length() + 2);
    }
    return text;
  }
}
