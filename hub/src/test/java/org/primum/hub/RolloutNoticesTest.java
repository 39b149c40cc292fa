package org.primum.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.core.crypto.SecretAccess;
import org.primum.core.json.Json;
import org.primum.hub.advisories.DeliveryWorker;
import org.primum.hub.advisories.NoticeAttempt;
import org.primum.hub.advisories.NotificationSettings;
import org.primum.hub.advisories.Outbox;
import org.primum.hub.advisories.SmtpSettings;
import org.primum.hub.audit.AuditLog;
import org.primum.hub.store.Database;
import org.primum.hub.updates.Assignments;
import org.primum.hub.updates.ReleaseLookup;
import org.primum.hub.updates.ReleaseSummary;
import org.primum.hub.updates.RolloutDetail;
import org.primum.hub.updates.RolloutDriver;
import org.primum.hub.updates.RolloutPlan;
import org.primum.hub.updates.RolloutRefusal;
import org.primum.hub.updates.RolloutService;
import org.primum.hub.updates.RolloutSubscription;
import org.primum.testing.FakeClock;
import org.primum.testing.FreePorts;
import org.primum.testing.TestDatabases;

/**
 * Issue 4: subscribers are notified when a rollout reaches their site, for real, on SQLite and
 * PostgreSQL: the e-mail reaches an SMTP server (GreenMail), the webhook a loopback receiver that
 * verifies its signature without the hub's code; a failing receiver is retried with backoff and
 * every attempt logged; the rollout's view shows where each notification stands.
 */
class RolloutNoticesTest {
  private static final Instant START = Instant.parse("2026-11-23T12:00:00Z");
  private static final ReleaseSummary RELEASE =
      new ReleaseSummary(
          1,
          "0.2.0",
          "rp-1",
          2,
          "firmware/rp-1/primum-rp1-0.2.0.fw",
          "Fixes CVE-2026-0001 in the drug library parser.",
          Instant.parse("2026-11-20T10:00:00Z"));
  private static final ReleaseLookup RELEASES =
      new ReleaseLookup() {
        @Override
        public Optional<ReleaseSummary> release(long id) {
          return id == RELEASE.id() ? Optional.of(RELEASE) : Optional.empty();
        }

        @Override
        public Optional<ReleaseSummary> releaseByVersion(String hardwareId, String version) {
          return release(1).filter(r -> r.version().equals(version));
        }

        @Override
        public List<ReleaseSummary> releases() {
          return List.of(RELEASE);
        }
      };
  private static final Assignments DIRECTOR =
      new Assignments() {
        @Override
        public void assign(String serial, long releaseId, long rolloutId) {}

        @Override
        public void withdraw(String serial) {}
      };

  @TempDir Path dir;
  private TestHub.Db db;
  private String url;
  private Database database;
  private GreenMail mail;
  private LoopbackWebhook receiver;
  private final FakeClock clock = new FakeClock(START);
  private Outbox outbox;
  private RolloutService rollouts;
  private RolloutDriver driver;

  @AfterEach
  void stop() {
    if (receiver != null) {
      receiver.close();
    }
    if (mail != null) {
      mail.stop();
    }
    if (database != null) {
      database.close();
      if (db == TestHub.Db.POSTGRESQL) {
        TestDatabases.dropPostgres(url);
      }
    }
  }

  /**
   * A database with two devices at Ward-A, the outbox (SMTP only with {@code smtp}) and rollouts.
   */
  private void open(TestHub.Db which, boolean smtp) {
    db = which;
    url = TestHub.jdbcUrl(db, dir);
    database = Database.open(url);
    NotificationSettings settings = NotificationSettings.defaults().withLoopbackHttp(true);
    if (smtp) {
      int port = FreePorts.find();
      mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
      mail.start();
      settings = settings.withSmtp(SmtpSettings.of("127.0.0.1", port, "hub@hub.example", false));
    }
    AuditLog audit = new AuditLog(database.jdbi(), clock);
    outbox = new Outbox(database.jdbi(), settings, clock);
    RolloutNotices notices = new RolloutNotices(outbox, () -> "https://hub.example.org/");
    rollouts =
        new RolloutService(database.jdbi(), RELEASES, audit, clock, new SecureRandom(), notices);
    driver = new RolloutDriver(database.jdbi(), DIRECTOR, RELEASES, audit, clock, notices);
    List<String> serials =
        IntStream.rangeClosed(1, 2)
            .mapToObj(i -> String.format(Locale.ROOT, "PUMP-%04d", i))
            .toList();
    database
        .jdbi()
        .useHandle(
            h -> {
              for (String serial : serials) {
                h.createUpdate(
                        "INSERT INTO devices (serial, status, enrolled_at) VALUES (:s, 'ACTIVE',"
                            + " :at)")
                    .bind("s", serial)
                    .bind("at", START.toEpochMilli())
                    .execute();
              }
            });
    for (String serial : serials) {
      try {
        rollouts.setSite("cli:ops", serial, "Ward-A", Optional.empty(), "test");
      } catch (RolloutRefusal e) {
        throw new AssertionError(e);
      }
    }
  }

  private long startRollout() throws RolloutRefusal {
    long id =
        rollouts.start("staff:rm", RELEASE.id(), RolloutPlan.bySite(List.of("Ward-A")), "t").id();
    driver.tick(); // opens wave 1: Ward-A is reached
    return id;
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void rolloutReachingASite_mailsAndSignsAWebhook_andTheViewShowsThemDelivered(TestHub.Db which)
      throws Exception {
    open(which, true);
    receiver = LoopbackWebhook.start();
    assertThat(
            rollouts
                .subscribe("cli:ops", "Ward-A", "biomed@hospital.example", "test")
                .webhookSecret(SecretAccess.insecure()))
        .isEmpty();
    RolloutSubscription hook = rollouts.subscribe("cli:ops", "Ward-A", receiver.url(), "test");
    String secret = hook.webhookSecret(SecretAccess.insecure()).orElseThrow();
    assertThat(secret).matches("[0-9a-f]{64}");
    assertThat(hook.toString()).doesNotContain(secret);

    long id = startRollout();
    assertThat(rollouts.rollout(id).orElseThrow().notifications())
        .extracting(n -> n.delivery().state())
        .containsExactly("pending", "pending");
    assertThat(outbox.worker().tick().delivered()).isEqualTo(2);
    assertThat(outbox.worker().tick().attempts()).as("nothing left").isZero();

    MimeMessage[] mails = mail.getReceivedMessages();
    assertThat(mails).hasSize(1);
    assertThat(mails[0].getAllRecipients()[0].toString()).isEqualTo("biomed@hospital.example");
    assertThat(mails[0].getSubject())
        .isEqualTo("Rollout " + id + ": rp-1 0.2.0 reaches Ward-A (wave 1 of 1)");
    assertThat(GreenMailUtil.getBody(mails[0]))
        .contains(
            "reaches site Ward-A in wave 1 of 1",
            "2 device(s) will be updated",
            "Fixes CVE-2026-0001",
            "https://hub.example.org/updates/rollouts/" + id);

    LoopbackWebhook.Received r = receiver.received().get(0);
    assertThat(receiver.received()).hasSize(1);
    assertThat(r.verifies(secret)).as("signature checks with the subscriber's secret").isTrue();
    assertThat(r.verifies("0".repeat(64))).isFalse();
    assertThat(r.header("X-Primum-Event")).isEqualTo("rollout.site-reached");
    assertThat(r.header("X-Primum-Timestamp")).isEqualTo(Long.toString(START.getEpochSecond()));
    assertThat(r.header("X-Primum-Delivery")).matches("[0-9]+");
    JsonNode body = Json.readTree(r.body());
    assertThat(body.get("event").asText()).isEqualTo("rollout.site-reached");
    assertThat(body.get("rollout_id").asLong()).isEqualTo(id);
    assertThat(body.get("site").asText()).isEqualTo("Ward-A");
    assertThat(body.get("release_version").asText()).isEqualTo("0.2.0");
    assertThat(body.get("devices").asInt()).isEqualTo(2);
    assertThat(body.get("text").asText()).contains("Fixes CVE-2026-0001");

    RolloutDetail detail = rollouts.rollout(id).orElseThrow();
    assertThat(detail.notifications())
        .extracting(n -> n.contact(), n -> n.delivery().describe())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("biomed@hospital.example", "delivered (1 attempt)"),
            org.assertj.core.groups.Tuple.tuple(receiver.url(), "delivered (1 attempt)"));
    // A later wave or tick does not notify the same site again.
    driver.tick();
    assertThat(outbox.worker().tick().attempts()).isZero();
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void failingReceiver_isRetriedWithBackoff_andMailWithoutSmtp_failsVisibly(TestHub.Db which)
      throws Exception {
    open(which, false);
    receiver = LoopbackWebhook.start(503);
    rollouts.subscribe("cli:ops", "Ward-A", receiver.url(), "test");
    rollouts.subscribe("cli:ops", "Ward-A", "biomed@hospital.example", "test");
    long id = startRollout();

    assertThat(outbox.worker().tick().retrying()).isEqualTo(2);
    assertThat(rollouts.rollout(id).orElseThrow().notifications())
        .extracting(n -> n.delivery().describe())
        .containsExactlyInAnyOrder(
            "pending (1 attempt): expected HTTP 2xx, found HTTP 503"
                + " (attempt 1 of 8; next at 2026-11-23T12:01:00Z)",
            "pending (1 attempt): expected SMTP settings, found none"
                + " configured (attempt 1 of 8; next at 2026-11-23T12:01:00Z)");
    assertThat(outbox.worker().tick().attempts()).as("not due yet").isZero();
    clock.advance(Duration.ofMinutes(1));
    assertThat(outbox.worker().tick()).isEqualTo(new DeliveryWorker.TickResult(1, 1, 0));
    assertThat(receiver.received()).hasSize(2);
    assertThat(receiver.received())
        .extracting(x -> x.header("X-Primum-Delivery"))
        .as("one delivery id across retries")
        .containsOnly(receiver.received().get(0).header("X-Primum-Delivery"));

    List<NoticeAttempt> log = outbox.attempts("rollout " + id, 10);
    assertThat(log)
        .filteredOn(a -> a.channel().equals("webhook"))
        .extracting(NoticeAttempt::attempt, NoticeAttempt::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2, "delivered"),
            org.assertj.core.groups.Tuple.tuple(1, "retry"));
    assertThat(log)
        .filteredOn(a -> a.channel().equals("email"))
        .extracting(NoticeAttempt::outcome)
        .containsExactly("retry", "retry");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void webhookSubscribedBeforeSigning_isRecordedFailed_untilSubscribedAgain(TestHub.Db which)
      throws Exception {
    open(which, false);
    receiver = LoopbackWebhook.start();
    // As a V6 hub stored it: no secret.
    database
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO rollout_subscribers (site, contact, created_at, created_by)"
                            + " VALUES ('Ward-A', :c, 0, 'cli:old')")
                    .bind("c", receiver.url())
                    .execute());
    long id = startRollout();
    RolloutDetail.Delivery delivery =
        rollouts.rollout(id).orElseThrow().notifications().get(0).delivery();
    assertThat(delivery.state()).isEqualTo("failed");
    assertThat(delivery.detail())
        .isEqualTo("not sent: expected a webhook secret to sign with, found none");
    assertThat(outbox.worker().tick().attempts()).isZero();
    assertThat(receiver.received()).isEmpty();

    assertThat(
            rollouts
                .subscribe("cli:ops", "Ward-A", receiver.url(), "test")
                .webhookSecret(SecretAccess.insecure()))
        .isPresent();
    assertThatThrownBy(() -> rollouts.subscribe("cli:ops", "Ward-A", receiver.url(), "test"))
        .isInstanceOf(RolloutRefusal.class)
        .hasMessageContaining("already subscribed");
    assertThatThrownBy(
            () -> rollouts.subscribe("cli:ops", "Ward-A", "http://hooks.example.org/x", "test"))
        .isInstanceOf(RolloutRefusal.class)
        .hasMessageContaining("webhook URL: expected https:// (or http:// to a loopback address)");
  }
}
