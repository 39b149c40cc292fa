package org.primum.hub.advisories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.core.crypto.SecretAccess;
import org.primum.core.json.Json;
import org.primum.hub.LoopbackWebhook;
import org.primum.hub.TestHub;
import org.primum.testing.FreePorts;

/**
 * Notifications on SQLite and PostgreSQL, to real receivers: a loopback webhook server that
 * verifies the HMAC signature as a receiver would, an in-process SMTP server (GreenMail), a
 * receiver that fails twice (retries with backoff, each attempt logged), one that never recovers
 * (failed after N attempts), and a hub restart between attempts (nothing lost).
 */
class AdvisoryNotificationsTest {
  @TempDir Path dir;
  private AdvisoryTestBed bed;
  private LoopbackWebhook receiver;
  private GreenMail mail;

  @AfterEach
  void stop() {
    if (receiver != null) {
      receiver.close();
    }
    if (mail != null) {
      mail.stop();
    }
    if (bed != null) {
      bed.close();
    }
  }

  private String publishFull() throws Exception {
    String id = bed.advisories.draft(AdvisoryFixtures.full(), "staff:ana").trackingId();
    assertThat(bed.advisories.publish(id, "staff:ana").notifications()).isEqualTo(1);
    return id;
  }

  private static String hmac(String secret, String timestamp, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void webhook_isSignedLikeGitHub_andVerifiesAtTheReceiver(TestHub.Db db) throws Exception {
    bed = AdvisoryTestBed.start(db, dir);
    receiver = LoopbackWebhook.on(0);
    NewSubscriber hospital =
        bed.notifications.register(
            "St. Example Hospital", Optional.of(receiver.url()), Optional.empty(), "staff:ana");
    String secret = hospital.webhookSecret(SecretAccess.insecure()).orElseThrow();
    assertThat(secret).matches("[0-9a-f]{64}");
    assertThat(hospital.toString()).doesNotContain(secret);
    String id = publishFull();

    DeliveryWorker.TickResult result = bed.notifications.worker().tick();
    assertThat(result.delivered()).isEqualTo(1);
    assertThat(receiver.received()).hasSize(1);
    LoopbackWebhook.Received r = receiver.received().get(0);
    String timestamp = r.header(Webhooks.TIMESTAMP_HEADER);
    assertThat(timestamp).isEqualTo(Long.toString(bed.clock.instant().getEpochSecond()));
    assertThat(
            MessageDigest.isEqual(
                hmac(secret, timestamp, r.body()).getBytes(StandardCharsets.US_ASCII),
                r.header(Webhooks.SIGNATURE_HEADER).getBytes(StandardCharsets.US_ASCII)))
        .isTrue();
    assertThat(r.header(Webhooks.SIGNATURE_HEADER))
        .isNotEqualTo(hmac("wrong-secret", timestamp, r.body()));
    assertThat(r.header(Webhooks.EVENT_HEADER)).isEqualTo("advisory.published");
    assertThat(r.header("Content-Type")).isEqualTo("application/json");
    JsonNode body = Json.readTree(r.body());
    assertThat(body.get("tracking_id").asText()).isEqualTo(id);
    assertThat(body.get("version").asInt()).isEqualTo(1);
    assertThat(body.get("title").asText()).isEqualTo(AdvisoryFixtures.full().title());
    assertThat(body.get("severity").asText()).isEqualTo("HIGH");
    assertThat(body.get("csaf_url").asText())
        .isEqualTo("https://hub.example.org/.well-known/csaf/white/2026/primum-sa-2026-0001.json");
    assertThat(body.get("html_url").asText())
        .isEqualTo("https://hub.example.org/advisories/PRIMUM-SA-2026-0001");
    assertThat(body.get("sha256").asText())
        .isEqualTo(bed.advisories.advisory(id).orElseThrow().revisions().get(0).sha256());

    assertThat(bed.notifications.worker().tick().attempts()).as("nothing left").isZero();
    List<DeliveryAttempt> log = bed.notifications.deliveries(Optional.of(id), 10);
    assertThat(log)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.outcome()).isEqualTo("delivered");
              assertThat(a.detail()).isEqualTo("HTTP 200");
              assertThat(a.subscriber()).isEqualTo("St. Example Hospital");
            });
    assertThat(bed.notifications.notifications(10).get(0).state()).isEqualTo("delivered");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void email_goesThroughSmtp_withTheSummaryAndLinks(TestHub.Db db) throws Exception {
    int port = FreePorts.find();
    mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    bed =
        AdvisoryTestBed.start(
            db,
            dir,
            NotificationSettings.defaults()
                .withSmtp(SmtpSettings.of("127.0.0.1", port, "psirt@hub.example.org", false)));
    bed.notifications.register(
        "Coordinator", Optional.empty(), Optional.of("cert@coordinator.example"), "staff:ana");
    String id = publishFull();

    assertThat(bed.notifications.worker().tick().delivered()).isEqualTo(1);
    MimeMessage[] received = mail.getReceivedMessages();
    assertThat(received).hasSize(1);
    MimeMessage m = received[0];
    assertThat(m.getSubject())
        .isEqualTo(
            "[Security advisory] "
                + id
                + ": Unauthenticated dose-limit change over the service port [HIGH]");
    assertThat(m.getFrom()[0].toString()).isEqualTo("psirt@hub.example.org");
    assertThat(m.getAllRecipients()[0].toString()).isEqualTo("cert@coordinator.example");
    String text = GreenMailUtil.getBody(m);
    assertThat(text)
        .contains(
            "An attacker on the hospital network could raise the soft dose limit.",
            "https://hub.example.org/advisories/PRIMUM-SA-2026-0001",
            "https://hub.example.org/.well-known/csaf/white/2026/primum-sa-2026-0001.json",
            "CVSS v3.1 base score 7.1",
            bed.advisories.advisory(id).orElseThrow().revisions().get(0).sha256());
    assertThat(bed.notifications.deliveries(Optional.empty(), 10).get(0).detail())
        .isEqualTo("accepted by 127.0.0.1:" + port + " for cert@coordinator.example");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void receiverFailingTwice_isRetriedWithBackoff_andEveryAttemptLogged(TestHub.Db db)
      throws Exception {
    bed = AdvisoryTestBed.start(db, dir);
    receiver = LoopbackWebhook.on(0, 503, 500);
    bed.notifications.register("Flaky", Optional.of(receiver.url()), Optional.empty(), "staff:ana");
    String id = publishFull();

    assertThat(bed.notifications.worker().tick().retrying()).isEqualTo(1);
    assertThat(bed.notifications.worker().tick().attempts()).as("not due yet").isZero();
    bed.clock.advance(Duration.ofMinutes(1));
    assertThat(bed.notifications.worker().tick().retrying()).isEqualTo(1);
    bed.clock.advance(Duration.ofMinutes(1));
    assertThat(bed.notifications.worker().tick().attempts()).as("backoff doubled").isZero();
    bed.clock.advance(Duration.ofMinutes(1));
    assertThat(bed.notifications.worker().tick().delivered()).isEqualTo(1);

    assertThat(receiver.received()).hasSize(3);
    assertThat(receiver.received())
        .extracting(x -> x.header(Webhooks.DELIVERY_HEADER))
        .as("one delivery id across retries")
        .containsOnly(receiver.received().get(0).header(Webhooks.DELIVERY_HEADER));
    List<DeliveryAttempt> log = bed.notifications.deliveries(Optional.of(id), 10);
    assertThat(log).extracting(DeliveryAttempt::attempt).containsExactly(3, 2, 1);
    assertThat(log)
        .extracting(DeliveryAttempt::outcome)
        .containsExactly("delivered", "retry", "retry");
    assertThat(log.get(2).detail())
        .isEqualTo(
            "expected HTTP 2xx, found HTTP 503 (attempt 1 of 8; next at 2026-03-01T09:01:00Z)");
    assertThat(log.get(1).detail())
        .isEqualTo(
            "expected HTTP 2xx, found HTTP 500 (attempt 2 of 8; next at 2026-03-01T09:03:00Z)");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void receiverNeverRecovering_isFailedAfterMaxAttempts(TestHub.Db db) throws Exception {
    bed =
        AdvisoryTestBed.start(
            db,
            dir,
            NotificationSettings.defaults()
                .withLoopbackHttp(true)
                .withRetries(3, Duration.ofSeconds(10), Duration.ofSeconds(15)));
    receiver = LoopbackWebhook.on(0, 500, 500, 500, 500);
    bed.notifications.register("Down", Optional.of(receiver.url()), Optional.empty(), "staff:ana");
    publishFull();
    for (int i = 0; i < 5; i++) {
      bed.notifications.worker().tick();
      bed.clock.advance(Duration.ofSeconds(15));
    }
    assertThat(receiver.received()).hasSize(3);
    Notification n = bed.notifications.notifications(1).get(0);
    assertThat(n.state()).isEqualTo("failed");
    assertThat(n.attempts()).isEqualTo(3);
    assertThat(n.lastError()).contains("attempt 3 of 3; giving up");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void hubRestart_betweenAttempts_losesNothing(TestHub.Db db) throws Exception {
    bed = AdvisoryTestBed.start(db, dir);
    int port = FreePorts.find();
    bed.notifications.register(
        "Later", Optional.of("http://127.0.0.1:" + port + "/hook"), Optional.empty(), "staff:ana");
    publishFull();
    DeliveryWorker.TickResult first = bed.notifications.worker().tick();
    assertThat(first.retrying()).as("nobody listening yet").isEqualTo(1);
    assertThat(bed.notifications.deliveries(Optional.empty(), 1).get(0).detail())
        .startsWith("expected an HTTP answer from 127.0.0.1, found ");

    bed.reopen();
    receiver = LoopbackWebhook.on(port);
    bed.clock.advance(Duration.ofMinutes(1));
    assertThat(bed.notifications.worker().tick().delivered()).isEqualTo(1);
    assertThat(receiver.received()).hasSize(1);
    assertThat(bed.notifications.deliveries(Optional.empty(), 10))
        .extracting(DeliveryAttempt::outcome)
        .containsExactly("delivered", "retry");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void onlyWhitePublications_andActiveSubscribers_areNotified(TestHub.Db db) throws Exception {
    bed = AdvisoryTestBed.start(db, dir);
    receiver = LoopbackWebhook.on(0);
    NewSubscriber gone =
        bed.notifications.register(
            "Gone", Optional.of(receiver.url()), Optional.empty(), "staff:ana");
    bed.notifications.register("Here", Optional.of(receiver.url()), Optional.empty(), "staff:ana");
    bed.notifications.disable(gone.subscriber().id(), "staff:ana");
    assertThatThrownBy(() -> bed.notifications.disable(gone.subscriber().id(), "staff:ana"))
        .isInstanceOf(AdvisoryRefusal.class);
    String amber = bed.advisories.draft(AdvisoryFixtures.notAffected(), "staff:ana").trackingId();
    assertThat(bed.advisories.publish(amber, "staff:ana").notifications()).isZero();
    publishFull();
    bed.notifications.worker().tick();
    assertThat(receiver.received()).hasSize(1);
    assertThat(bed.notifications.subscribers())
        .extracting(Subscriber::name, Subscriber::active)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Gone", false),
            org.assertj.core.groups.Tuple.tuple("Here", true));
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void register_refusesPlainHttp_badAddresses_andNoChannel(TestHub.Db db) throws Exception {
    bed = AdvisoryTestBed.start(db, dir, NotificationSettings.defaults());
    AdvisoryNotifications n = bed.notifications;
    assertThatThrownBy(
            () -> n.register("x", Optional.of("http://127.0.0.1:9/hook"), Optional.empty(), "a"))
        .isInstanceOf(AdvisoryRefusal.class)
        .hasMessage("webhook URL: expected https://, found \"http://127.0.0.1:9/hook\"");
    assertThatThrownBy(
            () -> n.register("x", Optional.of("https://u:p@h.example/"), Optional.empty(), "a"))
        .hasMessageContaining("without user info");
    assertThatThrownBy(() -> n.register("x", Optional.empty(), Optional.of("a@b\r\nBcc: c@d"), "a"))
        .isInstanceOf(AdvisoryRefusal.class);
    assertThatThrownBy(
            () -> n.register("x", Optional.empty(), Optional.of("Eve <e@x.example>"), "a"))
        .hasMessageContaining("expected one address");
    assertThatThrownBy(() -> n.register("x", Optional.empty(), Optional.empty(), "a"))
        .hasMessageContaining("found neither");
    Subscriber ok =
        n.register(
                "Hospital",
                Optional.of("https://soc.hospital.example/primum"),
                Optional.of("psirt@hospital.example"),
                "a")
            .subscriber();
    assertThat(ok.webhook()).isPresent();
    assertThat(ok.email()).contains("psirt@hospital.example");
  }
}
