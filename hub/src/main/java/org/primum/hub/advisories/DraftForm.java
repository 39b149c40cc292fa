package org.primum.hub.advisories;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The advisory form of the staff pages: an {@link AdvisoryDraft} as plain form fields, one list
 * item per line, so the page needs no script. The line formats (also shown on the form):
 *
 * <pre>
 * products        rp-1 0.3.0 known_affected
 *                 rp-2 1.0.0 known_not_affected vulnerable_code_not_present
 * remediations    vendor_fix rp-1 0.3.2 https://example.org/release-notes: Update over the air.
 *                 mitigation: Block TCP port 7777 at the ward switch.
 *                 workaround for rp-1 0.3.0, rp-1 0.3.1: Disable the service port.
 * acknowledgments Ada Researcher, Bo Analyst | Example Lab | reported the flaw | https://lab.example
 * references      https://www.cve.org/CVERecord?id=CVE-2026-1 CVE record
 * </pre>
 *
 * A remediation without {@code for ...} applies to every product known affected or under
 * investigation. A draft survives the trip through the form unchanged, except that line breaks
 * inside remediation details become spaces and a name holding a comma or a bar splits.
 */
final class DraftForm {
  static final List<String> FIELDS =
      List.of(
          "title",
          "tlp",
          "summary",
          "description",
          "impact",
          "cves",
          "cweId",
          "cweName",
          "cvss",
          "products",
          "remediations",
          "acknowledgments",
          "references",
          "interim",
          "changeSummary");

  private DraftForm() {}

  /** The form fields showing {@code d}. */
  static Map<String, String> fields(AdvisoryDraft d) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("title", d.title());
    f.put("tlp", d.tlp().name());
    f.put("summary", d.summary());
    f.put("description", d.description());
    f.put("impact", d.impact());
    f.put("cves", String.join(" ", d.cves()));
    f.put("cweId", d.cwe().map(Cwe::id).orElse(""));
    f.put("cweName", d.cwe().map(Cwe::name).orElse(""));
    f.put("cvss", d.cvss().map(CvssScore::vector).orElse(""));
    f.put(
        "products",
        lines(
            d.products(),
            p ->
                p.product()
                    + " "
                    + p.status().csafName()
                    + p.justification().map(j -> " " + j.label()).orElse("")));
    f.put(
        "remediations",
        lines(
            d.remediations(),
            r ->
                r.category() == Remediation.Category.VENDOR_FIX
                    ? "vendor_fix "
                        + r.fixedIn().orElseThrow()
                        + r.url().map(u -> " " + u).orElse("")
                        + scope(r)
                        + (r.details().isEmpty() ? "" : ": " + r.details().replace('\n', ' '))
                    : r.category().csafName() + scope(r) + ": " + r.details().replace('\n', ' ')));
    f.put(
        "acknowledgments",
        lines(
            d.acknowledgments(),
            a ->
                String.join(", ", a.names())
                    + " | "
                    + a.organization().orElse("")
                    + " | "
                    + a.summary().orElse("")
                    + " | "
                    + a.url().map(URI::toString).orElse("")));
    f.put("references", lines(d.references(), r -> r.url() + " " + r.summary()));
    f.put("interim", d.interim() ? "on" : "");
    f.put("changeSummary", d.changeSummary());
    return f;
  }

  /**
   * Reads the form.
   *
   * @throws IllegalArgumentException naming the field and line that is not acceptable
   */
  static AdvisoryDraft parse(Function<String, String> form) {
    AdvisoryDraft.Builder b = AdvisoryDraft.builder(field(form, "title"));
    String tlp = field(form, "tlp");
    b.tlp(
        Tlp.parse(tlp.isEmpty() ? "WHITE" : tlp)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "TLP: expected WHITE (CLEAR), GREEN, AMBER or RED, found \""
                            + tlp
                            + "\"")));
    b.summary(field(form, "summary"));
    b.description(field(form, "description"));
    b.impact(field(form, "impact"));
    List<String> cves = new ArrayList<>();
    for (String cve : field(form, "cves").split("[\\s,;]+")) {
      if (!cve.isEmpty()) {
        cves.add(cve.toUpperCase(Locale.ROOT));
      }
    }
    b.cves(cves);
    String cweId = field(form, "cweId");
    String cweName = field(form, "cweName");
    if (!cweId.isEmpty() || !cweName.isEmpty()) {
      b.cwe(Optional.of(Cwe.checked(cweId.toUpperCase(Locale.ROOT), cweName)));
    }
    String cvss = field(form, "cvss");
    if (!cvss.isEmpty()) {
      b.cvss(cvss);
    }
    int n = 0;
    for (String line : lines(form, "products")) {
      n++;
      b.product(product(line, n));
    }
    n = 0;
    for (String line : lines(form, "remediations")) {
      n++;
      b.remediation(remediation(line, n));
    }
    n = 0;
    for (String line : lines(form, "acknowledgments")) {
      n++;
      b.acknowledgment(acknowledgment(line, n));
    }
    n = 0;
    for (String line : lines(form, "references")) {
      n++;
      String[] parts = line.split("\\s+", 2);
      if (parts.length < 2) {
        throw new IllegalArgumentException(
            "references line " + n + ": expected a URL and a summary, found \"" + line + "\"");
      }
      b.reference(new Reference(Texts.webUrl("references line " + n, parts[0]), parts[1]));
    }
    b.interim(!field(form, "interim").isEmpty());
    b.changeSummary(field(form, "changeSummary"));
    return b.build();
  }

  private static ProductStatus product(String line, int n) {
    String[] p = line.split("\\s+");
    if (p.length < 3 || p.length > 4) {
      throw new IllegalArgumentException(
          "products line "
              + n
              + ": expected \"hardware-id version status [justification]\", found \""
              + line
              + "\"");
    }
    ProductStatus.Status status =
        ProductStatus.Status.fromCsafName(p[2])
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "products line "
                            + n
                            + ": expected known_affected, fixed, known_not_affected or"
                            + " under_investigation, found \""
                            + p[2]
                            + "\""));
    Optional<Justification> why = Optional.empty();
    if (p.length == 4) {
      why =
          Optional.of(
              Justification.fromLabel(p[3])
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "products line "
                                  + n
                                  + ": expected a justification such as"
                                  + " vulnerable_code_not_present, found \""
                                  + p[3]
                                  + "\"")));
    }
    return new ProductStatus(new ProductVersion(p[0], p[1]), status, why);
  }

  private static Remediation remediation(String line, int n) {
    String where = "remediations line " + n;
    if (line.toLowerCase(Locale.ROOT).startsWith("vendor_fix ")) {
      // URLs never hold ": " (a space is not allowed in them), so it starts the details
      int details = line.indexOf(": ");
      String head = details < 0 ? line : line.substring(0, details);
      String[] scoped = head.split("\\s+for\\s+", 2);
      String[] p = scoped[0].split("\\s+");
      if (p.length < 3 || p.length > 4) {
        throw new IllegalArgumentException(
            where
                + ": expected \"vendor_fix hardware-id fixed-version [URL] [for hardware-id"
                + " version, ...]\", found \""
                + line
                + "\"");
      }
      return new Remediation(
          Remediation.Category.VENDOR_FIX,
          details < 0 ? "" : line.substring(details + 2),
          p.length == 4 ? Optional.of(Texts.webUrl(where, p[3])) : Optional.empty(),
          Optional.of(new ProductVersion(p[1], p[2])),
          scoped.length == 2 ? products(scoped[1], where) : List.of());
    }
    int colon = line.indexOf(':');
    String head = colon > 0 ? line.substring(0, colon).strip() : "";
    String[] scoped = head.split("\\s+for\\s+", 2);
    Optional<Remediation.Category> category = Remediation.Category.fromCsafName(scoped[0]);
    if (category.isEmpty() || category.get() == Remediation.Category.VENDOR_FIX) {
      throw new IllegalArgumentException(
          where
              + ": expected \"vendor_fix hardware-id version [URL]\" or \"mitigation: text\","
              + " \"workaround: text\", \"no_fix_planned: text\", \"none_available: text\","
              + " found \""
              + line
              + "\"");
    }
    return new Remediation(
        category.get(),
        line.substring(colon + 1),
        Optional.empty(),
        Optional.empty(),
        scoped.length == 2 ? products(scoped[1], where) : List.of());
  }

  /** "rp-1 0.3.0, rp-1 0.3.1": the products a remediation is scoped to. */
  private static List<ProductVersion> products(String list, String where) {
    List<ProductVersion> out = new ArrayList<>();
    for (String item : list.split(",")) {
      String[] p = item.strip().split("\\s+");
      if (p.length != 2) {
        throw new IllegalArgumentException(
            where + ": expected \"for hardware-id version, ...\", found \"" + item.strip() + "\"");
      }
      out.add(new ProductVersion(p[0], p[1]));
    }
    return out;
  }

  private static String scope(Remediation r) {
    if (r.products().isEmpty()) {
      return "";
    }
    List<String> names = new ArrayList<>();
    r.products().forEach(p -> names.add(p.toString()));
    return " for " + String.join(", ", names);
  }

  private static Acknowledgment acknowledgment(String line, int n) {
    String[] p = line.split("\\|", -1);
    if (p.length > 4) {
      throw new IllegalArgumentException(
          "acknowledgments line "
              + n
              + ": expected \"names | organisation | summary | URL\", found \""
              + line
              + "\"");
    }
    List<String> names = new ArrayList<>();
    for (String name : p[0].split(",")) {
      if (!name.isBlank()) {
        names.add(name.strip());
      }
    }
    return new Acknowledgment(
        names,
        part(p, 1),
        part(p, 2),
        part(p, 3).map(u -> Texts.webUrl("acknowledgments line " + n, u)));
  }

  private static Optional<String> part(String[] parts, int i) {
    return i < parts.length && !parts[i].isBlank()
        ? Optional.of(parts[i].strip())
        : Optional.empty();
  }

  private static String field(Function<String, String> form, String name) {
    String v = form.apply(name);
    return v == null ? "" : v.strip();
  }

  private static List<String> lines(Function<String, String> form, String name) {
    List<String> out = new ArrayList<>();
    for (String line : field(form, name).split("\\R")) {
      if (!line.isBlank()) {
        out.add(line.strip());
      }
    }
    return out;
  }

  private static <T> String lines(List<T> items, Function<T, String> format) {
    StringBuilder b = new StringBuilder();
    for (T item : items) {
      b.append(format.apply(item)).append('\n');
    }
    return b.toString();
  }
}
