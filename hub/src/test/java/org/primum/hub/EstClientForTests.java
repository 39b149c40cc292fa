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
  private final java.net.URI base;
  private final HttpClient http;

  public EstClientForTests(TestHub hub) {
    this(hub.uri(), hub.hub().pki().caCertificate());
  }

  public EstClientForTests(java.net.URI base, java.security.cert.X509Certificate hubCa) {
    this.base = base;
    this.http =
        HttpClient.newBuilder()
            .sslContext(TlsContexts.client(hubCa, Optional.empty(), new SecureRandom()))
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  public HttpResponse<String> enroll(String user, String secret, String contentType, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve("/.well-known/est/simpleenroll"))
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
        HttpRequest.newBuilder(base.resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
