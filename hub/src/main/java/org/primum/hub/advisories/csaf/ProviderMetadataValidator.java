package org.primum.hub.advisories.csaf;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Locale;

/**
 * Validates a {@code provider-metadata.json} (CSAF 2.0 7.1.7) against the official CSAF provider
 * metadata JSON schema, whose {@code publisher} refers into the CSAF schema; both are bundled and
 * resolved from the classpath, never from the network.
 *
 * <p>Input is read with the same bounds as CSAF documents ({@link CsafParser}); every schema
 * violation is a failure with test id {@code "schema"}. Thread-safe; reuse one instance.
 */
public final class ProviderMetadataValidator {
  private final JsonSchema schema;

  private ProviderMetadataValidator(JsonSchema schema) {
    this.schema = schema;
  }

  /** Loads the bundled schemas. */
  public static ProviderMetadataValidator create() {
    JsonSchemaFactory factory =
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            builder ->
                builder
                    .metaSchema(
                        JsonMetaSchema.builder(JsonMetaSchema.getV7())
                            .keyword(new NonValidationKeyword("license"))
                            .build())
                    .schemaLoaders(loaders -> loaders.add(new BundledSchemas())));
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .formatAssertionsEnabled(true)
            .locale(Locale.ROOT)
            .build();
    JsonSchema schema = factory.getSchema(SchemaLocation.of(BundledSchemas.PROVIDER), config);
    schema.initializeValidators();
    return new ProviderMetadataValidator(schema);
  }

  /**
   * Validates one {@code provider-metadata.json}.
   *
   * @return every schema violation; {@link CsafReport#valid()} iff none
   * @throws CsafRejection if the input is not a bounded, well-formed JSON object
   */
  public CsafReport validate(byte[] json) throws CsafRejection {
    JsonNode tree = CsafParser.parse(json);
    Failures failures = new Failures();
    for (ValidationMessage message : schema.validate(tree)) {
      String location = message.getInstanceLocation().toString();
      String text = message.getMessage();
      if (text.startsWith(location + ": ")) {
        text = text.substring(location.length() + 2);
      }
      failures.add(CsafSchema.SCHEMA, location.equals("/") ? "" : location, "%s", text);
    }
    return failures.report();
  }
}
