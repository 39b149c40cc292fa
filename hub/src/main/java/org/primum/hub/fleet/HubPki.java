package org.primum.hub.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.primum.core.crypto.CertificateAuthority;
import org.primum.core.crypto.Certificates;
import org.primum.core.crypto.EcKeyPair;
import org.primum.core.crypto.Pem;
import org.primum.core.crypto.SecretAccess;
import org.primum.core.crypto.TlsContexts;
import org.primum.core.files.SecureFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's keys on disk: its device CA and its TLS identity, both ECDSA P-256, generated on first
 * start and stored owner-only under {@code <data>/keys/}. The CA certificate is also written to
 * {@code <data>/hub-ca.pem}, which is what devices are provisioned with (their pin).
 *
 * <p>Security guarantees: private keys are created with mode 0600 inside a 0700 directory and a key
 * file readable by others is refused at start; keys are never logged (only fingerprints are). The
 * TLS certificate is re-issued at start when it nears expiry or the host names change.
 */
public final class HubPki {
  private static final Logger LOG = LoggerFactory.getLogger(HubPki.class);
  static final Duration CA_VALIDITY = Duration.ofDays(3650);
  static final Duration TLS_VALIDITY = Duration.ofDays(397);
  static final Duration TLS_RENEW_BEFORE = Duration.ofDays(30);
  private static final Duration BACKDATE = Duration.ofMinutes(5);

  private final CertificateAuthority ca;
  private final TlsContexts.Identity tls;
  private final Path caFile;

  private HubPki(CertificateAuthority ca, TlsContexts.Identity tls, Path caFile) {
    this.ca = ca;
    this.tls = tls;
    this.caFile = caFile;
  }

  /**
   * Loads the hub's keys from {@code dataDir}, creating what is missing.
   *
   * @param hostNames DNS names and IP addresses the hub is reached at, besides localhost
   */
  public static HubPki loadOrCreate(
      Path dataDir, Collection<String> hostNames, Clock clock, SecureRandom random)
      throws IOException {
    Path keys = SecureFiles.ownerOnlyDirectory(dataDir.resolve("keys"));
    Instant now = clock.instant();
    // Hub processes sharing a data directory must agree on one CA: create keys under a lock.
    return SecureFiles.withLock(
        keys.resolve(".lock"),
        () -> {
          CertificateAuthority ca = loadOrCreateCa(keys.resolve("device-ca.pem"), now, random);
          Path caFile = dataDir.resolve("hub-ca.pem");
          byte[] caPem = Pem.certificate(ca.certificate()).getBytes(StandardCharsets.US_ASCII);
          if (!Files.exists(caFile)
              || !java.util.Arrays.equals(Files.readAllBytes(caFile), caPem)) {
            SecureFiles.writePublic(caFile, caPem);
          }
          TlsContexts.Identity tls =
              loadOrCreateTls(keys.resolve("hub-tls.pem"), ca, names(hostNames), now, random);
          return new HubPki(ca, tls, caFile);
        });
  }

  private static CertificateAuthority loadOrCreateCa(Path file, Instant now, SecureRandom random)
      throws IOException {
    if (Files.exists(file)) {
      Pem.KeyAndCertificates stored = read(file);
      return CertificateAuthority.of(stored.keyPair(), stored.certificates().get(0), random);
    }
    byte[] id = new byte[4];
    random.nextBytes(id);
    CertificateAuthority ca =
        CertificateAuthority.create(
            "Primum hub CA " + java.util.HexFormat.of().formatHex(id),
            random,
            now.minus(BACKDATE),
            now.plus(CA_VALIDITY));
    SecureFiles.writeSecret(
        file,
        Pem.keyAndCertificates(ca.keyPair(), List.of(ca.certificate()), SecretAccess.insecure())
            .getBytes(StandardCharsets.US_ASCII));
    LOG.atInfo()
        .addKeyValue("fingerprint", Certificates.fingerprint(ca.certificate()))
        .log("created the hub's device CA");
    return ca;
  }

  private static TlsContexts.Identity loadOrCreateTls(
      Path file, CertificateAuthority ca, Set<String> names, Instant now, SecureRandom random)
      throws IOException {
    if (Files.exists(file)) {
      Pem.KeyAndCertificates stored = read(file);
      X509Certificate leaf = stored.certificates().get(0);
      boolean fresh = leaf.getNotAfter().toInstant().isAfter(now.plus(TLS_RENEW_BEFORE));
      boolean sameNames = altNames(leaf).equals(names);
      boolean sameCa =
          leaf.getIssuerX500Principal().equals(ca.certificate().getSubjectX500Principal());
      if (fresh && sameNames && sameCa) {
        return new TlsContexts.Identity(stored.keyPair(), List.of(leaf, ca.certificate()));
      }
      LOG.info("re-issuing the hub TLS certificate (expiring, names changed, or new CA)");
    }
    EcKeyPair key = EcKeyPair.generate(random);
    List<String> dns = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    for (String name : names) {
      (looksLikeIp(name) ? ips : dns).add(name);
    }
    X509Certificate leaf =
        ca.issueServer(
            "Primum hub", dns, ips, key.publicKey(), now.minus(BACKDATE), now.plus(TLS_VALIDITY));
    SecureFiles.writeSecret(
        file,
        Pem.keyAndCertificates(key, List.of(leaf), SecretAccess.insecure())
            .getBytes(StandardCharsets.US_ASCII));
    return new TlsContexts.Identity(key, List.of(leaf, ca.certificate()));
  }

  private static Pem.KeyAndCertificates read(Path file) throws IOException {
    try {
      return Pem.parseKeyAndCertificates(
          new String(SecureFiles.readSecret(file), StandardCharsets.US_ASCII), true);
    } catch (Pem.PemRejection e) {
      throw new IOException("the key file " + file + " is damaged: " + e.getMessage(), e);
    }
  }

  private static Set<String> names(Collection<String> hostNames) {
    Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
    hostNames.stream().map(String::strip).filter(s -> !s.isEmpty()).forEach(names::add);
    return names;
  }

  private static Set<String> altNames(X509Certificate certificate) {
    Set<String> names = new LinkedHashSet<>();
    try {
      Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
      if (entries != null) {
        for (List<?> entry : entries) {
          String value = String.valueOf(entry.get(1));
          names.add(value.equals("0:0:0:0:0:0:0:1") ? "::1" : value);
        }
      }
    } catch (CertificateParsingException e) {
      return Set.of();
    }
    return names;
  }

  private static boolean looksLikeIp(String name) {
    return name.contains(":") || name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }

  /** The device CA. */
  public CertificateAuthority ca() {
    return ca;
  }

  /** The device CA certificate (the devices' pin). */
  public X509Certificate caCertificate() {
    return ca.certificate();
  }

  /** {@code <data>/hub-ca.pem}. */
  public Path caFile() {
    return caFile;
  }

  /** The hub's TLS certificate. */
  public X509Certificate tlsCertificate() {
    return tls.chain().get(0);
  }

  /** The server TLS context: the hub's identity, client certificates checked against the CA. */
  public SSLContext serverContext(SecureRandom random) {
    return TlsContexts.server(tls, ca.certificate(), random);
  }
}
