package org.primum.hub.staff;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.primum.core.crypto.PasswordHashes;
import org.primum.hub.audit.AuditLog;
import org.primum.hub.web.Role;

/**
 * Staff accounts: creation with a generated password shown once, sign-in with Argon2id and
 * throttling, password changes, and disabling. There is no default password: the first
 * administrator's password is generated on first start.
 */
public final class StaffService {
  /** The first administrator's user name. */
  public static final String FIRST_ADMIN = "admin";

  static final int MIN_PASSWORD_LENGTH = 12;
  private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,31}");

  private final StaffStore store;
  private final PasswordHashes passwords;
  private final LoginThrottle throttle;
  private final AuditLog audit;
  private final Clock clock;
  private final String decoyHash;

  public StaffService(Jdbi jdbi, PasswordHashes passwords, AuditLog audit, Clock clock) {
    this.store = new StaffStore(jdbi);
    this.passwords = Objects.requireNonNull(passwords, "passwords");
    this.throttle = new LoginThrottle(store);
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.decoyHash = passwords.decoy();
  }

  StaffStore store() {
    return store;
  }

  /** A user name as entered, normalised to lower case. */
  public static String normalizeUsername(String raw) {
    String name = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
    if (!USERNAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a user name is 1-32 lower-case letters, digits, '.', '_' or '-'");
    }
    return name;
  }

  /**
   * Creates the first administrator if there are no accounts at all.
   *
   * @return the generated password, to be shown once, or empty if accounts already exist
   */
  public Optional<String> ensureFirstAdministrator() {
    String password = passwords.generatePassword();
    boolean created;
    try {
      created =
          store.insertFirstUser(
              FIRST_ADMIN, Role.ADMINISTRATOR, passwords.hash(password), clock.instant());
    } catch (JdbiException e) {
      // Another hub replica created it at the same moment.
      created = false;
    }
    if (!created) {
      return Optional.empty();
    }
    audit.ok("hub", "staff.user.create", FIRST_ADMIN, "first administrator created", "local");
    return Optional.of(password);
  }

  /**
   * Creates an account with a generated password.
   *
   * @return the password, to be shown once
   * @throws IllegalArgumentException if the name is malformed or taken
   */
  public String createUser(String actor, String rawUsername, Role role, String source) {
    String username = normalizeUsername(rawUsername);
    String password = passwords.generatePassword();
    boolean created;
    try {
      created = store.insertUser(username, role, passwords.hash(password), clock.instant(), actor);
    } catch (JdbiException e) {
      created = false;
    }
    if (!created) {
      audit.refused(actor, "staff.user.create", username, "name already taken", source);
      throw new IllegalArgumentException("the user name \"" + username + "\" is already taken");
    }
    audit.ok(actor, "staff.user.create", username, "role " + role.name(), source);
    return password;
  }

  /**
   * Replaces a user's password with a generated one and ends their sessions.
   *
   * @return the new password, to be shown once
   */
  public String resetPassword(String actor, String rawUsername, String source) {
    String username = normalizeUsername(rawUsername);
    String password = passwords.generatePassword();
    if (!store.updatePassword(username, passwords.hash(password), clock.instant())) {
      throw new IllegalArgumentException("no user named \"" + username + "\"");
    }
    throttle.recordSuccess(username);
    audit.ok(actor, "staff.password.reset", username, "password replaced; sessions ended", source);
    return password;
  }

  /**
   * Changes one's own password after checking the current one.
   *
   * @throws LoginRefused if the current password is wrong
   * @throws IllegalArgumentException if the new password is too short
   */
  public void changeOwnPassword(String username, String current, String next, String source)
      throws LoginRefused {
    authenticate(username, current, source);
    if (next == null || next.length() < MIN_PASSWORD_LENGTH) {
      throw new IllegalArgumentException(
          "a password needs at least " + MIN_PASSWORD_LENGTH + " characters");
    }
    store.updatePassword(username, passwords.hash(next), clock.instant());
    audit.ok(
        "staff:" + username, "staff.password.change", username, "own password changed", source);
  }

  /** Disables an account and ends its sessions. */
  public void disable(String actor, String rawUsername, String source) {
    String username = normalizeUsername(rawUsername);
    if (actor.equals("staff:" + username)) {
      throw new IllegalArgumentException("you cannot disable your own account");
    }
    if (!store.setDisabled(username, true)) {
      throw new IllegalArgumentException("no user named \"" + username + "\"");
    }
    audit.ok(actor, "staff.user.disable", username, "account disabled; sessions ended", source);
  }

  /** Every account, by name. */
  public List<StaffAccount> users() {
    return store.listUsers();
  }

  /** An account verified by sign-in. */
  public record Authenticated(String username, Role role) {}

  /**
   * Checks a user name and password.
   *
   * @throws LoginRefused with the same message for an unknown user and a wrong password, or with a
   *     retry time when throttled
   */
  public Authenticated authenticate(String rawUsername, String password, String source)
      throws LoginRefused {
    Instant now = clock.instant();
    String username;
    try {
      username = normalizeUsername(rawUsername);
    } catch (IllegalArgumentException e) {
      username = "";
    }
    List<String> subjects =
        username.isEmpty()
            ? List.of(LoginThrottle.sourceSubject(source))
            : List.of(LoginThrottle.userSubject(username), LoginThrottle.sourceSubject(source));
    Optional<Duration> locked = throttle.lockedFor(subjects, now);
    if (locked.isPresent()) {
      audit.refused(
          "staff:" + (username.isEmpty() ? "?" : username),
          "staff.login",
          username,
          "throttled",
          source);
      long minutes = Math.max(1, (locked.get().toSeconds() + 59) / 60);
      throw new LoginRefused(
          "throttled",
          "too many failed sign-ins; try again in "
              + minutes
              + " minute"
              + (minutes == 1 ? "" : "s"),
          locked);
    }
    Optional<StaffStore.UserRow> user =
        username.isEmpty() ? Optional.empty() : store.findUser(username);
    String hash = user.map(StaffStore.UserRow::passwordHash).orElse(decoyHash);
    boolean matches = passwords.matches(password == null ? "" : password, hash);
    if (user.isEmpty() || !matches || user.get().disabled()) {
      if (!username.isEmpty()) {
        throttle.recordFailure(LoginThrottle.userSubject(username), LoginThrottle.USER_LIMIT, now);
      }
      throttle.recordFailure(LoginThrottle.sourceSubject(source), LoginThrottle.SOURCE_LIMIT, now);
      String why =
          user.isEmpty() ? "unknown user" : !matches ? "wrong password" : "account disabled";
      audit.refused(
          "staff:" + (username.isEmpty() ? "?" : username), "staff.login", username, why, source);
      throw new LoginRefused("bad-credentials", "wrong user name or password", Optional.empty());
    }
    throttle.recordSuccess(username);
    return new Authenticated(username, user.get().role());
  }
}
