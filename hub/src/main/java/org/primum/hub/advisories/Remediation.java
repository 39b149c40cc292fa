package org.primum.hub.advisories;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What users of affected products should do (CSAF 2.0 3.2.3.12).
 *
 * @param category vendor fix, mitigation, workaround, no fix planned or none available
 * @param details what to do, for people (may be empty for a vendor fix: then "Update to ...")
 * @param url where to read more or download the fix
 * @param fixedIn for a vendor fix: the version that contains the fix (it must be listed as fixed)
 * @param products the product versions it applies to; empty means every product known affected or
 *     under investigation
 */
public record Remediation(
    Remediation.Category category,
    String details,
    Optional<URI> url,
    Optional<ProductVersion> fixedIn,
    List<ProductVersion> products) {

  /** CSAF 2.0 3.2.3.12.1. */
  public enum Category {
    VENDOR_FIX,
    MITIGATION,
    WORKAROUND,
    NO_FIX_PLANNED,
    NONE_AVAILABLE;

    public String csafName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Category> fromCsafName(String name) {
      if (name == null) {
        return Optional.empty();
      }
      String upper = name.strip().toUpperCase(Locale.ROOT);
      for (Category c : values()) {
        if (c.name().equals(upper)) {
          return Optional.of(c);
        }
      }
      return Optional.empty();
    }
  }

  public Remediation {
    Objects.requireNonNull(category, "category");
    details = Texts.text("remediation details", details, 4000);
    url =
        Objects.requireNonNull(url, "url").map(u -> Texts.webUrl("remediation url", u.toString()));
    Objects.requireNonNull(fixedIn, "fixedIn");
    products = List.copyOf(new LinkedHashSet<>(products));
    if (category == Category.VENDOR_FIX && fixedIn.isEmpty()) {
      throw new IllegalArgumentException(
          "vendor_fix: expected the version that contains the fix, found none");
    }
    if (category != Category.VENDOR_FIX && fixedIn.isPresent()) {
      throw new IllegalArgumentException(
          category.csafName()
              + ": expected a fixed version only for vendor_fix, found "
              + fixedIn.get());
    }
    if (category != Category.VENDOR_FIX && details.isEmpty()) {
      throw new IllegalArgumentException(
          category.csafName() + ": expected details saying what to do, found none");
    }
  }

  /** A vendor fix: update to {@code fixedIn}, applying to every affected product. */
  public static Remediation vendorFix(ProductVersion fixedIn, Optional<URI> url) {
    return new Remediation(Category.VENDOR_FIX, "", url, Optional.of(fixedIn), List.of());
  }

  /** A mitigation in words, applying to every affected product. */
  public static Remediation mitigation(String details) {
    return new Remediation(
        Category.MITIGATION, details, Optional.empty(), Optional.empty(), List.of());
  }

  /** The details as published: for a vendor fix without details, "Update to ...". */
  public String effectiveDetails() {
    if (!details.isEmpty()) {
      return details;
    }
    return "Update to " + fixedIn.orElseThrow() + ".";
  }
}
