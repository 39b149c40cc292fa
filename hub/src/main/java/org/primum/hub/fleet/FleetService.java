package org.primum.hub.fleet;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.primum.core.crypto.CertificateRequests;
import org.primum.core.crypto.Certificates;
import org.primum.core.crypto.EcVerifier;
import org.primum.core.crypto.Hashes;
import org.primum.core.crypto.Pem;
import org.primum.core.formats.EnrollmentTokens;
import org.primum.core.formats.Serials;
import org.primum.core.formats.StatusReport;
import org.primum.core.formats.StatusReports;
import org.primum.hub.audit.AuditLog;
import org.primum.hub.web.Authenticators;
import org.primum.hub.web.HttpProblem;
import org.primum.hub.web.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet: one-time enrollment tokens, certificate issuance (EST), device authentication on every
 * call, revocation, and signed status reports.
 *
 * <p>Security guarantees: a token is bound to one serial, usable once, and expires; a certificate
 * is issued only for the token's serial and a P-256 key the device proved it holds; every device
 * call is checked against the database (certificate and device status), so revocation is effective
 * at the next call on every hub replica; a report is accepted only if signed by the calling
 * device's certificate key, naming that device, with a sequence number above the last one accepted.
 */
public final class FleetService implements Authenticators.DeviceAuthenticator, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FleetService.class);
  private static final Duration BACKDATE = Duration.ofMinutes(5);

  /** Fleet settings. */
  public record Settings(
      Duration deviceCertificateValidity,
      Duration defaultTokenValidity,
      Duration silenceLimit,
      Duration reportRetention) {
    public Settings {
      Objects.requireNonNull(deviceCertificateValidity, "deviceCertificateValidity");
      Objects.requireNonNull(defaultTokenValidity, "defaultTokenValidity");
      Objects.requireNonNull(silenceLimit, "silenceLimit");
      Objects.requireNonNull(reportRetention, "reportRetention");
    }

    public static Settings defaults() {
      return new Settings(
          Duration.ofDays(30), Duration.ofHours(24), Duration.ofSeconds(30), Duration.ofDays(14));
    }
  }

  /** A freshly created enrollment token (its secret is shown once). */
  public record IssuedToken(EnrollmentTokens.Token token, Instant expiresAt) {}

  /** An enrollment token as listed (never its secret). */
  public record TokenView(
      String serial, Instant createdAt, String createdBy, Instant expiresAt, String state) {}

  /** A device's page: the device, its certificates and recent reports. */
  public record DeviceDetail(
      DeviceView device, List<CertificateView> certificates, List<ReportView> reports) {}

  public record CertificateView(
      String fingerprint,
      String serialNumber,
      Instant notBefore,
      Instant notAfter,
      String status) {}

  public record ReportView(
      long sequence,
      Instant receivedAt,
      String deviceTime,
      String operatingState,
      String connectivity,
      Optional<String> alarmPriority,
      Optional<String> alarmCode) {}

  private static final int MAX_CACHED_VERIFIERS = 100_000;

  private final FleetStore store;
  private final java.util.concurrent.ConcurrentMap<String, EcVerifier> verifiers =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final HubPki pki;
  private final AuditLog audit;
  private final Clock clock;
  private final SecureRandom random;
  private final Settings settings;

  public FleetService(
      org.jdbi.v3.core.Jdbi jdbi,
      HubPki pki,
      AuditLog audit,
      Clock clock,
      SecureRandom random,
      Settings settings) {
    this.store = new FleetStore(jdbi);
    this.pki = Objects.requireNonNull(pki, "pki");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public Settings settings() {
    return settings;
  }

  /** Stops the report writer after it has committed what is queued. */
  @Override
  public void close() {
    store.close();
  }

  public HubPki pki() {
    return pki;
  }

  // ---------------------------------------------------------------- enrollment tokens

  /**
   * Creates a one-time enrollment token for {@code serial}.
   *
   * @throws IllegalArgumentException for a malformed serial or a validity outside 1 minute–30 days
   */
  public IssuedToken createToken(String actor, String serial, Duration validity, String source) {
    Serials.require(serial);
    if (validity.compareTo(Duration.ofMinutes(1)) < 0
        || validity.compareTo(Duration.ofDays(30)) > 0) {
      throw new IllegalArgumentException("a token's validity must be between 1 minute and 30 days");
    }
    EnrollmentTokens.Token token = EnrollmentTokens.generate(serial, random);
    Instant now = clock.instant();
    Instant expires = now.plus(validity);
    byte[] id = new byte[8];
    random.nextBytes(id);
    store.insertToken(
        HexFormat.of().formatHex(id), serial, secretHash(token.secret()), now, actor, expires);
    audit.ok(actor, "fleet.token.create", serial, "valid until " + expires, source);
    return new IssuedToken(token, expires);
  }

  /** Recent tokens, newest first. */
  public List<TokenView> tokens() {
    Instant now = clock.instant();
    return store.tokens(200).stream()
        .map(
            t ->
                new TokenView(
                    t.serial(),
                    t.createdAt(),
                    t.createdBy(),
                    t.expiresAt(),
                    t.usedAt().isPresent()
                        ? "used"
                        : t.expiresAt().isAfter(now) ? "pending" : "expired"))
        .toList();
  }

  // ---------------------------------------------------------------- EST

  /**
   * RFC 7030 §4.2.1 simpleenroll with HTTP Basic credentials {@code serial:secret}.
   *
   * @return the issued certificate
   * @throws FleetRefusal naming why: unknown, used or expired token, another serial, bad CSR
   */
  public X509Certificate enroll(
      String claimedSerial, String secret, String csrBase64, String source) throws FleetRefusal {
    String actor = "device:" + (Serials.isValid(claimedSerial) ? claimedSerial : "?");
    try {
      if (!Serials.isValid(claimedSerial) || secret == null || secret.isEmpty()) {
        throw new FleetRefusal(
            FleetRefusal.Kind.UNAUTHENTICATED,
            "token-missing",
            "enrollment needs HTTP Basic credentials <serial>:<token secret>");
      }
      CertificateRequests.ValidatedRequest request = parseCsr(csrBase64, claimedSerial);
      Instant now = clock.instant();
      String hash = secretHash(secret);
      X509Certificate certificate =
          store
              .jdbi()
              .<X509Certificate, FleetRefusal>inTransaction(
                  h -> {
                    FleetStore.TokenLookup token =
                        FleetStore.findToken(h, hash)
                            .orElseThrow(
                                () ->
                                    new FleetRefusal(
                                        FleetRefusal.Kind.UNAUTHENTICATED,
                                        "token-unknown",
                                        "unknown enrollment token"));
                    checkToken(token, claimedSerial, now);
                    // Issue only after the token checked out: no CA signatures for strangers.
                    X509Certificate issued = issue(claimedSerial, request, now);
                    String fingerprint = Certificates.fingerprint(issued);
                    if (!FleetStore.consumeToken(h, token.id(), now, fingerprint)) {
                      throw new FleetRefusal(
                          FleetRefusal.Kind.FORBIDDEN,
                          "token-used",
                          "this enrollment token was already used");
                    }
                    FleetStore.upsertEnrolledDevice(h, claimedSerial, now);
                    FleetStore.insertCertificate(h, row(claimedSerial, issued, now));
                    return issued;
                  });
      String fingerprint = Certificates.fingerprint(certificate);
      audit.ok(actor, "fleet.enroll", claimedSerial, "certificate sha256:" + fingerprint, source);
      return certificate;
    } catch (FleetRefusal refusal) {
      audit.refused(
          actor, "fleet.enroll", String.valueOf(claimedSerial), refusal.getMessage(), source);
      throw refusal;
    }
  }

  private static void checkToken(FleetStore.TokenLookup token, String claimedSerial, Instant now)
      throws FleetRefusal {
    if (!token.serial().equals(claimedSerial)) {
      throw new FleetRefusal(
          FleetRefusal.Kind.FORBIDDEN,
          "token-wrong-serial",
          "this enrollment token is bound to another serial number");
    }
    if (token.usedAt().isPresent()) {
      throw new FleetRefusal(
          FleetRefusal.Kind.FORBIDDEN,
          "token-used",
          "this enrollment token was already used at "
              + token.usedAt().get()
              + "; ask an administrator for a new one");
    }
    if (!now.isBefore(token.expiresAt())) {
      throw new FleetRefusal(
          FleetRefusal.Kind.FORBIDDEN,
          "token-expired",
          "this enrollment token expired at "
              + token.expiresAt()
              + "; ask an administrator for a new one");
    }
  }

  /**
   * RFC 7030 §4.2.2 simplereenroll: a new certificate for the calling device, which proved itself
   * with its current certificate.
   */
  public X509Certificate reenroll(Principal.Device device, String csrBase64, String source)
      throws FleetRefusal {
    CertificateRequests.ValidatedRequest request;
    try {
      request = parseCsr(csrBase64, device.serial());
    } catch (FleetRefusal refusal) {
      audit.refused(
          device.auditName(), "fleet.reenroll", device.serial(), refusal.getMessage(), source);
      throw refusal;
    }
    Instant now = clock.instant();
    X509Certificate certificate = issue(device.serial(), request, now);
    store
        .jdbi()
        .useTransaction(
            h -> FleetStore.insertCertificate(h, row(device.serial(), certificate, now)));
    audit.ok(
        device.auditName(),
        "fleet.reenroll",
        device.serial(),
        "certificate sha256:" + Certificates.fingerprint(certificate),
        source);
    return certificate;
  }

  private CertificateRequests.ValidatedRequest parseCsr(String csrBase64, String serial)
      throws FleetRefusal {
    CertificateRequests.ValidatedRequest request;
    try {
      request = CertificateRequests.parse(csrBase64);
    } catch (CertificateRequests.CsrRejection e) {
      throw new FleetRefusal(FleetRefusal.Kind.BAD_INPUT, e.code(), e.getMessage());
    }
    if (!request.commonName().equals(serial)) {
      throw new FleetRefusal(
          FleetRefusal.Kind.BAD_INPUT,
          "csr-subject",
          "the request's subject CN must be the serial "
              + serial
              + ", found \""
              + org.primum.core.formats.Texts.printable(request.commonName(), 64)
              + "\"");
    }
    return request;
  }

  private X509Certificate issue(
      String serial, CertificateRequests.ValidatedRequest request, Instant now) {
    return pki.ca()
        .issueClient(
            serial,
            request.publicKey(),
            now.minus(BACKDATE),
            now.plus(settings.deviceCertificateValidity()));
  }

  private static FleetStore.CertificateRow row(
      String serial, X509Certificate certificate, Instant now) {
    return new FleetStore.CertificateRow(
        Certificates.fingerprint(certificate),
        serial,
        Certificates.serialHex(certificate),
        certificate.getNotBefore().toInstant(),
        certificate.getNotAfter().toInstant(),
        now,
        "ACTIVE",
        Optional.empty(),
        Pem.certificate(certificate));
  }

  // ---------------------------------------------------------------- device authentication

  @Override
  public Principal.Device authenticate(X509Certificate certificate) {
    String fingerprint = Certificates.fingerprint(certificate);
    FleetStore.CertificateAuth auth =
        store
            .certificateAuth(fingerprint)
            .orElseThrow(
                () ->
                    HttpProblem.forbidden(
                        "device-unknown", "this device certificate is not known to the hub"));
    if (!"ACTIVE".equals(auth.deviceStatus())) {
      throw HttpProblem.forbidden("device-revoked", "this device has been revoked");
    }
    if (!"ACTIVE".equals(auth.certificateStatus())) {
      throw HttpProblem.forbidden(
          "certificate-" + auth.certificateStatus().toLowerCase(java.util.Locale.ROOT),
          "this certificate is no longer valid for the device ("
              + auth.certificateStatus().toLowerCase(java.util.Locale.ROOT)
              + ")");
    }
    if (!auth.deviceSerial().equals(Certificates.subjectCommonName(certificate))) {
      throw HttpProblem.forbidden(
          "certificate-mismatch", "certificate subject and record disagree");
    }
    if (auth.firstUsedAt().isEmpty()) {
      store.markFirstUse(fingerprint, auth.deviceSerial(), auth.issuedAt(), clock.instant());
    }
    return new Principal.Device(auth.deviceSerial(), fingerprint, certificate);
  }

  // ---------------------------------------------------------------- revocation

  /**
   * Revokes a device: all its certificates stop working at its next call, and its unused enrollment
   * tokens expire.
   */
  public DeviceView revoke(String actor, String serial, String reason, String source)
      throws FleetRefusal {
    String why = reason == null || reason.isBlank() ? "no reason given" : reason.strip();
    if (why.length() > 200) {
      throw new FleetRefusal(
          FleetRefusal.Kind.BAD_INPUT, "reason-too-long", "a reason is at most 200 characters");
    }
    Instant now = clock.instant();
    boolean found =
        store
            .jdbi()
            .inTransaction(
                h -> {
                  boolean revoked = FleetStore.revoke(h, serial, now, actor, why);
                  FleetStore.expireTokens(h, serial, now);
                  return revoked;
                });
    if (!found) {
      throw new FleetRefusal(FleetRefusal.Kind.NOT_FOUND, "device-unknown", "no device " + serial);
    }
    audit.ok(actor, "fleet.revoke", serial, why, source);
    return device(serial).orElseThrow().device();
  }

  // ---------------------------------------------------------------- status reports

  /**
   * Verifies and stores a signed status report from {@code device}.
   *
   * @return the accepted report
   * @throws FleetRefusal if the device acts on another serial, the signature or content is bad, or
   *     the sequence number is not above the last accepted one
   */
  public StatusReport acceptReport(Principal.Device device, String pathSerial, byte[] envelope)
      throws FleetRefusal {
    if (!device.serial().equals(pathSerial)) {
      throw new FleetRefusal(
          FleetRefusal.Kind.FORBIDDEN,
          "not-self",
          "a device may only act on itself: certificate names "
              + device.serial()
              + ", request names "
              + org.primum.core.formats.Texts.printable(pathSerial, 64));
    }
    StatusReport report;
    try {
      report = StatusReports.verify(envelope, verifier(device));
    } catch (StatusReports.StatusReportRejection e) {
      throw new FleetRefusal(FleetRefusal.Kind.BAD_INPUT, e.code(), e.getMessage());
    }
    if (!report.serial().equals(device.serial())) {
      throw new FleetRefusal(
          FleetRefusal.Kind.FORBIDDEN,
          "not-self",
          "the report names " + report.serial() + " but was sent by " + device.serial());
    }
    Instant now = clock.instant();
    if (!store.acceptReport(
        report,
        device.certificateFingerprint(),
        new String(envelope, StandardCharsets.UTF_8),
        now)) {
      long last = store.lastSequence(device.serial()).orElse(-1L);
      throw new FleetRefusal(
          FleetRefusal.Kind.CONFLICT,
          "stale-report",
          "stale or replayed report: sequence "
              + report.sequence()
              + " is not above the last accepted "
              + last);
    }
    return report;
  }

  /**
   * The device key prepared for verification, kept per certificate. This caches derived arithmetic,
   * not fleet state: the certificate and device status are still checked against the database on
   * every request.
   */
  private EcVerifier verifier(Principal.Device device) {
    if (verifiers.size() > MAX_CACHED_VERIFIERS) {
      verifiers.clear();
    }
    return verifiers.computeIfAbsent(
        device.certificateFingerprint(), fp -> EcVerifier.of(device.certificate().getPublicKey()));
  }

  /** Deletes status reports older than the retention period; returns how many. */
  public int pruneReports() {
    int deleted = store.deleteReportsBefore(clock.instant().minus(settings.reportRetention()));
    if (deleted > 0) {
      LOG.atInfo().addKeyValue("deleted", deleted).log("pruned old status reports");
    }
    return deleted;
  }

  // ---------------------------------------------------------------- views

  /** Every device, by serial. */
  public List<DeviceView> devices() {
    Map<String, FleetStore.CertificateRow> certificates =
        store.currentCertificates().stream()
            .collect(
                Collectors.toMap(
                    FleetStore.CertificateRow::deviceSerial, Function.identity(), (a, b) -> a));
    Instant now = clock.instant();
    return store.devices().stream().map(d -> view(d, certificates.get(d.serial()), now)).toList();
  }

  /** One device with its certificates and recent reports. */
  public Optional<DeviceDetail> device(String serial) {
    Optional<FleetStore.DeviceRow> row = store.device(serial);
    if (row.isEmpty()) {
      return Optional.empty();
    }
    List<FleetStore.CertificateRow> certificates = store.certificates(serial);
    Instant now = clock.instant();
    DeviceView view = view(row.get(), certificates.isEmpty() ? null : certificates.get(0), now);
    return Optional.of(
        new DeviceDetail(
            view,
            certificates.stream()
                .map(
                    c ->
                        new CertificateView(
                            c.fingerprint(),
                            c.serialNumber(),
                            c.notBefore(),
                            c.notAfter(),
                            c.status()))
                .toList(),
            store.recentReports(serial, 50).stream()
                .map(
                    r ->
                        new ReportView(
                            r.sequence(),
                            r.receivedAt(),
                            r.deviceTime(),
                            r.operatingState(),
                            r.connectivity(),
                            Optional.ofNullable(r.alarmPriority()),
                            Optional.ofNullable(r.alarmCode())))
                .toList()));
  }

  private DeviceView view(
      FleetStore.DeviceRow d, FleetStore.CertificateRow certificate, Instant now) {
    String connectivity;
    if ("REVOKED".equals(d.status())) {
      connectivity = "REVOKED";
    } else if (d.lastSeenAt().isEmpty()) {
      connectivity = "NEVER_SEEN";
    } else if (Duration.between(d.lastSeenAt().get(), now).compareTo(settings.silenceLimit()) > 0) {
      connectivity = "OFFLINE";
    } else {
      connectivity = Objects.requireNonNullElse(d.connectivity(), "ONLINE");
    }
    Optional<DeviceView.Alarm> alarm =
        d.alarmCode() == null
            ? Optional.empty()
            : Optional.of(new DeviceView.Alarm(d.alarmCode(), d.alarmPriority(), d.alarmMessage()));
    return new DeviceView(
        d.serial(),
        d.status(),
        Objects.requireNonNullElse(d.model(), "—"),
        Objects.requireNonNullElse(d.firmware(), "—"),
        certificate == null ? "" : certificate.fingerprint(),
        certificate == null ? "" : certificate.notAfter().toString(),
        d.enrolledAt().toString(),
        d.lastSeenAt().map(Instant::toString),
        connectivity,
        Objects.requireNonNullElse(d.operatingState(), "UNKNOWN"),
        alarm,
        d.alarmCount(),
        d.revokedAt().map(Instant::toString),
        Optional.ofNullable(d.revokedBy()),
        Optional.ofNullable(d.revokeReason()));
  }

  private static String secretHash(String secret) {
    return Hashes.sha256Hex(secret.getBytes(StandardCharsets.US_ASCII));
  }
}
