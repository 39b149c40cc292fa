package org.primum.hub.disclosure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.primum.core.crypto.TlsContexts;
import org.primum.hub.Hub;
import org.primum.hub.StaffClient;
import org.primum.hub.TestHub;
import org.primum.hub.staff.SessionService;
import org.primum.hub.staff.StaffRoutes;
import org.primum.hub.web.Assets;
import org.primum.hub.web.HubServer;
import org.primum.hub.web.Role;
import org.primum.hub.web.Route;
import org.primum.testing.FakeClock;
import org.primum.testing.FreePorts;

/**
 * A real hub (database, staff, TLS keys) and, next to it on the hub's keys and database, a second
 * HTTPS server with the disclosure routes over a service with a fake clock and the given limits, so
 * tests can move time and lower limits. Finders talk to it with a plain HTTPS client.
 */
final class DisclosureHttpBed implements AutoCloseable {
  final TestHub hub;
  final HubServer server;
  final DisclosureService service;
  final FakeClock clock = new FakeClock(DisclosureTestBed.START);
  final URI base;
  final Path dataDir;
  private final HttpClient http;

  DisclosureHttpBed(Path dir, IntakeLimits limits) throws Exception {
    hub = TestHub.start(TestHub.Db.SQLITE, dir);
    Hub h = hub.hub();
    SecureRandom random = new SecureRandom();
    int port = FreePorts.find();
    base = URI.create("https://localhost:" + port);
    dataDir = dir.resolve("disclosure-bed");
    service =
        DisclosureService.open(
            h.database().jdbi(),
            dataDir,
            DisclosureFixtures.PRODUCTS,
            h.audit(),
            clock,
            random,
            DisclosureSettings.defaults(base::toString).withLimits(limits),
            ResearcherNotices.none());
    SessionService sessions = new SessionService(h.staff(), random, Clock.systemUTC());
    List<Route> routes = new ArrayList<>(new StaffRoutes(h.staff(), sessions).routes());
    routes.addAll(Assets.routes());
    routes.addAll(new ResearcherPages(service).routes());
    routes.addAll(new DisclosureRoutes(service).routes());
    routes.addAll(new DisclosurePages(service).routes());
    server =
        new HubServer(
                new HubServer.Settings("127.0.0.1", port, h.pki().serverContext(random)),
                routes,
                sessions,
                h.fleet(),
                random)
            .start();
    http =
        HttpClient.newBuilder()
            .sslContext(TlsContexts.client(h.pki().caCertificate(), Optional.empty(), random))
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  StaffClient staff(String name, Role role) throws Exception {
    String password = hub.hub().staff().createUser("test", name, role, "test");
    return StaffClient.signIn(base, hub.hub().pki().caCertificate(), name, password);
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> postJson(String path, byte[] json) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> postForm(String path, Map<String, String> fields)
      throws IOException, InterruptedException {
    StringBuilder body = new StringBuilder();
    fields.forEach(
        (k, v) ->
            body.append(body.length() == 0 ? "" : "&")
                .append(java.net.URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=')
                .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return http.send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Origin", base.toString())
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A file for the multipart form. */
  record File(String name, byte[] content) {}

  /** Posts the report form as a browser would: multipart, same origin. */
  HttpResponse<String> postReport(Map<String, String> fields, List<File> files)
      throws IOException, InterruptedException {
    String boundary = "----primum" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Map.Entry<String, String> field : fields.entrySet()) {
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + field.getKey()
                  + "\"\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      body.writeBytes(field.getValue().getBytes(StandardCharsets.UTF_8));
      body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    for (File file : files) {
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\""
                  + file.name()
                  + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      body.writeBytes(file.content());
      body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return http.send(
        HttpRequest.newBuilder(base.resolve("/security/report"))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .header("Origin", base.toString())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static final Pattern STAMP = Pattern.compile("name=\"stamp\" value=\"([^\"]+)\"");
  private static final Pattern TOKEN =
      Pattern.compile("<code id=\"token\">([A-Za-z0-9_-]+)</code>");

  /** Opens the form, "types" for {@code typing}, and returns the fields with the form's stamp. */
  Map<String, String> fillForm(Map<String, String> values, Duration typing) throws Exception {
    HttpResponse<String> form = get("/security/report");
    Matcher m = STAMP.matcher(form.body());
    if (!m.find()) {
      throw new IllegalStateException("no stamp on the report form");
    }
    clock.advance(typing);
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("product", "rp-1|0.2.0");
    fields.put("title", "Drug library overflow");
    fields.put("description", "The parser overflows on a long drug name.");
    fields.put("steps", "Load the library.");
    fields.put("impact", "The infusion stops.");
    fields.put("safety", "yes");
    fields.put("safetyDetail", "No alarm sounds.");
    fields.put("contact", "finder@example.org");
    fields.put("credit", "named");
    fields.put("creditName", "Ada");
    fields.put("website", "");
    fields.put("stamp", m.group(1));
    fields.putAll(values);
    return fields;
  }

  static String token(HttpResponse<String> receipt) {
    Matcher m = TOKEN.matcher(receipt.body());
    if (!m.find()) {
      throw new IllegalStateException("no token on the receipt: " + receipt.body());
    }
    return m.group(1);
  }

  long cases() {
    return hub.hub()
        .database()
        .jdbi()
        .withHandle(
            h -> h.createQuery("SELECT COUNT(*) FROM disclosure_cases").mapTo(Long.class).one());
  }

  long attachmentFiles() throws IOException {
    Path attachments = dataDir.resolve("disclosure/attachments");
    try (var files = java.nio.file.Files.list(attachments)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".sealed")).count();
    }
  }

  @Override
  public void close() {
    server.close();
    hub.close();
  }
}
