package org.primum.hub.supplychain.sbom;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A bill of materials that passed its schema and Primum's structural checks, reduced to what the
 * hub matches, shows and gates on.
 *
 * @param format e.g. {@code CycloneDX 1.6 JSON}
 * @param serialNumber the document's serial number ({@code urn:uuid:...}), or empty
 * @param subject the product the SBOM describes ({@code metadata.component}), when stated
 * @param author who produced the SBOM (metadata authors, manufacturer or supplier), or empty
 * @param timestamp when it was produced (metadata.timestamp, ISO 8601), or empty
 * @param components every component, nested ones included, in document order
 * @param dependencies bom-ref to the bom-refs it depends on
 * @param warnings things worth a look that do not invalidate it (e.g. a dependency cycle)
 */
public record Sbom(
    String format,
    String serialNumber,
    Optional<SbomComponent> subject,
    String author,
    String timestamp,
    List<SbomComponent> components,
    Map<String, List<String>> dependencies,
    List<String> warnings) {
  public Sbom {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(serialNumber, "serialNumber");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(timestamp, "timestamp");
    components = List.copyOf(components);
    dependencies = Map.copyOf(dependencies);
    warnings = List.copyOf(warnings);
  }
}
