package org.primum.device.update;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.primum.core.crypto.CertificateAuthority;
import org.primum.core.crypto.EcKeyPair;
import org.primum.core.crypto.TlsContexts;
import org.primum.device.link.HubLink;

/**
 * A real HTTPS server on a free port serving fixtures as the hub does: the image repository under
 * {@code /tuf/}, the director under {@code /api/v1/devices/PUMP-0001/director/}, with {@code Range:
 * bytes=N-} answered by 206. Overrides stream whatever they produce (endless, slow).
 */
public final class HttpsRepositoryServer implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final HttpsServer server;
  private final ExecutorService executor;
  private final CertificateAuthority ca;

  public HttpsRepositoryServer(RepositoryFixture image, RepositoryFixture director)
      throws IOException {
    Instant now = Instant.now();
    ca =
        CertificateAuthority.create(
            "Test hub CA", RANDOM, now.minusSeconds(3600), now.plus(Duration.ofDays(1)));
    EcKeyPair key = EcKeyPair.generate(RANDOM);
    TlsContexts.Identity identity =
        new TlsContexts.Identity(
            key,
            List.of(
                ca.issueServer(
                    "hub",
                    List.of("localhost"),
                    List.of(),
                    key.publicKey(),
                    now.minusSeconds(60),
                    now.plus(Duration.ofDays(1)))));
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(TlsContexts.server(identity, ca.certificate(), RANDOM)));
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "test-repository-server");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/tuf/", exchange -> serve(exchange, "/tuf/", image));
    server.createContext(
        "/api/v1/devices/" + RepositoryFixture.SERIAL + "/director/",
        exchange ->
            serve(
                exchange, "/api/v1/devices/" + RepositoryFixture.SERIAL + "/director/", director));
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** A device link that trusts this server's CA. */
  public HubLink link() {
    return HubLink.create(
        URI.create("https://localhost:" + port()),
        ca.certificate(),
        Optional.empty(),
        RANDOM,
        Duration.ofSeconds(5),
        Optional.empty());
  }

  private static void serve(HttpExchange exchange, String prefix, RepositoryFixture fixture)
      throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath().substring(prefix.length());
      fixture.requests.add(path);
      long offset = 0;
      String range = exchange.getRequestHeaders().getFirst("Range");
      if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
        offset = Long.parseLong(range.substring(6, range.length() - 1));
      }
      Supplier<InputStream> override = fixture.overrides.get(path);
      if (override != null) {
        exchange.sendResponseHeaders(200, 0);
        try (InputStream in = override.get();
            OutputStream out = exchange.getResponseBody()) {
          byte[] buffer = new byte[8192];
          int n;
          while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            out.flush();
          }
        } catch (IOException e) {
          // the client hung up: expected for endless and slow responses
        }
        return;
      }
      byte[] bytes = fixture.files.get(path);
      if (bytes == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      if (offset > 0 && offset < bytes.length) {
        exchange
            .getResponseHeaders()
            .add(
                "Content-Range", "bytes " + offset + "-" + (bytes.length - 1) + "/" + bytes.length);
        exchange.sendResponseHeaders(206, bytes.length - offset);
        exchange.getResponseBody().write(bytes, (int) offset, (int) (bytes.length - offset));
      } else {
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** A stream that never ends. */
  public static InputStream endless() {
    return new InputStream() {
      @Override
      public int read() {
        return 'x';
      }

      @Override
      public int read(byte[] b, int off, int len) {
        java.util.Arrays.fill(b, off, off + len, (byte) 'x');
        return len;
      }
    };
  }

  /** A stream that sends {@code content} one byte per {@code pause}. */
  public static InputStream trickle(byte[] content, Duration pause) {
    return new InputStream() {
      private int next;

      @Override
      public int read() throws IOException {
        if (next >= content.length) {
          return -1;
        }
        try {
          Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted");
        }
        return content[next++] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int c = read();
        if (c < 0) {
          return -1;
        }
        b[off] = (byte) c;
        return 1;
      }
    };
  }

  /** A stream that sends {@code prefix} and then nothing at all for {@code stall}. */
  public static InputStream stall(byte[] prefix, Duration stall) {
    return new InputStream() {
      private int next;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (next < prefix.length) {
          int n = Math.min(len, prefix.length - next);
          System.arraycopy(prefix, next, b, off, n);
          next += n;
          return n;
        }
        try {
          Thread.sleep(stall.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return -1;
      }
    };
  }
}
