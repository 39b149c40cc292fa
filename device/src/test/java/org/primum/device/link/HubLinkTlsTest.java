package org.primum.device.link;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.primum.core.crypto.CertificateAuthority;
import org.primum.core.crypto.EcKeyPair;
import org.primum.core.crypto.TlsContexts;

/**
 * MN7: the pump's TLS client accepts only a server certificate that chains to the pinned hub CA, is
 * valid now, names the host, and is meant for servers. Real certificates, a real TLS server.
 */
class HubLinkTlsTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Instant NOW = Instant.now();
  private static final CertificateAuthority PINNED =
      CertificateAuthority.create(
          "Pinned hub CA", RANDOM, NOW.minusSeconds(3600), NOW.plus(Duration.ofDays(30)));
  private static final CertificateAuthority OTHER =
      CertificateAuthority.create(
          "Some other CA", RANDOM, NOW.minusSeconds(3600), NOW.plus(Duration.ofDays(30)));

  private final List<HttpsServer> servers = new ArrayList<>();

  record Case(String name, boolean accepted, Function<EcKeyPair, X509Certificate> certificate) {}

  private static List<Case> cases() {
    return List.of(
        new Case(
            "valid, from the pinned CA",
            true,
            key ->
                PINNED.issueServer(
                    "hub",
                    List.of("localhost"),
                    List.of(),
                    key.publicKey(),
                    NOW.minusSeconds(60),
                    NOW.plus(Duration.ofDays(1)))),
        new Case(
            "self-signed",
            false,
            key ->
                CertificateAuthority.selfSignedServer(
                    key,
                    "hub",
                    List.of("localhost"),
                    NOW.minusSeconds(60),
                    NOW.plus(Duration.ofDays(1)),
                    RANDOM)),
        new Case(
            "issued by another CA",
            false,
            key ->
                OTHER.issueServer(
                    "hub",
                    List.of("localhost"),
                    List.of(),
                    key.publicKey(),
                    NOW.minusSeconds(60),
                    NOW.plus(Duration.ofDays(1)))),
        new Case(
            "expired",
            false,
            key ->
                PINNED.issueServer(
                    "hub",
                    List.of("localhost"),
                    List.of(),
                    key.publicKey(),
                    NOW.minus(Duration.ofDays(2)),
                    NOW.minus(Duration.ofDays(1)))),
        new Case(
            "not yet valid",
            false,
            key ->
                PINNED.issueServer(
                    "hub",
                    List.of("localhost"),
                    List.of(),
                    key.publicKey(),
                    NOW.plus(Duration.ofDays(1)),
                    NOW.plus(Duration.ofDays(2)))),
        new Case(
            "wrong host name",
            false,
            key ->
                PINNED.issueServer(
                    "hub",
                    List.of("hub.example.org"),
                    List.of(),
                    key.publicKey(),
                    NOW.minusSeconds(60),
                    NOW.plus(Duration.ofDays(1)))),
        new Case(
            "a device (client-auth only) certificate posing as the hub",
            false,
            key ->
                PINNED.issueClient(
                    "localhost",
                    key.publicKey(),
                    NOW.minusSeconds(60),
                    NOW.plus(Duration.ofDays(1)))));
  }

  @Test
  void link_acceptsOnlyAValidHubCertificate() throws Exception {
    List<String> failures = new ArrayList<>();
    for (Case c : cases()) {
      EcKeyPair key = EcKeyPair.generate(RANDOM);
      X509Certificate certificate = c.certificate().apply(key);
      int port =
          startServer(new TlsContexts.Identity(key, List.of(certificate)), "pong".getBytes());
      HubLink link =
          HubLink.create(
              URI.create("https://localhost:" + port),
              PINNED.certificate(),
              Optional.empty(),
              RANDOM,
              Duration.ofSeconds(5),
              Optional.empty());
      boolean accepted;
      String detail;
      try {
        HubLink.Response response = link.get("/ping", Map.of());
        accepted = response.isSuccess() && response.bodyText().equals("pong");
        detail = "HTTP " + response.status();
      } catch (IOException e) {
        accepted = false;
        detail = e.toString();
      }
      if (accepted != c.accepted()) {
        failures.add(
            c.name() + ": expected " + (c.accepted() ? "accepted" : "refused") + ", was " + detail);
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void link_refusesAnOversizedResponse() throws Exception {
    EcKeyPair key = EcKeyPair.generate(RANDOM);
    X509Certificate certificate =
        PINNED.issueServer(
            "hub",
            List.of("localhost"),
            List.of(),
            key.publicKey(),
            NOW.minusSeconds(60),
            NOW.plus(Duration.ofDays(1)));
    int port =
        startServer(
            new TlsContexts.Identity(key, List.of(certificate)),
            new byte[HubLink.MAX_RESPONSE_BYTES + 10]);
    HubLink link =
        HubLink.create(
            URI.create("https://localhost:" + port),
            PINNED.certificate(),
            Optional.empty(),
            RANDOM,
            Duration.ofSeconds(5),
            Optional.empty());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> link.get("/big", Map.of()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("refusing the response");
  }

  @Test
  void create_plainHttpUrl_isRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                HubLink.create(
                    URI.create("http://localhost:1"),
                    PINNED.certificate(),
                    Optional.empty(),
                    RANDOM,
                    Duration.ofSeconds(1),
                    Optional.empty()))
        .hasMessageContaining("https");
  }

  private int startServer(TlsContexts.Identity identity, byte[] body) throws IOException {
    HttpsServer server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(TlsContexts.server(identity, PINNED.certificate(), RANDOM)));
    server.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    servers.add(server);
    return server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    servers.forEach(s -> s.stop(0));
  }
}
