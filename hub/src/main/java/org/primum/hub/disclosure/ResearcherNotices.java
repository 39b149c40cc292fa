package org.primum.hub.disclosure;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Where e-mail to a finder goes out when the team changes their case's state or writes to them. The
 * hub implements it with its outbox ({@code org.primum.hub.ResearcherMail}), so disclosure shares
 * the delivery, retries and delivery log of every other notice without depending on the capability
 * that owns them.
 */
public interface ResearcherNotices {
  /**
   * Queues {@code notice} in the caller's transaction {@code h} (the one that records the state
   * change or the message). An unusable address must not make it fail: it is recorded as a failed
   * delivery instead.
   */
  void queue(Handle h, ResearcherNotice notice);

  /** The e-mail sent (or being sent) about case {@code caseId}, oldest first. */
  List<Mail> mails(long caseId);

  /**
   * One e-mail to the finder and where it stands.
   *
   * @param state {@code pending}, {@code delivered} or {@code failed}
   * @param at when it was delivered or given up, or when a pending one is tried next
   * @param detail why the latest attempt failed ({@code ""} if none did)
   */
  record Mail(
      String subject,
      String to,
      Instant queuedAt,
      String state,
      int attempts,
      Optional<Instant> at,
      String detail) {
    public Mail {
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(queuedAt, "queuedAt");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** Sends nothing (for tools and tests without an outbox). */
  static ResearcherNotices none() {
    return new ResearcherNotices() {
      @Override
      public void queue(Handle h, ResearcherNotice notice) {
        Objects.requireNonNull(notice, "notice");
      }

      @Override
      public List<Mail> mails(long caseId) {
        return List.of();
      }
    };
  }
}
