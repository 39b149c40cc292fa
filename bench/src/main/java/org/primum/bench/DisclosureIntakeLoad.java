package org.primum.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import javax.net.ssl.SSLContext;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.primum.core.crypto.TlsContexts;
import org.primum.core.json.Json;
import org.primum.hub.Hub;
import org.primum.hub.HubConfig;
import org.primum.hub.disclosure.IntakeLimits;
import org.primum.hub.disclosure.Product;
import org.primum.testing.FreePorts;

/**
 * The vulnerability-report intake load generator (issue 6): starts a hub (embedded SQLite, or
 * PostgreSQL with {@code --db}), then has N researcher clients file reports through the public JSON
 * API ({@code POST /api/v1/disclosures}) over TLS, each with one attachment, back to back (closed
 * loop) for a bounded time; then the same clients read their cases' status pages ({@code GET
 * /api/v1/disclosures/{token}}). Every report is stored for real: encrypted attachment, hashed
 * token, SLA clocks, audit record, in one transaction.
 *
 * <p>The per-source rate limits are raised for the run (every client comes from 127.0.0.1, which
 * the hub limits like any other address), and the intake concurrency bound is {@code
 * --concurrency}, by default the number of clients, so the figure is the hub's capacity; with the
 * production bound (4) and more clients than that, the extra clients get fast 503s. A 429 or 503
 * counts as refused, not as served. Loopback only; stops by itself.
 *
 * <p>{@code java -cp 'bench/target/primum-bench-*.jar:bench/target/lib/*'
 * org.primum.bench.DisclosureIntakeLoad --clients 8 --seconds 30 --attachment-kib 10}
 */
public final class DisclosureIntakeLoad {
  private DisclosureIntakeLoad() {}

  /** What one phase measured. */
  record Phase(
      String name, long ok, Map<Integer, Long> refused, double seconds, Histogram latency) {
    double perSecond() {
      return ok / seconds;
    }

    void print() {
      System.out.printf(
          Locale.ROOT,
          "%-8s %,8d ok in %.1f s = %,.1f/s   latency p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
              + " refused %s%n",
          name,
          ok,
          seconds,
          perSecond(),
          latency.getValueAtPercentile(50) / 1e3,
          latency.getValueAtPercentile(99) / 1e3,
          latency.getMaxValue() / 1e3,
          refused.isEmpty() ? "none" : refused);
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = FleetLoad.parse(args);
    int clients = Integer.parseInt(options.getOrDefault("clients", "8"));
    int seconds = Math.min(300, Integer.parseInt(options.getOrDefault("seconds", "30")));
    int warmup = Math.min(60, Integer.parseInt(options.getOrDefault("warmup", "5")));
    int attachmentKib = Integer.parseInt(options.getOrDefault("attachment-kib", "10"));
    int concurrency =
        Integer.parseInt(options.getOrDefault("concurrency", Integer.toString(clients)));
    Optional<String> db = Optional.ofNullable(options.get("db"));
    Path data = Files.createTempDirectory("primum-intake-load");

    SecureRandom random = new SecureRandom();
    IntakeLimits limits =
        IntakeLimits.defaults().withRates(1_000_000, 1_000_000).withConcurrentIntakes(concurrency);
    HubConfig config =
        HubConfig.defaults(data).withPort(FreePorts.find()).withJdbcUrl(db).withIntake(limits);
    try (Hub hub = Hub.start(config, Clock.systemUTC(), random)) {
      URI base = URI.create("https://localhost:" + hub.port());
      SSLContext tls = TlsContexts.client(hub.pki().caCertificate(), Optional.empty(), random);
      HttpClient http =
          HttpClient.newBuilder()
              .sslContext(tls)
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10))
              .executor(Executors.newFixedThreadPool(clients))
              .build();
      byte[] attachment = new byte[attachmentKib * 1024];
      random.nextBytes(attachment);
      // a text attachment: random printable ASCII, so content sniffing accepts it as text/plain
      for (int i = 0; i < attachment.length; i++) {
        attachment[i] = (byte) (' ' + Math.floorMod(attachment[i], 95));
      }
      byte[] report = report(attachment);
      System.out.printf(
          Locale.ROOT,
          "hub on %s, database %s; %d clients, %d KiB attachment (%,d-byte request),"
              + " intake concurrency %d; warm-up %d s, then %d s per phase%n",
          base,
          db.isPresent() ? "PostgreSQL" : "SQLite",
          clients,
          attachmentKib,
          report.length,
          concurrency,
          warmup,
          seconds);

      HttpRequest submit =
          HttpRequest.newBuilder(base.resolve("/api/v1/disclosures"))
              .header("Content-Type", "application/json")
              .timeout(Duration.ofSeconds(30))
              .POST(HttpRequest.BodyPublishers.ofByteArray(report))
              .build();
      HttpResponse<String> first = http.send(submit, HttpResponse.BodyHandlers.ofString());
      if (first.statusCode() != 201) {
        throw new IllegalStateException(
            "the hub refused the bench's report: " + first.statusCode() + " " + first.body());
      }
      List<String> tokens = new CopyOnWriteArrayList<>();
      IntFunction<HttpRequest> filing = i -> submit;
      run("warm-up", http, clients, warmup, filing, 201, tokens);
      long cpuStart = FleetLoad.processCpuNanos();
      long wallStart = System.nanoTime();
      Phase intake = run("intake", http, clients, seconds, filing, 201, tokens);
      double cpu =
          100.0 * (FleetLoad.processCpuNanos() - cpuStart) / (System.nanoTime() - wallStart);
      intake.print();
      System.out.printf(
          Locale.ROOT, "         process CPU during intake: %.0f %% of one core%n", cpu);

      List<String> known = List.copyOf(tokens);
      Phase status =
          run(
              "status",
              http,
              clients,
              seconds,
              i ->
                  HttpRequest.newBuilder(
                          base.resolve("/api/v1/disclosures/" + known.get(i % known.size())))
                      .timeout(Duration.ofSeconds(30))
                      .GET()
                      .build(),
              200,
              null);
      status.print();
      long stored = hub.disclosures().cases().size();
      System.out.printf(Locale.ROOT, "cases stored by the hub: %,d%n", stored);
    }
  }

  private static byte[] report(byte[] attachment) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("product", "rp-1");
    body.put("version", Product.ANY_VERSION);
    body.put("title", "Bench report: drug library parser overflow");
    body.put(
        "description",
        "The drug library parser overflows on a long drug name; found while fuzzing the pump.");
    body.put("stepsToReproduce", "1. Load the attached library.\n2. Watch the pump reboot.");
    body.put("impact", "An attacker on the hospital network can stop an infusion.");
    body.put("safety", "yes");
    body.put("safetyDetail", "Therapy stops without an alarm.");
    body.put("contact", "finder@example.org");
    body.put("credit", "Bench Finder");
    body.put(
        "attachments",
        List.of(
            Map.of(
                "name",
                "notes.txt",
                "contentBase64",
                Base64.getEncoder().encodeToString(attachment))));
    return Json.write(body);
  }

  /**
   * Sends requests back to back from {@code clients} threads for {@code seconds}; counts answers
   * with status {@code expected} as served, and records their latency.
   */
  private static Phase run(
      String name,
      HttpClient http,
      int clients,
      int seconds,
      IntFunction<HttpRequest> requests,
      int expected,
      List<String> tokens)
      throws Exception {
    Recorder recorder = new Recorder(3);
    LongAdder ok = new LongAdder();
    Map<Integer, LongAdder> refused = new ConcurrentHashMap<>();
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> done = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      done.add(
          pool.submit(
              () -> {
                int i = client;
                while (System.nanoTime() < end) {
                  long sent = System.nanoTime();
                  HttpResponse<String> response =
                      http.send(requests.apply(i), HttpResponse.BodyHandlers.ofString());
                  i += clients;
                  if (response.statusCode() == expected) {
                    recorder.recordValue((System.nanoTime() - sent) / 1_000);
                    ok.increment();
                    if (tokens != null) {
                      JsonNode receipt =
                          Json.readTree(response.body().getBytes(StandardCharsets.UTF_8));
                      tokens.add(receipt.get("token").asText());
                    }
                  } else {
                    refused
                        .computeIfAbsent(response.statusCode(), k -> new LongAdder())
                        .increment();
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    double elapsed = (System.nanoTime() - start) / 1e9;
    Map<Integer, Long> refusedCounts = new LinkedHashMap<>();
    refused.forEach((code, n) -> refusedCounts.put(code, n.sum()));
    return new Phase(name, ok.sum(), refusedCounts, elapsed, recorder.getIntervalHistogram());
  }
}
