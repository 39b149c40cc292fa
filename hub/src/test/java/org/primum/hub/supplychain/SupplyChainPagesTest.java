package org.primum.hub.supplychain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.hub.StaffClient;
import org.primum.hub.TestHub;
import org.primum.hub.TestReleases;
import org.primum.hub.advisories.csaf.CsafValidator;
import org.primum.hub.supplychain.sbom.Sboms;
import org.primum.hub.updates.ReleaseSummary;
import org.primum.hub.web.Role;

/**
 * The supply-chain pages on a real hub over HTTPS, on SQLite and PostgreSQL: a release's SBOM with
 * its known vulnerability, its justification and support status; fleet exposure; VEX recorded
 * through the form (CSRF required, role checked) clears the flaw; support edits show; exports are a
 * valid CSAF VEX and a valid CycloneDX document; SBOM text is escaped everywhere.
 */
class SupplyChainPagesTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String SCRIPT = "<script>alert(1)</script>";

  @TempDir Path dir;
  private TestHub hub;

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.closeAndDrop();
    }
  }

  private ReleaseSummary publishWithSbom() throws Exception {
    Path image = Files.writeString(dir.resolve("primum-rp1-0.3.1.fw"), "firmware 0.3.1");
    Path sbom =
        Files.writeString(
            dir.resolve("sbom.json"),
            "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,\"components\":["
                + "{\"type\":\"library\",\"bom-ref\":\"lodash\",\"name\":\"lodash\","
                + "\"version\":\"4.17.15\",\"purl\":\"pkg:npm/lodash@4.17.15\"},"
                + "{\"type\":\"library\",\"bom-ref\":\"odd\",\"name\":\""
                + SCRIPT.replace("/", "\\/")
                + "\",\"version\":\"1.0\",\"supplier\":{\"name\":\""
                + SCRIPT.replace("/", "\\/")
                + "\"}}]}");
    return TestReleases.initialize(hub)
        .publish(image, sbom, "0.3.1", 1, "lodash only renders the service menu; " + SCRIPT);
  }

  private StaffClient staff(String name, Role role) throws Exception {
    String password = hub.hub().staff().createUser("test", name, role, "test");
    return StaffClient.signIn(hub, name, password);
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void pages_showFlawsExposureVexAndSupport_escaped_andGuarded(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    Path osv = Files.createDirectories(dir.resolve("osv"));
    try (InputStream in =
        getClass()
            .getResourceAsStream(
                "/org/primum/hub/supplychain/osv/advisories/GHSA-p6mc-m468-83gw.json")) {
      Files.write(osv.resolve("lodash.json"), in.readAllBytes());
    }
    hub.hub().supplyChain().importOsv(osv, "osv-test", "test");
    ReleaseSummary release = publishWithSbom();
    StaffClient rm = staff("rm", Role.RELEASE_MANAGER);
    StaffClient viewer = staff("nurse", Role.CLINICAL_VIEWER);

    HttpResponse<String> overview = viewer.get("/supplychain");
    assertThat(overview.statusCode()).isEqualTo(200);
    assertThat(overview.body())
        .contains("GHSA-p6mc-m468-83gw", "rp-1 0.3.1", "osv-test", "justified")
        .doesNotContain("<script>alert");

    String page = "/supplychain/releases/" + release.id();
    HttpResponse<String> detail = rm.get(page);
    assertThat(detail.statusCode()).isEqualTo(200);
    assertThat(detail.body())
        .contains("lodash", "HIGH", "none: open", "lodash only renders the service menu")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>alert");

    Map<String, String> vex =
        Map.of(
            "vulnerability", "CVE-2020-8203",
            "component", "pkg:npm/lodash@4.17.15",
            "status", "not_affected",
            "justification", "vulnerable_code_not_in_execute_path",
            "detail", "zipObjectDeep is never called " + SCRIPT);
    assertThat(viewer.postForm(page + "/vex", vex).statusCode()).isEqualTo(403);
    assertThat(rm.postForm(page + "/vex", vex, false).statusCode()).isEqualTo(403);
    assertThat(rm.postForm(page + "/vex", vex).statusCode()).isIn(200, 302, 303);
    HttpResponse<String> cleared = rm.get(page);
    assertThat(cleared.body())
        .contains("not_affected (vulnerable_code_not_in_execute_path)")
        .contains("zipObjectDeep is never called &lt;script&gt;")
        .doesNotContain("<script>alert");
    assertThat(rm.get("/supplychain").body()).contains("No open known vulnerability");

    HttpResponse<String> bad =
        rm.postForm(page + "/components/0/support", Map.of("level", "forever", "endOfSupport", ""));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("expected active, security-only, unsupported or unknown");
    assertThat(
            rm.postForm(
                    page + "/components/0/support",
                    Map.of("level", "unsupported", "endOfSupport", "2026-01-31"))
                .statusCode())
        .isIn(200, 302, 303);
    assertThat(rm.get(page).body()).contains("unsupported (set by");

    HttpResponse<String> csaf = viewer.get(page + "/vex.csaf.json");
    assertThat(csaf.statusCode()).isEqualTo(200);
    assertThat(
            CsafValidator.create()
                .validate(csaf.body().getBytes(StandardCharsets.UTF_8))
                .failures())
        .isEmpty();
    HttpResponse<String> cdx = viewer.get(page + "/vex.cdx.json");
    assertThat(cdx.statusCode()).isEqualTo(200);
    assertThat(Sboms.parse(cdx.body().getBytes(StandardCharsets.UTF_8)).format())
        .isEqualTo("CycloneDX 1.6 JSON");
  }
}
