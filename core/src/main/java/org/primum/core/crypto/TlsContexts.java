package org.primum.core.crypto;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS contexts that trust exactly one pinned CA.
 *
 * <p>Security guarantees: a client context trusts only the given CA (never the platform's default
 * roots), so a self-signed or otherwise-issued server certificate fails the handshake; the JDK
 * checks validity dates and the serverAuth/clientAuth key usage; host names are checked by the HTTP
 * client using the context. Protocols are TLS 1.3 and 1.2 only.
 */
public final class TlsContexts {
  /** The protocols offered and accepted. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private TlsContexts() {}

  /** A key and the certificate chain that names it, leaf first. */
  public record Identity(EcKeyPair keyPair, List<X509Certificate> chain) {
    public Identity {
      chain = List.copyOf(chain);
      if (chain.isEmpty()) {
        throw new IllegalArgumentException("a TLS identity needs at least its own certificate");
      }
      if (!chain.get(0).getPublicKey().equals(keyPair.publicKey())) {
        throw new IllegalArgumentException("the leaf certificate does not match the key");
      }
    }
  }

  /**
   * A client context trusting only {@code pinnedCa}, presenting {@code identity} when the server
   * asks for a certificate.
   */
  public static SSLContext client(
      X509Certificate pinnedCa, Optional<Identity> identity, SecureRandom random) {
    return context(identity, pinnedCa, random);
  }

  /**
   * A server context presenting {@code identity}; client certificates must chain to {@code
   * clientCa}.
   */
  public static SSLContext server(
      Identity identity, X509Certificate clientCa, SecureRandom random) {
    return context(Optional.of(identity), clientCa, random);
  }

  private static SSLContext context(
      Optional<Identity> identity, X509Certificate trusted, SecureRandom random) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers(identity, random), trustManagers(trusted), random);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a TLS context", e);
    }
  }

  private static TrustManager[] trustManagers(X509Certificate trusted)
      throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("pinned-ca", trusted);
    TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
    factory.init(store);
    return factory.getTrustManagers();
  }

  private static KeyManager[] keyManagers(Optional<Identity> identity, SecureRandom random)
      throws GeneralSecurityException, IOException {
    if (identity.isEmpty()) {
      return null;
    }
    char[] password = new char[24];
    for (int i = 0; i < password.length; i++) {
      password[i] = (char) ('a' + random.nextInt(26));
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(
        "identity",
        identity.get().keyPair().privateKey(SecretAccess.insecure()),
        password,
        identity.get().chain().toArray(Certificate[]::new));
    KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX");
    factory.init(store, password);
    return factory.getKeyManagers();
  }
}
