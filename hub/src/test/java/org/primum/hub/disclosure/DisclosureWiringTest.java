package org.primum.hub.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.hub.StaffClient;
import org.primum.hub.TestHub;
import org.primum.hub.web.Role;

/** The disclosure routes as the hub itself serves them, on SQLite and PostgreSQL. */
class DisclosureWiringTest {
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
  void hub_servesSecurityTxt_theIntake_andTheTeamsPages(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    StaffClient anonymous = StaffClient.anonymous(hub);
    HttpResponse<String> txt = anonymous.get("/.well-known/security.txt");
    assertThat(txt.statusCode()).isEqualTo(200);
    assertThat(txt.body())
        .contains("Canonical: " + hub.hub().publicUrl() + "/.well-known/security.txt")
        .contains("Encryption: " + hub.hub().publicUrl() + "/.well-known/openpgp-key.asc");
    assertThat(anonymous.get("/.well-known/openpgp-key.asc").body())
        .isEqualTo(hub.hub().disclosures().keys().armoredPublicKey());
    // No release is published yet: the form offers the reference pump, any version.
    assertThat(anonymous.get("/security/report").body()).contains("value=\"rp-1|any\"");
    HttpResponse<String> created =
        anonymous.postJson(
            "/api/v1/disclosures",
            new String(
                DisclosureFixtures.json(Map.of("version", "any")),
                java.nio.charset.StandardCharsets.UTF_8),
            false);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

    StaffClient analyst = hub.staff("ana", Role.SECURITY_ANALYST);
    assertThat(analyst.get("/fleet").body()).contains("href=\"/disclosures\"");
    assertThat(analyst.get("/disclosures").body()).contains("Drug library overflow");
    StaffClient viewer = hub.staff("nurse", Role.CLINICAL_VIEWER);
    assertThat(viewer.get("/fleet").body()).doesNotContain("href=\"/disclosures\"");
    assertThat(viewer.get("/disclosures/1").statusCode()).isEqualTo(403);
    assertThat(hub.hub().audit().latest(10, "disclosure.")).isNotEmpty();
  }
}
