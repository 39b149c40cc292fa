package org.primum.hub.disclosure;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a disclosure case stands in the vulnerability handling process of ISO/IEC 30111 (receipt,
 * verification, remediation development, release, post-release), with every allowed move in one
 * table ({@link #TRANSITIONS}); any other move is refused.
 */
public enum CaseState {
  /** ISO/IEC 30111 7.1.2 (receipt): the report arrived; nobody has looked at it yet. */
  RECEIVED("Received", "Your report arrived; we will acknowledge it shortly."),
  /** ISO/IEC 29147 6.2.3: receipt acknowledged to the finder. */
  ACKNOWLEDGED("Acknowledged", "We have acknowledged your report and will start triage."),
  /** ISO/IEC 30111 7.1.3 (verification): reproducing and assessing the report. */
  TRIAGING("Triaging", "We are reproducing and assessing the report."),
  /** Verified: the vulnerability exists in the product. */
  CONFIRMED("Confirmed", "We reproduced the vulnerability and are planning the fix."),
  /** Verification could not reproduce it (may be reopened with more information). */
  NOT_REPRODUCIBLE("Not reproducible", "We could not reproduce the issue; details may help."),
  /** Already reported in another case. */
  DUPLICATE("Duplicate", "Another report already covers this issue."),
  /** Not a vulnerability of a product we handle. */
  OUT_OF_SCOPE("Out of scope", "The issue is outside the products this process covers."),
  /** ISO/IEC 30111 7.1.4 (remediation development). */
  REMEDIATION("Remediation", "We are developing and validating a fix."),
  /** ISO/IEC 30111 7.1.5 (release): the fix is released. */
  FIXED("Fixed", "A fixed release is available."),
  /** ISO/IEC 29147 6.5: the advisory is published. */
  ADVISORY_PUBLISHED("Advisory published", "The security advisory is published."),
  /** ISO/IEC 30111 7.1.6 (post-release): nothing left to do. */
  CLOSED("Closed", "The case is closed.");

  /** Every allowed move: from a state to the states it may move to. */
  private static final Map<CaseState, Set<CaseState>> TRANSITIONS = new EnumMap<>(CaseState.class);

  static {
    allow(RECEIVED, ACKNOWLEDGED);
    allow(ACKNOWLEDGED, TRIAGING);
    allow(TRIAGING, CONFIRMED, NOT_REPRODUCIBLE, DUPLICATE, OUT_OF_SCOPE);
    allow(CONFIRMED, REMEDIATION);
    allow(REMEDIATION, FIXED);
    allow(FIXED, ADVISORY_PUBLISHED);
    allow(ADVISORY_PUBLISHED, CLOSED);
    // Terminal triage outcomes close, or are reopened when the finder brings new information.
    allow(NOT_REPRODUCIBLE, CLOSED, TRIAGING);
    allow(DUPLICATE, CLOSED, TRIAGING);
    allow(OUT_OF_SCOPE, CLOSED, TRIAGING);
    allow(CLOSED);
  }

  private static void allow(CaseState from, CaseState... to) {
    TRANSITIONS.put(
        from,
        Collections.unmodifiableSet(
            to.length == 0 ? EnumSet.noneOf(CaseState.class) : EnumSet.copyOf(Arrays.asList(to))));
  }

  /** The outcomes of triage (verification). */
  public static final Set<CaseState> TRIAGE_OUTCOMES =
      Collections.unmodifiableSet(EnumSet.of(CONFIRMED, NOT_REPRODUCIBLE, DUPLICATE, OUT_OF_SCOPE));

  private final String label;
  private final String forResearcher;

  CaseState(String label, String forResearcher) {
    this.label = label;
    this.forResearcher = forResearcher;
  }

  /** A human label for pages. */
  public String label() {
    return label;
  }

  /** What the state means, in words for the researcher. */
  public String forResearcher() {
    return forResearcher;
  }

  /** The states this one may move to. */
  public Set<CaseState> next() {
    return TRANSITIONS.get(this);
  }

  public boolean canMoveTo(CaseState to) {
    return next().contains(to);
  }

  /** Whether the case still needs work. */
  public boolean isOpen() {
    return this != CLOSED;
  }

  /**
   * Refuses a move the table does not allow.
   *
   * @throws DisclosureRefusal naming the allowed moves and the one requested
   */
  void checkMove(CaseState to) throws DisclosureRefusal {
    if (!canMoveTo(to)) {
      throw DisclosureRefusal.conflict(
          "transition-refused",
          String.format(
              Locale.ROOT,
              "a case in %s may move to %s; found a request for %s",
              name(),
              next().isEmpty()
                  ? "no other state"
                  : next().stream().map(Enum::name).collect(Collectors.joining(", ")),
              to.name()));
    }
  }

  /**
   * Parses a state name case-insensitively.
   *
   * @throws DisclosureRefusal naming the valid states
   */
  public static CaseState parse(String name) throws DisclosureRefusal {
    String wanted = name == null ? "" : name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
    for (CaseState state : values()) {
      if (state.name().equals(wanted)) {
        return state;
      }
    }
    throw DisclosureRefusal.badInput(
        "state-unknown",
        "expected a case state ("
            + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "))
            + "), found \""
            + org.primum.core.formats.Texts.printable(name, 40)
            + "\"");
  }
}
