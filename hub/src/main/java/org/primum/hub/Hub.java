package org.primum.hub;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.primum.core.crypto.PasswordHashes;
import org.primum.core.files.SecureFiles;
import org.primum.core.json.Json;
import org.primum.hub.advisories.AdvisoryKeys;
import org.primum.hub.advisories.AdvisoryManagePages;
import org.primum.hub.advisories.AdvisoryNotifications;
import org.primum.hub.advisories.AdvisoryPages;
import org.primum.hub.advisories.AdvisoryService;
import org.primum.hub.advisories.DeliveryWorker;
import org.primum.hub.advisories.Outbox;
import org.primum.hub.advisories.ProviderDirectory;
import org.primum.hub.advisories.ProviderRoutes;
import org.primum.hub.advisories.csaf.CsafValidator;
import org.primum.hub.audit.AuditLog;
import org.primum.hub.audit.AuditRoutes;
import org.primum.hub.disclosure.DisclosurePages;
import org.primum.hub.disclosure.DisclosureRoutes;
import org.primum.hub.disclosure.DisclosureService;
import org.primum.hub.disclosure.DisclosureSettings;
import org.primum.hub.disclosure.Products;
import org.primum.hub.disclosure.ResearcherPages;
import org.primum.hub.evidence.EvidenceRoutes;
import org.primum.hub.evidence.EvidenceService;
import org.primum.hub.fleet.EstRoutes;
import org.primum.hub.fleet.FleetApiRoutes;
import org.primum.hub.fleet.FleetPages;
import org.primum.hub.fleet.FleetService;
import org.primum.hub.fleet.HubPki;
import org.primum.hub.orders.OrderRelay;
import org.primum.hub.orders.OrderRoutes;
import org.primum.hub.staff.SessionService;
import org.primum.hub.staff.StaffRoutes;
import org.primum.hub.staff.StaffService;
import org.primum.hub.store.Database;
import org.primum.hub.supplychain.SupplyChain;
import org.primum.hub.supplychain.SupplyChainPages;
import org.primum.hub.updates.RolloutDriver;
import org.primum.hub.updates.RolloutPages;
import org.primum.hub.updates.RolloutRoutes;
import org.primum.hub.updates.RolloutService;
import org.primum.hub.updates.UpdateRepository;
import org.primum.hub.updates.UpdateRoutes;
import org.primum.hub.web.Access;
import org.primum.hub.web.Assets;
import org.primum.hub.web.HubServer;
import org.primum.hub.web.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running hub: database, keys, services and the HTTPS server, wired by hand in one place.
 *
 * <p>All fleet state lives in the database (and keys in the data directory), so hub processes can
 * be stopped, restarted, or run side by side against one PostgreSQL.
 */
public final class Hub implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Hub.class);

  private final HubConfig config;
  private final Database database;
  private final HubPki pki;
  private final AuditLog audit;
  private final StaffService staff;
  private final SessionService sessions;
  private final FleetService fleet;
  private final EvidenceService evidence;
  private final OrderRelay orders;
  private final UpdateRepository updates;
  private final SupplyChain supplyChain;
  private final RolloutService rollouts;
  private final RolloutDriver rolloutDriver;
  private final DisclosureService disclosures;
  private final AdvisoryService advisories;
  private final AdvisoryNotifications advisoryNotifications;
  private final Outbox outbox;
  private final DeliveryWorker advisoryDeliveries;
  private final HubServer server;
  private final ScheduledExecutorService housekeeping;
  private final ScheduledExecutorService notifier;
  private final Optional<String> firstAdminPassword;

  private Hub(HubConfig config, Clock clock, SecureRandom random) throws IOException {
    this.config = config;
    SecureFiles.ownerOnlyDirectory(config.dataDir());
    this.pki = HubPki.loadOrCreate(config.dataDir(), config.hostNames(), clock, random);
    this.database = Database.open(config.effectiveJdbcUrl());
    try {
      this.audit = new AuditLog(database.jdbi(), clock);
      this.staff =
          new StaffService(
              database.jdbi(),
              new PasswordHashes(PasswordHashes.DEFAULT_COST, random),
              audit,
              clock);
      this.sessions = new SessionService(staff, random, clock);
      this.fleet = new FleetService(database.jdbi(), pki, audit, clock, random, config.fleet());
      this.evidence =
          new EvidenceService(
              database.jdbi(),
              EvidenceService.loadOrCreateKey(config.dataDir(), random),
              audit,
              clock,
              config.dataDir());
      this.firstAdminPassword = staff.ensureFirstAdministrator();
      List<Route> routes = new ArrayList<>();
      routes.add(Route.get("/healthz", Access.anyone(), ctx -> health(ctx)));
      routes.addAll(Assets.routes());
      routes.addAll(new StaffRoutes(staff, sessions).routes());
      routes.addAll(new EstRoutes(fleet).routes());
      routes.addAll(new FleetApiRoutes(fleet, clock, evidence::summaries).routes());
      routes.addAll(new FleetPages(fleet, this::publicUrl, evidence::summaries).routes());
      routes.addAll(new EvidenceRoutes(evidence).routes());
      this.orders = new OrderRelay(database.jdbi(), audit, clock);
      routes.addAll(new OrderRoutes(orders).routes());
      routes.addAll(new AuditRoutes(audit).routes());
      this.supplyChain =
          new SupplyChain(database.jdbi(), audit, clock, LocalRepository.census(database.jdbi()));
      this.updates =
          UpdateRepository.open(
              database.jdbi(),
              config.dataDir(),
              audit,
              clock,
              random,
              UpdateRepository.Settings.defaults(),
              supplyChain);
      // One outbox for everything the hub tells people (advisories, rollouts, disclosure), drained
      // by one delivery worker with retries and a delivery log.
      this.advisoryNotifications =
          new AdvisoryNotifications(database.jdbi(), config.notifications(), audit, clock, random);
      this.outbox = advisoryNotifications.outbox();
      this.advisoryDeliveries = outbox.worker();
      RolloutNotices rolloutNotices = new RolloutNotices(outbox, this::publicUrl);
      this.rollouts =
          new RolloutService(database.jdbi(), updates, audit, clock, random, rolloutNotices);
      this.rolloutDriver =
          new RolloutDriver(
              database.jdbi(), updates.director(), updates, audit, clock, rolloutNotices);
      routes.addAll(new RolloutRoutes(rollouts).routes());
      routes.addAll(new RolloutPages(rollouts).routes());
      routes.addAll(new SupplyChainPages(supplyChain, this::publicUrl).routes());
      // Vulnerability disclosure: security.txt, the anonymous intake, the finder's and the team's
      // views. A report names a product version among the published releases.
      this.disclosures =
          DisclosureService.open(
              database.jdbi(),
              config.dataDir(),
              Products.released(database.jdbi()),
              audit,
              clock,
              random,
              disclosureSettings(config, this::publicUrl),
              new ResearcherMail(outbox));
      routes.addAll(new ResearcherPages(disclosures).routes());
      routes.addAll(new DisclosureRoutes(disclosures).routes());
      routes.addAll(new DisclosurePages(disclosures).routes());
      // Advisories: CSAF 2.0 trusted provider, staff pages, subscriber notifications (issue 6).
      // Their notifications go through the outbox made above.
      AdvisoryKeys advisoryKeys =
          AdvisoryKeys.loadOrCreate(
              config.dataDir(), config.advisories().publisherName() + " (CSAF)", clock, random);
      this.advisories =
          new AdvisoryService(
              database.jdbi(),
              CsafValidator.create(),
              advisoryKeys,
              audit,
              clock,
              this::publicUrl,
              config.advisories());
      ProviderDirectory csafDirectory = new ProviderDirectory(advisories, advisoryKeys);
      routes.addAll(new ProviderRoutes(csafDirectory).routes());
      // staff routes first: /advisories/manage would otherwise match /advisories/{id}
      routes.addAll(new AdvisoryManagePages(advisories, advisoryNotifications).routes());
      routes.addAll(new AdvisoryPages(advisories, csafDirectory).routes());
      routes.addAll(new CaseAdvisories(disclosures, advisories, this::publicUrl).routes());
      // Release pages say what each release fixes, from the advisories and the supply chain
      // (derived when shown; the signed notes stay as published).
      routes.addAll(
          new UpdateRoutes(updates, clock, new FixedInRelease(updates, advisories, supplyChain))
              .routes());
      this.server =
          new HubServer(
              new HubServer.Settings(config.bindHost(), config.port(), pki.serverContext(random)),
              routes,
              sessions,
              fleet,
              random);
      this.housekeeping =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "primum-hub-housekeeping");
                t.setDaemon(true);
                return t;
              });
      this.notifier =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "primum-hub-notifications");
                t.setDaemon(true);
                return t;
              });
    } catch (IOException | RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /**
   * Opens the database and keys (creating them on first start) and starts serving.
   *
   * @throws IOException if the data directory or key files cannot be used
   */
  public static Hub start(HubConfig config, Clock clock, SecureRandom random) throws IOException {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(random, "random");
    Hub hub = new Hub(config, clock, random);
    try {
      hub.server.start();
    } catch (RuntimeException e) {
      hub.database.close();
      throw e;
    }
    hub.housekeeping.scheduleWithFixedDelay(hub::houseKeep, 1, 60, TimeUnit.MINUTES);
    // TUF timestamps live a day by default; re-signed when half their lifetime has passed.
    hub.housekeeping.scheduleWithFixedDelay(hub::refreshUpdates, 0, 5, TimeUnit.MINUTES);
    // Rollouts: open and judge waves, assign and withdraw, every few seconds.
    hub.housekeeping.scheduleWithFixedDelay(hub.rolloutDriver::tick, 2, 2, TimeUnit.SECONDS);
    // Notifications (advisories, rollouts, disclosure): drain the outbox on its own thread, so a
    // slow receiver never holds up rollouts.
    hub.notifier.scheduleWithFixedDelay(hub::deliverNotifications, 5, 5, TimeUnit.SECONDS);
    LOG.atInfo()
        .addKeyValue("url", hub.publicUrl())
        .addKeyValue("database", Database.vendorOf(config.effectiveJdbcUrl()).name())
        .log("hub started");
    if (config.notifications().smtp().isEmpty()) {
      // Mail is still queued, tried and logged, so nothing is dropped silently
      // (docs/advisories.md).
      LOG.warn(
          "no SMTP server configured (primum hub --smtp): e-mail to advisory and rollout"
              + " subscribers and to finders fails, and is recorded as failed in the delivery log");
    }
    return hub;
  }

  private void houseKeep() {
    try {
      sessions.deleteExpired();
      fleet.pruneReports();
      disclosures.houseKeep();
    } catch (RuntimeException e) {
      LOG.warn("housekeeping failed; will retry", e);
    }
  }

  private void refreshUpdates() {
    try {
      updates.refreshExpiring();
    } catch (RuntimeException e) {
      LOG.warn("re-signing update metadata failed; will retry", e);
    }
  }

  private void deliverNotifications() {
    try {
      advisoryDeliveries.tick();
    } catch (RuntimeException e) {
      LOG.warn("delivering notifications failed; will retry", e);
    }
  }

  private void health(io.javalin.http.Context ctx) {
    boolean db = database.isHealthy();
    ctx.status(db ? 200 : 503)
        .contentType("application/json")
        .result(
            Json.write(
                Map.of("status", db ? "ok" : "degraded", "database", db ? "ok" : "unreachable")));
  }

  private String publicUrlFor(int port) {
    return config.publicUrl().orElse("https://localhost:" + port);
  }

  /** The URL users and devices reach this hub at. */
  public String publicUrl() {
    return publicUrlFor(server.port());
  }

  public int port() {
    return server.port();
  }

  public HubPki pki() {
    return pki;
  }

  public FleetService fleet() {
    return fleet;
  }

  /** The relay of infusion orders to pumps. */
  public OrderRelay orders() {
    return orders;
  }

  /** Staged rollouts of releases to the fleet. */
  public RolloutService rollouts() {
    return rollouts;
  }

  /** What moves rollouts along (the hub runs it every few seconds; tests may call it directly). */
  public RolloutDriver rolloutDriver() {
    return rolloutDriver;
  }

  /** The TUF image repository, its releases and the director. */
  public UpdateRepository updates() {
    return updates;
  }

  public SupplyChain supplyChain() {
    return supplyChain;
  }

  /**
   * Disclosure settings: the defaults, with the operator's security contact (the advisories'
   * contact details, set by {@code primum hub --security-contact}) as security.txt's Contact.
   */
  static DisclosureSettings disclosureSettings(
      HubConfig config, java.util.function.Supplier<String> publicUrl) {
    DisclosureSettings d = DisclosureSettings.defaults(publicUrl).withLimits(config.intake());
    return config
        .advisories()
        .contactDetails()
        .filter(contact -> contact.contains("@") && !contact.contains(" "))
        .map(
            contact ->
                new DisclosureSettings(
                    contact, d.publicUrl(), d.languages(), d.expiresAfter(), d.sla(), d.limits()))
        .orElse(d);
  }

  /** Vulnerability disclosure cases. */
  public DisclosureService disclosures() {
    return disclosures;
  }

  /** Security advisories: drafts, CSAF publication, the provider directory's content. */
  public AdvisoryService advisories() {
    return advisories;
  }

  /** Advisory subscribers, the notification outbox and the delivery log. */
  public AdvisoryNotifications advisoryNotifications() {
    return advisoryNotifications;
  }

  /**
   * What sends the outbox (advisory, rollout and disclosure notices; the hub ticks it every few
   * seconds; tests may too).
   */
  public DeliveryWorker advisoryDeliveries() {
    return advisoryDeliveries;
  }

  /** The hub's outbox: every notice queued by e-mail or webhook, and where it stands. */
  public Outbox outbox() {
    return outbox;
  }

  public EvidenceService evidence() {
    return evidence;
  }

  public StaffService staff() {
    return staff;
  }

  public AuditLog audit() {
    return audit;
  }

  public Database database() {
    return database;
  }

  /** The complete route table (for tests and documentation). */
  public List<Route> routes() {
    return server.routes();
  }

  /** The first administrator's password, if this start created the account. Shown once. */
  public Optional<String> firstAdminPassword() {
    return firstAdminPassword;
  }

  @Override
  public void close() {
    housekeeping.shutdownNow();
    notifier.shutdownNow();
    try {
      server.close();
    } finally {
      fleet.close();
      evidence.close();
      database.close();
    }
  }
}
