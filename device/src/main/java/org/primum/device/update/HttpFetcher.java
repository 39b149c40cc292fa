package org.primum.device.update;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.primum.device.link.HubLink;

/**
 * Fetches over HTTP(S) with {@code java.net.http}: from the hub over its mutual-TLS {@link
 * HubLink}, or from any HTTPS repository. Resumes with {@code Range: bytes=N-} (a server that
 * answers 200 instead of 206 has the first N bytes skipped); 403, 404 and 410 mean "absent".
 */
public final class HttpFetcher implements Fetcher {
  @FunctionalInterface
  private interface Getter {
    HubLink.StreamedResponse get(String path, long offset) throws IOException;
  }

  private final String description;
  private final Getter getter;

  private HttpFetcher(String description, Getter getter) {
    this.description = description;
    this.getter = getter;
  }

  /** The hub's image repository ({@code /tuf/}), over the device's link. */
  public static HttpFetcher hubImageRepository(HubLink link) {
    return hub(link, "/tuf/");
  }

  /** This device's director metadata ({@code /api/v1/devices/{serial}/director/}). */
  public static HttpFetcher hubDirector(HubLink link, String serial) {
    return hub(link, "/api/v1/devices/" + RepositoryPaths.role(serial) + "/director/");
  }

  /** Files under {@code basePath} on the hub (mutual TLS, pinned CA). */
  public static HttpFetcher hub(HubLink link, String basePath) {
    Objects.requireNonNull(link, "link");
    String base = basePath.endsWith("/") ? basePath : basePath + "/";
    return new HttpFetcher(
        link.hub() + base, (path, offset) -> link.getStream(base + path, offset));
  }

  /** An HTTPS repository at {@code base}, trusting what {@code context} trusts. */
  public static HttpFetcher https(URI base, SSLContext context, Duration timeout) {
    if (!"https".equalsIgnoreCase(base.getScheme())) {
      throw new IllegalArgumentException("the repository URL must use https, found " + base);
    }
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(context)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(timeout)
            .build();
    return direct(client, base, timeout);
  }

  /**
   * A plain-HTTP repository: only for {@code primum tuf-client}, which the TUF conformance suite
   * drives against {@code http://localhost}. TUF metadata protects the content either way.
   */
  public static HttpFetcher plainHttpForConformance(URI base, Duration timeout) {
    HttpClient client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(timeout)
            .build();
    return direct(client, base, timeout);
  }

  private static HttpFetcher direct(HttpClient client, URI base, Duration timeout) {
    String root = base.toString().endsWith("/") ? base.toString() : base + "/";
    return new HttpFetcher(
        root,
        (path, offset) -> {
          HttpRequest.Builder request =
              HttpRequest.newBuilder(URI.create(root + path)).timeout(timeout).GET();
          if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
          }
          try {
            HttpResponse<InputStream> response =
                client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            return new HubLink.StreamedResponse(
                response.statusCode(), response.headers(), response.body());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + root + path, e);
          }
        });
  }

  @Override
  public InputStream open(String path, long offset) throws IOException {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, found " + offset);
    }
    HubLink.StreamedResponse response = getter.get(path, offset);
    int status = response.status();
    InputStream body = response.body();
    try {
      if (status == 403 || status == 404 || status == 410) {
        throw new FileNotFoundException(description + path + ": HTTP " + status);
      }
      if (status == 206 && offset > 0) {
        String range = response.headers().firstValue("Content-Range").orElse("");
        if (!range.startsWith("bytes " + offset + "-")) {
          throw new IOException(
              description + path + ": asked for bytes from " + offset + ", got range " + range);
        }
        return body;
      }
      if (status == 200) {
        // A server that ignores Range sends the whole file: skip the prefix the caller has.
        body.skipNBytes(offset);
        return body;
      }
      throw new IOException(description + path + ": HTTP " + status);
    } catch (IOException | RuntimeException e) {
      body.close();
      throw e;
    }
  }

  @Override
  public String toString() {
    return "HttpFetcher[" + description + "]";
  }
}
