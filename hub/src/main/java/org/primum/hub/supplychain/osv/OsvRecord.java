package org.primum.hub.supplychain.osv;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.primum.core.formats.Texts;
import org.primum.hub.supplychain.osv.versions.InvalidVersion;
import org.primum.hub.supplychain.osv.versions.Version;

/**
 * One OSV vulnerability record (OSV schema 1.x), read from untrusted bytes and valid from birth:
 * the fields the offline matcher needs, each checked, every range event parsed under its ordering.
 *
 * <p>Security guarantees: at most {@value #MAX_BYTES} bytes, nesting at most {@link
 * org.primum.core.json.Json#MAX_DEPTH}, duplicate keys refused, every array bounded; a record that
 * breaks the OSV schema rules the evaluation depends on (an event with two keys, a range without
 * {@code introduced}, {@code fixed} together with {@code last_affected}, a range bound that is not
 * a version of its ecosystem) is refused with the path and reason. Fields the matcher does not use
 * ({@code details}, {@code references}, {@code credits}, ...) are ignored, as the schema allows.
 *
 * @param summary the one-line summary; empty when the record has none
 * @param severity the record-level severity; {@link Severity#ABSENT} when the record has none
 */
public record OsvRecord(
    String id,
    Instant modified,
    Optional<Instant> published,
    Optional<Instant> withdrawn,
    List<String> aliases,
    String summary,
    Severity severity,
    List<Affected> affected) {
  /** Largest record accepted, in bytes. */
  public static final int MAX_BYTES = 4 * 1024 * 1024;

  public OsvRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(modified, "modified");
    Objects.requireNonNull(published, "published");
    Objects.requireNonNull(withdrawn, "withdrawn");
    aliases = List.copyOf(aliases);
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(severity, "severity");
    affected = List.copyOf(affected);
  }

  /**
   * Reads one OSV record.
   *
   * @throws OsvRejection naming the first problem: where, what was expected, what was found
   */
  public static OsvRecord parse(byte[] json) throws OsvRejection {
    return OsvReader.read(json);
  }

  /** Whether the record was withdrawn (OSV schema "withdrawn"): it must not be matched. */
  public boolean isWithdrawn() {
    return withdrawn.isPresent();
  }

  /**
   * Why this record cannot be evaluated at all, if so: withdrawn, no affected package, or every
   * affected entry unevaluable (unsupported ecosystem, GIT-only ranges, no ranges). A record with
   * at least one evaluable entry is evaluable; its other entries are skipped.
   */
  public Optional<Flagged> unevaluable() {
    if (isWithdrawn()) {
      return Optional.of(
          new Flagged(id, Flag.WITHDRAWN, "the record was withdrawn at " + withdrawn.get()));
    }
    if (affected.isEmpty()) {
      return Optional.of(
          new Flagged(id, Flag.NO_AFFECTED_PACKAGE, "the record lists no affected package"));
    }
    Affected first = null;
    for (Affected entry : affected) {
      if (entry.limitation().isEmpty()) {
        return Optional.empty();
      }
      first = first == null ? entry : first;
    }
    return Optional.of(new Flagged(id, first.limitation().orElseThrow(), first.limitationDetail()));
  }

  /** An affected package (OSV schema "affected[].package"). */
  public record AffectedPackage(String ecosystem, String name, Optional<String> purl) {
    public AffectedPackage {
      Objects.requireNonNull(ecosystem, "ecosystem");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(purl, "purl");
    }

    /** The supported ecosystem, if the base of {@link #ecosystem()} is one. */
    public Optional<Ecosystem> known() {
      return Ecosystem.fromOsv(ecosystem);
    }

    /** The ecosystem suffix, e.g. {@code 12} of {@code Debian:12}. */
    public Optional<String> release() {
      return Ecosystem.suffix(ecosystem);
    }
  }

  /** Why a version is affected: the range that contains it, or the explicit versions list. */
  public record Evidence(Optional<OsvRange> range) {
    public Evidence {
      Objects.requireNonNull(range, "range");
    }

    static Evidence ofList() {
      return new Evidence(Optional.empty());
    }

    /** Whether the version is listed in {@code affected[].versions}. */
    public boolean listed() {
      return range.isEmpty();
    }

    @Override
    public String toString() {
      return range.map(OsvRange::toString).orElse("listed in affected versions");
    }
  }

  /**
   * One {@code affected[]} entry: a package, its ranges and its explicit versions, with the
   * evaluation of the OSV schema "Evaluation" pseudo-code.
   */
  public static final class Affected {
    private final Optional<AffectedPackage> pkg;
    private final List<OsvRange> ranges;
    private final List<String> versions;
    private final Version[] sortedVersions;
    private final int unreadableVersions;
    private final Optional<Severity> severity;
    private final Flag limitation;
    private final String limitationDetail;

    Affected(
        Optional<AffectedPackage> pkg,
        List<OsvRange> ranges,
        List<String> versions,
        List<Version> parsedVersions,
        int unreadableVersions,
        Optional<Severity> severity) {
      this.pkg = Objects.requireNonNull(pkg, "pkg");
      this.ranges = List.copyOf(ranges);
      this.versions = List.copyOf(versions);
      this.sortedVersions = parsedVersions.toArray(Version[]::new);
      Arrays.sort(sortedVersions);
      this.unreadableVersions = unreadableVersions;
      this.severity = Objects.requireNonNull(severity, "severity");
      boolean evaluableRange = this.ranges.stream().anyMatch(OsvRange::evaluable);
      boolean gitRange = this.ranges.stream().anyMatch(r -> r.type() == OsvRange.Type.GIT);
      if (pkg.isEmpty()) {
        limitation = Flag.NO_AFFECTED_PACKAGE;
        limitationDetail = "an affected entry names no package";
      } else if (pkg.get().known().isEmpty()) {
        limitation = Flag.UNSUPPORTED_ECOSYSTEM;
        limitationDetail =
            "unsupported ecosystem \""
                + Texts.printable(pkg.get().ecosystem(), 60)
                + "\"; expected one of Maven, npm, PyPI, Go, Debian, Ubuntu";
      } else if (!evaluableRange && sortedVersions.length == 0 && gitRange) {
        limitation = Flag.GIT_ONLY;
        limitationDetail =
            "affected versions of "
                + Texts.printable(pkg.get().name(), 80)
                + " are given only as GIT commit ranges, which need the repository";
      } else if (!evaluableRange && sortedVersions.length == 0) {
        limitation = Flag.NO_RANGES;
        limitationDetail =
            "the affected entry for "
                + Texts.printable(pkg.get().name(), 80)
                + " gives neither ranges nor readable versions";
      } else {
        limitation = null;
        limitationDetail = "";
      }
    }

    /** The package; empty for entries that only give GIT ranges of an unnamed project. */
    public Optional<AffectedPackage> pkg() {
      return pkg;
    }

    /** The supported ecosystem of the package, if any. */
    public Optional<Ecosystem> ecosystem() {
      return pkg.flatMap(AffectedPackage::known);
    }

    public List<OsvRange> ranges() {
      return ranges;
    }

    /** The explicit {@code versions} list as written. */
    public List<String> versions() {
      return versions;
    }

    /**
     * How many entries of the {@code versions} list are not versions of the ecosystem. They are
     * skipped: an unreadable entry can never equal a readable package version, so skipping it
     * cannot hide a match.
     */
    public int unreadableVersions() {
      return unreadableVersions;
    }

    /** The per-package severity (OSV schema "affected[].severity"), if given. */
    public Optional<Severity> severity() {
      return severity;
    }

    /** Why this entry cannot be evaluated, if so. */
    public Optional<Flag> limitation() {
      return Optional.ofNullable(limitation);
    }

    String limitationDetail() {
      return limitationDetail;
    }

    /**
     * Whether {@code version} of this entry's package is affected, by the OSV schema "Evaluation"
     * pseudo-code: listed in {@code versions}, or inside a SEMVER or ECOSYSTEM range. GIT ranges
     * are skipped.
     *
     * @return the evidence if affected, empty if not
     * @throws NotEvaluable if this entry cannot be evaluated ({@link #limitation()})
     * @throws InvalidVersion if {@code version} is not a version of the ecosystem, or not SemVer
     *     where only a SEMVER range could decide
     */
    public Optional<Evidence> affects(String version) throws NotEvaluable, InvalidVersion {
      Objects.requireNonNull(version, "version");
      if (limitation != null) {
        throw new NotEvaluable(limitation, limitationDetail);
      }
      return affects(new Candidate(ecosystem().orElseThrow(), version));
    }

    Optional<Evidence> affects(Candidate candidate) throws NotEvaluable, InvalidVersion {
      if (limitation != null) {
        throw new NotEvaluable(limitation, limitationDetail);
      }
      // OSV schema "Evaluation": IncludedInVersions.
      if (sortedVersions.length > 0 && Arrays.binarySearch(sortedVersions, candidate.own()) >= 0) {
        return Optional.of(Evidence.ofList());
      }
      // OSV schema "Evaluation": IncludedInRanges.
      InvalidVersion notSemVer = null;
      for (OsvRange range : ranges) {
        switch (range.type()) {
          case ECOSYSTEM -> {
            if (range.contains(candidate.own())) {
              return Optional.of(new Evidence(Optional.of(range)));
            }
          }
          case SEMVER -> {
            Version semver;
            try {
              semver = candidate.semver();
            } catch (InvalidVersion e) {
              notSemVer = e; // decided below, unless another range already matches
              continue;
            }
            if (range.contains(semver)) {
              return Optional.of(new Evidence(Optional.of(range)));
            }
          }
          case GIT -> {
            // needs the repository's commit graph: not evaluated
          }
        }
      }
      if (notSemVer != null) {
        throw notSemVer;
      }
      return Optional.empty();
    }

    @Override
    public String toString() {
      return pkg.map(p -> p.ecosystem() + "/" + p.name()).orElse("(no package)")
          + " "
          + ranges.stream().map(OsvRange::toString).collect(Collectors.joining(" "))
          + (versions.isEmpty() ? "" : " versions=" + versions.size());
    }
  }
}
