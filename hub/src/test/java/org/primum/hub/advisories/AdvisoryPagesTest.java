package org.primum.hub.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.core.json.Json;
import org.primum.hub.StaffClient;
import org.primum.hub.TestHub;
import org.primum.hub.advisories.csaf.CsafValidator;
import org.primum.hub.advisories.csaf.ProviderMetadataValidator;
import org.primum.hub.web.Role;

/**
 * Advisories on a real hub over HTTPS, on SQLite and PostgreSQL: an analyst drafts through the form
 * and publishes (CSRF and role checked); anyone reads the public pages (escaped) and walks the CSAF
 * trusted provider directory from provider-metadata.json to a document whose hash and OpenPGP
 * signature verify; TLP:AMBER stays internal; an invalid document is refused with the validator's
 * failures; a subscriber's webhook secret is shown once.
 */
class AdvisoryPagesTest {
  private static final String SCRIPT = AdvisoryFixtures.SCRIPT;
  private static final Pattern LOCATION =
      Pattern.compile("/advisories/manage/(PRIMUM-SA-[0-9]{4}-[0-9]{4})");

  @TempDir Path dir;
  private TestHub hub;

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.closeAndDrop();
    }
  }

  private static Map<String, String> form(String title, String tlp, String products) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("title", title);
    f.put("tlp", tlp);
    f.put("summary", "Soft limits could be raised " + SCRIPT);
    f.put("description", "Line one.\nLine two " + SCRIPT);
    f.put("impact", "Hard limits still apply.");
    f.put("cves", "CVE-2026-10001");
    f.put("cweId", "CWE-306");
    f.put("cweName", "Missing Authentication for Critical Function");
    f.put("cvss", "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:L");
    f.put("products", products);
    f.put(
        "remediations",
        "vendor_fix rp-1 0.3.2 https://hub.example.org/updates\nmitigation: Block port 7777.");
    f.put("acknowledgments", "Ada Researcher | Example Lab " + SCRIPT + " | reported it |");
    f.put("references", "https://www.cve.org/CVERecord?id=CVE-2026-10001 CVE record");
    f.put("changeSummary", "");
    return f;
  }

  private static String created(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
    Matcher m = LOCATION.matcher(response.headers().firstValue("Location").orElseThrow());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static byte[] bytes(HttpResponse<String> r) {
    return r.body().getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void draftPublishAndDistribute_overHttps_endToEnd(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    StaffClient analyst = hub.staff("ana", Role.SECURITY_ANALYST);
    StaffClient viewer = hub.staff("nurse", Role.CLINICAL_VIEWER);
    StaffClient anonymous = StaffClient.anonymous(hub);
    String products =
        "rp-1 0.3.1 known_affected\nrp-1 0.3.2 fixed\n"
            + "rp-2 1.0.0 known_not_affected vulnerable_code_not_present\n"
            + "gw-7 2.0.0 under_investigation";

    // drafting: role and CSRF checked; the form's text is escaped everywhere
    Map<String, String> fields = form("Dose limits " + SCRIPT, "WHITE", products);
    assertThat(viewer.postForm("/advisories/manage", fields).statusCode()).isEqualTo(403);
    assertThat(analyst.postForm("/advisories/manage", fields, false).statusCode()).isEqualTo(403);
    String id = created(analyst.postForm("/advisories/manage", fields));
    HttpResponse<String> page = viewer.get("/advisories/manage/" + id);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("Dose limits &lt;script&gt;", "Ready: version 1 would be published")
        .doesNotContain("<script>alert")
        .doesNotContain("publish-form");
    assertThat(analyst.get("/advisories/manage/" + id).body()).contains("publish-form");
    assertThat(anonymous.get("/advisories/" + id).statusCode())
        .as("a draft is not public")
        .isEqualTo(404);
    assertThat(anonymous.get("/advisories/manage").statusCode()).isEqualTo(302);

    // publishing: role and CSRF checked
    assertThat(viewer.postForm("/advisories/manage/" + id + "/publish", Map.of()).statusCode())
        .isEqualTo(403);
    assertThat(
            analyst.postForm("/advisories/manage/" + id + "/publish", Map.of(), false).statusCode())
        .isEqualTo(403);
    assertThat(analyst.postForm("/advisories/manage/" + id + "/publish", Map.of()).statusCode())
        .isEqualTo(302);

    // public pages
    HttpResponse<String> list = anonymous.get("/advisories");
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body())
        .contains(id, "Dose limits &lt;script&gt;")
        .doesNotContain("<script>alert");
    HttpResponse<String> detail = anonymous.get("/advisories/" + id);
    assertThat(detail.statusCode()).isEqualTo(200);
    assertThat(detail.body())
        .contains(
            "Soft limits could be raised &lt;script&gt;",
            "Example Lab &lt;script&gt;",
            "vulnerable_code_not_present",
            "under_investigation",
            "7.1",
            "Update to rp-1 0.3.2.")
        .doesNotContain("<script>alert");
    assertThat(detail.headers().firstValue("Content-Security-Policy")).isPresent();

    // the trusted provider, walked as a CSAF downloader would (CSAF 2.0 7.3)
    HttpResponse<String> metadataResponse =
        anonymous.get("/.well-known/csaf/provider-metadata.json");
    assertThat(metadataResponse.statusCode()).isEqualTo(200);
    assertThat(metadataResponse.headers().firstValue("Content-Type")).hasValue("application/json");
    byte[] metadata = bytes(metadataResponse);
    assertThat(ProviderMetadataValidator.create().validate(metadata).failures()).isEmpty();
    JsonNode m = Json.readTree(metadata);
    assertThat(m.get("canonical_url").asText())
        .isEqualTo(hub.hub().publicUrl() + "/.well-known/csaf/provider-metadata.json");
    String feedUrl = m.at("/distributions/1/rolie/feeds/0/url").asText();
    JsonNode feed = Json.readTree(bytes(anonymous.get(path(feedUrl))));
    JsonNode entry = feed.at("/feed/entry/0");
    assertThat(entry.get("id").asText()).isEqualTo(id);
    String csafUrl = entry.at("/content/src").asText();
    HttpResponse<String> csaf = anonymous.get(path(csafUrl));
    assertThat(csaf.statusCode()).isEqualTo(200);
    byte[] document = bytes(csaf);
    assertThat(CsafValidator.create().validate(document).failures()).isEmpty();
    assertThat(Json.readTree(document).at("/document/publisher/namespace").asText())
        .isEqualTo(hub.hub().publicUrl());
    String sha256 = anonymous.get(path(csafUrl) + ".sha256").body();
    assertThat(sha256.split("  ")[0])
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(document)));
    HttpResponse<String> key = anonymous.get(path(m.at("/public_openpgp_keys/0/url").asText()));
    assertThat(key.statusCode()).isEqualTo(200);
    AdvisoryOpenPgp.verify(bytes(key), anonymous.get(path(csafUrl) + ".asc").body(), document);
    String file = ProviderDirectory.fileName(id);
    String year = id.substring("PRIMUM-SA-".length(), "PRIMUM-SA-".length() + 4);
    assertThat(anonymous.get("/.well-known/csaf/white/index.txt").body())
        .isEqualTo(year + "/" + file + "\n");
    assertThat(anonymous.get("/.well-known/csaf/white/changes.csv").body())
        .startsWith("\"" + year + "/" + file + "\",\"");
    assertThat(anonymous.get("/.well-known/csaf/white/").body()).contains(year + "/", "index.txt");
    assertThat(anonymous.get("/.well-known/csaf/white/" + year + "/").body())
        .contains(file + ".asc", file + ".sha512");
    assertThat(anonymous.get("/.well-known/csaf/white/1999/" + file).statusCode()).isEqualTo(404);
    assertThat(anonymous.get("/advisories/" + id + "/vex.json").statusCode()).isEqualTo(200);
    assertThat(
            CsafValidator.create()
                .validate(bytes(anonymous.get("/advisories/" + id + "/vex.json")))
                .failures())
        .isEmpty();
  }

  private static String path(String url) {
    return url.replaceFirst("^https://[^/]+", "");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void amberAndInvalid_stayOut_andTheSecretIsShownOnce(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    StaffClient analyst = hub.staff("ana", Role.SECURITY_ANALYST);
    StaffClient anonymous = StaffClient.anonymous(hub);

    String amber =
        created(
            analyst.postForm(
                "/advisories/manage",
                form("Internal", "AMBER", "rp-1 0.3.1 known_affected\nrp-1 0.3.2 fixed")));
    assertThat(analyst.postForm("/advisories/manage/" + amber + "/publish", Map.of()).statusCode())
        .isEqualTo(302);
    assertThat(anonymous.get("/advisories/" + amber).statusCode()).isEqualTo(404);
    assertThat(anonymous.get("/advisories").body()).doesNotContain(amber);
    assertThat(anonymous.get("/.well-known/csaf/white/index.txt").body()).isEmpty();
    HttpResponse<String> staffCopy = analyst.get("/advisories/manage/" + amber + "/csaf.json");
    assertThat(staffCopy.statusCode()).isEqualTo(200);
    assertThat(Json.readTree(bytes(staffCopy)).at("/document/distribution/tlp/label").asText())
        .isEqualTo("AMBER");

    String invalid =
        created(
            analyst.postForm(
                "/advisories/manage",
                form("Range", "WHITE", "rp-1 prior known_affected\nrp-1 0.3.2 fixed")));
    HttpResponse<String> refused =
        analyst.postForm("/advisories/manage/" + invalid + "/publish", Map.of());
    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(refused.body()).contains("is not valid CSAF 2.0", "6.1.31");
    assertThat(anonymous.get("/advisories/" + invalid).statusCode()).isEqualTo(404);

    HttpResponse<String> bad =
        analyst.postForm("/advisories/manage", form("Bad", "WHITE", "rp-1 0.3.1 broken"));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("products line 1: expected known_affected");

    HttpResponse<String> registered =
        analyst.postForm(
            "/advisories/manage/subscribers",
            Map.of(
                "name",
                "Hospital " + SCRIPT,
                "webhook",
                "https://soc.hospital.example/hook",
                "email",
                ""));
    assertThat(registered.statusCode()).isEqualTo(200);
    Matcher secret =
        Pattern.compile("id=\"webhook-secret\">([0-9a-f]{64})<").matcher(registered.body());
    assertThat(secret.find()).isTrue();
    assertThat(registered.body()).doesNotContain("<script>alert");
    HttpResponse<String> later = analyst.get("/advisories/manage/subscribers");
    assertThat(later.body()).contains("soc.hospital.example").doesNotContain(secret.group(1));
    assertThat(hub.hub().advisoryNotifications().subscribers()).hasSize(1);
    HttpResponse<String> plain =
        analyst.postForm(
            "/advisories/manage/subscribers",
            Map.of("name", "Plain", "webhook", "http://soc.hospital.example/hook", "email", ""));
    assertThat(plain.statusCode()).isEqualTo(400);
    assertThat(plain.body()).contains("webhook URL: expected https://");
    assertThat(
            hub.staff("nurse", Role.CLINICAL_VIEWER)
                .get("/advisories/manage/subscribers")
                .statusCode())
        .isEqualTo(403);
  }
}
