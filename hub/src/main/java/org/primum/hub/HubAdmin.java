package org.primum.hub;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.primum.core.crypto.PasswordHashes;
import org.primum.core.files.SecureFiles;
import org.primum.hub.audit.AuditLog;
import org.primum.hub.evidence.EvidenceService;
import org.primum.hub.fleet.FleetService;
import org.primum.hub.fleet.HubPki;
import org.primum.hub.staff.StaffService;
import org.primum.hub.store.Database;
import org.primum.hub.web.Role;

/**
 * Administration on the hub's machine without going through HTTP: the hub's own data directory and
 * database, opened directly (the {@code primum enroll-token} and {@code primum user} commands).
 * Every action is recorded in the audit trail under the operating-system user.
 */
public final class HubAdmin implements AutoCloseable {
  private final Database database;
  private final HubPki pki;
  private final FleetService fleet;
  private final StaffService staff;
  private final String actor;

  private HubAdmin(HubConfig config, Clock clock, SecureRandom random, String actor)
      throws IOException {
    SecureFiles.ownerOnlyDirectory(config.dataDir());
    this.pki = HubPki.loadOrCreate(config.dataDir(), config.hostNames(), clock, random);
    this.database = Database.open(config.effectiveJdbcUrl());
    AuditLog audit = new AuditLog(database.jdbi(), clock);
    this.fleet = new FleetService(database.jdbi(), pki, audit, clock, random, config.fleet());
    this.staff =
        new StaffService(
            database.jdbi(), new PasswordHashes(PasswordHashes.DEFAULT_COST, random), audit, clock);
    this.evidence =
        new EvidenceService(
            database.jdbi(),
            EvidenceService.loadOrCreateKey(config.dataDir(), random),
            audit,
            clock,
            config.dataDir());
    this.orders = new org.primum.hub.orders.OrderRelay(database.jdbi(), audit, clock);
    this.actor = actor;
  }

  private final EvidenceService evidence;
  private final org.primum.hub.orders.OrderRelay orders;

  /** Exports an evidence bundle (see {@link org.primum.hub.evidence.EvidenceExports}). */
  public org.primum.hub.evidence.EvidenceExports.Exported exportEvidence(
      String serial, java.util.Optional<String> from, java.util.Optional<String> to, String reason)
      throws IOException {
    return evidence.exports().export(serial, from, to, actor, reason, "local");
  }

  /** Records a hand-over of a bundle (see {@link org.primum.hub.evidence.EvidenceExports}). */
  public org.primum.core.evidence.CustodyRecord handOverEvidence(
      java.nio.file.Path bundle, java.nio.file.Path out, String action, String reason)
      throws IOException, org.primum.core.evidence.BundleRejection {
    return evidence.exports().handOver(bundle, out, action, actor, reason, "local");
  }

  /** Queues an infusion order (HL7 v2) for a pump; returns its id. */
  public long submitOrder(String serial, byte[] message) {
    return orders.submit(serial, message, actor, "local");
  }

  /** An order and the pump's answer so far. */
  public java.util.Optional<org.primum.hub.orders.OrderRelay.OrderView> order(long id) {
    return orders.order(id);
  }

  /** The key that verifies this hub's receipts and custody records. */
  public String evidenceKey() {
    return evidence.receiptKey().text();
  }

  /** Opens the hub's data; {@code actor} names who acts, e.g. {@code cli:alice}. */
  public static HubAdmin open(HubConfig config, Clock clock, SecureRandom random, String actor)
      throws IOException {
    return new HubAdmin(config, clock, random, actor);
  }

  public HubPki pki() {
    return pki;
  }

  public FleetService.IssuedToken createToken(String serial, Duration validity) {
    return fleet.createToken(actor, serial, validity, "local");
  }

  public String createUser(String username, Role role) {
    return staff.createUser(actor, username, role, "local");
  }

  public String resetPassword(String username) {
    return staff.resetPassword(actor, username, "local");
  }

  @Override
  public void close() {
    fleet.close();
    database.close();
  }
}
