package org.primum.hub.advisories;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What an advisory says about one product version (CSAF 2.0 3.2.3.9). A product known not to be
 * affected carries the justification that CSAF writes as a flag (3.2.3.5); the other statuses carry
 * none.
 */
public record ProductStatus(
    ProductVersion product, ProductStatus.Status status, Optional<Justification> justification) {

  /** The product statuses this hub writes (CSAF 2.0 3.2.3.9.2, .3, .4, .7). */
  public enum Status {
    KNOWN_AFFECTED,
    FIXED,
    KNOWN_NOT_AFFECTED,
    UNDER_INVESTIGATION;

    /** The property name in {@code product_status}, e.g. {@code known_affected}. */
    public String csafName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The status with this CSAF name (case-insensitive). */
    public static Optional<Status> fromCsafName(String name) {
      if (name == null) {
        return Optional.empty();
      }
      String upper = name.strip().toUpperCase(Locale.ROOT);
      for (Status s : values()) {
        if (s.name().equals(upper)) {
          return Optional.of(s);
        }
      }
      return Optional.empty();
    }
  }

  public ProductStatus {
    Objects.requireNonNull(product, "product");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(justification, "justification");
    if (status == Status.KNOWN_NOT_AFFECTED && justification.isEmpty()) {
      throw new IllegalArgumentException(
          product
              + ": expected a justification for known_not_affected (e.g."
              + " vulnerable_code_not_present), found none");
    }
    if (status != Status.KNOWN_NOT_AFFECTED && justification.isPresent()) {
      throw new IllegalArgumentException(
          product
              + ": expected a justification only for known_not_affected, found "
              + justification.get().label()
              + " with "
              + status.csafName());
    }
  }

  public static ProductStatus knownAffected(ProductVersion product) {
    return new ProductStatus(product, Status.KNOWN_AFFECTED, Optional.empty());
  }

  public static ProductStatus fixed(ProductVersion product) {
    return new ProductStatus(product, Status.FIXED, Optional.empty());
  }

  public static ProductStatus underInvestigation(ProductVersion product) {
    return new ProductStatus(product, Status.UNDER_INVESTIGATION, Optional.empty());
  }

  public static ProductStatus knownNotAffected(ProductVersion product, Justification why) {
    return new ProductStatus(product, Status.KNOWN_NOT_AFFECTED, Optional.of(why));
  }
}
