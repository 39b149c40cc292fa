package org.primum.hub;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.primum.core.crypto.TlsContexts;

/** A browser-like HTTPS client for staff routes: cookies, CSRF token, real TLS to the hub. */
public final class StaffClient {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");

  private final URI base;
  private final HttpClient http;
  private final CookieManager cookies = new CookieManager();
  private String csrf = "";

  StaffClient(TestHub hub) {
    this(hub.uri(), hub.hub().pki().caCertificate());
  }

  StaffClient(URI base, java.security.cert.X509Certificate hubCa) {
    this.base = base;
    this.http =
        HttpClient.newBuilder()
            .sslContext(TlsContexts.client(hubCa, Optional.empty(), new SecureRandom()))
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  /** An anonymous client. */
  public static StaffClient anonymous(TestHub hub) {
    return new StaffClient(hub);
  }

  /** Signs in and reads the session's CSRF token. */
  public static StaffClient signIn(TestHub hub, String username, String password) throws Exception {
    return signIn(new StaffClient(hub), username, password);
  }

  /** Signs in at any hub URL (for example a hub in another process). */
  public static StaffClient signIn(
      URI base, java.security.cert.X509Certificate hubCa, String username, String password)
      throws Exception {
    return signIn(new StaffClient(base, hubCa), username, password);
  }

  private static StaffClient signIn(StaffClient client, String username, String password)
      throws Exception {
    HttpResponse<String> response =
        client.postForm("/login", Map.of("username", username, "password", password), false);
    if (response.statusCode() != 302) {
      throw new IllegalStateException(
          "sign-in failed: HTTP " + response.statusCode() + " " + response.body());
    }
    client.refreshCsrf();
    return client;
  }

  public void refreshCsrf() throws Exception {
    Matcher m = CSRF.matcher(get("/account").body());
    if (!m.find()) {
      throw new IllegalStateException("no CSRF token on the account page");
    }
    csrf = m.group(1);
  }

  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> getJson(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Accept", "application/json")
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> postForm(String path, Map<String, String> fields, boolean withCsrf)
      throws IOException, InterruptedException {
    Map<String, String> all = new LinkedHashMap<>(fields);
    if (withCsrf) {
      all.put("_csrf", csrf);
    }
    String body =
        all.entrySet().stream()
            .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
            .collect(Collectors.joining("&"));
    return http.send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> postForm(String path, Map<String, String> fields)
      throws IOException, InterruptedException {
    return postForm(path, fields, true);
  }

  public HttpResponse<String> postJson(String path, String json, boolean withCsrf)
      throws IOException, InterruptedException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (withCsrf) {
      builder.header("X-CSRF-Token", csrf);
    }
    return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  public URI base() {
    return base;
  }

  public String csrf() {
    return csrf;
  }

  public CookieManager cookies() {
    return cookies;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
