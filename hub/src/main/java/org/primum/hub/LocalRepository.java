package org.primum.hub;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.primum.core.files.SecureFiles;
import org.primum.hub.audit.AuditLog;
import org.primum.hub.store.Database;
import org.primum.hub.supplychain.SupplyChain;
import org.primum.hub.updates.ReleaseFixes;
import org.primum.hub.updates.RolloutService;
import org.primum.hub.updates.UpdateRepository;

/**
 * The update repository and supply-chain records of a hub's data directory and database, opened
 * directly on the hub's machine (the {@code primum release}, {@code vuln} and {@code vex}
 * commands), without going through HTTP. Every action is recorded in the audit trail under the
 * given actor, and every publication passes the same release gate as in the running hub.
 */
public final class LocalRepository implements AutoCloseable {
  private final Database database;
  private final UpdateRepository repository;
  private final SupplyChain supplyChain;

  private LocalRepository(Database database, UpdateRepository repository, SupplyChain supplyChain) {
    this.database = database;
    this.repository = repository;
    this.supplyChain = supplyChain;
  }

  /** Opens (and migrates) the hub's database and loads or creates the online keys. */
  public static LocalRepository open(HubConfig config, Clock clock, SecureRandom random)
      throws IOException {
    SecureFiles.ownerOnlyDirectory(config.dataDir());
    Database database = Database.open(config.effectiveJdbcUrl());
    try {
      AuditLog audit = new AuditLog(database.jdbi(), clock);
      SupplyChain supplyChain =
          new SupplyChain(database.jdbi(), audit, clock, census(database.jdbi()));
      UpdateRepository repository =
          UpdateRepository.open(
              database.jdbi(),
              config.dataDir(),
              audit,
              clock,
              random,
              UpdateRepository.Settings.defaults(),
              supplyChain);
      return new LocalRepository(database, repository, supplyChain);
    } catch (IOException | RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /** The enrolled devices with the software they run, for fleet exposure. */
  static Supplier<List<SupplyChain.DeviceSoftware>> census(Jdbi jdbi) {
    return () ->
        RolloutService.census(jdbi).stream()
            .map(
                d ->
                    new SupplyChain.DeviceSoftware(
                        d.serial(), d.site(), d.hardwareId(), d.version()))
            .toList();
  }

  public UpdateRepository repository() {
    return repository;
  }

  public SupplyChain supplyChain() {
    return supplyChain;
  }

  /**
   * What releases fix, from the supply chain only: the advisories (and their signing keys) stay
   * with the running hub, whose release pages list them too.
   */
  public ReleaseFixes fixes() {
    return FixedInRelease.supplyChainOnly(repository, supplyChain);
  }

  @Override
  public void close() {
    database.close();
  }
}
