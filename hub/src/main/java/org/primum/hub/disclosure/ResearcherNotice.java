package org.primum.hub.disclosure;

import java.util.Objects;

/**
 * One e-mail to the finder of a case: that its state changed, or that the team wrote to them. It
 * says where to read the case and never carries what only the status page may show (the tracking
 * token, the report, the messages, attachments): e-mail is not confidential.
 *
 * @param event {@value #STATE_EVENT} or {@value #MESSAGE_EVENT}
 * @param ref the one change it tells, e.g. {@code disclosure case 5 transition 12}
 * @param address the finder's e-mail address as they gave it
 */
public record ResearcherNotice(
    String event, long caseId, String ref, String address, String subject, String text) {
  /** The case moved to another state. */
  public static final String STATE_EVENT = "disclosure.case-state";

  /** The team wrote to the finder in the case's thread. */
  public static final String MESSAGE_EVENT = "disclosure.case-message";

  public ResearcherNotice {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(text, "text");
  }

  /** What the notices of case {@code caseId} are listed under. */
  public static String topic(long caseId) {
    return "disclosure case " + caseId;
  }
}
