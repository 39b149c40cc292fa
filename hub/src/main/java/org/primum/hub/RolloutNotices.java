package org.primum.hub;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.primum.core.crypto.SecretAccess;
import org.primum.hub.advisories.Notice;
import org.primum.hub.advisories.NoticeStatus;
import org.primum.hub.advisories.Outbox;
import org.primum.hub.updates.RolloutDetail;
import org.primum.hub.updates.SiteNotice;
import org.primum.hub.updates.SiteNotices;

/**
 * Rollout notifications through the hub's outbox: a subscribed e-mail address gets the text with a
 * link to the rollout page, a subscribed webhook gets the JSON body signed with its own secret
 * ({@code X-Primum-Event: rollout.site-reached}). Updates and the outbox meet here, so neither
 * depends on the other.
 */
public final class RolloutNotices implements SiteNotices {
  private static final String REF = "rollout-notification ";

  private final Outbox outbox;
  private final Supplier<String> publicUrl;

  /** {@code publicUrl} is the hub's public base URL, for the link in e-mail. */
  public RolloutNotices(Outbox outbox, Supplier<String> publicUrl) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.publicUrl = Objects.requireNonNull(publicUrl, "publicUrl");
  }

  /**
   * The outbox in the database of a hub configured by {@code config}, for tools that open it on the
   * hub's machine ({@code primum rollout}).
   */
  public static RolloutNotices of(Jdbi jdbi, HubConfig config, Clock clock) {
    return new RolloutNotices(
        new Outbox(jdbi, config.notifications(), clock),
        () -> config.publicUrl().orElse("https://localhost:" + config.port()));
  }

  @Override
  public void queue(Handle h, SiteNotice n) {
    String topic = topic(n.rolloutId());
    String ref = REF + n.notificationId();
    Notice notice =
        n.webhook()
            ? Notice.webhook(
                SiteNotice.EVENT,
                topic,
                ref,
                n.contact(),
                n.webhookSecret(SecretAccess.insecure()),
                n.json())
            : Notice.email(SiteNotice.EVENT, topic, ref, n.contact(), n.subject(), mail(n));
    outbox.queue(h, notice);
  }

  private String mail(SiteNotice n) {
    String base = publicUrl.get();
    base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    return "To the subscribers of site "
        + n.site()
        + ",\n\n"
        + n.text()
        + "\n\nThe rollout page (staff sign-in): "
        + base
        + "/updates/rollouts/"
        + n.rolloutId()
        + "\n\nYou receive this because you subscribed to rollouts reaching "
        + n.site()
        + ".\n";
  }

  @Override
  public Map<Long, RolloutDetail.Delivery> deliveries(long rolloutId) {
    Map<Long, RolloutDetail.Delivery> out = new HashMap<>();
    for (NoticeStatus s : outbox.notices(topic(rolloutId))) {
      if (!s.event().equals(SiteNotice.EVENT) || !s.ref().startsWith(REF)) {
        continue;
      }
      long id;
      try {
        id = Long.parseLong(s.ref().substring(REF.length()));
      } catch (NumberFormatException e) {
        continue;
      }
      Optional<java.time.Instant> at =
          s.state().equals("pending") ? Optional.of(s.nextAttemptAt()) : s.finishedAt();
      out.put(id, new RolloutDetail.Delivery(s.state(), s.attempts(), at, s.lastError()));
    }
    return out;
  }

  @Override
  public String checkWebhookUrl(String url) {
    return outbox.checkWebhookUrl(url);
  }

  private static String topic(long rolloutId) {
    return "rollout " + rolloutId;
  }
}
