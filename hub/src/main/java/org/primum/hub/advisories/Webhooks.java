package org.primum.hub.advisories;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed webhooks, the way GitHub signs its webhooks: the body is POSTed as JSON with
 *
 * <ul>
 *   <li>{@value #TIMESTAMP_HEADER}: the Unix time of this attempt, in seconds;
 *   <li>{@value #SIGNATURE_HEADER}: {@code sha256=} and the lower-case hex HMAC-SHA256, keyed with
 *       the subscriber's secret (its UTF-8 bytes), of the timestamp, a full stop, and the body;
 *   <li>{@value #DELIVERY_HEADER}: the notice's id (the same on every retry, for de-duplication);
 *       {@value #EVENT_HEADER}: what happened, e.g. {@code advisory.published} or {@code
 *       rollout.site-reached}.
 * </ul>
 *
 * <p>A receiver recomputes the HMAC over the exact bytes received, compares in constant time, and
 * refuses timestamps more than a few minutes old (replay). Redirects are not followed: any answer
 * other than 2xx is a failed attempt.
 */
public final class Webhooks {
  public static final String SIGNATURE_HEADER = "X-Primum-Signature-256";
  public static final String TIMESTAMP_HEADER = "X-Primum-Timestamp";
  public static final String DELIVERY_HEADER = "X-Primum-Delivery";
  public static final String EVENT_HEADER = "X-Primum-Event";

  private final HttpClient http;
  private final Duration timeout;

  Webhooks(Duration timeout) {
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * The {@value #SIGNATURE_HEADER} value: {@code sha256=<hex HMAC-SHA256(secret, timestamp + "." +
   * body)>}.
   */
  public static String signature(String secret, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(Long.toString(timestamp).getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) '.');
      mac.update(body);
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal());
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
    }
  }

  /**
   * Checks a webhook URL: {@code https://} with a host and no user info; plain {@code http://} only
   * to a loopback host, and only when {@code allowLoopbackHttp}.
   *
   * @throws IllegalArgumentException saying what was expected and found
   */
  static URI check(String url, boolean allowLoopbackHttp) {
    String v = Texts.line("webhook URL", url, 2000);
    URI uri;
    try {
      uri = new URI(v);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "webhook URL: expected https://host/path, found \"" + v + "\"");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "webhook URL: expected https://host/path without user info or fragment, found \""
              + v
              + "\"");
    }
    if (scheme.equals("https")) {
      return uri;
    }
    if (scheme.equals("http") && allowLoopbackHttp && isLoopback(uri.getHost())) {
      return uri;
    }
    throw new IllegalArgumentException(
        "webhook URL: expected https://"
            + (allowLoopbackHttp ? " (or http:// to a loopback address)" : "")
            + ", found \""
            + v
            + "\"");
  }

  private static boolean isLoopback(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false; // a name other than localhost: never resolved here
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * POSTs one signed notification.
   *
   * @return the receiver's status line, for the delivery log
   * @throws DeliveryFailure if the receiver cannot be reached or does not answer 2xx
   */
  String post(URI url, String secret, String event, long delivery, long timestamp, byte[] body)
      throws DeliveryFailure {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", "Primum-Hub")
            .header(EVENT_HEADER, event)
            .header(DELIVERY_HEADER, Long.toString(delivery))
            .header(TIMESTAMP_HEADER, Long.toString(timestamp))
            .header(SIGNATURE_HEADER, signature(secret, timestamp, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<Void> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new DeliveryFailure(
          "expected an HTTP answer from " + url.getHost() + ", found " + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryFailure("interrupted while waiting for " + url.getHost());
    }
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      throw new DeliveryFailure("expected HTTP 2xx, found HTTP " + status);
    }
    return "HTTP " + status;
  }

  static String describe(Exception e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** An attempt failed; the message goes into the delivery log. */
  static final class DeliveryFailure extends Exception {
    DeliveryFailure(String message) {
      super(message, null, false, false);
    }
  }
}
