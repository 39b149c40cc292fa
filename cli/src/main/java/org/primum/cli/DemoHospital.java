package org.primum.cli;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.primum.hub.advisories.Webhooks;

/**
 * The demo's subscribing hospital: a webhook receiver on loopback that checks each advisory
 * notification's HMAC signature as a real receiver would (docs/advisories.md), and a mail server
 * (in-process SMTP) the hub's SMTP client delivers to: advisories and rollout notices for the
 * hospital's biomed team, and the demo researcher's case updates. Both print what arrives.
 */
final class DemoHospital implements AutoCloseable {
  static final String MAILBOX = "biomed@hospital.example";

  private final HttpServer webhook;
  private final GreenMail mail;
  private final List<String> received = new CopyOnWriteArrayList<>();
  private volatile String secret = "";
  // Messages already printed, by Message-ID: GreenMail lists mailbox by mailbox, so a new mail to
  // one address can land before older mails to another; an index would skip or repeat them.
  private final java.util.Set<String> printed = new java.util.HashSet<>();

  private DemoHospital(HttpServer webhook, GreenMail mail) {
    this.webhook = webhook;
    this.mail = mail;
  }

  static DemoHospital start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    DemoHospital hospital = new DemoHospital(server, mail);
    server.createContext(
        "/primum-advisories",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          String timestamp = exchange.getRequestHeaders().getFirst(Webhooks.TIMESTAMP_HEADER);
          String signature = exchange.getRequestHeaders().getFirst(Webhooks.SIGNATURE_HEADER);
          boolean valid = false;
          try {
            String expected = Webhooks.signature(hospital.secret, Long.parseLong(timestamp), body);
            valid =
                signature != null
                    && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8),
                        signature.getBytes(StandardCharsets.UTF_8));
          } catch (RuntimeException e) {
            valid = false;
          }
          String line =
              "Hospital (demo): webhook "
                  + (valid ? "received, signature verified: " : "REFUSED, bad signature: ")
                  + new String(body, StandardCharsets.UTF_8);
          hospital.received.add(line);
          System.out.println(line);
          exchange.sendResponseHeaders(valid ? 204 : 401, -1);
          exchange.close();
        });
    server.start();
    return hospital;
  }

  String webhookUrl() {
    return "http://127.0.0.1:" + webhook.getAddress().getPort() + "/primum-advisories";
  }

  int smtpPort() {
    return mail.getSmtp().getPort();
  }

  void secret(String value) {
    this.secret = value;
  }

  /**
   * Waits up to {@code seconds} for the advisory's webhook and mail to the hospital; prints every
   * mail that arrived meanwhile.
   */
  boolean awaitNotifications(int seconds) throws InterruptedException {
    boolean mailed = awaitMail(MAILBOX, "[Security advisory]", seconds);
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (received.isEmpty() && System.nanoTime() < end) {
      Thread.sleep(500);
    }
    return mailed && !received.isEmpty();
  }

  /**
   * Waits up to {@code seconds} for a mail to {@code to} whose subject contains {@code subject},
   * printing one line for each mail that arrives (the hospital's, and the researcher's: the demo
   * has one mail server), each once.
   */
  boolean awaitMail(String to, String subject, int seconds) throws InterruptedException {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    boolean found = false;
    while (true) {
      MimeMessage[] all = mail.getReceivedMessages();
      synchronized (this) {
        for (int i = 0; i < all.length; i++) {
          String recipient = recipient(all[i]);
          String title = subject(all[i]);
          if (printed.add(id(all[i]))) {
            System.out.println(
                (recipient.equals(MAILBOX) ? "Hospital (demo)" : "Researcher (demo)")
                    + ": mail to "
                    + recipient
                    + " received: \""
                    + title
                    + "\"");
          }
          found |= recipient.equals(to) && title.contains(subject);
        }
      }
      if (found || System.nanoTime() >= end) {
        return found;
      }
      Thread.sleep(500);
    }
  }

  private static String id(MimeMessage m) {
    try {
      String id = m.getMessageID();
      return id != null ? id : recipient(m) + "|" + subject(m) + "|" + m.getSentDate();
    } catch (jakarta.mail.MessagingException | RuntimeException e) {
      return recipient(m) + "|" + subject(m);
    }
  }

  private static String recipient(MimeMessage m) {
    try {
      return m.getAllRecipients()[0].toString();
    } catch (jakarta.mail.MessagingException | RuntimeException e) {
      return "(unreadable recipient)";
    }
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      return "(unreadable subject)";
    }
  }

  @Override
  public void close() {
    webhook.stop(0);
    mail.stop();
  }
}
