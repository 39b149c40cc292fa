package org.primum.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.primum.core.crypto.TlsContexts;
import org.primum.core.json.Json;
import org.primum.hub.CaseAdvisories;
import org.primum.hub.Hub;
import org.primum.hub.disclosure.CaseDetail;
import org.primum.hub.disclosure.CaseState;
import org.primum.hub.disclosure.DeviceQuestionnaire;
import org.primum.hub.disclosure.DisclosureRefusal;

/**
 * The demo's coordinated disclosure, acted out beside the release story: a researcher finds the
 * hub's security.txt and files a report over HTTPS (no account), keeps the tracking token and
 * follows the case; the product-security team acknowledges, triages, scores and confirms it and
 * links the affected release; the fix ships as 0.3.1 through the update rollout; then the case is
 * marked fixed and the advisory published (see {@link #fixShipped}).
 */
final class DisclosureStory {
  private static final String ANALYST = "staff:demo-analyst";
  private static final String RESEARCHER_MAIL = "researcher@example.org";
  private static final String CREDIT = "Dr. Ada Finder (@adafinder)";
  private final Hub hub;
  private final DemoHospital hospital;
  private final HttpClient http;
  private long caseId;
  private String token = "";

  DisclosureStory(Hub hub, DemoHospital hospital) {
    this.hub = hub;
    this.hospital = hospital;
    this.http =
        HttpClient.newBuilder()
            .sslContext(
                TlsContexts.client(hub.pki().caCertificate(), Optional.empty(), new SecureRandom()))
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  /** The researcher reports; the team triages up to remediation. Returns false if it could not. */
  boolean reportAndTriage() {
    try {
      String base = hub.publicUrl();
      HttpResponse<String> txt = get(base + "/.well-known/security.txt");
      researcher(
          "reads "
              + base
              + "/.well-known/security.txt ("
              + txt.statusCode()
              + "): "
              + txt.body().lines().filter(l -> l.startsWith("Contact:")).findFirst().orElse("")
              + " …");
      String report =
          "{\"product\":\"rp-1\",\"version\":\"0.2.0\","
              + "\"title\":\"Pump console accepts a drug library older than the installed one\","
              + "\"description\":\"Offering a validly signed but older drug library through the"
              + " service console makes the pump switch back to it; limits fixed since then are"
              + " lost.\",\"stepsToReproduce\":\"1. Install library v2. 2. Offer library v1 on"
              + " the console. 3. The pump activates v1.\",\"impact\":\"Dose limits corrected in"
              + " v2 no longer apply.\",\"safety\":\"yes\",\"safetyDetail\":\"A dose error"
              + " reduction limit can be undone by anyone with console access.\","
              + "\"contact\":\""
              + RESEARCHER_MAIL
              + "\",\"credit\":\""
              + CREDIT
              + "\"}";
      HttpResponse<String> filed =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/disclosures"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(report))
                  .timeout(Duration.ofSeconds(20))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (filed.statusCode() != 201) {
        researcher("the report was refused (" + filed.statusCode() + "): " + filed.body());
        return false;
      }
      JsonNode receipt =
          Json.readTree(filed.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      caseId = receipt.path("case").asLong();
      token = receipt.path("token").asText();
      researcher(
          "filed case "
              + caseId
              + " (no account) and keeps the tracking token; status page: "
              + receipt.path("statusUrl").asText());
      var disclosures = hub.disclosures();
      disclosures.transition(
          ANALYST, caseId, CaseState.ACKNOWLEDGED, "Thank you, we are on it.", "demo");
      disclosures.transition(ANALYST, caseId, CaseState.TRIAGING, "Reproducing.", "demo");
      disclosures.score(
          ANALYST,
          caseId,
          Optional.of("CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H"),
          Optional.empty(),
          Optional.of(
              new DeviceQuestionnaire(
                  DeviceQuestionnaire.PatientHarm.SERIOUS,
                  DeviceQuestionnaire.ClinicalEnvironment.ICU,
                  DeviceQuestionnaire.InTherapy.YES)),
          true,
          "demo");
      disclosures.updateDetails(
          ANALYST,
          caseId,
          Optional.of("CVE-2026-40001"),
          Optional.empty(),
          List.of(
              new CaseDetail.AffectedVersion("rp-1", "0.2.0"),
              new CaseDetail.AffectedVersion("rp-1", "0.3.0")),
          "demo");
      disclosures.transition(
          ANALYST, caseId, CaseState.CONFIRMED, "Reproduced on 0.2.0 and 0.3.0.", "demo");
      disclosures.transition(
          ANALYST, caseId, CaseState.REMEDIATION, "Fix planned for 0.3.1.", "demo");
      disclosures.postStaffMessage(
          ANALYST,
          caseId,
          "Confirmed, thank you. The fix ships with software 0.3.1; we will credit you as you chose.",
          false,
          "demo");
      var summary = disclosures.detail(caseId).summary();
      analyst(
          "acknowledged, triaged, scored (CVSS 3.1 base "
              + summary.cvss31Score().orElse("?")
              + " "
              + summary.severity().orElse("")
              + "; questionnaire: serious harm, ICU, in therapy: uncontrolled risk, so the FDA"
              + " 30/60-day clocks run), confirmed, linked rp-1 0.2.0 and 0.3.0, remediation under"
              + " way. See /disclosures/"
              + caseId
              + ".");
      // The researcher gave an e-mail address: each step above mailed them a pointer to the status
      // page (never the token or the report).
      hospital.awaitMail(RESEARCHER_MAIL, "a new message from the team", 20);
      return true;
    } catch (DisclosureRefusal e) {
      analyst("could not triage: " + e.getMessage());
      return false;
    } catch (Exception e) {
      researcher("could not reach the hub: " + e.getMessage());
      return false;
    }
  }

  /** The fix shipped as {@code version}: mark the case fixed; the researcher checks the status. */
  void fixShipped(String version) {
    if (caseId == 0) {
      return;
    }
    try {
      hub.disclosures().markFixed(ANALYST, caseId, "rp-1", version, "demo");
      analyst("case " + caseId + " fixed in rp-1 " + version + " (rolled out).");
    } catch (DisclosureRefusal e) {
      analyst("could not mark case " + caseId + " fixed: " + e.getMessage());
    }
  }

  /**
   * The team drafts the advisory from the case (affected 0.2.0 and 0.3.0, fixed in {@code fixed},
   * the researcher credited as they chose) and publishes it as CSAF; the subscribing hospital's
   * webhook and mail arrive; the case moves to advisory published.
   */
  void publishAdvisory() {
    if (caseId == 0) {
      return;
    }
    try {
      var notifications = hub.advisoryNotifications();
      if (notifications.subscribers().isEmpty()) {
        var subscriber =
            notifications.register(
                "City Hospital biomed (demo)",
                Optional.of(hospital.webhookUrl()),
                Optional.of(DemoHospital.MAILBOX),
                ANALYST);
        hospital.secret(
            subscriber.webhookSecret(org.primum.core.crypto.SecretAccess.insecure()).orElseThrow());
        analyst(
            "registered the hospital as a subscriber: webhook "
                + hospital.webhookUrl()
                + " (HMAC-signed) and mail to "
                + DemoHospital.MAILBOX);
      }
      // The same step as the case page's "Draft the advisory from this case" button.
      var advisory =
          new CaseAdvisories(hub.disclosures(), hub.advisories(), hub::publicUrl)
              .draft(caseId, ANALYST);
      var published = hub.advisories().publish(advisory.trackingId(), ANALYST);
      hub.disclosures()
          .transition(
              ANALYST,
              caseId,
              CaseState.ADVISORY_PUBLISHED,
              "Advisory " + published.trackingId() + " published.",
              "demo");
      analyst(
          "published advisory "
              + published.trackingId()
              + " as CSAF 2.0 (validated, signed, hashed): "
              + published.csafUrl()
              + " and "
              + published.htmlUrl()
              + "; provider metadata at "
              + hub.publicUrl()
              + "/.well-known/csaf/provider-metadata.json");
      if (!hospital.awaitNotifications(30)) {
        analyst("the hospital's notifications have not all arrived yet; see /advisories/manage.");
      }
    } catch (Exception e) {
      analyst("could not publish the advisory: " + e.getMessage());
    }
  }

  /** The researcher looks at the case with the token, as anyone with it can. */
  void researcherChecks() {
    if (token.isEmpty()) {
      return;
    }
    try {
      HttpResponse<String> view = get(hub.publicUrl() + "/api/v1/disclosures/" + token);
      JsonNode v = Json.readTree(view.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      researcher(
          "checks case "
              + caseId
              + " with the token: "
              + v.path("state").asText(v.path("status").asText("?"))
              + ".");
      String acknowledgements = hub.publicUrl() + "/security/acknowledgements";
      boolean credited = get(acknowledgements).body().contains(CREDIT);
      researcher(
          (credited ? "is credited as \"" + CREDIT + "\" on " : "is not yet credited on ")
              + acknowledgements
              + " and in the advisory's CSAF acknowledgments.");
    } catch (Exception e) {
      researcher("could not check the case: " + e.getMessage());
    }
  }

  long caseId() {
    return caseId;
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void researcher(String text) {
    System.out.println("Researcher (demo): " + text);
  }

  private static void analyst(String text) {
    System.out.println("Product security (demo): " + text);
  }
}
