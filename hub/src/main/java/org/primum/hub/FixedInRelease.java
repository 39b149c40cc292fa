package org.primum.hub;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.primum.hub.advisories.Advisory;
import org.primum.hub.advisories.AdvisoryDraft;
import org.primum.hub.advisories.AdvisoryService;
import org.primum.hub.advisories.ProductStatus;
import org.primum.hub.advisories.ProductVersion;
import org.primum.hub.supplychain.SupplyChain;
import org.primum.hub.updates.ReleaseFixes;
import org.primum.hub.updates.ReleaseLookup;
import org.primum.hub.updates.ReleaseSummary;

/**
 * What a release fixes, from the advisories and the supply chain, through their services only: the
 * published advisories whose latest publication lists the release (hardware id and version) as
 * {@code fixed}, and the known vulnerabilities open in the previous release of the same hardware
 * (the highest lower release counter) that this release's SBOM no longer matches, with those still
 * open in it. Computed at every call from the records as they stand; nothing is stored.
 *
 * <p>A vulnerability counts as the same flaw when its OSV id or any alias is shared, so a flaw
 * matched through another OSV record of the same CVE is not reported as removed.
 */
public final class FixedInRelease implements ReleaseFixes {
  private final ReleaseLookup releases;
  private final Optional<AdvisoryService> advisories;
  private final SupplyChain supplyChain;

  /** With advisories (the running hub). */
  public FixedInRelease(
      ReleaseLookup releases, AdvisoryService advisories, SupplyChain supplyChain) {
    this(releases, Optional.of(Objects.requireNonNull(advisories, "advisories")), supplyChain);
  }

  private FixedInRelease(
      ReleaseLookup releases, Optional<AdvisoryService> advisories, SupplyChain supplyChain) {
    this.releases = Objects.requireNonNull(releases, "releases");
    this.advisories = advisories;
    this.supplyChain = Objects.requireNonNull(supplyChain, "supplyChain");
  }

  /**
   * From the supply chain alone, for tools on the hub's machine that do not open the advisories
   * (their signing keys stay with the hub): the advisory part is always empty.
   */
  public static FixedInRelease supplyChainOnly(ReleaseLookup releases, SupplyChain supplyChain) {
    return new FixedInRelease(releases, Optional.empty(), supplyChain);
  }

  @Override
  public Report of(ReleaseSummary release) {
    Objects.requireNonNull(release, "release");
    List<Item> items = new ArrayList<>(advisories(release));
    Optional<ReleaseSummary> previous = previous(release);
    Optional<SupplyChain.ReleaseDetail> now = supplyChain.release(release.id());
    Optional<SupplyChain.ReleaseDetail> before = previous.flatMap(p -> supplyChain.release(p.id()));
    int cleared = 0;
    if (now.isPresent()) {
      Map<String, Flaw> open = flaws(now.get(), false);
      Set<String> matched = new LinkedHashSet<>();
      for (SupplyChain.MatchView m : now.get().matches()) {
        matched.addAll(keys(m.osvId(), m.aliases()));
      }
      cleared = flaws(now.get(), true).size();
      if (before.isPresent()) {
        String href = "/supplychain/releases/" + previous.get().id();
        for (Flaw f : sorted(flaws(before.get(), false))) {
          if (f.keys().stream().noneMatch(matched::contains)) {
            items.add(
                f.item(
                    ReleaseFixes.Kind.REMOVED,
                    href,
                    "was open in " + previous.get().version() + " (" + f.where() + ")"));
          }
        }
      }
      String href = "/supplychain/releases/" + release.id();
      for (Flaw f : sorted(open)) {
        items.add(f.item(ReleaseFixes.Kind.STILL_OPEN, href, "in " + f.where()));
      }
    }
    return new Report(previous, now.isPresent(), before.isPresent(), cleared, items);
  }

  private List<Item> advisories(ReleaseSummary release) {
    if (advisories.isEmpty()) {
      return List.of();
    }
    ProductVersion product;
    try {
      product = new ProductVersion(release.hardwareId(), release.version());
    } catch (IllegalArgumentException e) {
      return List.of(); // no advisory can name a product it cannot spell
    }
    List<Item> out = new ArrayList<>();
    for (Advisory a : advisories.get().advisories()) {
      if (a.published().isEmpty()) {
        continue; // a draft says nothing yet
      }
      AdvisoryDraft published = a.published().get();
      if (!published.productsWith(ProductStatus.Status.FIXED).contains(product)) {
        continue;
      }
      boolean distributed = a.isDistributed();
      out.add(
          new Item(
              ReleaseFixes.Kind.ADVISORY,
              a.trackingId(),
              published.title(),
              published.cves(),
              "",
              distributed
                  ? "/advisories/" + a.trackingId()
                  : "/advisories/manage/" + a.trackingId(),
              (a.state() == Advisory.State.INTERIM ? "interim, " : "")
                  + "TLP:"
                  + published.tlp().csafLabel()
                  + (distributed ? "" : ", staff only")
                  + ", version "
                  + a.version()));
    }
    out.sort(Comparator.comparing(Item::id));
    return out;
  }

  /** The same hardware id's release with the highest release counter below this one's. */
  private Optional<ReleaseSummary> previous(ReleaseSummary release) {
    return releases.releases().stream()
        .filter(r -> r.hardwareId().equals(release.hardwareId()))
        .filter(r -> r.releaseCounter() < release.releaseCounter())
        .max(Comparator.comparingLong(ReleaseSummary::releaseCounter));
  }

  /** One vulnerability of a release, across the components it was matched in. */
  private record Flaw(
      String osvId,
      Set<String> aliases,
      String summary,
      String severity,
      Set<String> components,
      Set<String> keys) {
    Item item(ReleaseFixes.Kind kind, String href, String detail) {
      return new Item(kind, osvId, summary, List.copyOf(aliases), severity, href, detail);
    }

    String where() {
      return String.join(", ", components);
    }
  }

  /** The release's matched flaws that VEX clears ({@code cleared}), or those it leaves open. */
  private static Map<String, Flaw> flaws(SupplyChain.ReleaseDetail release, boolean cleared) {
    Map<String, Flaw> out = new LinkedHashMap<>();
    for (SupplyChain.MatchView m : release.matches()) {
      if (m.vex().isPresent() != cleared) {
        continue;
      }
      Flaw f =
          out.computeIfAbsent(
              m.osvId(),
              id ->
                  new Flaw(
                      id,
                      new LinkedHashSet<>(),
                      m.summary(),
                      m.severity(),
                      new LinkedHashSet<>(),
                      new LinkedHashSet<>()));
      f.aliases().addAll(m.aliases());
      f.components().add(m.component() + " " + m.componentVersion());
      f.keys().addAll(keys(m.osvId(), m.aliases()));
      if (rank(m.severity()) > rank(f.severity())) {
        out.put(
            m.osvId(),
            new Flaw(f.osvId(), f.aliases(), f.summary(), m.severity(), f.components(), f.keys()));
      }
    }
    return out;
  }

  private static List<Flaw> sorted(Map<String, Flaw> flaws) {
    List<Flaw> out = new ArrayList<>(flaws.values());
    out.sort(Comparator.comparing((Flaw f) -> -rank(f.severity())).thenComparing(Flaw::osvId));
    return out;
  }

  private static Set<String> keys(String osvId, List<String> aliases) {
    Set<String> out = new LinkedHashSet<>();
    out.add(osvId.toUpperCase(Locale.ROOT));
    aliases.forEach(a -> out.add(a.toUpperCase(Locale.ROOT)));
    return out;
  }

  /** Severity order: CRITICAL first, then HIGH, UNKNOWN (treated as serious), MEDIUM, LOW. */
  private static int rank(String severity) {
    return switch (severity) {
      case "CRITICAL" -> 5;
      case "HIGH" -> 4;
      case "UNKNOWN" -> 3;
      case "MEDIUM" -> 2;
      case "LOW" -> 1;
      default -> 0;
    };
  }
}
