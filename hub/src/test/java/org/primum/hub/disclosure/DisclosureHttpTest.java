package org.primum.hub.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.primum.core.json.Json;
import org.primum.hub.StaffClient;
import org.primum.hub.web.Role;

/**
 * Disclosure over real HTTPS: security.txt, the form and the API, the finder's and the team's
 * views.
 */
class DisclosureHttpTest {
  @TempDir Path dir;
  private DisclosureHttpBed bed;

  @AfterEach
  void stop() {
    if (bed != null) {
      bed.close();
    }
  }

  private DisclosureHttpBed start() throws Exception {
    bed = new DisclosureHttpBed(dir, IntakeLimits.defaults().withRates(100, 1000));
    return bed;
  }

  @Test
  void securityTxt_isSigned_pointsAtTheHub_andExpiresAheadWhateverTheDate() throws Exception {
    start();
    HttpResponse<String> txt = bed.get("/.well-known/security.txt");
    assertThat(txt.statusCode()).isEqualTo(200);
    assertThat(txt.headers().firstValue("Content-Type")).hasValue("text/plain;charset=utf-8");
    String base = bed.base.toString();
    assertThat(txt.body())
        .startsWith("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n")
        .contains("\nContact: mailto:security@example.org\n")
        .contains("\nContact: " + base + "/security/report\n")
        .contains("\nEncryption: " + base + "/.well-known/openpgp-key.asc\n")
        .contains("\nAcknowledgments: " + base + "/security/acknowledgements\n")
        .contains("\nPreferred-Languages: en\n")
        .contains("\nCanonical: " + base + "/.well-known/security.txt\n")
        .contains("\nPolicy: " + base + "/security/policy\n")
        .contains("-----BEGIN PGP SIGNATURE-----");
    assertThat(expires(txt.body())).isEqualTo(DisclosureTestBed.START.plus(Duration.ofDays(180)));
    bed.clock.advance(Duration.ofDays(400));
    Instant later = expires(bed.get("/.well-known/security.txt").body());
    assertThat(later)
        .isAfter(bed.clock.instant())
        .isBefore(bed.clock.instant().plus(Duration.ofDays(365)));
    assertThat(txt.body().lines().filter(l -> l.startsWith("Expires:")).count()).isEqualTo(1);

    HttpResponse<String> key = bed.get("/.well-known/openpgp-key.asc");
    assertThat(key.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/pgp-keys");
    assertThat(key.body()).isEqualTo(bed.service.keys().armoredPublicKey());
    assertThat(bed.get("/security/policy").body())
        .contains("Safe harbour")
        .contains("within 5 business days")
        .contains(bed.service.keys().fingerprint());
    assertThat(bed.get("/security/acknowledgements").body())
        .contains("No published advisory credits anyone yet.");
  }

  private static Instant expires(String txt) {
    Matcher m = Pattern.compile("\nExpires: (\\S+)\n").matcher(txt);
    assertThat(m.find()).isTrue();
    return Instant.parse(m.group(1));
  }

  @Test
  void htmlForm_filesAReport_theFinderFollowsIt_andTalksWithTheTeam() throws Exception {
    start();
    HttpResponse<String> receipt =
        bed.postReport(
            bed.fillForm(Map.of(), Duration.ofSeconds(30)),
            List.of(
                new DisclosureHttpBed.File("capture.pcap", DisclosureFixtures.PCAP),
                new DisclosureHttpBed.File(
                    "notes.txt", "secret notes".getBytes(StandardCharsets.UTF_8))));
    assertThat(receipt.statusCode()).as(receipt.body()).isEqualTo(200);
    assertThat(receipt.body()).contains("Thank you: report received").contains("shown only once");
    String token = DisclosureHttpBed.token(receipt);
    String page = "/security/cases/" + token;

    HttpResponse<String> view = bed.get(page);
    assertThat(view.statusCode()).isEqualTo(200);
    assertThat(view.body())
        .contains("Drug library overflow")
        .contains("Received")
        .contains("capture.pcap");
    HttpResponse<String> sent = bed.postForm(page + "/messages", Map.of("body", "Any news?"));
    assertThat(sent.statusCode()).isEqualTo(303);
    assertThat(sent.headers().firstValue("Location")).hasValue(page);

    StaffClient analyst = bed.staff("ana", Role.SECURITY_ANALYST);
    HttpResponse<String> list = analyst.get("/disclosures");
    assertThat(list.body()).contains("Drug library overflow").contains("id=\"case-1\"");
    HttpResponse<String> detail = analyst.get("/disclosures/1");
    assertThat(detail.body())
        .contains("Any news?")
        .contains("secret notes".substring(0, 0))
        .contains("capture.pcap");
    assertThat(
            analyst
                .postForm("/disclosures/1/messages", Map.of("body", "We reproduced it."))
                .statusCode())
        .isEqualTo(303);
    assertThat(
            analyst
                .postForm(
                    "/disclosures/1/messages",
                    Map.of("body", "Internal: blame the parser", "internal", "on"))
                .statusCode())
        .isEqualTo(303);
    assertThat(
            analyst
                .postForm("/disclosures/1/transition", Map.of("to", "ACKNOWLEDGED", "note", "ack"))
                .statusCode())
        .isEqualTo(303);
    HttpResponse<String> refused =
        analyst.postForm("/disclosures/1/transition", Map.of("to", "FIXED"));
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.body())
        .contains("a case in ACKNOWLEDGED may move to TRIAGING; found a request for FIXED");

    String finder = bed.get(page).body();
    assertThat(finder)
        .contains("We reproduced it.")
        .contains(DisclosureService.TEAM)
        .contains("Acknowledged")
        .doesNotContain("blame the parser")
        .doesNotContain("staff:ana");

    // Attachments: decrypted for staff, always as a download.
    Matcher link =
        Pattern.compile("href=\"(/disclosures/1/attachments/\\d+)\">notes.txt")
            .matcher(analyst.get("/disclosures/1").body());
    assertThat(link.find()).isTrue();
    HttpResponse<String> file = analyst.get(link.group(1));
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(file.body()).isEqualTo("secret notes");
    assertThat(file.headers().firstValue("Content-Disposition").orElse(""))
        .startsWith("attachment; filename=\"notes.txt\"");
    assertThat(file.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/octet-stream");
    assertThat(bed.get(link.group(1)).statusCode())
        .isEqualTo(302); // anonymous: to the sign-in page

    // Only security analysts and administrators; staff posts need the CSRF token.
    StaffClient releaser = bed.staff("rel", Role.RELEASE_MANAGER);
    assertThat(releaser.get("/disclosures").statusCode()).isEqualTo(403);
    assertThat(releaser.get(link.group(1)).statusCode()).isEqualTo(403);
    assertThat(releaser.get("/account").body()).doesNotContain("href=\"/disclosures\"");
    assertThat(analyst.get("/account").body()).contains("href=\"/disclosures\"");
    HttpResponse<String> forged =
        analyst.postForm("/disclosures/1/transition", Map.of("to", "TRIAGING"), false);
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("the form is stale or did not come from this hub");
    assertThat(bed.service.detail(1).summary().state()).isEqualTo(CaseState.ACKNOWLEDGED);
  }

  @Test
  void statusPage_theLinkInTheFindersMail_opensTheCaseOfAToken() throws Exception {
    start();
    HttpResponse<String> created =
        bed.postJson("/api/v1/disclosures", DisclosureFixtures.json(Map.of()));
    String token =
        Json.readTree(created.body().getBytes(StandardCharsets.UTF_8)).get("token").asText();
    HttpResponse<String> form = bed.get("/security/status");
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.body()).contains("Tracking token", "action=\"/security/status\"");

    HttpResponse<String> opened = bed.postForm("/security/status", Map.of("token", token));
    assertThat(opened.statusCode()).isEqualTo(303);
    assertThat(opened.headers().firstValue("Location")).contains("/security/cases/" + token);

    HttpResponse<String> wrong = bed.postForm("/security/status", Map.of("token", "A".repeat(32)));
    assertThat(wrong.statusCode()).isEqualTo(404);
    assertThat(wrong.body()).contains("no case matches this tracking token", "Tracking token");
    assertThat(bed.postForm("/security/status", Map.of()).statusCode()).isEqualTo(404);
  }

  @Test
  void jsonApi_filesAReport_andTheTokenIsTheOnlyKey() throws Exception {
    start();
    HttpResponse<String> created =
        bed.postJson("/api/v1/disclosures", DisclosureFixtures.json(Map.of()));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode receipt = Json.readTree(created.body().getBytes(StandardCharsets.UTF_8));
    String token = receipt.get("token").asText();
    assertThat(token).matches("[A-Za-z0-9_-]{32}");
    assertThat(receipt.get("statusUrl").asText()).isEqualTo(bed.base + "/security/cases/" + token);
    assertThat(receipt.get("deadlines").get(0).get("step").asText()).isEqualTo("ACKNOWLEDGE");

    HttpResponse<String> other =
        bed.postJson(
            "/api/v1/disclosures", DisclosureFixtures.json(Map.of("title", "Other finder's case")));
    String otherToken =
        Json.readTree(other.body().getBytes(StandardCharsets.UTF_8)).get("token").asText();

    JsonNode view =
        Json.readTree(
            bed.get("/api/v1/disclosures/" + token).body().getBytes(StandardCharsets.UTF_8));
    assertThat(view.get("title").asText()).isEqualTo("Drug library overflow");
    assertThat(view.get("state").asText()).isEqualTo("RECEIVED");
    assertThat(view.get("attachments")).hasSize(2);
    assertThat(
            bed.postJson(
                    "/api/v1/disclosures/" + token + "/messages",
                    "{\"body\":\"hello\"}".getBytes(StandardCharsets.UTF_8))
                .statusCode())
        .isEqualTo(204);
    assertThat(
            bed.postJson(
                    "/api/v1/disclosures/" + token + "/credit",
                    "{\"credit\":null}".getBytes(StandardCharsets.UTF_8))
                .statusCode())
        .isEqualTo(204);
    JsonNode after =
        Json.readTree(
            bed.get("/api/v1/disclosures/" + token).body().getBytes(StandardCharsets.UTF_8));
    assertThat(after.get("credit").isNull()).isTrue();
    assertThat(after.get("messages").get(0).get("from").asText()).isEqualTo("You");
    assertThat(after.toString()).doesNotContain("Other finder's case");
    JsonNode otherView =
        Json.readTree(
            bed.get("/api/v1/disclosures/" + otherToken).body().getBytes(StandardCharsets.UTF_8));
    assertThat(otherView.toString()).doesNotContain("hello").contains("Other finder's case");

    // Forged, truncated and malformed tokens: one answer, the same bytes.
    String forged = token.substring(0, 31) + (token.endsWith("A") ? "B" : "A");
    HttpResponse<String> a = bed.get("/api/v1/disclosures/" + forged);
    HttpResponse<String> b = bed.get("/api/v1/disclosures/" + token.substring(0, 20));
    HttpResponse<String> c = bed.get("/api/v1/disclosures/%3Cscript%3E");
    for (HttpResponse<String> response : List.of(a, b, c)) {
      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.body())
          .isEqualTo(
              "{\"error\":\"token-unknown\",\"message\":\"no case matches this tracking token\"}");
    }
    assertThat(bed.get("/security/cases/" + forged).body())
        .contains("no case matches this tracking token")
        .doesNotContain("Drug library");

    StaffClient analyst = bed.staff("ana", Role.SECURITY_ANALYST);
    JsonNode cases =
        Json.readTree(
            analyst.getJson("/api/v1/disclosures").body().getBytes(StandardCharsets.UTF_8));
    assertThat(cases.get("cases")).hasSize(2);
    assertThat(bed.get("/api/v1/disclosures").statusCode()).isEqualTo(401);
  }

  @Test
  void scriptInEveryField_isShownEscaped_toTheFinderAndTheTeam() throws Exception {
    start();
    String xss = "<script>alert(1)</script>";
    String escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
    Map<String, String> evil =
        Map.of(
            "title", xss,
            "description", xss,
            "steps", xss,
            "impact", xss,
            "safetyDetail", xss,
            "creditName", xss);
    HttpResponse<String> receipt =
        bed.postReport(
            bed.fillForm(evil, Duration.ofSeconds(10)),
            List.of(
                new DisclosureHttpBed.File(xss + ".txt", "text".getBytes(StandardCharsets.UTF_8))));
    assertThat(receipt.statusCode()).as(receipt.body()).isEqualTo(200);
    String token = DisclosureHttpBed.token(receipt);
    bed.postForm("/security/cases/" + token + "/messages", Map.of("body", xss));
    StaffClient analyst = bed.staff("ana", Role.SECURITY_ANALYST);
    analyst.postForm("/disclosures/1/messages", Map.of("body", xss));
    analyst.postForm("/disclosures/1/messages", Map.of("body", xss, "internal", "on"));
    for (CaseState to :
        List.of(
            CaseState.ACKNOWLEDGED,
            CaseState.TRIAGING,
            CaseState.CONFIRMED,
            CaseState.REMEDIATION,
            CaseState.FIXED,
            CaseState.ADVISORY_PUBLISHED)) {
      assertThat(
              analyst
                  .postForm("/disclosures/1/transition", Map.of("to", to.name(), "note", xss))
                  .statusCode())
          .isEqualTo(303);
    }
    HttpResponse<String> badCvss =
        analyst.postForm("/disclosures/1/scoring", Map.of("cvss31", xss));
    assertThat(badCvss.statusCode()).isEqualTo(400);

    HttpResponse<String> refusedForm =
        bed.postReport(bed.fillForm(evil, Duration.ofMillis(100)), List.of());
    assertThat(refusedForm.statusCode()).isEqualTo(400);
    for (String page :
        List.of(
            refusedForm.body(),
            bed.get("/security/cases/" + token).body(),
            analyst.get("/disclosures").body(),
            analyst.get("/disclosures/1").body(),
            bed.get("/security/acknowledgements").body(),
            badCvss.body())) {
      assertThat(page).doesNotContain(xss).doesNotContain("<script").contains(escaped);
    }
    assertThat(analyst.get("/disclosures/1").body().split(Pattern.quote(escaped), -1).length - 1)
        .as("title, description, steps, impact, safety detail, credit, attachment, messages, notes")
        .isGreaterThanOrEqualTo(10);
  }

  @Test
  void overdueCases_standOutOnTheList() throws Exception {
    start();
    bed.postJson("/api/v1/disclosures", DisclosureFixtures.json(Map.of("title", "Acknowledged")));
    bed.postJson("/api/v1/disclosures", DisclosureFixtures.json(Map.of("title", "Forgotten")));
    StaffClient analyst = bed.staff("ana", Role.SECURITY_ANALYST);
    analyst.postForm("/disclosures/1/transition", Map.of("to", "ACKNOWLEDGED"));
    bed.clock.advance(Duration.ofDays(8));
    String list = analyst.get("/disclosures").body();
    assertThat(list).contains("1 case(s) overdue");
    assertThat(list).containsPattern("<tr id=\"case-2\" class=\"overdue\" data-overdue=\"true\">");
    assertThat(list).containsPattern("<tr id=\"case-1\" data-overdue=\"false\">");
    assertThat(list.indexOf("id=\"case-2\"")).isLessThan(list.indexOf("id=\"case-1\""));
    assertThat(list).contains("Acknowledge the report: overdue by");
    String detail = analyst.get("/disclosures/2").body();
    assertThat(detail).contains("data-step=\"ACKNOWLEDGE\" data-status=\"OVERDUE\"");
  }

  @Test
  void scoringForm_suggestsFromTheQuestionnaire_andTheAnalystConfirms() throws Exception {
    start();
    bed.postJson("/api/v1/disclosures", DisclosureFixtures.json(Map.of()));
    StaffClient analyst = bed.staff("ana", Role.SECURITY_ANALYST);
    HttpResponse<String> saved =
        analyst.postForm(
            "/disclosures/1/scoring",
            Map.of(
                "harm", "DEATH_POSSIBLE",
                "environment", "ICU",
                "therapy", "YES",
                "cvss31", "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:L",
                "cvss40", "CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:L/SC:N/SI:N/SA:N",
                "uncontrolledRisk", "on"));
    assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
    String detail = analyst.get("/disclosures/1").body();
    assertThat(detail)
        .contains("5.4 Medium")
        .contains("5.3 Medium (CVSS-B)")
        .contains("CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H/IR:H/AR:H")
        .contains("v4.0 S:P");
    HttpResponse<String> confirmed =
        analyst.postForm(
            "/disclosures/1/scoring",
            Map.of(
                "harm",
                "DEATH_POSSIBLE",
                "environment",
                "ICU",
                "therapy",
                "YES",
                "cvss31",
                "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H/IR:H/AR:H",
                "uncontrolledRisk",
                "on"));
    assertThat(confirmed.statusCode()).isEqualTo(303);
    assertThat(bed.service.detail(1).summary().cvss31Score()).hasValue("8.1");
    HttpResponse<String> invalid =
        analyst.postForm(
            "/disclosures/1/scoring",
            Map.of(
                "cvss40",
                "CVSS:4.0/AV:N",
                "cvss31",
                "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H"));
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(invalid.body())
        .contains("missing base metric(s) AC, AT, PR, UI, VC, VI, VA, SC, SI, SA")
        .contains("value=\"CVSS:4.0/AV:N\"");
    HttpResponse<String> cve =
        analyst.postForm("/disclosures/1/details", Map.of("cve", "CVE-2026-1"));
    assertThat(cve.statusCode()).isEqualTo(400);
    assertThat(cve.body()).contains("expected a CVE id such as CVE-2026-12345");
  }
}
