package org.primum.hub;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.primum.hub.advisories.Notice;
import org.primum.hub.advisories.NoticeStatus;
import org.primum.hub.advisories.Outbox;
import org.primum.hub.disclosure.ResearcherNotice;
import org.primum.hub.disclosure.ResearcherNotices;

/**
 * E-mail to finders through the hub's outbox: disclosure and the outbox meet here, so neither
 * depends on the other. An address the outbox cannot use is recorded as a failed delivery (the
 * state change or message it tells of stands).
 */
public final class ResearcherMail implements ResearcherNotices {
  private final Outbox outbox;

  public ResearcherMail(Outbox outbox) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
  }

  @Override
  public void queue(Handle h, ResearcherNotice n) {
    outbox.queue(
        h,
        Notice.email(
            n.event(),
            ResearcherNotice.topic(n.caseId()),
            n.ref(),
            n.address(),
            n.subject(),
            n.text()));
  }

  @Override
  public List<Mail> mails(long caseId) {
    return outbox.notices(ResearcherNotice.topic(caseId)).stream()
        .map(ResearcherMail::mail)
        .toList();
  }

  private static Mail mail(NoticeStatus s) {
    Optional<Instant> at =
        s.state().equals("pending") ? Optional.of(s.nextAttemptAt()) : s.finishedAt();
    return new Mail(
        s.subject(), s.recipient(), s.createdAt(), s.state(), s.attempts(), at, s.lastError());
  }
}
