package org.primum.hub;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.primum.core.crypto.TlsContexts;

/** Raw EST requests (server-authenticated TLS only), to test the hub's refusals exactly. */
public final class EstClientForTests {
  private final TestHub hub;
  private final HttpClient http;

  public EstClientForTests(TestHub hub) {
    this.hub = hub;
    this.http =
        HttpClient.newBuilder()
            .sslContext(
                TlsContexts.client(
                    hub.hub().pki().caCertificate(), Optional.empty(), new SecureRandom()))
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  public HttpResponse<String> enroll(String user, String secret, String contentType, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(hub.uri().resolve("/.well-known/est/simpleenroll"))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (user != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(hub.uri().resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
