package org.primum.hub.advisories;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;

/**
 * Sends plain-text e-mail through one SMTP server (jakarta.mail, Eclipse Angus).
 *
 * <p>Security guarantees: with {@link SmtpSettings#startTls()} nothing is sent unless the server
 * offers STARTTLS and presents a certificate the JDK trusts for its host name; addresses are parsed
 * strictly (one address, no header injection); timeouts bound every step.
 */
final class Mailer {
  private final Session session;
  private final SmtpSettings settings;
  private final Clock clock;

  Mailer(SmtpSettings settings, Duration timeout, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    Properties p = new Properties();
    String ms = Long.toString(timeout.toMillis());
    p.put("mail.smtp.host", settings.host());
    p.put("mail.smtp.port", Integer.toString(settings.port()));
    p.put("mail.smtp.connectiontimeout", ms);
    p.put("mail.smtp.timeout", ms);
    p.put("mail.smtp.writetimeout", ms);
    if (settings.startTls()) {
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.starttls.required", "true");
      p.put("mail.smtp.ssl.checkserveridentity", "true");
    }
    Authenticator authenticator = null;
    if (settings.username().isPresent()) {
      p.put("mail.smtp.auth", "true");
      String user = settings.username().get();
      String password = settings.password().orElseThrow();
      authenticator =
          new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
              return new PasswordAuthentication(user, password);
            }
          };
    }
    this.session = Session.getInstance(p, authenticator);
  }

  /**
   * Checks an e-mail address strictly (RFC 822 syntax, one address, no display name).
   *
   * @throws IllegalArgumentException saying what was expected and found
   */
  static String checkAddress(String address) {
    String v = Texts.line("e-mail address", address, 320);
    try {
      InternetAddress parsed = new InternetAddress(v, true);
      parsed.validate();
      if (parsed.getPersonal() != null || !parsed.getAddress().equals(v) || !v.contains("@")) {
        throw new AddressException("not a bare address");
      }
      return v;
    } catch (AddressException e) {
      throw new IllegalArgumentException(
          "e-mail address: expected one address such as psirt@hospital.example, found \""
              + v
              + "\"");
    }
  }

  /** Sends one message; the server's acceptance is the delivery. */
  void send(String to, String subject, String body) throws MessagingException {
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress(settings.from(), true));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
    message.setSubject(subject, "UTF-8");
    message.setText(body, "UTF-8");
    message.setSentDate(Date.from(clock.instant()));
    Transport.send(message);
  }

  String server() {
    return settings.host() + ":" + settings.port();
  }
}
