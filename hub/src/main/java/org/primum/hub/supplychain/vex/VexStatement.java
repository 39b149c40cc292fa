package org.primum.hub.supplychain.vex;

import java.util.Objects;
import java.util.Optional;

/**
 * One VEX statement: the status of one vulnerability in one component of one product version.
 * Scoped to the component, not just the vulnerability id: "log4j-core in rp-1 0.3.2 is not affected
 * by CVE-2021-44228" says nothing about another component or another release.
 *
 * @param vulnerability an OSV id or one of its aliases (CVE, GHSA, ...)
 * @param component a package URL without qualifiers or subpath, or {@code *} for every component
 * @param status the status
 * @param justification why it is not affected; present exactly when the status is NOT_AFFECTED
 *     (CISA minimum requirements: a "not affected" needs a justification)
 * @param detail free text: the impact statement or action statement
 */
public record VexStatement(
    String vulnerability,
    String component,
    VexStatus status,
    Optional<VexJustification> justification,
    String detail) {
  public static final String EVERY_COMPONENT = "*";

  public VexStatement {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(justification, "justification");
    Objects.requireNonNull(detail, "detail");
    if (vulnerability == null || vulnerability.isBlank()) {
      throw new IllegalArgumentException("a VEX statement names a vulnerability");
    }
    if (component == null || component.isBlank()) {
      throw new IllegalArgumentException("a VEX statement names a component or *");
    }
    if (status == VexStatus.NOT_AFFECTED && justification.isEmpty() && detail.isBlank()) {
      throw new IllegalArgumentException("a not_affected statement needs a justification");
    }
  }
}
