package org.primum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.crypto.Hashes;
import org.primum.core.crypto.TlsContexts;
import org.primum.core.files.SecureFiles;
import org.primum.core.tuf.SignedMetadata;
import org.primum.core.tuf.TufMetadata;
import org.primum.hub.Hub;
import org.primum.hub.HubConfig;
import org.primum.testing.FreePorts;

/**
 * The release manager's path as typed: keys, a repository whose root needs 2 of 3 root keys and
 * whose targets need 2 of 2 targets keys, a publication, an offline signature, a root rotation —
 * and the hub then serves metadata that verifies with those thresholds. Every refusal names why,
 * exits 1, prints no stack trace and stores nothing.
 */
class ReleaseCommandTest {
  @TempDir Path dir;

  private Path key(String name, String role) throws Exception {
    Path file = dir.resolve("keys").resolve(name + ".pem");
    Files.createDirectories(file.getParent());
    CliRun run = CliRun.of("keys", "generate", "--role", role, "--out", file.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).matches("[0-9a-f]{64} " + role + " .*\\.pub\\.json\\s*");
    return file;
  }

  /** A valid CycloneDX 1.6 SBOM with no known-vulnerable component (the release gate needs one). */
  static final String MINIMAL_SBOM =
      "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,\"components\":"
          + "[{\"type\":\"library\",\"name\":\"fine\",\"version\":\"1.0.0\","
          + "\"purl\":\"pkg:maven/org.example/fine@1.0.0\"}]}";

  /** The SBOM {@code release sign} and {@code publish} pick up beside an image. */
  static void sbomBeside(Path image) throws java.io.IOException {
    Files.writeString(image.resolveSibling(image.getFileName() + ".cdx.json"), MINIMAL_SBOM);
  }

  private static Path pub(Path key) {
    return key.resolveSibling(key.getFileName() + ".pub.json");
  }

  private static void refused(CliRun run, String reason) {
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.err()).contains(reason).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void keysInitPublishSignRotate_servedMetadataVerifies_andRefusalsNameWhy() throws Exception {
    Path r1 = key("root1", "root");
    Path r2 = key("root2", "root");
    Path r3 = key("root3", "root");
    Path t1 = key("targets1", "targets");
    Path t2 = key("targets2", "targets");
    Path p1 = key("pharmacy1", "pharmacy");
    Path p2 = key("pharmacy2", "pharmacy");
    assertThat(SecureFiles.isOwnerOnly(r1)).isTrue();
    assertThat(Files.readString(pub(r1))).contains("\"keyid\"", "\"role\":\"root\"", "ed25519");
    assertThat(CliRun.of("keys", "generate", "--role", "root", "--out", r1.toString()).exit())
        .isEqualTo(2);
    assertThat(CliRun.of("keys", "generate", "--role", "king", "--out", "x.pem").exit())
        .isEqualTo(2);

    String data = dir.resolve("hub").toString();
    CliRun init =
        CliRun.of(
            "release",
            "init-repo",
            "--data",
            data,
            "--root-key",
            r1.toString(),
            r2.toString(),
            pub(r3).toString(),
            "--root-threshold",
            "2",
            "--targets-key",
            t1.toString(),
            t2.toString(),
            "--targets-threshold",
            "2",
            "--pharmacy-pub",
            pub(p1).toString(),
            pub(p2).toString(),
            "--pharmacy-threshold",
            "2");
    assertThat(init.exit()).as(init.err()).isZero();
    assertThat(init.out()).contains("2 of 3 root keys", "2 of 2 targets keys", "pharmacy (2 of 2)");
    refused(
        CliRun.of(
            "release",
            "init-repo",
            "--data",
            data,
            "--root-key",
            r1.toString(),
            r2.toString(),
            "--root-threshold",
            "2",
            "--targets-key",
            t1.toString(),
            "--targets-threshold",
            "1"),
        "already has a root");

    Path image = Files.write(dir.resolve("primum-rp1-0.2.0.fw"), new byte[] {1, 2, 3, 4, 5});
    Path notes = Files.writeString(dir.resolve("notes.md"), "Fixes the flow sensor check.\n");
    Path sbom = Files.writeString(dir.resolve("sbom.json"), MINIMAL_SBOM);
    CliRun publish =
        CliRun.of(
            "release",
            "publish",
            "--data",
            data,
            "--image",
            image.toString(),
            "--version",
            "0.2.0",
            "--hardware",
            "rp-1",
            "--notes",
            notes.toString(),
            "--sbom",
            sbom.toString(),
            "--targets-key",
            t1.toString(),
            t2.toString());
    assertThat(publish.exit()).as(publish.err()).isZero();
    assertThat(publish.out())
        .contains(
            "Published 0.2.0 for rp-1 (release counter 1) as firmware/rp-1/primum-rp1-0.2.0.fw");

    // Offline signing, below threshold, then at threshold.
    Path targetsV2 = dir.resolve("2.targets.json");
    Files.write(targetsV2, fetchAll(data).get(1));
    Path image3 = Files.write(dir.resolve("primum-rp1-0.3.0.fw"), new byte[] {9, 9, 9});
    sbomBeside(image3);
    Path once = dir.resolve("once.json");
    Path twice = dir.resolve("twice.json");
    List<String> signArgs =
        List.of(
            "release",
            "sign",
            "--targets",
            targetsV2.toString(),
            "--image",
            image3.toString(),
            "--version",
            "0.3.0",
            "--hardware",
            "rp-1",
            "--notes",
            notes.toString());
    CliRun signOnce =
        CliRun.of(concat(signArgs, "--targets-key", t1.toString(), "--out", once.toString()));
    assertThat(signOnce.exit()).as(signOnce.err()).isZero();
    assertThat(signOnce.out()).contains("targets v3", "signed by 1 key(s)");
    List<String> publish3 =
        List.of(
            "release",
            "publish",
            "--data",
            data,
            "--image",
            image3.toString(),
            "--version",
            "0.3.0",
            "--hardware",
            "rp-1",
            "--notes",
            notes.toString());
    refused(CliRun.of(concat(publish3, "--signed-targets", once.toString())), "(tuf-threshold)");
    CliRun signTwice =
        CliRun.of(
            concat(
                signArgs,
                "--targets-key",
                t1.toString(),
                t2.toString(),
                "--out",
                twice.toString()));
    assertThat(signTwice.exit()).as(signTwice.err()).isZero();
    // Garbage notes: refused before anything is stored.
    Path garbage = Files.write(dir.resolve("garbage.md"), new byte[] {(byte) 0xc3, 0x28, 0, 7});
    List<String> garbageArgs = new ArrayList<>(publish3);
    garbageArgs.set(garbageArgs.indexOf(notes.toString()), garbage.toString());
    refused(CliRun.of(concat(garbageArgs, "--signed-targets", twice.toString())), "UTF-8 text");
    CliRun accepted = CliRun.of(concat(publish3, "--signed-targets", twice.toString()));
    assertThat(accepted.exit()).as(accepted.err()).isZero();
    assertThat(accepted.out()).contains("release counter 2");
    // The same offline targets again: the version is no longer the next one.
    refused(CliRun.of(concat(publish3, "--signed-targets", twice.toString())), "already published");
    Path image4 = Files.write(dir.resolve("primum-rp1-0.4.0.fw"), new byte[] {4});
    sbomBeside(image4);
    Path stale = dir.resolve("stale.json");
    CliRun signStale =
        CliRun.of(
            "release",
            "sign",
            "--targets",
            targetsV2.toString(),
            "--image",
            image4.toString(),
            "--version",
            "0.4.0",
            "--hardware",
            "rp-1",
            "--notes",
            notes.toString(),
            "--release-counter",
            "3",
            "--targets-key",
            t1.toString(),
            t2.toString(),
            "--out",
            stale.toString());
    assertThat(signStale.exit()).as(signStale.err()).isZero();
    refused(
        CliRun.of(
            "release",
            "publish",
            "--data",
            data,
            "--image",
            image4.toString(),
            "--version",
            "0.4.0",
            "--hardware",
            "rp-1",
            "--notes",
            notes.toString(),
            "--signed-targets",
            stale.toString()),
        "expected version 4, found 3");
    // Neither or both signing options: a usage error.
    assertThat(CliRun.of(publish3.toArray(String[]::new)).exit()).isEqualTo(2);

    // Root rotation: 2 of the old 3 and 2 of the new 2.
    Path n1 = key("newroot1", "root");
    Path n2 = key("newroot2", "root");
    refused(
        CliRun.of(
            "release",
            "rotate-root",
            "--data",
            data,
            "--old-root-key",
            r1.toString(),
            "--new-root-key",
            n1.toString(),
            n2.toString()),
        "keys of version 1");
    CliRun rotate =
        CliRun.of(
            "release",
            "rotate-root",
            "--data",
            data,
            "--old-root-key",
            r1.toString(),
            r3.toString(),
            "--new-root-key",
            n1.toString(),
            n2.toString());
    assertThat(rotate.exit()).as(rotate.err()).isZero();
    assertThat(rotate.out()).contains("Root v2 stored (2 of 2 root keys)");

    // What the hub serves verifies with the thresholds, as a client checks it.
    List<byte[]> served = fetchAll(data);
    SignedMetadata root1 = SignedMetadata.parse(served.get(0));
    TufMetadata.Root trusted = TufMetadata.Root.parse(root1.signed());
    root1.verify("root", trusted.role("root"), trusted.keys());
    assertThat(root1.countValid(trusted.role("root"), trusted.keys())).isEqualTo(2);
    SignedMetadata root2 = SignedMetadata.parse(served.get(4));
    root2.verify("root v2 by v1", trusted.role("root"), trusted.keys());
    TufMetadata.Root rotated = TufMetadata.Root.parse(root2.signed());
    root2.verify("root v2", rotated.role("root"), rotated.keys());
    SignedMetadata targets = SignedMetadata.parse(served.get(1));
    targets.verify("targets", rotated.role("targets"), rotated.keys());
    TufMetadata.Targets current = TufMetadata.Targets.parse(targets.signed());
    assertThat(current.version()).isEqualTo(3);
    assertThat(current.targets())
        .containsKeys(
            "firmware/rp-1/primum-rp1-0.2.0.fw",
            "firmware/rp-1/primum-rp1-0.2.0.fw.cdx.json",
            "firmware/rp-1/primum-rp1-0.3.0.fw");
    assertThat(current.targets().get("firmware/rp-1/primum-rp1-0.3.0.fw").hashes().get("sha256"))
        .isEqualTo(Hashes.sha256Hex(new byte[] {9, 9, 9}));
    TufMetadata.DelegatedRole pharmacy = current.delegations().orElseThrow().roles().get(0);
    assertThat(pharmacy.name()).isEqualTo("pharmacy");
    assertThat(pharmacy.threshold()).isEqualTo(2);
    assertThat(pharmacy.terminating()).isTrue();
    assertThat(pharmacy.paths()).containsExactly("druglib/*");
    SignedMetadata snapshot = SignedMetadata.parse(served.get(2));
    snapshot.verify("snapshot", rotated.role("snapshot"), rotated.keys());
    assertThat(TufMetadata.Snapshot.parse(snapshot.signed()).meta().get("targets.json").hashes())
        .containsEntry("sha256", Hashes.sha256Hex(served.get(1)));
    SignedMetadata timestamp = SignedMetadata.parse(served.get(3));
    timestamp.verify("timestamp", rotated.role("timestamp"), rotated.keys());
  }

  /**
   * Starts the hub on {@code data} and fetches 1.root.json, the current targets, snapshot,
   * timestamp and (if present) 2.root.json over HTTPS.
   */
  private static List<byte[]> fetchAll(String data) throws Exception {
    try (Hub hub =
        Hub.start(
            HubConfig.defaults(Path.of(data)).withPort(FreePorts.find()),
            Clock.systemUTC(),
            new SecureRandom())) {
      HttpClient http =
          HttpClient.newBuilder()
              .sslContext(
                  TlsContexts.client(
                      hub.pki().caCertificate(), Optional.empty(), new SecureRandom()))
              .build();
      byte[] timestamp = get(http, hub, "timestamp.json");
      TufMetadata.Timestamp ts =
          TufMetadata.Timestamp.parse(SignedMetadata.parse(timestamp).signed());
      byte[] snapshot = get(http, hub, ts.snapshot().version() + ".snapshot.json");
      TufMetadata.Snapshot snap =
          TufMetadata.Snapshot.parse(SignedMetadata.parse(snapshot).signed());
      byte[] targets = get(http, hub, snap.meta().get("targets.json").version() + ".targets.json");
      List<byte[]> out =
          new ArrayList<>(List.of(get(http, hub, "1.root.json"), targets, snapshot, timestamp));
      HttpResponse<byte[]> root2 = send(http, hub, "2.root.json");
      if (root2.statusCode() == 200) {
        out.add(root2.body());
      }
      return out;
    }
  }

  private static byte[] get(HttpClient http, Hub hub, String file) throws Exception {
    HttpResponse<byte[]> response = send(http, hub, file);
    assertThat(response.statusCode()).as(file).isEqualTo(200);
    return response.body();
  }

  private static HttpResponse<byte[]> send(HttpClient http, Hub hub, String file) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                java.net.URI.create("https://localhost:" + hub.port() + "/tuf/" + file))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String[] concat(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all.toArray(String[]::new);
  }
}
