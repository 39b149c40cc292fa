package org.primum.hub.supplychain.osv;

import java.util.Objects;

/**
 * A question about a package or version cannot be answered offline: the ecosystem is unsupported,
 * the affected versions are only GIT commits, the package URL has no version, and so on. It carries
 * the {@link Flag} to report.
 */
public final class NotEvaluable extends OsvRejection {
  private final Flag flag;

  public NotEvaluable(Flag flag, String message) {
    super(flag.code(), message);
    this.flag = Objects.requireNonNull(flag, "flag");
  }

  public Flag flag() {
    return flag;
  }
}
