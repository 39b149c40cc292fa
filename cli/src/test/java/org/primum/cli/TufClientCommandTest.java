package org.primum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.crypto.Hashes;
import org.primum.core.tuf.SignedMetadata;
import org.primum.core.tuf.TufKey;
import org.primum.core.tuf.TufMetadata;
import org.primum.core.tuf.TufSigner;

/**
 * {@code primum tuf-client} end to end, as the TUF conformance suite drives it: a repository
 * written to disk and served over plain HTTP on a free port, then init, refresh and download.
 */
class TufClientCommandTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @TempDir Path dir;
  private HttpServer server;
  private final List<String> requests = new ArrayList<>();
  private final TufSigner key = TufSigner.ed25519(Ed25519KeyPair.generate(RANDOM));
  private Path repo;
  private long version;

  @BeforeEach
  void start() throws IOException {
    repo = dir.resolve("repo");
    Files.createDirectories(repo.resolve("metadata"));
    Files.createDirectories(repo.resolve("targets"));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String path = exchange.getRequestURI().getRawPath().substring(1);
            requests.add(path);
            Path file = repo.resolve(path).normalize();
            if (!file.startsWith(repo) || !Files.isRegularFile(file)) {
              exchange.sendResponseHeaders(404, -1);
              return;
            }
            byte[] bytes = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(bytes);
            }
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
  }

  /** Publishes root v1 (if new), and targets/snapshot/timestamp listing {@code targets}. */
  private void publish(Map<String, byte[]> targets) throws IOException {
    version++;
    Instant expires = Instant.now().plus(Duration.ofDays(7));
    if (version == 1) {
      Map<String, TufMetadata.RoleKeys> roles = new TreeMap<>();
      for (String role : TufMetadata.Root.TOP_LEVEL) {
        roles.put(role, new TufMetadata.RoleKeys(List.of(key.key().keyId()), 1));
      }
      TufMetadata.Root root =
          new TufMetadata.Root(
              TufMetadata.SPEC_VERSION,
              1,
              expires,
              true,
              Map.<String, TufKey>of(key.key().keyId(), key.key()),
              roles);
      Files.write(repo.resolve("metadata/1.root.json"), SignedMetadata.sign(root, List.of(key)));
    }
    Map<String, TufMetadata.TargetFile> files = new TreeMap<>();
    for (Map.Entry<String, byte[]> target : targets.entrySet()) {
      files.put(target.getKey(), TufMetadata.TargetFile.of(target.getValue(), Optional.empty()));
      Path stored =
          repo.resolve("targets/" + Hashes.sha256Hex(target.getValue()) + "." + target.getKey());
      Files.write(stored, target.getValue());
    }
    byte[] targetsBytes =
        SignedMetadata.sign(
            new TufMetadata.Targets(
                TufMetadata.SPEC_VERSION, version, expires, files, Optional.empty()),
            List.of(key));
    Files.write(repo.resolve("metadata/" + version + ".targets.json"), targetsBytes);
    byte[] snapshot =
        SignedMetadata.sign(
            new TufMetadata.Snapshot(
                TufMetadata.SPEC_VERSION,
                version,
                expires,
                Map.of("targets.json", TufMetadata.MetaFile.of(version, targetsBytes))),
            List.of(key));
    Files.write(repo.resolve("metadata/" + version + ".snapshot.json"), snapshot);
    Files.write(
        repo.resolve("metadata/timestamp.json"),
        SignedMetadata.sign(
            new TufMetadata.Timestamp(
                TufMetadata.SPEC_VERSION,
                version,
                expires,
                TufMetadata.MetaFile.of(version, snapshot)),
            List.of(key)));
  }

  private CliRun client(String... args) {
    List<String> all =
        new ArrayList<>(List.of("tuf-client", "--metadata-dir", dir.resolve("client").toString()));
    all.addAll(List.of(args));
    return CliRun.of(all.toArray(String[]::new));
  }

  @Test
  void tufClient_initRefreshDownload_followsTheConformanceContract() throws Exception {
    byte[] content = "target file contents".getBytes(StandardCharsets.UTF_8);
    publish(Map.of("target_file.txt", content));

    CliRun init = client("init", repo.resolve("metadata/1.root.json").toString());
    assertThat(init.exit()).as(init.err()).isZero();
    assertThat(requests).isEmpty();

    CliRun refresh = client("--metadata-url", url("metadata"), "refresh");
    assertThat(refresh.exit()).as(refresh.err()).isZero();
    assertThat(dir.resolve("client/timestamp.json")).exists();
    assertThat(dir.resolve("client/snapshot.json")).exists();
    assertThat(dir.resolve("client/targets.json")).exists();

    CliRun download =
        client(
            "--metadata-url",
            url("metadata"),
            "--target-name",
            "target_file.txt",
            "--target-base-url",
            url("targets"),
            "--target-dir",
            dir.resolve("downloads").toString(),
            "download");
    assertThat(download.exit()).as(download.err()).isZero();
    try (var files = Files.list(dir.resolve("downloads"))) {
      List<Path> all = files.toList();
      assertThat(all).hasSize(1);
      assertThat(Files.readAllBytes(all.get(0))).isEqualTo(content);
    }

    // Cached: a second download fetches no target.
    requests.clear();
    CliRun again =
        client(
            "--metadata-url",
            url("metadata"),
            "--target-name",
            "target_file.txt",
            "--target-base-url",
            url("targets"),
            "--target-dir",
            dir.resolve("downloads").toString(),
            "download");
    assertThat(again.exit()).isZero();
    assertThat(requests).noneMatch(p -> p.startsWith("targets/"));
  }

  @Test
  void tufClient_substitutedTarget_failsAndStoresNothing() throws Exception {
    byte[] content = "genuine".getBytes(StandardCharsets.UTF_8);
    publish(Map.of("a.txt", content));
    client("init", repo.resolve("metadata/1.root.json").toString());
    Files.writeString(repo.resolve("targets/" + Hashes.sha256Hex(content) + ".a.txt"), "evil!!!");

    CliRun download =
        client(
            "--metadata-url",
            url("metadata"),
            "--target-name",
            "a.txt",
            "--target-base-url",
            url("targets"),
            "--target-dir",
            dir.resolve("downloads").toString(),
            "download");

    assertThat(download.exit()).isEqualTo(1);
    try (var files = Files.list(dir.resolve("downloads"))) {
      assertThat(files.toList()).isEmpty();
    }
  }

  @Test
  void tufClient_rollbackOfTheTimestamp_failsRefresh() throws Exception {
    publish(Map.of());
    client("init", repo.resolve("metadata/1.root.json").toString());
    byte[] first = Files.readAllBytes(repo.resolve("metadata/timestamp.json"));
    publish(Map.of());
    assertThat(client("--metadata-url", url("metadata"), "refresh").exit()).isZero();

    Files.write(repo.resolve("metadata/timestamp.json"), first);

    CliRun refresh = client("--metadata-url", url("metadata"), "refresh");
    assertThat(refresh.exit()).isEqualTo(1);
    assertThat(refresh.err()).contains("rollback");
  }

  @Test
  void tufClient_unknownTarget_exitsOne() throws Exception {
    publish(Map.of());
    client("init", repo.resolve("metadata/1.root.json").toString());

    CliRun download =
        client(
            "--metadata-url",
            url("metadata"),
            "--target-name",
            "nonexistent target",
            "--target-base-url",
            url("targets"),
            "--target-dir",
            dir.resolve("downloads").toString(),
            "download");

    assertThat(download.exit()).isEqualTo(1);
  }
}
