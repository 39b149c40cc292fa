package org.primum.hub;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver on loopback (the JDK's HTTP server) that records every request and answers
 * with the statuses it is told to, then 200; {@link Received#verifies} checks a signature the way
 * docs/advisories.md tells receivers to, without the hub's code.
 */
public final class LoopbackWebhook implements AutoCloseable {
  /** One request as received. */
  public record Received(Map<String, List<String>> headers, byte[] body) {
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** HMAC-SHA256(secret, timestamp + "." + body), compared in constant time. */
    public boolean verifies(String secret) throws Exception {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((header("X-Primum-Timestamp") + ".").getBytes(StandardCharsets.US_ASCII));
      byte[] expected =
          ("sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body)))
              .getBytes(StandardCharsets.US_ASCII);
      String found = header("X-Primum-Signature-256");
      return found != null
          && MessageDigest.isEqual(expected, found.getBytes(StandardCharsets.US_ASCII));
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Deque<Integer> statuses = new ArrayDeque<>();

  private LoopbackWebhook(HttpServer server) {
    this.server = server;
  }

  /** On a free port; answers {@code statusesFirst} in order, then 200. */
  public static LoopbackWebhook start(Integer... statusesFirst) throws IOException {
    return on(0, statusesFirst);
  }

  /** On {@code port} (0: a free one); answers {@code statusesFirst} in order, then 200. */
  public static LoopbackWebhook on(int port, Integer... statusesFirst) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    LoopbackWebhook receiver = new LoopbackWebhook(server);
    receiver.statuses.addAll(List.of(statusesFirst));
    server.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          receiver.received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
          int status;
          synchronized (receiver.statuses) {
            status = receiver.statuses.isEmpty() ? 200 : receiver.statuses.poll();
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
    return receiver;
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
