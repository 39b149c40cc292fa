package org.primum.hub.advisories;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Drafts and publisher settings the advisory tests share. */
final class AdvisoryFixtures {
  static final String SCRIPT = "<script>alert(1)</script>";
  static final ProductVersion RP1_030 = new ProductVersion("rp-1", "0.3.0");
  static final ProductVersion RP1_031 = new ProductVersion("rp-1", "0.3.1");
  static final ProductVersion RP1_032 = new ProductVersion("rp-1", "0.3.2");
  static final ProductVersion RP2_100 = new ProductVersion("rp-2", "1.0.0");
  static final Cwe CWE_306 = new Cwe("CWE-306", "Missing Authentication for Critical Function");
  static final ProductVersion GW_200 = new ProductVersion("gw-7", "2.0.0");

  private AdvisoryFixtures() {}

  static AdvisoryDocuments.Publisher publisher() {
    return new AdvisoryDocuments.Publisher(
        "Primum PSIRT",
        "https://hub.example.org",
        "Primum",
        Optional.of("security@hub.example.org"),
        Optional.empty());
  }

  /** Every status, a vendor fix, a mitigation, credit, a reference, CVSS and CWE. */
  static AdvisoryDraft full() {
    return AdvisoryDraft.builder("Unauthenticated dose-limit change over the service port")
        .summary("An attacker on the hospital network could raise the soft dose limit.")
        .description(
            "The service interface of the rp-1 pump accepted drug library edits without"
                + " authentication.\nFixed in 0.3.2.")
        .impact("An attacker could raise a soft limit; hard limits still apply.")
        .cve("CVE-2026-10001")
        .cve("CVE-2026-10002")
        .cwe(Optional.of(CWE_306))
        .cvss("CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:L")
        .product(ProductStatus.knownAffected(RP1_030))
        .product(ProductStatus.knownAffected(RP1_031))
        .product(ProductStatus.fixed(RP1_032))
        .product(ProductStatus.knownNotAffected(RP2_100, Justification.VULNERABLE_CODE_NOT_PRESENT))
        .product(ProductStatus.underInvestigation(GW_200))
        .remediation(
            Remediation.vendorFix(
                RP1_032, Optional.of(URI.create("https://hub.example.org/updates/releases"))))
        .remediation(
            new Remediation(
                Remediation.Category.MITIGATION,
                "Block TCP port 7777 at the ward switch.",
                Optional.empty(),
                Optional.empty(),
                List.of(RP1_030, RP1_031, GW_200)))
        .acknowledgment(
            new Acknowledgment(
                List.of("Ada Researcher"),
                Optional.of("Example Security Lab"),
                Optional.of("reported the flaw through coordinated disclosure"),
                Optional.of(URI.create("https://lab.example.net/ada"))))
        .reference(
            new Reference(
                URI.create("https://www.cve.org/CVERecord?id=CVE-2026-10001"), "CVE-2026-10001"))
        .build();
  }

  /** Only products under investigation, no CVE, no score, interim. */
  static AdvisoryDraft investigating() {
    return AdvisoryDraft.builder("Possible flaw in the gateway TLS stack")
        .summary("We are investigating a report; no product is known affected yet.")
        .product(ProductStatus.underInvestigation(GW_200))
        .remediation(Remediation.mitigation("Keep gateways on the isolated device VLAN."))
        .interim(true)
        .build();
  }

  /** Only products known not affected, TLP:AMBER. */
  static AdvisoryDraft notAffected() {
    return AdvisoryDraft.builder("Third-party library flaw does not affect rp-2")
        .tlp(Tlp.AMBER)
        .summary("CVE-2026-20001 in a bundled library does not affect rp-2.")
        .cve("CVE-2026-20001")
        .product(
            ProductStatus.knownNotAffected(
                RP2_100, Justification.VULNERABLE_CODE_NOT_IN_EXECUTE_PATH))
        .build();
  }

  /** A tracking block with {@code versions} revisions, an hour apart. */
  static AdvisoryDocuments.Tracking tracking(
      String id, String status, int versions, Instant first) {
    List<AdvisoryDocuments.RevisionEntry> history =
        java.util.stream.IntStream.rangeClosed(1, versions)
            .mapToObj(
                n ->
                    new AdvisoryDocuments.RevisionEntry(
                        n,
                        first.plusSeconds(3600L * (n - 1)),
                        n == 1 ? "Initial release." : "Update " + n + "."))
            .toList();
    Instant last = history.get(history.size() - 1).date();
    return new AdvisoryDocuments.Tracking(id, status, versions, first, last, history, last);
  }
}
