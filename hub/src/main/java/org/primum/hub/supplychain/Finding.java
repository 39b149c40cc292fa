package org.primum.hub.supplychain;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.primum.hub.supplychain.sbom.SbomComponent;

/**
 * One known vulnerability found in one SBOM component by offline matching.
 *
 * @param ordinal the component's position in its SBOM
 * @param osvId the OSV record id (e.g. GHSA-jfh8-c2jp-5v3q)
 * @param aliases other ids of the same flaw (CVE, ...)
 * @param severity NONE, LOW, MEDIUM, HIGH, CRITICAL or UNKNOWN
 * @param score the CVSS base score and vector, or where the severity came from
 * @param affected the affected range that matched, for people
 * @param datasetId the vulnerability data set the record came from
 */
public record Finding(
    int ordinal,
    SbomComponent component,
    String osvId,
    List<String> aliases,
    String summary,
    String severity,
    String score,
    String affected,
    long datasetId) {
  public Finding {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(osvId, "osvId");
    aliases = List.copyOf(aliases);
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(score, "score");
    Objects.requireNonNull(affected, "affected");
  }

  /**
   * Whether the release gate refuses it: high and critical flaws, and those whose severity is
   * unknown (when in doubt, fail safe and visibly).
   */
  public boolean gating() {
    return severity.equals("HIGH") || severity.equals("CRITICAL") || severity.equals("UNKNOWN");
  }

  /** Whether {@code id} names this flaw (its OSV id or an alias), ignoring case. */
  public boolean isKnownAs(String id) {
    if (osvId.equalsIgnoreCase(id)) {
      return true;
    }
    for (String alias : aliases) {
      if (alias.equalsIgnoreCase(id)) {
        return true;
      }
    }
    return false;
  }

  /** One line for reports: {@code CRITICAL GHSA-... (CVE-...) in log4j-core 2.14.1: summary}. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "%s %s%s in %s %s%s",
        severity,
        osvId,
        aliases.isEmpty() ? "" : " (" + String.join(", ", aliases) + ")",
        component.displayName(),
        component.version(),
        summary.isBlank() ? "" : ": " + summary);
  }
}
