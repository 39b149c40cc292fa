package org.primum.hub;

import io.javalin.http.Context;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.primum.hub.advisories.Acknowledgment;
import org.primum.hub.advisories.Advisory;
import org.primum.hub.advisories.AdvisoryDraft;
import org.primum.hub.advisories.AdvisoryRefusal;
import org.primum.hub.advisories.AdvisoryService;
import org.primum.hub.advisories.ProductStatus;
import org.primum.hub.advisories.ProductVersion;
import org.primum.hub.advisories.Remediation;
import org.primum.hub.disclosure.CaseDetail;
import org.primum.hub.disclosure.DisclosurePages;
import org.primum.hub.disclosure.DisclosureRefusal;
import org.primum.hub.disclosure.DisclosureService;
import org.primum.hub.web.HttpProblem;
import org.primum.hub.web.Requests;
import org.primum.hub.web.Route;

/**
 * From a disclosure case to a draft security advisory (ISO/IEC 29147 "advisory"): title, summary,
 * impact, CVE, CVSS v3.1 vector, affected versions as known affected, the fixed-in release as fixed
 * with a vendor fix, and the researcher credited as they chose. The two capabilities meet here,
 * through their services only; the analyst reviews and publishes the draft on the advisories page.
 */
public final class CaseAdvisories {
  private final DisclosureService disclosures;
  private final AdvisoryService advisories;
  private final Supplier<String> publicUrl;

  public CaseAdvisories(
      DisclosureService disclosures, AdvisoryService advisories, Supplier<String> publicUrl) {
    this.disclosures = Objects.requireNonNull(disclosures, "disclosures");
    this.advisories = Objects.requireNonNull(advisories, "advisories");
    this.publicUrl = Objects.requireNonNull(publicUrl, "publicUrl");
  }

  /** {@code POST /disclosures/{id}/advisory}: the team drafts the advisory of a case. */
  public List<Route> routes() {
    return List.of(Route.post("/disclosures/{id}/advisory", DisclosurePages.TEAM, this::create));
  }

  /** The advisory draft a case calls for. */
  public AdvisoryDraft draftFor(long caseId) throws DisclosureRefusal {
    CaseDetail c = disclosures.detail(caseId);
    AdvisoryDraft.Builder b =
        AdvisoryDraft.builder(c.summary().title())
            .summary(c.summary().title())
            .description(c.description())
            .impact(c.impact().isBlank() ? c.summary().title() : c.impact());
    c.summary().cveId().ifPresent(b::cve);
    c.cvss31Vector().ifPresent(b::cvss);
    for (CaseDetail.AffectedVersion a : c.affected()) {
      b.product(ProductStatus.knownAffected(new ProductVersion(a.hardwareId(), a.version())));
    }
    // fixedIn reads "<hardware id> <version>" (DisclosureService.markFixed).
    c.fixedIn()
        .map(text -> text.split(" ", 2))
        .filter(parts -> parts.length == 2 && !parts[1].startsWith("("))
        .ifPresent(
            parts -> {
              ProductVersion fixed = new ProductVersion(parts[0], parts[1]);
              b.product(ProductStatus.fixed(fixed));
              b.remediation(
                  Remediation.vendorFix(
                      fixed, Optional.of(URI.create(publicUrl.get() + "/updates/releases"))));
            });
    disclosures.credit(caseId).name().ifPresent(n -> b.acknowledgment(Acknowledgment.of(n)));
    return b.build();
  }

  /** Drafts the advisory of a case; returns it (unpublished). */
  public Advisory draft(long caseId, String actor) throws DisclosureRefusal, AdvisoryRefusal {
    return advisories.draft(draftFor(caseId), actor);
  }

  private void create(Context ctx) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw HttpProblem.notFound("no such case");
    }
    try {
      Advisory a = draft(id, Requests.staff(ctx).auditName());
      ctx.redirect("/advisories/manage/" + a.trackingId());
    } catch (DisclosureRefusal e) {
      throw new HttpProblem(404, e.code(), e.getMessage());
    } catch (AdvisoryRefusal e) {
      throw HttpProblem.badRequest(e.code(), e.getMessage());
    } catch (IllegalArgumentException e) {
      throw HttpProblem.badRequest(
          "advisory-draft", "the case is not ready for an advisory: " + e.getMessage());
    }
  }
}
