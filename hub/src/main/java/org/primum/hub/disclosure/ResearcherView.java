package org.primum.hub.disclosure;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the finder sees of their case through the tracking token: where it stands, the promised
 * deadlines, the state history, the message thread (without internal notes, and without the names
 * of staff members) and their credit choice. Nothing of any other case.
 */
public record ResearcherView(
    long id,
    String title,
    String hardwareId,
    String version,
    CaseState state,
    Instant receivedAt,
    List<SlaPolicy.Deadline> deadlines,
    List<StateChange> history,
    List<ThreadMessage> thread,
    Credit credit,
    List<String> attachments,
    Optional<String> cveId,
    Optional<String> fixedIn) {
  public ResearcherView {
    Objects.requireNonNull(state, "state");
    deadlines = List.copyOf(deadlines);
    history = List.copyOf(history);
    thread = List.copyOf(thread);
    Objects.requireNonNull(credit, "credit");
    attachments = List.copyOf(attachments);
  }

  /** The case entered {@code state} at {@code at}. */
  public record StateChange(CaseState state, Instant at) {}

  /** A message as the finder sees it: from them, or from the product-security team. */
  public record ThreadMessage(boolean fromResearcher, String body, Instant at) {
    public String author() {
      return fromResearcher ? "You" : DisclosureService.TEAM;
    }
  }

  /** The product and version as the report named them. */
  public String product() {
    return Product.describe(hardwareId, version);
  }
}
