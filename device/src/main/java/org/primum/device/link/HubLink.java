package org.primum.device.link;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLParameters;
import org.primum.core.crypto.TlsContexts;

/**
 * The device's only way to talk to the hub: outbound HTTPS that trusts exactly the pinned hub CA,
 * presents the device certificate (mutual TLS) once enrolled, and reads bounded responses.
 *
 * <p>Security guarantees: the device never listens; the server must present a certificate chaining
 * to the pinned CA, valid now, for the host name in the hub URL (the JDK HTTP client checks the
 * name); responses larger than {@link #MAX_RESPONSE_BYTES} are cut off and refused.
 */
public final class HubLink {
  /** Largest response body read from the hub. */
  public static final int MAX_RESPONSE_BYTES = 1024 * 1024;

  private final URI hub;
  private final HttpClient client;
  private final Duration timeout;

  private HubLink(URI hub, HttpClient client, Duration timeout) {
    this.hub = hub;
    this.client = client;
    this.timeout = timeout;
  }

  /**
   * A link to {@code hub} that trusts only {@code pinnedCa} and, when {@code identity} is present,
   * authenticates with it.
   *
   * @param executor runs the HTTP client's work; share one across many simulated devices
   */
  public static HubLink create(
      URI hub,
      X509Certificate pinnedCa,
      Optional<TlsContexts.Identity> identity,
      SecureRandom random,
      Duration timeout,
      Optional<Executor> executor) {
    Objects.requireNonNull(hub, "hub");
    if (!"https".equalsIgnoreCase(hub.getScheme())) {
      throw new IllegalArgumentException("the hub URL must use https, found " + hub);
    }
    SSLParameters parameters = new SSLParameters();
    parameters.setProtocols(TlsContexts.PROTOCOLS.toArray(String[]::new));
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(TlsContexts.client(pinnedCa, identity, random))
            .sslParameters(parameters)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(timeout);
    executor.ifPresent(builder::executor);
    return new HubLink(hub, builder.build(), timeout);
  }

  public URI hub() {
    return hub;
  }

  /** A response from the hub: status, content type and a bounded body. */
  public record Response(int status, String contentType, byte[] body) {
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public boolean isSuccess() {
      return status >= 200 && status < 300;
    }
  }

  /** GETs {@code path} (relative to the hub URL). */
  public Response get(String path, Map<String, String> headers) throws IOException {
    return send(request(path, headers).GET().build());
  }

  /**
   * A response whose body is a stream: for large downloads (update targets) that the caller reads
   * with its own bounds and closes.
   */
  public record StreamedResponse(int status, java.net.http.HttpHeaders headers, InputStream body) {}

  /**
   * GETs {@code path} (relative to the hub URL) as a stream; with {@code offset > 0} asks for the
   * bytes from {@code offset} on ({@code Range: bytes=offset-}), which the hub answers with 206.
   * The caller must close the body.
   */
  public StreamedResponse getStream(String path, long offset) throws IOException {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, found " + offset);
    }
    HttpRequest.Builder builder = request(path, Map.of()).GET();
    if (offset > 0) {
      builder.header("Range", "bytes=" + offset + "-");
    }
    try {
      HttpResponse<InputStream> response =
          client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
      return new StreamedResponse(response.statusCode(), response.headers(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while talking to the hub", e);
    }
  }

  /** POSTs {@code body} to {@code path} with the given content type. */
  public Response post(String path, String contentType, byte[] body, Map<String, String> headers)
      throws IOException {
    return send(
        request(path, headers)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build());
  }

  private HttpRequest.Builder request(String path, Map<String, String> headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(hub.resolve(path)).timeout(timeout);
    headers.forEach(builder::header);
    return builder;
  }

  private Response send(HttpRequest request) throws IOException {
    try {
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        byte[] body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
        if (body.length > MAX_RESPONSE_BYTES) {
          throw new IOException(
              "the hub sent more than " + MAX_RESPONSE_BYTES + " bytes; refusing the response");
        }
        return new Response(
            response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while talking to the hub", e);
    }
  }
}
