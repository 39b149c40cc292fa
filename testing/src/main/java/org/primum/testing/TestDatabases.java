package org.primum.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Databases for store tests: a fresh SQLite file, or a fresh schema in the PostgreSQL named by
 * {@code PRIMUM_TEST_POSTGRES} (default {@value #DEFAULT_POSTGRES}).
 *
 * <p>When {@code PRIMUM_REQUIRE_POSTGRES=true} (CI sets it), an unreachable PostgreSQL is an error
 * rather than a skipped test.
 */
public final class TestDatabases {
  public static final String DEFAULT_POSTGRES =
      "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  private static volatile Boolean postgresReachable;

  private TestDatabases() {}

  /** A JDBC URL for a new SQLite database inside {@code dir}. */
  public static String sqlite(Path dir) {
    return "jdbc:sqlite:" + dir.resolve("test-" + randomSuffix() + ".db").toAbsolutePath();
  }

  /** Whether PostgreSQL tests must run (and fail when PostgreSQL is down). */
  public static boolean postgresRequired() {
    return "true".equalsIgnoreCase(System.getenv("PRIMUM_REQUIRE_POSTGRES"));
  }

  /** The base PostgreSQL URL, if PostgreSQL answers there. */
  public static Optional<String> postgresBase() {
    String url =
        Optional.ofNullable(System.getenv("PRIMUM_TEST_POSTGRES")).orElse(DEFAULT_POSTGRES);
    if (postgresReachable == null) {
      try (Connection ignored = DriverManager.getConnection(url)) {
        postgresReachable = true;
      } catch (SQLException e) {
        if (postgresRequired()) {
          throw new IllegalStateException(
              "PRIMUM_REQUIRE_POSTGRES is set but PostgreSQL is unreachable at " + url, e);
        }
        postgresReachable = false;
      }
    }
    return postgresReachable ? Optional.of(url) : Optional.empty();
  }

  /**
   * Creates an empty schema and returns a URL whose connections use it; {@link #dropPostgres}
   * removes it.
   */
  public static String freshPostgres() {
    String base =
        postgresBase().orElseThrow(() -> new IllegalStateException("PostgreSQL is unreachable"));
    String schema = "t_" + randomSuffix();
    try (Connection connection = DriverManager.getConnection(base);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create schema " + schema, e);
    }
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** Drops the schema named in a URL made by {@link #freshPostgres}. */
  public static void dropPostgres(String url) {
    int at = url.indexOf("currentSchema=");
    if (at < 0) {
      return;
    }
    String schema = url.substring(at + "currentSchema=".length());
    try (Connection connection = DriverManager.getConnection(postgresBase().orElseThrow());
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop schema " + schema, e);
    }
  }

  private static String randomSuffix() {
    return Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36)
        .toLowerCase(Locale.ROOT);
  }
}
