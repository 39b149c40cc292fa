package org.primum.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import org.primum.core.crypto.TlsContexts;
import org.primum.core.json.Json;

/**
 * A staff member's HTTPS session with a remote hub, for commands run away from the hub's machine:
 * TLS pinned to the hub's CA, signed in with a password, the session's CSRF token sent with every
 * change. The password is used once, to sign in, and never stored.
 */
final class StaffClient {
  private final URI hub;
  private final HttpClient client;
  private final String cookie;
  private final String csrf;

  private StaffClient(URI hub, HttpClient client, String cookie, String csrf) {
    this.hub = hub;
    this.client = client;
    this.cookie = cookie;
    this.csrf = csrf;
  }

  /** A refusal by the hub (or no answer), with the hub's own message. */
  static final class Refused extends Exception {
    final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  /**
   * Signs in.
   *
   * @throws Refused if the hub refuses the sign-in (wrong password, locked) or is unreachable
   */
  static StaffClient signIn(URI hub, X509Certificate ca, String user, String password)
      throws Refused, InterruptedException {
    if (!"https".equalsIgnoreCase(hub.getScheme())) {
      throw new IllegalArgumentException("--hub must be an https URL, found " + hub);
    }
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(TlsContexts.client(ca, Optional.empty(), new SecureRandom()))
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    String form =
        "username="
            + URLEncoder.encode(user, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8);
    HttpResponse<String> login =
        send(
            client,
            HttpRequest.newBuilder(hub.resolve("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build());
    Optional<String> cookie =
        login.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("__Host-primum-session="))
            .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
            .findFirst();
    if (login.statusCode() != 302 || cookie.isEmpty()) {
      throw new Refused(
          login.statusCode(),
          login.statusCode() == 429
              ? "sign-in refused: too many attempts; try again later"
              : "sign-in refused for " + user + " (wrong user name or password?)");
    }
    HttpResponse<String> session =
        send(
            client,
            HttpRequest.newBuilder(hub.resolve("/api/v1/session"))
                .header("Cookie", cookie.get())
                .GET()
                .build());
    JsonNode json = parse(session);
    return new StaffClient(hub, client, cookie.get(), json.path("csrfToken").asText());
  }

  /** POSTs {@code body} and returns the JSON answer. */
  JsonNode post(String path, String contentType, byte[] body) throws Refused, InterruptedException {
    return parse(
        send(
            client,
            HttpRequest.newBuilder(hub.resolve(path))
                .header("Cookie", cookie)
                .header("X-CSRF-Token", csrf)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build()));
  }

  /** GETs a JSON answer. */
  JsonNode get(String path) throws Refused, InterruptedException {
    return parse(
        send(
            client,
            HttpRequest.newBuilder(hub.resolve(path)).header("Cookie", cookie).GET().build()));
  }

  private static HttpResponse<String> send(HttpClient client, HttpRequest request)
      throws Refused, InterruptedException {
    try {
      return client.send(
          HttpRequest.newBuilder(request, (name, value) -> true)
              .timeout(Duration.ofSeconds(30))
              .build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new Refused(0, "the hub at " + request.uri() + " did not answer: " + e.getMessage());
    }
  }

  private static JsonNode parse(HttpResponse<String> response) throws Refused {
    JsonNode json;
    try {
      json = Json.readTree(response.body().getBytes(StandardCharsets.UTF_8));
    } catch (Json.JsonRejection e) {
      throw new Refused(
          response.statusCode(), "the hub answered " + response.statusCode() + " without JSON");
    }
    if (response.statusCode() >= 400) {
      throw new Refused(
          response.statusCode(),
          json.path("message").asText("the hub refused (" + response.statusCode() + ")"));
    }
    return json;
  }
}
