package org.primum.hub.supplychain.osv;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.primum.core.formats.Texts;
import org.primum.hub.supplychain.osv.versions.InvalidVersion;

/**
 * An immutable in-memory index of OSV records for matching package URLs offline.
 *
 * <p>Records are keyed by (ecosystem, package name as {@link Ecosystem#key} normalises it); range
 * events were parsed and sorted when each record was read, so a lookup is one hash probe and a pass
 * over the few affected entries of that package. A record appearing twice (the same GHSA in the
 * Maven and the npm export) is kept once, in its latest {@code modified} form.
 *
 * <p>Security guarantees: a component is either matched, found unaffected, or <em>flagged</em> with
 * the reason it could not be evaluated (no or malformed purl, unsupported ecosystem, no or invalid
 * version); nothing is silently passed. Withdrawn records are never matched. The index is safe for
 * concurrent readers.
 */
public final class VulnIndex {
  private final Map<Ecosystem, Map<String, Entry[]>> entries;
  private final int recordCount;
  private final int packageCount;
  private final List<Flagged> skipped;

  private record Entry(OsvRecord record, OsvRecord.Affected affected, Optional<String> release) {}

  /** A component of a bill of materials: its reference and its package URL, if it has one. */
  public record Component(String ref, Optional<String> purl) {
    public Component {
      Objects.requireNonNull(ref, "ref");
      Objects.requireNonNull(purl, "purl");
    }
  }

  /**
   * A component affected by a record.
   *
   * @param component the component reference (a BOM ref, or the canonical purl)
   * @param id the record id, e.g. {@code GHSA-jfh8-c2jp-5v3q}
   * @param aliases the record's aliases, e.g. {@code CVE-2021-44228}
   * @param severity the affected entry's severity, else the record's
   * @param packageName the package name as the record writes it
   * @param version the version evaluated
   * @param evidence the range (or explicit versions list) that contains the version
   */
  public record Match(
      String component,
      String id,
      List<String> aliases,
      String summary,
      Severity severity,
      Ecosystem ecosystem,
      String packageName,
      String version,
      OsvRecord.Evidence evidence) {
    public Match {
      Objects.requireNonNull(component, "component");
      Objects.requireNonNull(id, "id");
      aliases = List.copyOf(aliases);
      Objects.requireNonNull(summary, "summary");
      Objects.requireNonNull(severity, "severity");
      Objects.requireNonNull(ecosystem, "ecosystem");
      Objects.requireNonNull(packageName, "packageName");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(evidence, "evidence");
    }
  }

  /**
   * What matching found: the matches, and the components (or component/record pairs) that could not
   * be evaluated. A release gate must treat {@link #unevaluated()} as open questions, not as
   * passes.
   */
  public record Findings(List<Match> matches, List<Flagged> unevaluated) {
    public Findings {
      matches = List.copyOf(matches);
      unevaluated = List.copyOf(unevaluated);
    }

    static Findings flagged(String subject, Flag flag, String detail) {
      return new Findings(List.of(), List.of(new Flagged(subject, flag, detail)));
    }
  }

  private VulnIndex(
      Map<Ecosystem, Map<String, Entry[]>> entries,
      int recordCount,
      int packageCount,
      List<Flagged> skipped) {
    this.entries = entries;
    this.recordCount = recordCount;
    this.packageCount = packageCount;
    this.skipped = List.copyOf(skipped);
  }

  /**
   * Builds the index. Withdrawn records and records with no evaluable affected entry are left out
   * and listed in {@link #skipped()}; affected entries that cannot be evaluated (GIT-only, other
   * ecosystems) are left out of an otherwise indexed record.
   */
  public static VulnIndex build(Collection<OsvRecord> records) {
    Map<String, OsvRecord> latest = new LinkedHashMap<>();
    for (OsvRecord record : records) {
      latest.merge(
          record.id(),
          record,
          (kept, other) -> other.modified().isAfter(kept.modified()) ? other : kept);
    }
    Map<Ecosystem, Map<String, List<Entry>>> building = new EnumMap<>(Ecosystem.class);
    List<Flagged> skipped = new ArrayList<>();
    int indexed = 0;
    for (OsvRecord record : latest.values()) {
      Optional<Flagged> unevaluable = record.unevaluable();
      if (unevaluable.isPresent()) {
        skipped.add(unevaluable.get());
        continue;
      }
      indexed++;
      for (OsvRecord.Affected affected : record.affected()) {
        if (affected.limitation().isPresent()) {
          continue;
        }
        OsvRecord.AffectedPackage pkg = affected.pkg().orElseThrow();
        Ecosystem ecosystem = pkg.known().orElseThrow();
        building
            .computeIfAbsent(ecosystem, e -> new HashMap<>())
            .computeIfAbsent(ecosystem.key(pkg.name()), k -> new ArrayList<>(2))
            .add(new Entry(record, affected, pkg.release()));
      }
    }
    Map<Ecosystem, Map<String, Entry[]>> frozen = new EnumMap<>(Ecosystem.class);
    int packages = 0;
    for (Map.Entry<Ecosystem, Map<String, List<Entry>>> byEcosystem : building.entrySet()) {
      Map<String, Entry[]> names = new HashMap<>(byEcosystem.getValue().size() * 4 / 3 + 1);
      for (Map.Entry<String, List<Entry>> byName : byEcosystem.getValue().entrySet()) {
        names.put(byName.getKey(), byName.getValue().toArray(Entry[]::new));
      }
      packages += names.size();
      frozen.put(byEcosystem.getKey(), names);
    }
    return new VulnIndex(frozen, indexed, packages, skipped);
  }

  /** How many records the index matches against. */
  public int recordCount() {
    return recordCount;
  }

  /** How many distinct (ecosystem, package) keys the index holds. */
  public int packageCount() {
    return packageCount;
  }

  /** The records left out of the index, each with the reason. */
  public List<Flagged> skipped() {
    return skipped;
  }

  /** Matches one package URL; the component reference is the canonical purl. */
  public Findings match(PackageURL purl) {
    return match(purl.canonicalize(), purl);
  }

  /** Matches every component of a bill of materials. */
  public Findings matchAll(Collection<Component> components) {
    List<Match> matches = new ArrayList<>();
    List<Flagged> unevaluated = new ArrayList<>();
    for (Component component : components) {
      Findings findings = match(component);
      matches.addAll(findings.matches());
      unevaluated.addAll(findings.unevaluated());
    }
    return new Findings(matches, unevaluated);
  }

  /** Matches one component; a missing or malformed purl is flagged. */
  public Findings match(Component component) {
    if (component.purl().isEmpty() || component.purl().get().isBlank()) {
      return Findings.flagged(
          component.ref(), Flag.NO_PURL, "the component has no package URL, so it is not matched");
    }
    PackageURL purl;
    try {
      purl = new PackageURL(component.purl().get());
    } catch (MalformedPackageURLException | RuntimeException e) {
      return Findings.flagged(
          component.ref(),
          Flag.INVALID_PURL,
          "expected a package URL (purl-spec), found \""
              + Texts.printable(component.purl().get(), 200)
              + "\": "
              + e.getMessage());
    }
    return match(component.ref(), purl);
  }

  /** Matches one package URL for the component {@code ref}. */
  public Findings match(String ref, PackageURL purl) {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(purl, "purl");
    OsvPackages.PackageVersion pkg;
    try {
      pkg = OsvPackages.of(purl);
    } catch (NotEvaluable e) {
      return Findings.flagged(ref, e.flag(), e.getMessage());
    }
    Candidate candidate = new Candidate(pkg.ecosystem(), pkg.version());
    try {
      candidate.own();
    } catch (InvalidVersion e) {
      return Findings.flagged(ref, Flag.INVALID_VERSION, e.getMessage());
    }
    Map<String, Entry[]> names = entries.get(pkg.ecosystem());
    Entry[] found = names == null ? null : names.get(pkg.key());
    if (found == null) {
      return new Findings(List.of(), List.of());
    }
    List<Match> matches = new ArrayList<>(2);
    Set<String> matched = new HashSet<>();
    Map<String, Flagged> flagged = new LinkedHashMap<>();
    for (Entry entry : found) {
      String id = entry.record().id();
      if (matched.contains(id)
          || !Releases.compatible(pkg.ecosystem(), entry.release(), pkg.distro())) {
        continue;
      }
      Optional<OsvRecord.Evidence> evidence;
      try {
        evidence = entry.affected().affects(candidate);
      } catch (InvalidVersion e) {
        flagged.putIfAbsent(
            id, new Flagged(ref, Flag.INVALID_VERSION, e.getMessage() + ", needed by " + id));
        continue;
      } catch (NotEvaluable e) {
        flagged.putIfAbsent(id, new Flagged(ref, e.flag(), e.getMessage() + " (" + id + ")"));
        continue;
      }
      if (evidence.isPresent()) {
        matched.add(id);
        OsvRecord record = entry.record();
        matches.add(
            new Match(
                ref,
                id,
                record.aliases(),
                record.summary(),
                entry.affected().severity().orElse(record.severity()),
                pkg.ecosystem(),
                entry.affected().pkg().orElseThrow().name(),
                pkg.version(),
                evidence.get()));
      }
    }
    flagged.keySet().removeAll(matched);
    return new Findings(matches, new ArrayList<>(flagged.values()));
  }
}
