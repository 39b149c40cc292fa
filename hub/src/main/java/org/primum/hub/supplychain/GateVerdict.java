package org.primum.hub.supplychain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.primum.hub.supplychain.sbom.SbomComponent;
import org.primum.hub.supplychain.sbom.SupportLevel;
import org.primum.hub.supplychain.vex.VexDocuments;
import org.primum.hub.supplychain.vex.VexRejection;
import org.primum.hub.supplychain.vex.VexStatement;

/**
 * The release gate's judgement of one SBOM: what blocks the release (a known high, critical or
 * unrated flaw that no VEX statement for this product version and component clears; a component
 * past its end of support or unsupported; no SBOM at all) and what people should still see (lower
 * severities, flaws cleared by VEX and by which statement, support ending within {@link #NEAR_DAYS}
 * days, components that could not be evaluated). The same judgement serves the hub's gate and
 * {@code primum sbom check}.
 */
public record GateVerdict(List<String> blocking, List<String> cleared, List<String> notes) {
  /** Support ending within this many days is shown as near. */
  public static final int NEAR_DAYS = 180;

  public GateVerdict {
    blocking = List.copyOf(blocking);
    cleared = List.copyOf(cleared);
    notes = List.copyOf(notes);
  }

  public boolean passes() {
    return blocking.isEmpty();
  }

  /** The verdict for a release that has no SBOM. */
  public static GateVerdict noSbom() {
    return new GateVerdict(
        List.of(
            "the release has no SBOM: every release must carry a CycloneDX SBOM (FDA 524B,"
                + " Primum policy)"),
        List.of(),
        List.of());
  }

  /**
   * Judges {@code components} with their {@code findings} against {@code vex} on {@code today}.
   *
   * @param unevaluated components the matcher could not evaluate, with the reason
   */
  public static GateVerdict judge(
      List<SbomComponent> components,
      List<Finding> findings,
      List<VexStatement> vex,
      List<String> unevaluated,
      LocalDate today) {
    Objects.requireNonNull(today, "today");
    List<String> blocking = new ArrayList<>();
    List<String> cleared = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (Finding f : findings) {
      Optional<VexStatement> clearing = clearing(f, vex);
      if (clearing.isPresent()) {
        VexStatement s = clearing.get();
        cleared.add(
            f.describe()
                + " — VEX "
                + s.status().label()
                + s.justification().map(j -> " (" + j.label() + ")").orElse("")
                + (s.detail().isBlank() ? "" : ": " + s.detail()));
      } else if (f.gating()) {
        blocking.add("known vulnerability: " + f.describe() + " [affected " + f.affected() + "]");
      } else {
        notes.add("known vulnerability below the gate: " + f.describe());
      }
    }
    for (SbomComponent c : components) {
      String name = c.displayName() + (c.version().isEmpty() ? "" : " " + c.version());
      if (c.support() == SupportLevel.UNSUPPORTED) {
        blocking.add("unsupported component: " + name + " (support level: unsupported)");
      } else if (c.endOfSupport().isPresent()) {
        LocalDate end = c.endOfSupport().get();
        if (end.isBefore(today)) {
          blocking.add("component past its end of support: " + name + " (ended " + end + ")");
        } else if (!end.isAfter(today.plusDays(NEAR_DAYS))) {
          notes.add("support ends soon: " + name + " (on " + end + ")");
        }
      }
    }
    notes.addAll(unevaluated);
    return new GateVerdict(blocking, cleared, notes);
  }

  /** The first VEX statement that clears {@code f}: same flaw, same component (or *), cleared. */
  static Optional<VexStatement> clearing(Finding f, List<VexStatement> vex) {
    String key = componentKey(f.component());
    for (VexStatement s : vex) {
      if (s.status().clearsFinding()
          && f.isKnownAs(s.vulnerability())
          && (s.component().equals(VexStatement.EVERY_COMPONENT) || s.component().equals(key))) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** The component's VEX key: its package URL without qualifiers, or its bom-ref. */
  static String componentKey(SbomComponent c) {
    if (c.purl().isEmpty()) {
      return c.bomRef();
    }
    try {
      return VexDocuments.componentKey(c.purl().get());
    } catch (VexRejection e) {
      return c.purl().get();
    }
  }

  /** The report people read: blocking first, then what VEX cleared, then notes. */
  public String report() {
    StringBuilder out = new StringBuilder();
    out.append(passes() ? "PASS" : "REFUSED").append('\n');
    section(out, "Blocking", blocking);
    section(out, "Cleared by VEX", cleared);
    section(out, "Notes", notes);
    return out.toString();
  }

  private static void section(StringBuilder out, String title, List<String> lines) {
    if (lines.isEmpty()) {
      return;
    }
    out.append(title).append(" (").append(lines.size()).append("):\n");
    for (String line : lines) {
      out.append("  - ").append(line).append('\n');
    }
  }
}
