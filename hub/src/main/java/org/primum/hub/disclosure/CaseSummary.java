package org.primum.hub.disclosure;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One case as the staff list shows it: what, where it stands, how severe, and its SLA clocks.
 *
 * @param cvss31Score the CVSS v3.1 base score, e.g. {@code "9.8"}, once scored
 * @param severity the score's qualitative rating, once scored
 * @param deadlines the SLA deadlines that apply, in the order they fall due
 */
public record CaseSummary(
    long id,
    String title,
    String hardwareId,
    String version,
    CaseState state,
    Safety safety,
    boolean uncontrolledRisk,
    Optional<String> cvss31Score,
    Optional<String> severity,
    Optional<String> cveId,
    Instant receivedAt,
    List<SlaPolicy.Deadline> deadlines) {
  public CaseSummary {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(safety, "safety");
    Objects.requireNonNull(cvss31Score, "cvss31Score");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(cveId, "cveId");
    Objects.requireNonNull(receivedAt, "receivedAt");
    deadlines = List.copyOf(deadlines);
  }

  /** Whether a deadline has passed with its step not done. */
  public boolean overdue() {
    return deadlines.stream().anyMatch(SlaPolicy.Deadline::overdue);
  }

  /** The earliest deadline not yet kept (overdue or pending), if any. */
  public Optional<SlaPolicy.Deadline> next() {
    return deadlines.stream()
        .filter(
            d -> d.status() == SlaPolicy.Status.OVERDUE || d.status() == SlaPolicy.Status.PENDING)
        .findFirst();
  }

  /** The product and version as the report named them. */
  public String product() {
    return Product.describe(hardwareId, version);
  }
}
