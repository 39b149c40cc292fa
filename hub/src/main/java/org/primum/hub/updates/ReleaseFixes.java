package org.primum.hub.updates;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a release fixes, as the release page shows it: the published advisories that name the
 * release as fixed, the known vulnerabilities of the previous release of the same hardware that
 * this one no longer has, and those still open in it. The image repository knows the advisories and
 * the supply chain only through this interface; {@code org.primum.hub} connects them.
 *
 * <p>Everything here is derived when asked, from the other capabilities' records as they stand (new
 * vulnerability data or a new advisory changes it); the signed release notes stay the authoritative
 * text and are never rewritten.
 */
public interface ReleaseFixes {
  /** What an item says about the release. */
  enum Kind {
    /** A published advisory lists this release as fixed. */
    ADVISORY,
    /** Open in the previous release, not matched in this one. */
    REMOVED,
    /** Open (matched, no VEX statement clears it) in this release. */
    STILL_OPEN
  }

  /**
   * One linked item.
   *
   * @param id the advisory's tracking id, or the vulnerability's OSV id
   * @param title the advisory's title, or the vulnerability's summary
   * @param aliases the advisory's CVE ids, or the vulnerability's other ids
   * @param severity the vulnerability's severity (NONE … CRITICAL, UNKNOWN); empty for advisories
   * @param href where to read more, a path on this hub
   * @param detail a short qualifier, e.g. the TLP label or the components affected
   */
  record Item(
      Kind kind,
      String id,
      String title,
      List<String> aliases,
      String severity,
      String href,
      String detail) {
    public Item {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(title, "title");
      aliases = List.copyOf(aliases);
      Objects.requireNonNull(severity, "severity");
      Objects.requireNonNull(href, "href");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /**
   * What one release fixes.
   *
   * @param previous the release compared with: the same hardware id's highest lower release counter
   * @param sbom whether this release has an SBOM on record (without one nothing is compared)
   * @param previousSbom whether the previous release has one
   * @param cleared how many known vulnerabilities matched in this release a VEX statement clears
   * @param items the advisories, then the removed, then the still open vulnerabilities
   */
  record Report(
      Optional<ReleaseSummary> previous,
      boolean sbom,
      boolean previousSbom,
      int cleared,
      List<Item> items) {
    public Report {
      Objects.requireNonNull(previous, "previous");
      items = List.copyOf(items);
    }

    /** The items of one kind, in order. */
    public List<Item> of(Kind kind) {
      return items.stream().filter(i -> i.kind() == kind).toList();
    }
  }

  /** What {@code release} fixes, computed now. */
  Report of(ReleaseSummary release);

  /** No advisories and no supply chain: nothing is known about any release. */
  static ReleaseFixes none() {
    return release -> new Report(Optional.empty(), false, false, 0, List.of());
  }
}
