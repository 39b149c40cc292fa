package org.primum.hub.advisories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.core.json.Json;
import org.primum.hub.TestHub;
import org.primum.hub.advisories.csaf.CsafValidator;
import org.primum.hub.advisories.csaf.ProviderMetadataValidator;

/**
 * The advisory service and the provider directory on SQLite and PostgreSQL: tracking ids per year,
 * publication with revisions, refusals (incomplete, invalid CSAF), hashes and OpenPGP signatures,
 * and the TLP:WHITE directory (index.txt, changes.csv, ROLIE feed, provider-metadata.json).
 */
class AdvisoryServiceTest {
  private static final CsafValidator VALIDATOR = CsafValidator.create();

  @TempDir Path dir;
  private AdvisoryTestBed bed;

  @AfterEach
  void stop() {
    if (bed != null) {
      bed.close();
    }
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void draft_trackingIds_areAllocatedPerYear(TestHub.Db db) throws Exception {
    bed = AdvisoryTestBed.start(db, dir);
    AdvisoryService s = bed.advisories;
    assertThat(s.draft(AdvisoryFixtures.full(), "staff:ana").trackingId())
        .isEqualTo("PRIMUM-SA-2026-0001");
    assertThat(s.draft(AdvisoryFixtures.investigating(), "staff:ana").trackingId())
        .isEqualTo("PRIMUM-SA-2026-0002");
    bed.clock.set(Instant.parse("2027-01-02T00:00:00Z"));
    Advisory next = s.draft(AdvisoryFixtures.notAffected(), "staff:ana");
    assertThat(next.trackingId()).isEqualTo("PRIMUM-SA-2027-0001");
    assertThat(next.state()).isEqualTo(Advisory.State.DRAFT);
    assertThat(next.draft()).isEqualTo(AdvisoryFixtures.notAffected());
    assertThat(s.advisory("primum-sa-2026-0002")).isPresent();
    assertThat(s.advisory("../etc/passwd")).isEmpty();
    assertThat(s.advisories()).hasSize(3);
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void publish_updates_addRevisions_signedHashedAndValid(TestHub.Db db) throws Exception {
    bed = AdvisoryTestBed.start(db, dir);
    AdvisoryService s = bed.advisories;
    String id = s.draft(AdvisoryFixtures.full(), "staff:ana").trackingId();
    Instant first = bed.clock.instant();

    PublishedAdvisory v1 = s.publish(id, "staff:ana");
    assertThat(v1.version()).isEqualTo(1);
    assertThat(v1.status()).isEqualTo("final");
    assertThat(v1.distributed()).isTrue();
    assertThat(v1.csafUrl())
        .isEqualTo("https://hub.example.org/.well-known/csaf/white/2026/primum-sa-2026-0001.json");
    assertThat(v1.htmlUrl()).isEqualTo("https://hub.example.org/advisories/PRIMUM-SA-2026-0001");

    bed.clock.advance(Duration.ofDays(3));
    assertThat(s.publish(id, "staff:ana").version()).as("unchanged: nothing new").isEqualTo(1);
    s.update(
        id,
        AdvisoryFixtures.full().toBuilder()
            .product(ProductStatus.fixed(new ProductVersion("gw-7", "2.0.1")))
            .changeSummary("gw-7 2.0.1 is fixed.")
            .build(),
        "staff:ana");
    // the update must state what changed; an empty change summary is refused on the third
    PublishedAdvisory v2 = s.publish(id, "staff:bo");
    assertThat(v2.version()).isEqualTo(2);
    s.update(id, AdvisoryFixtures.full(), "staff:ana");
    assertThatThrownBy(() -> s.publish(id, "staff:ana"))
        .isInstanceOf(AdvisoryRefusal.class)
        .hasMessageContaining("change summary: expected what changed since version 2");

    Advisory advisory = s.advisory(id).orElseThrow();
    assertThat(advisory.revisions()).extracting(Revision::version).containsExactly(1, 2);
    assertThat(advisory.revisions().get(1).summary()).isEqualTo("gw-7 2.0.1 is fixed.");
    assertThat(advisory.initialReleaseDate()).contains(first);
    assertThat(advisory.hasUnpublishedChanges()).isTrue();
    assertThat(advisory.state()).isEqualTo(Advisory.State.FINAL);

    AdvisoryService.Documents docs = s.latestDocuments(id).orElseThrow();
    assertThat(VALIDATOR.validate(docs.csaf()).failures()).isEmpty();
    assertThat(VALIDATOR.validate(docs.vex()).failures()).isEmpty();
    JsonNode csaf = Json.readTree(docs.csaf());
    assertThat(csaf.at("/document/tracking/version").asText()).isEqualTo("2");
    assertThat(csaf.at("/document/tracking/revision_history")).hasSize(2);
    assertThat(csaf.at("/document/tracking/initial_release_date").asText())
        .isEqualTo("2026-03-01T09:00:00Z");
    assertThat(csaf.at("/document/tracking/current_release_date").asText())
        .isEqualTo("2026-03-04T09:00:00Z");
    assertThat(v2.sha256())
        .isEqualTo(
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(docs.csaf())));
    AdvisoryOpenPgp.verify(bed.keys.publicKeyArmored(), docs.signature(), docs.csaf());
    // the first version is still there, unchanged
    assertThat(
            Json.readTree(s.documents(id, 1).orElseThrow().csaf())
                .at("/document/tracking/version")
                .asText())
        .isEqualTo("1");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void publish_invalidOrIncomplete_isRefused_andNothingIsPublished(TestHub.Db db) throws Exception {
    bed = AdvisoryTestBed.start(db, dir);
    AdvisoryService s = bed.advisories;
    String range =
        s.draft(
                AdvisoryDraft.builder("Range as version")
                    .summary("s")
                    .product(ProductStatus.knownAffected(new ProductVersion("rp-1", "prior")))
                    .build(),
                "staff:ana")
            .trackingId();
    assertThatThrownBy(() -> s.publish(range, "staff:ana"))
        .isInstanceOfSatisfying(
            AdvisoryRefusal.class,
            e -> assertThat(e.kind()).isEqualTo(AdvisoryRefusal.Kind.INVALID_CSAF))
        .hasMessageContaining("is not valid CSAF 2.0")
        .hasMessageContaining("6.1.31");
    String empty = s.draft(AdvisoryDraft.builder("Nothing yet").build(), "staff:ana").trackingId();
    assertThatThrownBy(() -> s.publish(empty, "staff:ana"))
        .isInstanceOfSatisfying(
            AdvisoryRefusal.class,
            e -> assertThat(e.kind()).isEqualTo(AdvisoryRefusal.Kind.BAD_INPUT))
        .hasMessageContaining("products: expected at least one product version");
    assertThat(s.preview(empty).ready()).isFalse();
    assertThatThrownBy(() -> s.publish("PRIMUM-SA-2026-9999", "staff:ana"))
        .isInstanceOfSatisfying(
            AdvisoryRefusal.class,
            e -> assertThat(e.kind()).isEqualTo(AdvisoryRefusal.Kind.NOT_FOUND));
    assertThat(s.advisories()).allSatisfy(a -> assertThat(a.revisions()).isEmpty());
    assertThat(bed.directory.index()).isEmpty();
    assertThat(bed.audit.latest(10, "advisory.publish"))
        .allSatisfy(e -> assertThat(e.outcome()).isEqualTo("refused"));
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void directory_servesOnlyWhite_withIndexChangesFeedHashesAndMetadata(TestHub.Db db)
      throws Exception {
    bed = AdvisoryTestBed.start(db, dir);
    AdvisoryService s = bed.advisories;
    String a = s.draft(AdvisoryFixtures.full(), "staff:ana").trackingId();
    String amber = s.draft(AdvisoryFixtures.notAffected(), "staff:ana").trackingId();
    String c = s.draft(AdvisoryFixtures.investigating(), "staff:ana").trackingId();
    s.publish(a, "staff:ana");
    bed.clock.advance(Duration.ofHours(1));
    PublishedAdvisory amberPublished = s.publish(amber, "staff:ana");
    assertThat(amberPublished.distributed()).isFalse();
    assertThat(amberPublished.csafUrl()).endsWith("/advisories/manage/" + amber + "/csaf.json");
    bed.clock.advance(Duration.ofHours(1));
    s.publish(c, "staff:ana");

    ProviderDirectory d = bed.directory;
    assertThat(d.index())
        .isEqualTo("2026/primum-sa-2026-0003.json\n2026/primum-sa-2026-0001.json\n");
    assertThat(d.changes())
        .isEqualTo(
            "\"2026/primum-sa-2026-0003.json\",\"2026-03-01T11:00:00Z\"\n"
                + "\"2026/primum-sa-2026-0001.json\",\"2026-03-01T09:00:00Z\"\n");
    assertThat(d.file("2026", "primum-sa-2026-0002.json")).as("TLP:AMBER stays internal").isEmpty();
    assertThat(d.years()).containsExactly("2026");

    byte[] json = d.file("2026", "primum-sa-2026-0001.json").orElseThrow().content();
    assertThat(VALIDATOR.validate(json).failures()).isEmpty();
    String sha256 =
        new String(
            d.file("2026", "primum-sa-2026-0001.json.sha256").orElseThrow().content(),
            StandardCharsets.US_ASCII);
    assertThat(sha256)
        .isEqualTo(
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json))
                + "  primum-sa-2026-0001.json\n");
    String sha512 =
        new String(
            d.file("2026", "primum-sa-2026-0001.json.sha512").orElseThrow().content(),
            StandardCharsets.US_ASCII);
    assertThat(sha512)
        .startsWith(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(json)));
    String asc =
        new String(
            d.file("2026", "primum-sa-2026-0001.json.asc").orElseThrow().content(),
            StandardCharsets.US_ASCII);
    assertThat(asc).startsWith("-----BEGIN PGP SIGNATURE-----");
    byte[] key = d.key(bed.keys.fingerprint() + ".asc").orElseThrow().content();
    AdvisoryOpenPgp.verify(key, asc, json);
    assertThat(d.file("2026", "primum-sa-2026-0001.json.md5")).isEmpty();

    JsonNode feed = Json.readTree(d.feed()).get("feed");
    assertThat(feed.get("entry")).hasSize(2);
    JsonNode entry = feed.get("entry").get(1);
    assertThat(entry.get("id").asText()).isEqualTo(a);
    assertThat(entry.get("link").toString())
        .contains(
            "\"rel\":\"self\",\"href\":\"https://hub.example.org/.well-known/csaf/white/2026/primum-sa-2026-0001.json\"",
            "\"rel\":\"hash\"",
            "primum-sa-2026-0001.json.sha512",
            "\"rel\":\"signature\"");
    assertThat(entry.at("/format/version").asText()).isEqualTo("2.0");
    assertThat(feed.get("updated").asText()).isEqualTo("2026-03-01T11:00:00Z");

    byte[] metadata = d.providerMetadata();
    assertThat(ProviderMetadataValidator.create().validate(metadata).failures()).isEmpty();
    JsonNode m = Json.readTree(metadata);
    assertThat(m.get("role").asText()).isEqualTo("csaf_trusted_provider");
    assertThat(m.get("canonical_url").asText())
        .isEqualTo("https://hub.example.org/.well-known/csaf/provider-metadata.json");
    assertThat(m.at("/public_openpgp_keys/0/fingerprint").asText())
        .isEqualTo(bed.keys.fingerprint())
        .isEqualTo(AdvisoryOpenPgp.fingerprint(key));
    assertThat(m.at("/public_openpgp_keys/0/url").asText())
        .isEqualTo("https://hub.example.org" + d.keyPath());
    assertThat(m.at("/publisher/namespace").asText()).isEqualTo("https://hub.example.org");
    assertThat(m.at("/distributions/0/directory_url").asText())
        .isEqualTo("https://hub.example.org/.well-known/csaf/white/");
    assertThat(m.at("/distributions/1/rolie/feeds/0/url").asText())
        .isEqualTo("https://hub.example.org/.well-known/csaf/white/feed-tlp-white.json");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void keys_afterRestart_areTheSame_andOwnerOnly(TestHub.Db db) throws Exception {
    bed = AdvisoryTestBed.start(db, dir);
    String before = bed.keys.fingerprint();
    assertThat(before).matches("[0-9A-F]{40}");
    bed.reopen();
    assertThat(bed.keys.fingerprint()).isEqualTo(before);
    Path file = bed.dataDir.resolve("keys").resolve(AdvisoryKeys.FILE);
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readString(file)).startsWith("-----BEGIN PGP PRIVATE KEY BLOCK-----");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void replicaWithItsOwnKey_isListed_andItsSignaturesVerifyThroughAnyReplica(TestHub.Db db)
      throws Exception {
    bed = AdvisoryTestBed.start(db, dir);
    AdvisoryKeys otherKey =
        AdvisoryKeys.loadOrCreate(dir.resolve("replica-b"), "B", bed.clock, new SecureRandom());
    AdvisoryService replicaB =
        new AdvisoryService(
            bed.database.jdbi(),
            VALIDATOR,
            otherKey,
            bed.audit,
            bed.clock,
            () -> AdvisoryTestBed.HUB_URL,
            AdvisoryService.Settings.defaults());
    String id = replicaB.draft(AdvisoryFixtures.full(), "staff:ana").trackingId();
    replicaB.publish(id, "staff:ana");

    ProviderDirectory a = bed.directory;
    JsonNode keys = Json.readTree(a.providerMetadata()).get("public_openpgp_keys");
    assertThat(keys).hasSize(2);
    assertThat(keys.get(0).get("fingerprint").asText()).isEqualTo(bed.keys.fingerprint());
    assertThat(keys.get(1).get("fingerprint").asText()).isEqualTo(otherKey.fingerprint());
    String file = ProviderDirectory.fileName(id);
    byte[] json = a.file("2026", file).orElseThrow().content();
    String asc =
        new String(
            a.file("2026", file + ".asc").orElseThrow().content(), StandardCharsets.US_ASCII);
    AdvisoryOpenPgp.verify(
        a.key(otherKey.fingerprint() + ".asc").orElseThrow().content(), asc, json);
    assertThat(a.key("0000000000000000000000000000000000000000.asc")).isEmpty();
  }

  @Test
  void fileName_followsCsafSection51() {
    assertThat(ProviderDirectory.fileName("PRIMUM-SA-2026-0001"))
        .isEqualTo("primum-sa-2026-0001.json");
    assertThat(ProviderDirectory.fileName("Example Company - 2019-YH3234"))
        .isEqualTo("example_company_-_2019-yh3234.json");
    assertThat(ProviderDirectory.fileName("rhsa-2019:1862+x")).isEqualTo("rhsa-2019_1862+x.json");
  }
}
