package org.primum.hub.disclosure;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The promises the hub keeps track of for every case, and how their due dates are computed.
 *
 * <p>Acknowledgement and triage count business days (Saturday and Sunday skipped, in {@code zone})
 * from the time the report arrived. For a confirmed case whose risk is uncontrolled (it could harm
 * a patient), the FDA's postmarket cybersecurity guidance (2016, section VII) asks the manufacturer
 * to communicate with customers within 30 days of learning of the vulnerability and to fix it
 * within 60 days; every confirmed case is published within the coordinator's default of 45 days
 * (the CERT/CC disclosure policy). Those count calendar days.
 *
 * @param acknowledgeBusinessDays ISO/IEC 29147 6.2.3 acknowledgement, default 5
 * @param triageBusinessDays verification outcome, default 10
 * @param communicateDays FDA: customers informed of an uncontrolled risk, default 30
 * @param fixDays FDA: uncontrolled risk remediated, default 60
 * @param publishDays coordinated publication, default 45
 * @param zone where business days are counted
 */
public record SlaPolicy(
    int acknowledgeBusinessDays,
    int triageBusinessDays,
    int communicateDays,
    int fixDays,
    int publishDays,
    ZoneId zone) {
  public SlaPolicy {
    for (int days :
        new int[] {
          acknowledgeBusinessDays, triageBusinessDays, communicateDays, fixDays, publishDays
        }) {
      if (days < 1 || days > 365) {
        throw new IllegalArgumentException("SLA days must be 1-365, found " + days);
      }
    }
    Objects.requireNonNull(zone, "zone");
  }

  public static SlaPolicy defaults() {
    return new SlaPolicy(5, 10, 30, 60, 45, ZoneOffset.UTC);
  }

  /** One promise. */
  public enum Step {
    ACKNOWLEDGE("Acknowledge the report"),
    TRIAGE("Finish triage"),
    COMMUNICATE("Inform customers (FDA, uncontrolled risk)"),
    FIX("Release a fix (FDA, uncontrolled risk)"),
    PUBLISH("Publish the advisory");

    private final String label;

    Step(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** Where a promise stands. */
  public enum Status {
    PENDING,
    OVERDUE,
    MET,
    MISSED
  }

  /** One promise of one case: when it is due, and whether (and when) it was kept. */
  public record Deadline(Step step, Instant due, Optional<Instant> doneAt, Status status) {
    public Deadline {
      Objects.requireNonNull(step, "step");
      Objects.requireNonNull(due, "due");
      Objects.requireNonNull(doneAt, "doneAt");
      Objects.requireNonNull(status, "status");
    }

    public boolean overdue() {
      return status == Status.OVERDUE;
    }
  }

  /** What the deadlines of a case depend on. */
  public record Facts(
      Instant receivedAt,
      List<StateEntry> entries,
      boolean uncontrolledRisk,
      Optional<Instant> customersNotifiedAt) {
    public Facts {
      Objects.requireNonNull(receivedAt, "receivedAt");
      entries = List.copyOf(entries);
      Objects.requireNonNull(customersNotifiedAt, "customersNotifiedAt");
    }

    /** When the case first entered one of {@code states}. */
    Optional<Instant> firstEntered(Set<CaseState> states) {
      return entries.stream()
          .filter(e -> states.contains(e.state()))
          .map(StateEntry::at)
          .min(Instant::compareTo);
    }
  }

  /** The case entered {@code state} at {@code at} (one row of its transitions). */
  public record StateEntry(CaseState state, Instant at) {
    public StateEntry {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(at, "at");
    }
  }

  /** The deadlines that apply to a case, in the order they fall due. */
  public List<Deadline> deadlines(Facts facts, Instant now) {
    Instant received = facts.receivedAt();
    List<Deadline> out = new ArrayList<>();
    out.add(
        deadline(
            Step.ACKNOWLEDGE,
            addBusinessDays(received, acknowledgeBusinessDays),
            facts.firstEntered(AFTER_RECEIPT),
            now));
    out.add(
        deadline(
            Step.TRIAGE,
            addBusinessDays(received, triageBusinessDays),
            facts.firstEntered(CaseState.TRIAGE_OUTCOMES),
            now));
    boolean confirmed = facts.firstEntered(Set.of(CaseState.CONFIRMED)).isPresent();
    if (confirmed && facts.uncontrolledRisk()) {
      Optional<Instant> published = facts.firstEntered(Set.of(CaseState.ADVISORY_PUBLISHED));
      Optional<Instant> communicated = earliest(facts.customersNotifiedAt(), published);
      out.add(deadline(Step.COMMUNICATE, addDays(received, communicateDays), communicated, now));
      out.add(
          deadline(
              Step.FIX,
              addDays(received, fixDays),
              facts.firstEntered(Set.of(CaseState.FIXED)),
              now));
    }
    if (confirmed) {
      out.add(
          deadline(
              Step.PUBLISH,
              addDays(received, publishDays),
              facts.firstEntered(Set.of(CaseState.ADVISORY_PUBLISHED)),
              now));
    }
    out.sort(java.util.Comparator.comparing(Deadline::due));
    return List.copyOf(out);
  }

  private static final Set<CaseState> AFTER_RECEIPT =
      java.util.EnumSet.complementOf(java.util.EnumSet.of(CaseState.RECEIVED));

  private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return Optional.of(a.get().isBefore(b.get()) ? a.get() : b.get());
  }

  private static Deadline deadline(Step step, Instant due, Optional<Instant> done, Instant now) {
    Status status;
    if (done.isPresent()) {
      status = done.get().isAfter(due) ? Status.MISSED : Status.MET;
    } else {
      status = now.isAfter(due) ? Status.OVERDUE : Status.PENDING;
    }
    return new Deadline(step, due, done, status);
  }

  /**
   * {@code days} business days after {@code from}, at the same local time: each following day
   * counts unless it is a Saturday or a Sunday. A report on a Saturday with 5 business days is due
   * on Friday.
   */
  public Instant addBusinessDays(Instant from, int days) {
    if (days < 0) {
      throw new IllegalArgumentException("days must be >= 0, found " + days);
    }
    ZonedDateTime at = from.atZone(zone);
    int counted = 0;
    while (counted < days) {
      at = at.plusDays(1);
      DayOfWeek day = at.getDayOfWeek();
      if (day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY) {
        counted++;
      }
    }
    return at.toInstant();
  }

  /** {@code days} calendar days after {@code from}, at the same local time. */
  public Instant addDays(Instant from, int days) {
    return from.atZone(zone).plusDays(days).toInstant();
  }
}
