package org.primum.hub.staff;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import org.primum.core.crypto.Hashes;
import org.primum.hub.web.Authenticators;
import org.primum.hub.web.Principal;

/**
 * Staff sessions: a random 256-bit token in a {@code __Host-} cookie (Secure, HttpOnly,
 * SameSite=Strict), stored only as its SHA-256 in the database so every replica can check it and a
 * database leak does not leak sessions. Sessions end after {@link #IDLE} without use or {@link
 * #ABSOLUTE} in all.
 */
public final class SessionService implements Authenticators.StaffAuthenticator {
  public static final String COOKIE = "__Host-primum-session";
  static final Duration IDLE = Duration.ofMinutes(30);
  static final Duration ABSOLUTE = Duration.ofHours(12);
  private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

  private final StaffStore store;
  private final SecureRandom random;
  private final Clock clock;

  public SessionService(StaffService staff, SecureRandom random, Clock clock) {
    this.store = staff.store();
    this.random = Objects.requireNonNull(random, "random");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Starts a session for a verified user and sets its cookie. */
  public void start(Context ctx, StaffService.Authenticated user, String source) {
    String token = randomToken();
    Instant now = clock.instant();
    store.insertSession(
        Hashes.sha256Hex(token.getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
        user.username(),
        randomToken(),
        now,
        now.plus(IDLE),
        source);
    ctx.cookie(cookie(token, -1));
  }

  /** Ends the caller's session and clears its cookie. */
  public void end(Context ctx) {
    Optional.ofNullable(ctx.cookie(COOKIE))
        .map(SessionService::hash)
        .ifPresent(store::deleteSession);
    ctx.cookie(cookie("", 0));
  }

  @Override
  public Optional<Principal.StaffMember> authenticate(Context ctx) {
    String token = ctx.cookie(COOKIE);
    if (token == null || token.length() != 43) {
      return Optional.empty();
    }
    String tokenHash = hash(token);
    Optional<StaffStore.SessionRow> found = store.findSession(tokenHash);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    StaffStore.SessionRow session = found.get();
    Instant now = clock.instant();
    if (session.disabled() || now.toEpochMilli() >= session.expiresAt()) {
      store.deleteSession(tokenHash);
      return Optional.empty();
    }
    if (now.toEpochMilli() - session.lastSeenAt() >= TOUCH_EVERY.toMillis()) {
      Instant absoluteEnd = Instant.ofEpochMilli(session.createdAt()).plus(ABSOLUTE);
      Instant idleEnd = now.plus(IDLE);
      store.touchSession(tokenHash, now, idleEnd.isBefore(absoluteEnd) ? idleEnd : absoluteEnd);
    }
    return Optional.of(
        new Principal.StaffMember(session.username(), session.role(), session.csrfToken()));
  }

  /** Deletes expired sessions (housekeeping). */
  public void deleteExpired() {
    store.deleteExpiredSessions(clock.instant());
  }

  private static String hash(String token) {
    return Hashes.sha256Hex(token.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  private String randomToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static Cookie cookie(String value, int maxAge) {
    return new Cookie(COOKIE, value, "/", maxAge, true, true, null, SameSite.STRICT);
  }
}
