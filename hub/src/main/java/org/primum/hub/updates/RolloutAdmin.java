package org.primum.hub.updates;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.primum.core.files.SecureFiles;
import org.primum.hub.HubConfig;
import org.primum.hub.audit.AuditLog;
import org.primum.hub.store.Database;

/**
 * Rollout administration on the hub's machine ({@code primum rollout ...}): the hub's database
 * opened directly, every action audited under the operating-system user. Assignments are made by
 * the running hub's {@link RolloutDriver}, which picks up what is recorded here within seconds.
 */
public final class RolloutAdmin implements AutoCloseable {
  /** A release lookup that knows no release (for a hub with no release store). */
  public static final ReleaseLookup NO_RELEASES =
      new ReleaseLookup() {
        @Override
        public Optional<ReleaseSummary> release(long id) {
          return Optional.empty();
        }

        @Override
        public Optional<ReleaseSummary> releaseByVersion(String hardwareId, String version) {
          return Optional.empty();
        }

        @Override
        public List<ReleaseSummary> releases() {
          return List.of();
        }
      };

  private static final String SOURCE = "local";

  private final Database database;
  private final RolloutService rollouts;
  private final String actor;

  private RolloutAdmin(
      HubConfig config,
      Clock clock,
      SecureRandom random,
      String actor,
      Function<Database, ReleaseLookup> releases,
      Function<Database, SiteNotices> notices)
      throws IOException {
    SecureFiles.ownerOnlyDirectory(config.dataDir());
    this.database = Database.open(config.effectiveJdbcUrl());
    try {
      this.rollouts =
          new RolloutService(
              database.jdbi(),
              releases.apply(database),
              new AuditLog(database.jdbi(), clock),
              clock,
              random,
              notices.apply(database));
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    this.actor = Objects.requireNonNull(actor, "actor");
  }

  /**
   * Opens the hub's data; {@code actor} names who acts (e.g. {@code cli:alice}); {@code releases}
   * reads the hub's published releases from its database; {@code notices} is the hub's outbox in
   * that database (webhook rules, delivery states).
   */
  public static RolloutAdmin open(
      HubConfig config,
      Clock clock,
      SecureRandom random,
      String actor,
      Function<Database, ReleaseLookup> releases,
      Function<Database, SiteNotices> notices)
      throws IOException {
    return new RolloutAdmin(config, clock, random, actor, releases, notices);
  }

  public RolloutSummary start(String hardwareId, String version, RolloutPlan plan)
      throws RolloutRefusal {
    return rollouts.start(actor, hardwareId, version, plan, SOURCE);
  }

  public void pause(long id, String reason) throws RolloutRefusal {
    rollouts.pause(actor, id, reason, SOURCE);
  }

  public void resume(long id) throws RolloutRefusal {
    rollouts.resume(actor, id, SOURCE);
  }

  public void abort(long id, String reason) throws RolloutRefusal {
    rollouts.abort(actor, id, reason, SOURCE);
  }

  public void setSite(String serial, String site, Optional<String> hardwareId)
      throws RolloutRefusal {
    rollouts.setSite(actor, serial, site, hardwareId, SOURCE);
  }

  public void setSitePolicy(String site, Optional<RolloutWindow> window, boolean approvalRequired)
      throws RolloutRefusal {
    rollouts.setSitePolicy(actor, site, window, approvalRequired, SOURCE);
  }

  /** Subscribes a contact; a webhook's secret is in the answer, and only there. */
  public RolloutSubscription subscribe(String site, String contact) throws RolloutRefusal {
    return rollouts.subscribe(actor, site, contact, SOURCE);
  }

  public List<RolloutSummary> rollouts() {
    return rollouts.rollouts();
  }

  public Optional<RolloutDetail> rollout(long id) {
    return rollouts.rollout(id);
  }

  @Override
  public void close() {
    database.close();
  }
}
