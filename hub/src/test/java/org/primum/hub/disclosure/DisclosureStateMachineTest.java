package org.primum.hub.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.primum.hub.disclosure.CaseState.ACKNOWLEDGED;
import static org.primum.hub.disclosure.CaseState.ADVISORY_PUBLISHED;
import static org.primum.hub.disclosure.CaseState.CLOSED;
import static org.primum.hub.disclosure.CaseState.CONFIRMED;
import static org.primum.hub.disclosure.CaseState.DUPLICATE;
import static org.primum.hub.disclosure.CaseState.FIXED;
import static org.primum.hub.disclosure.CaseState.NOT_REPRODUCIBLE;
import static org.primum.hub.disclosure.CaseState.OUT_OF_SCOPE;
import static org.primum.hub.disclosure.CaseState.RECEIVED;
import static org.primum.hub.disclosure.CaseState.REMEDIATION;
import static org.primum.hub.disclosure.CaseState.TRIAGING;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every pair of states, allowed or refused, against an independent copy of the ISO/IEC 30111
 * workflow: 11 x 11 = 121 moves, 16 allowed.
 */
class DisclosureStateMachineTest {
  private static final Map<CaseState, Set<CaseState>> EXPECTED = new EnumMap<>(CaseState.class);

  static {
    EXPECTED.put(RECEIVED, Set.of(ACKNOWLEDGED));
    EXPECTED.put(ACKNOWLEDGED, Set.of(TRIAGING));
    EXPECTED.put(TRIAGING, Set.of(CONFIRMED, NOT_REPRODUCIBLE, DUPLICATE, OUT_OF_SCOPE));
    EXPECTED.put(CONFIRMED, Set.of(REMEDIATION));
    EXPECTED.put(REMEDIATION, Set.of(FIXED));
    EXPECTED.put(FIXED, Set.of(ADVISORY_PUBLISHED));
    EXPECTED.put(ADVISORY_PUBLISHED, Set.of(CLOSED));
    EXPECTED.put(NOT_REPRODUCIBLE, Set.of(CLOSED, TRIAGING));
    EXPECTED.put(DUPLICATE, Set.of(CLOSED, TRIAGING));
    EXPECTED.put(OUT_OF_SCOPE, Set.of(CLOSED, TRIAGING));
    EXPECTED.put(CLOSED, Set.of());
  }

  @Test
  void everyMove_isAllowedExactlyWhenTheWorkflowSaysSo() {
    List<String> failures = new ArrayList<>();
    int allowed = 0;
    for (CaseState from : CaseState.values()) {
      for (CaseState to : CaseState.values()) {
        boolean expected = EXPECTED.get(from).contains(to);
        allowed += expected ? 1 : 0;
        if (from.canMoveTo(to) != expected) {
          failures.add(from + " -> " + to + ": expected " + (expected ? "allowed" : "refused"));
        }
        try {
          from.checkMove(to);
          if (!expected) {
            failures.add(from + " -> " + to + ": checkMove did not refuse");
          }
        } catch (DisclosureRefusal refusal) {
          if (expected) {
            failures.add(from + " -> " + to + ": checkMove refused: " + refusal.getMessage());
          } else if (!refusal.getMessage().contains("found a request for " + to.name())
              || refusal.kind() != DisclosureRefusal.Kind.CONFLICT) {
            failures.add(from + " -> " + to + ": unclear refusal: " + refusal.getMessage());
          }
        }
      }
    }
    assertThat(failures).isEmpty();
    assertThat(allowed).isEqualTo(16);
  }

  @Test
  void refusal_namesTheAllowedMovesAndTheRequestedOne() {
    DisclosureRefusal refusal = refusal(TRIAGING, FIXED);
    assertThat(refusal.getMessage())
        .isEqualTo(
            "a case in TRIAGING may move to CONFIRMED, NOT_REPRODUCIBLE, DUPLICATE, OUT_OF_SCOPE;"
                + " found a request for FIXED");
    assertThat(refusal(CLOSED, TRIAGING).getMessage())
        .isEqualTo("a case in CLOSED may move to no other state; found a request for TRIAGING");
  }

  @Test
  void everyState_isReachableFromReceived_andEveryPathEndsClosed() {
    Set<CaseState> seen = java.util.EnumSet.of(RECEIVED);
    List<CaseState> queue = new ArrayList<>(List.of(RECEIVED));
    while (!queue.isEmpty()) {
      for (CaseState next : queue.remove(0).next()) {
        if (seen.add(next)) {
          queue.add(next);
        }
      }
    }
    assertThat(seen).containsExactlyInAnyOrder(CaseState.values());
    for (CaseState state : CaseState.values()) {
      assertThat(state == CLOSED || !state.next().isEmpty()).as(state.name()).isTrue();
    }
  }

  @Test
  void parse_acceptsAnyCase_andRefusesUnknownNames() throws Exception {
    assertThat(CaseState.parse("advisory-published")).isEqualTo(ADVISORY_PUBLISHED);
    try {
      CaseState.parse("WONTFIX");
      throw new AssertionError("expected a refusal");
    } catch (DisclosureRefusal refusal) {
      assertThat(refusal.getMessage()).contains("found \"WONTFIX\"").contains("TRIAGING");
    }
  }

  private static DisclosureRefusal refusal(CaseState from, CaseState to) {
    try {
      from.checkMove(to);
    } catch (DisclosureRefusal refusal) {
      return refusal;
    }
    throw new AssertionError(from + " -> " + to + " was allowed");
  }
}
