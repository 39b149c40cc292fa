package org.primum.hub.advisories;

import java.util.Objects;
import java.util.Optional;

/**
 * The mail server e-mail notifications go through (jakarta.mail over SMTP).
 *
 * @param host the SMTP server
 * @param port usually 587 (submission with STARTTLS) or 25
 * @param from the sender address, e.g. {@code psirt@example.com}
 * @param startTls require STARTTLS with a verified server certificate before anything is sent; turn
 *     it off only for a relay on the same host or in tests
 * @param username for SMTP AUTH, if the server requires it
 * @param password for SMTP AUTH; never shown by {@link #toString()}
 */
public record SmtpSettings(
    String host,
    int port,
    String from,
    boolean startTls,
    Optional<String> username,
    Optional<String> password) {
  public SmtpSettings {
    host = Texts.line("SMTP host", host, 253);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("SMTP port: expected 1-65535, found " + port);
    }
    from = Texts.line("SMTP from", from, 320);
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    if (username.isPresent() != password.isPresent()) {
      throw new IllegalArgumentException(
          "SMTP: expected both a username and a password, or neither");
    }
  }

  /** A server without authentication. */
  public static SmtpSettings of(String host, int port, String from, boolean startTls) {
    return new SmtpSettings(host, port, from, startTls, Optional.empty(), Optional.empty());
  }

  @Override
  public String toString() {
    return "SmtpSettings["
        + host
        + ":"
        + port
        + ", from "
        + from
        + (startTls ? ", STARTTLS required" : ", no TLS")
        + username.map(u -> ", user " + u).orElse("")
        + "]";
  }
}
