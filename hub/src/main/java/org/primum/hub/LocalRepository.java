package org.primum.hub.updates;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import org.primum.core.files.SecureFiles;
import org.primum.hub.HubConfig;
import org.primum.hub.audit.AuditLog;
import org.primum.hub.store.Database;

/**
 * The update repository of a hub's data directory and database, opened directly on the hub's
 * machine (the {@code primum release} commands), without going through HTTP. Every action is
 * recorded in the audit trail under the given actor.
 */
public final class LocalRepository implements AutoCloseable {
  private final Database database;
  private final UpdateRepository repository;

  private LocalRepository(Database database, UpdateRepository repository) {
    this.database = database;
    this.repository = repository;
  }

  /** Opens (and migrates) the hub's database and loads or creates the online keys. */
  public static LocalRepository open(HubConfig config, Clock clock, SecureRandom random)
      throws IOException {
    SecureFiles.ownerOnlyDirectory(config.dataDir());
    Database database = Database.open(config.effectiveJdbcUrl());
    try {
      UpdateRepository repository =
          UpdateRepository.open(
              database.jdbi(),
              config.dataDir(),
              new AuditLog(database.jdbi(), clock),
              clock,
              random,
              UpdateRepository.Settings.defaults());
      return new LocalRepository(database, repository);
    } catch (IOException | RuntimeException e) {
      database.close();
      throw e;
    }
  }

  public UpdateRepository repository() {
    return repository;
  }

  @Override
  public void close() {
    database.close();
  }
}
