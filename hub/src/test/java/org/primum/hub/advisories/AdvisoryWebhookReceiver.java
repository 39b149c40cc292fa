package org.primum.hub.advisories;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook receiver on loopback (the JDK's HTTP server): records every request and answers with
 * the statuses it is told to, then 200.
 */
final class AdvisoryWebhookReceiver implements AutoCloseable {
  /** One request as received. */
  record Received(Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Deque<Integer> statuses = new ArrayDeque<>();

  private AdvisoryWebhookReceiver(HttpServer server) {
    this.server = server;
  }

  static AdvisoryWebhookReceiver start(int port, Integer... statusesFirst) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    AdvisoryWebhookReceiver receiver = new AdvisoryWebhookReceiver(server);
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

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  int port() {
    return server.getAddress().getPort();
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
