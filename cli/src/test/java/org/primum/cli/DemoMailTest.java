package org.primum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.hub.Hub;
import org.primum.hub.HubConfig;
import org.primum.hub.advisories.NotificationSettings;
import org.primum.hub.advisories.SmtpSettings;
import org.primum.hub.disclosure.CaseState;
import org.primum.hub.disclosure.Credit;
import org.primum.hub.disclosure.DisclosureReport;
import org.primum.hub.disclosure.Safety;

/**
 * The demo's mail, without the whole demo: a hub wired to the demo hospital's mail server as {@code
 * primum demo} wires it; the hospital subscribes to a site's rollouts, and the researcher's case
 * update arrives at the demo's mail server and is printed once, as the demo prints it.
 */
class DemoMailTest {
  @TempDir Path dir;

  @Test
  void researchersCaseMail_arrivesAtTheDemoMailServer_andIsPrintedOnce() throws Exception {
    try (DemoHospital hospital = DemoHospital.start();
        Hub hub =
            Hub.start(
                HubConfig.defaults(dir.resolve("hub"))
                    .withPort(0)
                    .withNotifications(
                        NotificationSettings.defaults()
                            .withLoopbackHttp(true)
                            .withSmtp(
                                SmtpSettings.of(
                                    "127.0.0.1",
                                    hospital.smtpPort(),
                                    "notices@primum.example",
                                    false))),
                Clock.systemUTC(),
                new SecureRandom())) {
      hub.rollouts().subscribe("demo", "Biomed-Bench", DemoHospital.MAILBOX, "local");
      long id =
          hub.disclosures()
              .submit(
                  new DisclosureReport(
                      "rp-1",
                      "any",
                      "Console accepts an older drug library",
                      "Offer v1 after v2: the pump takes v1.",
                      "",
                      "",
                      Safety.YES,
                      "",
                      Optional.of("researcher@example.org"),
                      Credit.anonymous(),
                      List.of()),
                  "test")
              .caseId();
      hub.disclosures().transition("staff:demo-analyst", id, CaseState.ACKNOWLEDGED, "", "demo");
      hub.advisoryDeliveries().tick();

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PrintStream old = System.out;
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      try {
        assertThat(hospital.awaitMail("researcher@example.org", "Acknowledged", 20)).isTrue();
        assertThat(hospital.awaitMail("researcher@example.org", "Acknowledged", 1)).isTrue();
      } finally {
        System.setOut(old);
      }
      assertThat(out.toString(StandardCharsets.UTF_8))
          .isEqualTo(
              "Researcher (demo): mail to researcher@example.org received: \"Your vulnerability"
                  + " report, case "
                  + id
                  + ": status is now Acknowledged\""
                  + System.lineSeparator());
    }
  }

  @Test
  void mailsToSeveralMailboxes_eachPrintedExactlyOnce_whateverOrderTheServerListsThem()
      throws Exception {
    try (DemoHospital hospital = DemoHospital.start()) {
      com.icegreen.greenmail.util.ServerSetup smtp =
          new com.icegreen.greenmail.util.ServerSetup(hospital.smtpPort(), "127.0.0.1", "smtp");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PrintStream old = System.out;
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      try {
        // The server lists mail mailbox by mailbox: the hospital's second mail comes before the
        // researcher's mails in its list, though it arrived last.
        for (String[] m :
            new String[][] {
              {DemoHospital.MAILBOX, "one"},
              {"researcher@example.org", "two"},
              {"researcher@example.org", "three"},
              {DemoHospital.MAILBOX, "four"}
            }) {
          com.icegreen.greenmail.util.GreenMailUtil.sendTextEmail(
              m[0], "notices@primum.example", m[1], "body", smtp);
          assertThat(hospital.awaitMail(m[0], m[1], 10)).isTrue();
        }
      } finally {
        System.setOut(old);
      }
      assertThat(out.toString(StandardCharsets.UTF_8).lines().map(l -> l.replaceAll(".*\"", "")))
          .hasSize(4);
      assertThat(out.toString(StandardCharsets.UTF_8))
          .contains("\"one\"", "\"two\"", "\"three\"", "\"four\"");
    }
  }
}
