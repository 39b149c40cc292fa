package org.primum.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.hub.advisories.Advisory;
import org.primum.hub.advisories.AdvisoryDraft;
import org.primum.hub.advisories.ProductStatus;
import org.primum.hub.advisories.ProductVersion;
import org.primum.hub.advisories.Remediation;
import org.primum.hub.advisories.Tlp;
import org.primum.hub.updates.ReleaseFixes;
import org.primum.hub.updates.ReleaseSummary;
import org.primum.hub.web.Role;

/**
 * What a release fixes, on a real hub over HTTPS, on SQLite and PostgreSQL: two releases of rp-1
 * with SBOMs matched against real OSV records (0.3.1 updates lodash past the prototype pollution
 * flaw and keeps the vulnerable urllib3), and advisories that list 0.3.1 as fixed. The release page
 * links the published advisories (public page for TLP:WHITE, the staff page otherwise; never a
 * draft), the removed and the still open vulnerabilities, escapes every text, and leaves the signed
 * notes as published.
 */
class FixedInReleaseTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String SCRIPT = "<script>alert(1)</script>";
  private static final String LODASH = "GHSA-p6mc-m468-83gw";
  private static final String URLLIB3 = "GHSA-q2q7-5pp4-w6pg";

  @TempDir Path dir;
  private TestHub hub;
  private TestReleases releases;

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.closeAndDrop();
    }
  }

  /** Publishes rp-1 {@code version} with an SBOM of lodash and urllib3 at the given versions. */
  private ReleaseSummary publish(String version, long counter, String lodash, String urllib3)
      throws Exception {
    Path image = Files.writeString(dir.resolve("primum-rp1-" + version + ".fw"), "fw " + version);
    Path sbom =
        Files.writeString(
            dir.resolve("sbom-" + version + ".json"),
            "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,\"components\":["
                + "{\"type\":\"library\",\"bom-ref\":\"lodash\",\"name\":\"lodash\",\"version\":\""
                + lodash
                + "\",\"purl\":\"pkg:npm/lodash@"
                + lodash
                + "\"},{\"type\":\"library\",\"bom-ref\":\"urllib3\",\"name\":\"urllib3\","
                + "\"version\":\""
                + urllib3
                + "\",\"purl\":\"pkg:pypi/urllib3@"
                + urllib3
                + "\"}]}");
    return releases.publish(
        image, sbom, version, counter, "the service menu never parses untrusted URLs; " + SCRIPT);
  }

  private Advisory advisory(String title, Tlp tlp, ProductVersion fixed, boolean publish)
      throws Exception {
    ProductVersion affected = new ProductVersion("rp-1", "0.3.0");
    AdvisoryDraft.Builder draft =
        AdvisoryDraft.builder(title)
            .tlp(tlp)
            .summary("Prototype pollution in the bundled lodash.")
            .cve("CVE-2020-8203")
            .product(ProductStatus.fixed(fixed));
    if (!fixed.equals(affected)) {
      draft
          .product(ProductStatus.knownAffected(affected))
          .remediation(
              Remediation.vendorFix(
                  fixed, Optional.of(URI.create("https://hub.example.org/updates/releases"))));
    }
    Advisory a = hub.hub().advisories().draft(draft.build(), "staff:sa");
    if (publish) {
      hub.hub().advisories().publish(a.trackingId(), "staff:sa");
    }
    return a;
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void theReleasePage_linksAdvisories_removedAndStillOpenVulnerabilities_escaped(TestHub.Db db)
      throws Exception {
    hub = TestHub.start(db, dir);
    Path osv = Files.createDirectories(dir.resolve("osv"));
    for (String id : List.of(LODASH, URLLIB3)) {
      try (InputStream in =
          getClass()
              .getResourceAsStream("/org/primum/hub/supplychain/osv/advisories/" + id + ".json")) {
        Files.write(osv.resolve(id + ".json"), in.readAllBytes());
      }
    }
    hub.hub().supplyChain().importOsv(osv, "osv-test", "test");
    releases = TestReleases.initialize(hub);
    ReleaseSummary first = publish("0.3.0", 1, "4.17.15", "1.26.4");
    ReleaseSummary second = publish("0.3.1", 2, "4.17.21", "1.26.4");
    ProductVersion fixed = new ProductVersion("rp-1", "0.3.1");
    Advisory white = advisory("Prototype pollution in lodash " + SCRIPT, Tlp.WHITE, fixed, true);
    Advisory amber = advisory("Partner-only note on lodash", Tlp.AMBER, fixed, true);
    Advisory draft = advisory("Not yet published", Tlp.WHITE, fixed, false);
    Advisory older =
        advisory("Fixed long ago", Tlp.WHITE, new ProductVersion("rp-1", "0.3.0"), true);

    // The derived view itself.
    ReleaseFixes.Report report =
        new FixedInRelease(hub.hub().updates(), hub.hub().advisories(), hub.hub().supplyChain())
            .of(second);
    assertThat(report.previous().map(ReleaseSummary::id)).contains(first.id());
    assertThat(report.of(ReleaseFixes.Kind.ADVISORY))
        .extracting(ReleaseFixes.Item::id)
        .containsExactlyInAnyOrder(white.trackingId(), amber.trackingId());
    assertThat(report.of(ReleaseFixes.Kind.REMOVED))
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.id()).isEqualTo(LODASH);
              assertThat(i.aliases()).contains("CVE-2020-8203");
              assertThat(i.severity()).isEqualTo("HIGH");
              assertThat(i.href()).isEqualTo("/supplychain/releases/" + first.id());
              assertThat(i.detail()).isEqualTo("was open in 0.3.0 (lodash 4.17.15)");
            });
    assertThat(report.of(ReleaseFixes.Kind.STILL_OPEN))
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.id()).isEqualTo(URLLIB3);
              assertThat(i.href()).isEqualTo("/supplychain/releases/" + second.id());
              assertThat(i.detail()).isEqualTo("in urllib3 1.26.4");
            });

    // The page, for anyone on the staff (a biomed engineer included).
    StaffClient viewer = hub.staff("biomed", Role.CLINICAL_VIEWER);
    HttpResponse<String> page = viewer.get("/updates/releases/" + second.id());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("What this release fixes")
        .contains("not part of the signed release notes")
        .contains("href=\"/advisories/" + white.trackingId() + "\"")
        .contains("Prototype pollution in lodash &lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("CVE-2020-8203")
        .contains("href=\"/advisories/manage/" + amber.trackingId() + "\"")
        .contains("TLP:AMBER, staff only")
        .doesNotContain(draft.trackingId())
        .doesNotContain(older.trackingId())
        .contains("Known vulnerabilities removed since 0.3.0 (release counter 1)")
        .contains("href=\"/supplychain/releases/" + first.id() + "\"><code>" + LODASH)
        .contains("href=\"/supplychain/releases/" + second.id() + "\"><code>" + URLLIB3)
        .contains("Release 0.3.1. the service menu never parses untrusted URLs; &lt;script&gt;")
        .doesNotContain("<script>alert");
    String removed = between(page.body(), "id=\"fix-removed\"", "Still open in this release");
    assertThat(removed).contains(LODASH, "HIGH").doesNotContain(URLLIB3);
    String open = between(page.body(), "Still open in this release", "</section>");
    assertThat(open).contains(URLLIB3).doesNotContain(LODASH);

    HttpResponse<String> firstPage = viewer.get("/updates/releases/" + first.id());
    assertThat(firstPage.body())
        .contains("This is the first release of rp-1: nothing to compare with.")
        .contains("href=\"/advisories/" + older.trackingId() + "\"")
        .doesNotContain(white.trackingId());
    assertThat(between(firstPage.body(), "Still open in this release", "</section>"))
        .contains(LODASH, URLLIB3);

    assertThat(viewer.get("/updates/releases").body())
        .contains("href=\"/updates/releases/" + second.id() + "\"");
    assertThat(viewer.get("/updates/releases/999").statusCode()).isEqualTo(404);
    assertThat(viewer.get("/updates/releases/x").statusCode()).isEqualTo(404);
    assertThat(StaffClient.anonymous(hub).get("/updates/releases/" + second.id()).body())
        .doesNotContain("What this release fixes");
    // The signed notes are what was published, untouched.
    assertThat(hub.hub().updates().release(second.id()).orElseThrow().notes())
        .isEqualTo(second.notes());
  }

  private static String between(String text, String from, String to) {
    int start = text.indexOf(from);
    assertThat(start).as("%s in the page", from).isGreaterThanOrEqualTo(0);
    int end = text.indexOf(to, start + from.length());
    return end < 0 ? text.substring(start) : text.substring(start, end);
  }
}
