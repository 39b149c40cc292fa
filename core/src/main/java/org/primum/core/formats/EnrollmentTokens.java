package org.primum.core.formats;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;
import org.primum.core.Rejection;

/**
 * One-time enrollment tokens: {@code <serial>.<secret>}, where the secret is 256 random bits in
 * unpadded base64url. The serial travels in the clear so a device knows which identity to request;
 * the secret alone authorizes it, once, before it expires.
 */
public final class EnrollmentTokens {
  private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");

  private EnrollmentTokens() {}

  /** A token as the administrator hands it to the device. */
  public record Token(String serial, String secret) {
    public Token {
      Serials.require(serial);
      Objects.requireNonNull(secret, "secret");
      if (!SECRET.matcher(secret).matches()) {
        throw new IllegalArgumentException("an enrollment secret is 43 base64url characters");
      }
    }

    /** The text form {@code <serial>.<secret>}. */
    public String text() {
      return serial + "." + secret;
    }

    @Override
    public String toString() {
      return "Token[serial=" + serial + ", secret=(hidden)]";
    }
  }

  /** Generates a fresh token for {@code serial}. */
  public static Token generate(String serial, SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return new Token(serial, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /**
   * Parses {@code <serial>.<secret>}.
   *
   * @throws TokenRejection if the text is not of that form
   */
  public static Token parse(String text) throws TokenRejection {
    if (text == null) {
      throw new TokenRejection("expected an enrollment token, found none");
    }
    String trimmed = text.strip();
    int dot = trimmed.lastIndexOf('.');
    if (dot <= 0 || dot == trimmed.length() - 1) {
      throw new TokenRejection("expected <serial>.<secret>, found no separating '.'");
    }
    try {
      return new Token(trimmed.substring(0, dot), trimmed.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      throw new TokenRejection("malformed enrollment token: " + e.getMessage());
    }
  }

  /** An enrollment token could not be read. */
  public static final class TokenRejection extends Rejection {
    public TokenRejection(String message) {
      super("bad-token", message);
    }
  }
}
