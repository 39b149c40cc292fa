package org.primum.hub.staff;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.primum.hub.web.Role;

/** Tables of staff accounts, sessions and login failures. */
final class StaffStore {
  private final Jdbi jdbi;

  StaffStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  record UserRow(String username, Role role, String passwordHash, boolean disabled) {}

  record SessionRow(
      String tokenHash,
      String username,
      Role role,
      boolean disabled,
      String csrfToken,
      long createdAt,
      long lastSeenAt,
      long expiresAt) {}

  record FailureRow(String subject, int failures, long windowStart, long lockedUntil) {}

  /** Inserts a user; false if the name is taken. */
  boolean insertUser(String username, Role role, String hash, Instant at, String createdBy) {
    return jdbi.inTransaction(
        h -> {
          if (findUser(h, username).isPresent()) {
            return false;
          }
          insert(h, username, role, hash, at, createdBy);
          return true;
        });
  }

  /** Inserts the first user only if there is no user at all (safe against concurrent hubs). */
  boolean insertFirstUser(String username, Role role, String hash, Instant at) {
    return jdbi.inTransaction(
        h -> {
          int count = h.createQuery("SELECT COUNT(*) FROM staff_users").mapTo(Integer.class).one();
          if (count > 0) {
            return false;
          }
          insert(h, username, role, hash, at, "hub");
          return true;
        });
  }

  private static void insert(
      Handle h, String username, Role role, String hash, Instant at, String createdBy) {
    h.createUpdate(
            "INSERT INTO staff_users (username, role, password_hash, created_at, created_by,"
                + " disabled, password_set_at) VALUES (:u, :r, :h, :at, :by, 0, :at)")
        .bind("u", username)
        .bind("r", role.name())
        .bind("h", hash)
        .bind("at", at.toEpochMilli())
        .bind("by", createdBy)
        .execute();
  }

  Optional<UserRow> findUser(String username) {
    return jdbi.withHandle(h -> findUser(h, username));
  }

  private static Optional<UserRow> findUser(Handle h, String username) {
    return h.createQuery(
            "SELECT username, role, password_hash, disabled FROM staff_users WHERE username = :u")
        .bind("u", username)
        .map(
            (rs, ctx) ->
                new UserRow(
                    rs.getString("username"),
                    Role.valueOf(rs.getString("role")),
                    rs.getString("password_hash"),
                    rs.getInt("disabled") != 0))
        .findOne();
  }

  List<StaffAccount> listUsers() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT username, role, created_at, created_by, disabled FROM staff_users"
                        + " ORDER BY username")
                .map(
                    (rs, ctx) ->
                        new StaffAccount(
                            rs.getString("username"),
                            Role.valueOf(rs.getString("role")),
                            Instant.ofEpochMilli(rs.getLong("created_at")),
                            rs.getString("created_by"),
                            rs.getInt("disabled") != 0))
                .list());
  }

  /** Sets a new password hash and ends every session of the user; false if no such user. */
  boolean updatePassword(String username, String hash, Instant at) {
    return jdbi.inTransaction(
        h -> {
          int updated =
              h.createUpdate(
                      "UPDATE staff_users SET password_hash = :h, password_set_at = :at"
                          + " WHERE username = :u")
                  .bind("h", hash)
                  .bind("at", at.toEpochMilli())
                  .bind("u", username)
                  .execute();
          h.createUpdate("DELETE FROM staff_sessions WHERE username = :u")
              .bind("u", username)
              .execute();
          return updated == 1;
        });
  }

  /** Disables or enables a user, ending their sessions; false if no such user. */
  boolean setDisabled(String username, boolean disabled) {
    return jdbi.inTransaction(
        h -> {
          int updated =
              h.createUpdate("UPDATE staff_users SET disabled = :d WHERE username = :u")
                  .bind("d", disabled ? 1 : 0)
                  .bind("u", username)
                  .execute();
          h.createUpdate("DELETE FROM staff_sessions WHERE username = :u")
              .bind("u", username)
              .execute();
          return updated == 1;
        });
  }

  void insertSession(
      String tokenHash, String username, String csrf, Instant now, Instant expires, String source) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO staff_sessions (token_hash, username, csrf_token, created_at,"
                        + " last_seen_at, expires_at, source) VALUES (:t, :u, :c, :now, :now, :exp,"
                        + " :src)")
                .bind("t", tokenHash)
                .bind("u", username)
                .bind("c", csrf)
                .bind("now", now.toEpochMilli())
                .bind("exp", expires.toEpochMilli())
                .bind("src", source)
                .execute());
  }

  Optional<SessionRow> findSession(String tokenHash) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT s.token_hash, s.username, u.role, u.disabled, s.csrf_token, s.created_at,"
                        + " s.last_seen_at, s.expires_at FROM staff_sessions s JOIN staff_users u ON"
                        + " u.username = s.username WHERE s.token_hash = :t")
                .bind("t", tokenHash)
                .map(
                    (rs, ctx) ->
                        new SessionRow(
                            rs.getString("token_hash"),
                            rs.getString("username"),
                            Role.valueOf(rs.getString("role")),
                            rs.getInt("disabled") != 0,
                            rs.getString("csrf_token"),
                            rs.getLong("created_at"),
                            rs.getLong("last_seen_at"),
                            rs.getLong("expires_at")))
                .findOne());
  }

  void touchSession(String tokenHash, Instant now, Instant expires) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE staff_sessions SET last_seen_at = :now, expires_at = :exp"
                        + " WHERE token_hash = :t")
                .bind("now", now.toEpochMilli())
                .bind("exp", expires.toEpochMilli())
                .bind("t", tokenHash)
                .execute());
  }

  void deleteSession(String tokenHash) {
    jdbi.useHandle(
        h ->
            h.createUpdate("DELETE FROM staff_sessions WHERE token_hash = :t")
                .bind("t", tokenHash)
                .execute());
  }

  void deleteExpiredSessions(Instant now) {
    jdbi.useHandle(
        h ->
            h.createUpdate("DELETE FROM staff_sessions WHERE expires_at < :now")
                .bind("now", now.toEpochMilli())
                .execute());
  }

  Optional<FailureRow> failures(String subject) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT subject, failures, window_start, locked_until FROM login_failures"
                        + " WHERE subject = :s")
                .bind("s", subject)
                .map(
                    (rs, ctx) ->
                        new FailureRow(
                            rs.getString("subject"),
                            rs.getInt("failures"),
                            rs.getLong("window_start"),
                            rs.getLong("locked_until")))
                .findOne());
  }

  void saveFailures(FailureRow row) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO login_failures (subject, failures, window_start, locked_until)"
                        + " VALUES (:s, :f, :w, :l) ON CONFLICT (subject) DO UPDATE SET failures ="
                        + " :f, window_start = :w, locked_until = :l")
                .bind("s", row.subject())
                .bind("f", row.failures())
                .bind("w", row.windowStart())
                .bind("l", row.lockedUntil())
                .execute());
  }

  void clearFailures(String subject) {
    jdbi.useHandle(
        h ->
            h.createUpdate("DELETE FROM login_failures WHERE subject = :s")
                .bind("s", subject)
                .execute());
  }
}
