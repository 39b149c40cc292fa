package org.primum.hub.updates;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.core.crypto.Hashes;
import org.primum.core.crypto.TlsContexts;
import org.primum.core.tuf.SignedMetadata;
import org.primum.core.tuf.TufMetadata;
import org.primum.core.tuf.TufSigner;
import org.primum.device.DeviceAgent;
import org.primum.device.link.HubLink;
import org.primum.hub.StaffClient;
import org.primum.hub.TestHub;
import org.primum.hub.web.Role;

/**
 * The update routes on a real hub over HTTPS: the image repository is public and verifies as a
 * client checks it, targets resume with {@code Range}, the director answers a device only about
 * itself, and staff see releases with their signatures and thresholds.
 */
class UpdateRoutesTest {
  @TempDir Path dir;
  private TestHub hub;

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.closeAndDrop();
    }
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void repositoryAndDirector_overHttps(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    UpdateRepository repository = hub.hub().updates();
    List<TufSigner> root = RepositoryFixture.signers(2);
    List<TufSigner> targets = RepositoryFixture.signers(3);
    Clock clock = Clock.systemUTC();
    repository.initialize(
        OfflineSigning.sign(
            OfflineSigning.root(
                1,
                clock.instant().plus(Duration.ofDays(365)),
                new OfflineSigning.RoleSpec(RepositoryFixture.keysOf(root), 2),
                new OfflineSigning.RoleSpec(RepositoryFixture.keysOf(targets), 2),
                repository.onlineKeys().snapshotKey(),
                repository.onlineKeys().timestampKey()),
            root),
        OfflineSigning.sign(
            OfflineSigning.initialTargets(
                clock.instant().plus(Duration.ofDays(90)), Optional.empty()),
            targets.subList(1, 3)),
        "test");
    byte[] image = new byte[300_000];
    new SecureRandom().nextBytes(image);
    Path imageFile = Files.write(dir.resolve("primum-rp1-0.2.0.fw"), image);
    // No SBOM: the hub's supply-chain gate lets it through only with a justification in the notes.
    String justification = "test image without an SBOM";
    byte[] notes =
        ("Fixes the <b>flow</b> sensor. " + justification).getBytes(StandardCharsets.UTF_8);
    TufMetadata.Targets current =
        OfflineSigning.parseTargets(repository.currentTargets().orElseThrow());
    byte[] signedTargets =
        OfflineSigning.sign(
            OfflineSigning.withTarget(
                current,
                "firmware/rp-1/primum-rp1-0.2.0.fw",
                TufMetadata.TargetFile.of(
                    image,
                    Optional.of(
                        OfflineSigning.firmwareCustom(
                            "0.2.0", "rp-1", 2, Hashes.sha256Hex(notes)))),
                clock.instant().plus(Duration.ofDays(90))),
            targets.subList(0, 2));
    ReleaseSummary release =
        repository.publish(
            new UpdateRepository.Publication(
                imageFile,
                "0.2.0",
                "rp-1",
                notes,
                Optional.empty(),
                signedTargets,
                Optional.of(justification)),
            "test");

    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(
                TlsContexts.client(
                    hub.hub().pki().caCertificate(), Optional.empty(), new SecureRandom()))
            .build();
    TufMetadata.Targets served =
        ClientWalk.walk(
            1,
            file -> {
              HttpResponse<byte[]> response = fetch(http, "/tuf/" + file, Map.of());
              assertThat(response.statusCode()).as(file).isEqualTo(200);
              assertThat(response.headers().firstValue("Content-Type"))
                  .hasValue("application/json");
              return response.body();
            });
    assertThat(served.targets()).containsKey(release.targetPath());
    assertThat(fetch(http, "/tuf/9.root.json", Map.of()).statusCode()).isEqualTo(404);
    assertThat(fetch(http, "/tuf/..%2F..%2Fhub.db", Map.of()).statusCode()).isEqualTo(404);

    String targetUrl =
        "/tuf/targets/firmware/rp-1/" + Hashes.sha256Hex(image) + ".primum-rp1-0.2.0.fw";
    HttpResponse<byte[]> whole = fetch(http, targetUrl, Map.of());
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(image);
    HttpResponse<byte[]> rest = fetch(http, targetUrl, Map.of("Range", "bytes=100000-"));
    assertThat(rest.statusCode()).isEqualTo(206);
    assertThat(rest.headers().firstValue("Content-Range")).hasValue("bytes 100000-299999/300000");
    assertThat(rest.body()).isEqualTo(Arrays.copyOfRange(image, 100_000, image.length));
    assertThat(fetch(http, targetUrl, Map.of("Range", "bytes=300000-")).statusCode())
        .isEqualTo(416);
    assertThat(
            fetch(http, "/tuf/targets/firmware/rp-1/" + "0".repeat(64) + ".x.fw", Map.of())
                .statusCode())
        .isEqualTo(404);

    // Director: a device, for itself only.
    DeviceAgent a = hub.enroll("PUMP-0001", dir.resolve("a"));
    DeviceAgent b = hub.enroll("PUMP-0002", dir.resolve("b"));
    repository.director().assign("PUMP-0001", release.id(), 17);
    HubLink.Response rootResponse =
        link(a).get("/api/v1/devices/PUMP-0001/director/1.root.json", Map.of());
    assertThat(rootResponse.status()).isEqualTo(200);
    SignedMetadata rootEnvelope = SignedMetadata.parse(rootResponse.body());
    TufMetadata.Root directorRoot = TufMetadata.Root.parse(rootEnvelope.signed());
    HubLink.Response targetsResponse =
        link(a).get("/api/v1/devices/PUMP-0001/director/targets.json", Map.of());
    assertThat(targetsResponse.status()).isEqualTo(200);
    SignedMetadata directorTargets = SignedMetadata.parse(targetsResponse.body());
    directorTargets.verify("director targets", directorRoot.role("targets"), directorRoot.keys());
    assertThat(TufMetadata.Targets.parse(directorTargets.signed()).targets())
        .containsKey(release.targetPath());
    assertThat(link(b).get("/api/v1/devices/PUMP-0001/director/targets.json", Map.of()).status())
        .isEqualTo(403);
    assertThat(
            TufMetadata.Targets.parse(
                    SignedMetadata.parse(
                            link(b)
                                .get("/api/v1/devices/PUMP-0002/director/targets.json", Map.of())
                                .body())
                        .signed())
                .targets())
        .isEmpty();
    assertThat(link(a).get("/api/v1/devices/PUMP-0001/director/2.root.json", Map.of()).status())
        .isEqualTo(404);
    assertThat(
            fetch(http, "/api/v1/devices/PUMP-0001/director/targets.json", Map.of()).statusCode())
        .isEqualTo(401);

    // Staff page: any staff role; escapes the notes.
    StaffClient viewer = hub.staff("viewer", Role.CLINICAL_VIEWER);
    HttpResponse<String> page = viewer.get("/updates/releases");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains(
            "0.2.0", "rp-1", release.targetPath(), "Fixes the &lt;b&gt;flow&lt;/b&gt; sensor.")
        .contains("id=\"role-targets\"", "2 of 3", targets.get(0).key().keyId().substring(0, 16))
        .doesNotContain("<b>flow</b>")
        .doesNotContain("NOT MET");
    assertThat(StaffClient.anonymous(hub).get("/updates/releases").statusCode()).isEqualTo(302);
  }

  private HubLink link(DeviceAgent agent) {
    return HubLink.create(
        hub.uri(),
        hub.hub().pki().caCertificate(),
        Optional.of(agent.identity().orElseThrow().tlsIdentity()),
        new SecureRandom(),
        Duration.ofSeconds(10),
        Optional.empty());
  }

  private HttpResponse<byte[]> fetch(HttpClient http, String path, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(hub.uri().resolve(path)).GET();
    headers.forEach(request::header);
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
