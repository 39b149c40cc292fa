package org.primum.hub.supplychain.sbom;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a bill of materials with the NTIA minimum elements (supplier, name, version, unique
 * identifiers, dependency relationships, author and timestamp live on {@link Sbom}) and what FDA
 * asks beside them: level of support and end-of-support date.
 *
 * @param bomRef the document's reference for the component (unique within the SBOM)
 * @param type CycloneDX component type, e.g. {@code library}, {@code firmware}
 * @param supplier who supplies it, or empty when the SBOM does not say
 * @param group the namespace (Maven group, npm scope), or empty
 * @param name the component name (never blank)
 * @param version its version, or empty when the SBOM does not say
 * @param purl the canonical package URL, when one was given and it parsed
 * @param cpe the CPE 2.3 name, or empty
 * @param hashes algorithm name (as CycloneDX spells it, e.g. {@code SHA-256}) to lower-case hex
 * @param support the level of support the SBOM states
 * @param endOfSupport the end-of-support date the SBOM states, when it states one
 * @param path the names of the enclosing components, outermost first (nested components)
 */
public record SbomComponent(
    String bomRef,
    String type,
    String supplier,
    String group,
    String name,
    String version,
    Optional<String> purl,
    String cpe,
    Map<String, String> hashes,
    SupportLevel support,
    Optional<LocalDate> endOfSupport,
    List<String> path) {
  public SbomComponent {
    Objects.requireNonNull(bomRef, "bomRef");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(supplier, "supplier");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(purl, "purl");
    Objects.requireNonNull(cpe, "cpe");
    Objects.requireNonNull(support, "support");
    Objects.requireNonNull(endOfSupport, "endOfSupport");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a component needs a name");
    }
    hashes = Map.copyOf(hashes);
    path = List.copyOf(path);
  }

  /** Group and name as people read them: {@code org.example:lib} or just {@code lib}. */
  public String displayName() {
    return group.isEmpty() ? name : group + ":" + name;
  }
}
