package org.primum.hub.advisories;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What an advisory says, as its author writes it: everything the hub needs to generate the CSAF
 * document except what the hub itself assigns (tracking id, version, dates, revision history,
 * publisher). Immutable and consistent from birth; whether it is complete enough to publish is
 * {@link #problems()}.
 *
 * @param title the advisory's title (one line)
 * @param tlp who may see it; only {@link Tlp#WHITE} is distributed publicly
 * @param summary a short summary for everyone (document note "Summary")
 * @param description the technical description (vulnerability note); may be empty
 * @param impact what an attacker could achieve and what it means for patient safety (a threat of
 *     category impact for the affected products); may be empty
 * @param cves CVE ids; one CSAF vulnerability is written per CVE (one without CVE if none)
 * @param cwe the weakness, if known
 * @param cvss the CVSS v3.1 vector and its computed base score, if scored
 * @param products the status of each product version, each version at most once
 * @param remediations what to do
 * @param acknowledgments who is credited, exactly as given
 * @param references further links
 * @param interim publish with status {@code interim} (information may still change) instead of
 *     {@code final}
 * @param changeSummary what this publication changes, for the revision history (CSAF 2.0
 *     3.2.1.12.6.3); may be empty for the first publication
 */
public record AdvisoryDraft(
    String title,
    Tlp tlp,
    String summary,
    String description,
    String impact,
    List<String> cves,
    Optional<Cwe> cwe,
    Optional<CvssScore> cvss,
    List<ProductStatus> products,
    List<Remediation> remediations,
    List<Acknowledgment> acknowledgments,
    List<Reference> references,
    boolean interim,
    String changeSummary) {
  // CSAF 2.0 3.2.3.2
  private static final Pattern CVE = Pattern.compile("CVE-[0-9]{4}-[0-9]{4,}");

  public AdvisoryDraft {
    title = Texts.line("title", title, 200);
    Objects.requireNonNull(tlp, "tlp");
    summary = Texts.text("summary", summary, 4000);
    description = Texts.text("description", description, 20000);
    impact = Texts.text("impact", impact, 4000);
    List<String> ids = new ArrayList<>();
    for (String cve : cves) {
      String id = Objects.requireNonNull(cve, "cve").strip();
      if (!CVE.matcher(id).matches()) {
        throw new IllegalArgumentException(
            "CVE: expected an id such as CVE-2026-12345, found \"" + id + "\"");
      }
      if (!ids.contains(id)) {
        ids.add(id);
      }
    }
    cves = List.copyOf(ids);
    Objects.requireNonNull(cwe, "cwe");
    Objects.requireNonNull(cvss, "cvss");
    products = List.copyOf(products);
    remediations = List.copyOf(remediations);
    acknowledgments = List.copyOf(acknowledgments);
    references = List.copyOf(new LinkedHashSet<>(references));
    changeSummary = Texts.text("change summary", changeSummary, 1000);
    if (changeSummary.contains("\n")) {
      throw new IllegalArgumentException("change summary: expected one line, found several");
    }
    // CSAF 2.0 6.1.6: one status per product version, or the statuses contradict each other
    Map<ProductVersion, ProductStatus.Status> status = new HashMap<>();
    for (ProductStatus p : products) {
      ProductStatus.Status before = status.putIfAbsent(p.product(), p.status());
      if (before != null) {
        throw new IllegalArgumentException(
            p.product()
                + ": expected one status per product version, found "
                + before.csafName()
                + " and "
                + p.status().csafName());
      }
    }
    for (Remediation r : remediations) {
      for (ProductVersion target : r.products()) {
        if (!status.containsKey(target)) {
          throw new IllegalArgumentException(
              r.category().csafName()
                  + ": expected products listed in the advisory, found "
                  + target
                  + " which is not");
        }
      }
      if (r.fixedIn().isPresent() && status.get(r.fixedIn().get()) != ProductStatus.Status.FIXED) {
        throw new IllegalArgumentException(
            "vendor_fix: expected the fixed version "
                + r.fixedIn().get()
                + " listed with status fixed, found "
                + Optional.ofNullable(status.get(r.fixedIn().get()))
                    .map(ProductStatus.Status::csafName)
                    .orElse("it not listed"));
      }
    }
  }

  /** A builder starting from a title, TLP:WHITE and nothing else. */
  public static Builder builder(String title) {
    return new Builder(title);
  }

  /** A builder holding everything this draft holds, to change some of it. */
  public Builder toBuilder() {
    Builder b = new Builder(title);
    b.tlp = tlp;
    b.summary = summary;
    b.description = description;
    b.impact = impact;
    b.cves = new ArrayList<>(cves);
    b.cwe = cwe;
    b.cvss = cvss;
    b.products = new ArrayList<>(products);
    b.remediations = new ArrayList<>(remediations);
    b.acknowledgments = new ArrayList<>(acknowledgments);
    b.references = new ArrayList<>(references);
    b.interim = interim;
    b.changeSummary = changeSummary;
    return b;
  }

  /** The product versions with {@code status}, in the order given. */
  public List<ProductVersion> productsWith(ProductStatus.Status status) {
    return products.stream().filter(p -> p.status() == status).map(ProductStatus::product).toList();
  }

  /**
   * The products a remediation applies to: those it names, or else every product known affected or
   * under investigation.
   */
  public List<ProductVersion> targets(Remediation r) {
    if (!r.products().isEmpty()) {
      return r.products();
    }
    List<ProductVersion> out = new ArrayList<>(productsWith(ProductStatus.Status.KNOWN_AFFECTED));
    out.addAll(productsWith(ProductStatus.Status.UNDER_INVESTIGATION));
    return out;
  }

  /**
   * What keeps this draft from being published, each saying what is expected and what was found;
   * empty when it may be published.
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (summary.isEmpty()) {
      problems.add("summary: expected a summary for readers, found none");
    }
    if (products.isEmpty()) {
      // CSAF 2.0 6.1.27.4 and 6.1.27.6: a security advisory has a product tree and statuses
      problems.add("products: expected at least one product version with a status, found none");
    }
    for (Remediation r : remediations) {
      if (targets(r).isEmpty()) {
        // CSAF 2.0 6.1.29: a remediation must name products
        problems.add(
            r.category().csafName()
                + ": expected products to apply to (none named, and no product is known affected"
                + " or under investigation), found none");
      }
    }
    return List.copyOf(problems);
  }

  /** Builds an {@link AdvisoryDraft}; every check runs in {@link #build()}. */
  public static final class Builder {
    private String title;
    private Tlp tlp = Tlp.WHITE;
    private String summary = "";
    private String description = "";
    private String impact = "";
    private List<String> cves = new ArrayList<>();
    private Optional<Cwe> cwe = Optional.empty();
    private Optional<CvssScore> cvss = Optional.empty();
    private List<ProductStatus> products = new ArrayList<>();
    private List<Remediation> remediations = new ArrayList<>();
    private List<Acknowledgment> acknowledgments = new ArrayList<>();
    private List<Reference> references = new ArrayList<>();
    private boolean interim;
    private String changeSummary = "";

    private Builder(String title) {
      this.title = title;
    }

    public Builder title(String value) {
      this.title = value;
      return this;
    }

    public Builder tlp(Tlp value) {
      this.tlp = value;
      return this;
    }

    public Builder summary(String value) {
      this.summary = value;
      return this;
    }

    public Builder description(String value) {
      this.description = value;
      return this;
    }

    public Builder impact(String value) {
      this.impact = value;
      return this;
    }

    public Builder cves(List<String> value) {
      this.cves = new ArrayList<>(value);
      return this;
    }

    public Builder cve(String value) {
      this.cves.add(value);
      return this;
    }

    public Builder cwe(Optional<Cwe> value) {
      this.cwe = value;
      return this;
    }

    /** Scores the advisory from a CVSS v3.1 vector (the base score is computed). */
    public Builder cvss(String vector) {
      this.cvss = Optional.of(CvssScore.parse(vector));
      return this;
    }

    public Builder cvss(Optional<CvssScore> value) {
      this.cvss = value;
      return this;
    }

    public Builder products(List<ProductStatus> value) {
      this.products = new ArrayList<>(value);
      return this;
    }

    public Builder product(ProductStatus value) {
      this.products.add(value);
      return this;
    }

    public Builder remediations(List<Remediation> value) {
      this.remediations = new ArrayList<>(value);
      return this;
    }

    public Builder remediation(Remediation value) {
      this.remediations.add(value);
      return this;
    }

    public Builder acknowledgments(List<Acknowledgment> value) {
      this.acknowledgments = new ArrayList<>(value);
      return this;
    }

    public Builder acknowledgment(Acknowledgment value) {
      this.acknowledgments.add(value);
      return this;
    }

    public Builder references(List<Reference> value) {
      this.references = new ArrayList<>(value);
      return this;
    }

    public Builder reference(Reference value) {
      this.references.add(value);
      return this;
    }

    public Builder interim(boolean value) {
      this.interim = value;
      return this;
    }

    public Builder changeSummary(String value) {
      this.changeSummary = value;
      return this;
    }

    /**
     * The draft.
     *
     * @throws IllegalArgumentException naming the first field that is not acceptable
     */
    public AdvisoryDraft build() {
      return new AdvisoryDraft(
          title,
          tlp,
          summary,
          description,
          impact,
          cves,
          cwe,
          cvss,
          products,
          remediations,
          acknowledgments,
          references,
          interim,
          changeSummary);
    }
  }
}
