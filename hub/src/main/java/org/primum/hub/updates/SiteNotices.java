package org.primum.hub.updates;

import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Handle;

/**
 * Where the notices of a rollout reaching a site go out: e-mail to a subscribed address, a signed
 * webhook to a subscribed URL. The hub implements it with its outbox ({@code
 * org.primum.hub.RolloutNotices}), so rollouts share the delivery, retries and delivery log of
 * every other notice without depending on the capability that owns them.
 */
public interface SiteNotices {
  /**
   * Queues {@code notice} in the caller's transaction {@code h} (the one that writes the
   * notification), so a notification is written and queued together or not at all.
   */
  void queue(Handle h, SiteNotice notice);

  /** How the notifications of rollout {@code rolloutId} were delivered, by notification id. */
  Map<Long, RolloutDetail.Delivery> deliveries(long rolloutId);

  /**
   * Checks a webhook URL a contact may subscribe with.
   *
   * @return the URL
   * @throws IllegalArgumentException saying what was expected and found
   */
  String checkWebhookUrl(String url);

  /** Sends nothing (for tools and tests without an outbox): notifications are only written. */
  static SiteNotices none() {
    return new SiteNotices() {
      @Override
      public void queue(Handle h, SiteNotice notice) {
        Objects.requireNonNull(notice, "notice");
      }

      @Override
      public Map<Long, RolloutDetail.Delivery> deliveries(long rolloutId) {
        return Map.of();
      }

      @Override
      public String checkWebhookUrl(String url) {
        String v = Objects.requireNonNullElse(url, "");
        if (!v.startsWith("https://") || v.chars().anyMatch(Character::isWhitespace)) {
          throw new IllegalArgumentException("expected an https:// URL, found \"" + v + "\"");
        }
        return v;
      }
    };
  }
}
