package org.primum.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.core.json.Json;
import org.primum.hub.advisories.Advisory;
import org.primum.hub.advisories.ProductStatus;
import org.primum.hub.disclosure.CaseDetail;
import org.primum.hub.disclosure.CaseState;
import org.primum.hub.web.Role;

/**
 * From a case to its advisory on a real hub, on SQLite and PostgreSQL: a researcher's report, the
 * team's triage, the fix, then the case page's "draft the advisory" button gives a draft with the
 * affected and fixed versions, the CVE, the CVSS vector and the researcher's credit, which
 * publishes as valid CSAF; only the team may press it.
 */
class CaseAdvisoriesTest {
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
  void caseButton_draftsAPublishableAdvisory(TestHub.Db db) throws Exception {
    hub = TestHub.start(db, dir);
    StaffClient anonymous = StaffClient.anonymous(hub);
    HttpResponse<String> filed =
        anonymous.postJson(
            "/api/v1/disclosures",
            "{\"product\":\"rp-1\",\"version\":\"any\",\"title\":\"Console accepts an older"
                + " drug library\",\"description\":\"Offer v1 after v2: the pump takes v1.\","
                + "\"stepsToReproduce\":\"Offer v1.\",\"impact\":\"Limits fixed in v2 are lost.\","
                + "\"safety\":\"yes\",\"safetyDetail\":\"Dose limits undone.\","
                + "\"credit\":\"Dr. Ada Finder\"}",
            false);
    assertThat(filed.statusCode()).as(filed.body()).isEqualTo(201);
    long id = Json.readTree(filed.body().getBytes()).path("case").asLong();
    var disclosures = hub.hub().disclosures();
    for (CaseState s :
        List.of(
            CaseState.ACKNOWLEDGED,
            CaseState.TRIAGING,
            CaseState.CONFIRMED,
            CaseState.REMEDIATION)) {
      disclosures.transition("staff:sa", id, s, "", "test");
    }
    disclosures.score(
        "staff:sa",
        id,
        Optional.of("CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H"),
        Optional.empty(),
        Optional.empty(),
        false,
        "test");
    disclosures.updateDetails(
        "staff:sa",
        id,
        Optional.of("CVE-2026-40001"),
        Optional.empty(),
        List.of(new CaseDetail.AffectedVersion("rp-1", "any")),
        "test");
    disclosures.markFixed("staff:sa", id, "rp-1", "0.3.1", "test");

    String password = hub.hub().staff().createUser("test", "sa", Role.SECURITY_ANALYST, "test");
    StaffClient analyst = StaffClient.signIn(hub, "sa", password);
    String rmPassword = hub.hub().staff().createUser("test", "rm", Role.RELEASE_MANAGER, "test");
    StaffClient manager = StaffClient.signIn(hub, "rm", rmPassword);
    assertThat(analyst.get("/disclosures/" + id).body()).contains("draft-advisory");
    assertThat(manager.postForm("/disclosures/" + id + "/advisory", Map.of()).statusCode())
        .isEqualTo(403);
    assertThat(analyst.postForm("/disclosures/" + id + "/advisory", Map.of(), false).statusCode())
        .isEqualTo(403);
    HttpResponse<String> drafted = analyst.postForm("/disclosures/" + id + "/advisory", Map.of());
    assertThat(drafted.statusCode()).isIn(200, 302, 303);

    Advisory advisory = hub.hub().advisories().advisories().get(0);
    assertThat(advisory.draft().cves()).containsExactly("CVE-2026-40001");
    assertThat(advisory.draft().products())
        .extracting(ProductStatus::status)
        .contains(ProductStatus.Status.KNOWN_AFFECTED, ProductStatus.Status.FIXED);
    assertThat(advisory.draft().acknowledgments().toString()).contains("Dr. Ada Finder");
    var published = hub.hub().advisories().publish(advisory.trackingId(), "staff:sa");
    assertThat(published.trackingId()).isEqualTo(advisory.trackingId());
  }
}
