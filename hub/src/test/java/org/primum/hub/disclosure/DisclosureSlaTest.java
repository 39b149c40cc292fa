package org.primum.hub.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.primum.hub.disclosure.SlaPolicy.Deadline;
import org.primum.hub.disclosure.SlaPolicy.Facts;
import org.primum.hub.disclosure.SlaPolicy.StateEntry;
import org.primum.hub.disclosure.SlaPolicy.Status;
import org.primum.hub.disclosure.SlaPolicy.Step;

/** Business-day arithmetic and the deadlines of a case. */
class DisclosureSlaTest {
  private static final SlaPolicy SLA = SlaPolicy.defaults();
  // 2026-11-23 is a Monday.
  private static final Instant MONDAY = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void businessDays_fromMonday_skipTheWeekend() {
    assertThat(SLA.addBusinessDays(MONDAY, 5)).isEqualTo(Instant.parse("2026-11-30T10:00:00Z"));
    assertThat(SLA.addBusinessDays(MONDAY, 10)).isEqualTo(Instant.parse("2026-12-07T10:00:00Z"));
    assertThat(SLA.addBusinessDays(MONDAY, 4)).isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
    assertThat(SLA.addBusinessDays(MONDAY, 0)).isEqualTo(MONDAY);
  }

  @Test
  void businessDays_fromFridayEvening_landOnFriday() {
    Instant friday = Instant.parse("2026-11-27T17:30:00Z");
    assertThat(SLA.addBusinessDays(friday, 1)).isEqualTo(Instant.parse("2026-11-30T17:30:00Z"));
    assertThat(SLA.addBusinessDays(friday, 5)).isEqualTo(Instant.parse("2026-12-04T17:30:00Z"));
  }

  @Test
  void businessDays_fromTheWeekend_startCountingOnMonday() {
    Instant saturday = Instant.parse("2026-11-28T10:00:00Z");
    Instant sunday = Instant.parse("2026-11-29T23:59:00Z");
    assertThat(SLA.addBusinessDays(saturday, 1)).isEqualTo(Instant.parse("2026-11-30T10:00:00Z"));
    assertThat(SLA.addBusinessDays(saturday, 5)).isEqualTo(Instant.parse("2026-12-04T10:00:00Z"));
    assertThat(SLA.addBusinessDays(sunday, 1)).isEqualTo(Instant.parse("2026-11-30T23:59:00Z"));
    assertThat(SLA.addBusinessDays(sunday, 10)).isEqualTo(Instant.parse("2026-12-11T23:59:00Z"));
  }

  @Test
  void businessDays_countInTheConfiguredZone_acrossDaylightSaving() {
    SlaPolicy berlin = new SlaPolicy(5, 10, 30, 60, 45, ZoneId.of("Europe/Berlin"));
    // Friday 2026-10-23 09:00 in Berlin (CEST, UTC+2); summer time ends on 2026-10-25.
    Instant friday =
        ZonedDateTime.of(2026, 10, 23, 9, 0, 0, 0, ZoneId.of("Europe/Berlin")).toInstant();
    Instant due = berlin.addBusinessDays(friday, 5);
    assertThat(due.atZone(ZoneId.of("Europe/Berlin")).toLocalDateTime().toString())
        .isEqualTo("2026-10-30T09:00");
    assertThat(due).isEqualTo(Instant.parse("2026-10-30T08:00:00Z"));
    // Saturday 00:30 in Berlin is still Friday in UTC: the zone decides what a weekend is.
    Instant lateFriday = Instant.parse("2026-11-27T23:30:00Z");
    assertThat(berlin.addBusinessDays(lateFriday, 1))
        .isEqualTo(Instant.parse("2026-11-29T23:30:00Z"));
    assertThat(SLA.addBusinessDays(lateFriday, 1)).isEqualTo(Instant.parse("2026-11-30T23:30:00Z"));
  }

  @Test
  void calendarDays_includeWeekends() {
    assertThat(SLA.addDays(MONDAY, 30)).isEqualTo(Instant.parse("2026-12-23T10:00:00Z"));
  }

  @Test
  void newCase_hasAcknowledgeAndTriage_pendingThenOverdue() {
    Facts facts = new Facts(MONDAY, List.of(), false, Optional.empty());
    List<Deadline> early = SLA.deadlines(facts, MONDAY.plusSeconds(3600));
    assertThat(early).extracting(Deadline::step).containsExactly(Step.ACKNOWLEDGE, Step.TRIAGE);
    assertThat(early).extracting(Deadline::status).containsOnly(Status.PENDING);
    List<Deadline> late = SLA.deadlines(facts, Instant.parse("2026-11-30T10:00:01Z"));
    assertThat(late.get(0).status()).isEqualTo(Status.OVERDUE);
    assertThat(late.get(1).status()).isEqualTo(Status.PENDING);
  }

  @Test
  void steps_doneInTime_areMet_andLate_areMissed() {
    Facts facts =
        new Facts(
            MONDAY,
            List.of(
                new StateEntry(CaseState.ACKNOWLEDGED, Instant.parse("2026-11-24T09:00:00Z")),
                new StateEntry(CaseState.TRIAGING, Instant.parse("2026-11-24T10:00:00Z")),
                new StateEntry(CaseState.NOT_REPRODUCIBLE, Instant.parse("2026-12-08T10:00:00Z"))),
            false,
            Optional.empty());
    List<Deadline> deadlines = SLA.deadlines(facts, Instant.parse("2027-01-01T00:00:00Z"));
    assertThat(deadlines).extracting(Deadline::status).containsExactly(Status.MET, Status.MISSED);
    assertThat(deadlines).noneMatch(Deadline::overdue);
  }

  @Test
  void confirmedUncontrolledRisk_addsTheFdaClocks_andPublication() {
    Facts facts =
        new Facts(
            MONDAY,
            List.of(
                new StateEntry(CaseState.ACKNOWLEDGED, MONDAY.plusSeconds(60)),
                new StateEntry(CaseState.TRIAGING, MONDAY.plusSeconds(120)),
                new StateEntry(CaseState.CONFIRMED, MONDAY.plusSeconds(86_400))),
            true,
            Optional.empty());
    List<Deadline> deadlines = SLA.deadlines(facts, MONDAY.plusSeconds(2 * 86_400));
    assertThat(deadlines)
        .extracting(Deadline::step)
        .containsExactly(Step.ACKNOWLEDGE, Step.TRIAGE, Step.COMMUNICATE, Step.PUBLISH, Step.FIX);
    assertThat(deadlines.get(2).due()).isEqualTo(Instant.parse("2026-12-23T10:00:00Z"));
    assertThat(deadlines.get(3).due()).isEqualTo(Instant.parse("2027-01-07T10:00:00Z"));
    assertThat(deadlines.get(4).due()).isEqualTo(Instant.parse("2027-01-22T10:00:00Z"));
    // 31 days on, nobody informed customers: the FDA communication clock is overdue.
    List<Deadline> later = SLA.deadlines(facts, Instant.parse("2026-12-24T00:00:00Z"));
    assertThat(later.get(2).status()).isEqualTo(Status.OVERDUE);
    Facts informed =
        new Facts(
            MONDAY, facts.entries(), true, Optional.of(Instant.parse("2026-12-01T00:00:00Z")));
    assertThat(SLA.deadlines(informed, Instant.parse("2026-12-24T00:00:00Z")).get(2).status())
        .isEqualTo(Status.MET);
  }

  @Test
  void confirmedControlledRisk_hasOnlyPublication_andUnconfirmedNoneOfThem() {
    Facts confirmed =
        new Facts(
            MONDAY,
            List.of(new StateEntry(CaseState.CONFIRMED, MONDAY.plusSeconds(60))),
            false,
            Optional.empty());
    assertThat(SLA.deadlines(confirmed, MONDAY))
        .extracting(Deadline::step)
        .containsExactly(Step.ACKNOWLEDGE, Step.TRIAGE, Step.PUBLISH);
    Facts triaging =
        new Facts(
            MONDAY,
            List.of(new StateEntry(CaseState.TRIAGING, MONDAY.plusSeconds(60))),
            true,
            Optional.empty());
    assertThat(SLA.deadlines(triaging, MONDAY))
        .extracting(Deadline::step)
        .containsExactly(Step.ACKNOWLEDGE, Step.TRIAGE);
  }

  @Test
  void policy_refusesNonsensicalDays() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new SlaPolicy(0, 10, 30, 60, 45, ZoneId.of("UTC")))
        .hasMessageContaining("1-365, found 0");
  }
}
