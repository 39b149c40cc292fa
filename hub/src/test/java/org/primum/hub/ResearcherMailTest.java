package org.primum.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.hub.advisories.NotificationSettings;
import org.primum.hub.advisories.Outbox;
import org.primum.hub.advisories.SmtpSettings;
import org.primum.hub.audit.AuditLog;
import org.primum.hub.disclosure.CaseState;
import org.primum.hub.disclosure.Credit;
import org.primum.hub.disclosure.DisclosureReport;
import org.primum.hub.disclosure.DisclosureService;
import org.primum.hub.disclosure.DisclosureSettings;
import org.primum.hub.disclosure.Product;
import org.primum.hub.disclosure.Products;
import org.primum.hub.disclosure.ResearcherNotices;
import org.primum.hub.disclosure.Safety;
import org.primum.hub.store.Database;
import org.primum.testing.FakeClock;
import org.primum.testing.FreePorts;
import org.primum.testing.TestDatabases;

/**
 * Issue 6: a finder who gave an e-mail address hears, through the hub's outbox, when the team moves
 * their case or writes to them, on SQLite and PostgreSQL, with a real SMTP server (GreenMail). The
 * mail points to the status page and never carries the token, the report or the message; internal
 * notes send nothing; an unusable stored address is a failed delivery, not a failed state change.
 */
class ResearcherMailTest {
  private static final String DESCRIPTION =
      "Offering a validly signed but older drug library makes the pump switch back to it.";
  private static final String TITLE = "Console accepts an older drug library";

  @TempDir Path dir;
  private TestHub.Db db;
  private String url;
  private Database database;
  private GreenMail mail;
  private DisclosureService disclosures;
  private Outbox outbox;

  @AfterEach
  void stop() {
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

  private void open(TestHub.Db which) throws Exception {
    db = which;
    url = TestHub.jdbcUrl(db, dir);
    database = Database.open(url);
    int port = FreePorts.find();
    mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    FakeClock clock = new FakeClock(Instant.parse("2026-11-23T09:00:00Z"));
    outbox =
        new Outbox(
            database.jdbi(),
            NotificationSettings.defaults()
                .withSmtp(SmtpSettings.of("127.0.0.1", port, "security@hub.example.org", false)),
            clock);
    disclosures =
        DisclosureService.open(
            database.jdbi(),
            dir.resolve("data"),
            Products.of(List.of(new Product("rp-1", List.of("0.2.0")))),
            new AuditLog(database.jdbi(), clock),
            clock,
            new SecureRandom(),
            DisclosureSettings.defaults(() -> "https://hub.example.org")
                .withContactEmail("security@hub.example.org"),
            new ResearcherMail(outbox));
  }

  private DisclosureService.Receipt report(Optional<String> contact) throws Exception {
    return disclosures.submit(
        new DisclosureReport(
            "rp-1",
            "0.2.0",
            TITLE,
            DESCRIPTION,
            "1. Install v2. 2. Offer v1.",
            "Dose limits corrected in v2 no longer apply.",
            Safety.YES,
            "Dose limits undone.",
            contact,
            Credit.anonymous(),
            List.of()),
        "test");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void stateChangesAndTeamMessages_mailTheFinder_withoutTheTokenOrTheReport(TestHub.Db which)
      throws Exception {
    open(which);
    DisclosureService.Receipt receipt = report(Optional.of("finder@example.org"));
    long id = receipt.caseId();
    assertThat(outbox.worker().tick().attempts()).as("nothing on receipt").isZero();

    disclosures.transition("staff:sa", id, CaseState.ACKNOWLEDGED, "Thanks.", "test");
    assertThat(outbox.worker().tick().delivered()).as("one mail on acknowledgement").isEqualTo(1);
    disclosures.transition("staff:sa", id, CaseState.TRIAGING, "Internal: try on ward kit.", "t");
    disclosures.postStaffMessage("staff:sa", id, "Which library version was active?", false, "t");
    disclosures.postStaffMessage("staff:sa", id, "Looks real; ask Bo.", true, "t");
    assertThat(outbox.worker().tick().delivered()).isEqualTo(2);

    MimeMessage[] received = mail.getReceivedMessages();
    assertThat(received).hasSize(3);
    assertThat(Arrays.stream(received).map(ResearcherMailTest::subject))
        .containsExactly(
            "Your vulnerability report, case " + id + ": status is now Acknowledged",
            "Your vulnerability report, case " + id + ": status is now Triaging",
            "Your vulnerability report, case " + id + ": a new message from the team");
    for (MimeMessage m : received) {
      assertThat(m.getAllRecipients()[0].toString()).isEqualTo("finder@example.org");
      assertThat(m.getFrom()[0].toString()).isEqualTo("security@hub.example.org");
      String body = GreenMailUtil.getBody(m);
      assertThat(body)
          .contains("case " + id, "https://hub.example.org/security/status", "tracking token")
          .doesNotContain(
              receipt.token(),
              DESCRIPTION,
              TITLE,
              "Which library version",
              "Internal: try",
              "ask Bo",
              "Thanks.");
    }
    assertThat(GreenMailUtil.getBody(received[0]))
        .contains("We have acknowledged your report and will start triage.");
    assertThat(disclosures.mails(id))
        .extracting(ResearcherNotices.Mail::state)
        .containsExactly("delivered", "delivered", "delivered");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void unusableStoredAddress_isAFailedDelivery_andTheCaseStillMoves(TestHub.Db which)
      throws Exception {
    open(which);
    long id = report(Optional.of("finder@example.org")).caseId();
    long silent = report(Optional.empty()).caseId();
    // An address the intake would not take today, as an older hub (or a hand edit) stored it.
    database
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate("UPDATE disclosure_cases SET contact = :c WHERE id = :id")
                    .bind("c", "Finder <finder@example.org>, eve@example.org")
                    .bind("id", id)
                    .execute());

    disclosures.transition("staff:sa", id, CaseState.ACKNOWLEDGED, "", "test");
    disclosures.transition("staff:sa", silent, CaseState.ACKNOWLEDGED, "", "test");
    assertThat(disclosures.detail(id).summary().state()).isEqualTo(CaseState.ACKNOWLEDGED);
    assertThat(disclosures.mails(id))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.state()).isEqualTo("failed");
              assertThat(m.detail())
                  .startsWith("not sent: e-mail address: expected one address such as");
            });
    assertThat(disclosures.mails(silent)).isEmpty();
    assertThat(outbox.attempts("disclosure case " + id, 10))
        .singleElement()
        .satisfies(a -> assertThat(a.outcome()).isEqualTo("failed"));
    assertThat(outbox.worker().tick().attempts()).isZero();
    assertThat(mail.getReceivedMessages()).isEmpty();
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
