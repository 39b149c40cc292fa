package org.primum.hub.supplychain.osv;

import com.github.packageurl.PackageURL;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.primum.core.formats.Texts;

/**
 * Maps a package URL (purl) onto the OSV package it names: the ecosystem, the package name as OSV
 * records spell it, and the version to evaluate.
 *
 * <ul>
 *   <li>{@code pkg:maven/group/artifact} → Maven {@code group:artifact}
 *   <li>{@code pkg:npm/%40scope/name} → npm {@code @scope/name}; unscoped {@code name}
 *   <li>{@code pkg:pypi/name} → PyPI, the name normalised (PEP 503 "Normalized Names")
 *   <li>{@code pkg:deb/debian/name} → Debian, {@code pkg:deb/ubuntu/name} → Ubuntu, keyed by the
 *       <em>source</em> package (OSV schema: "the name is the name of the source package"): the
 *       {@code source} qualifier (or {@code upstream}, as Syft writes it) without its version, else
 *       the name. When the qualifier carries the source version, that version is evaluated, since
 *       OSV ranges are in source versions.
 *   <li>{@code pkg:golang/namespace/name} → Go module {@code namespace/name}
 *   <li>every other type (generic, cargo, gem, nuget, ...) → unsupported, flagged
 * </ul>
 */
public final class OsvPackages {
  private OsvPackages() {}

  /**
   * A package version in OSV terms.
   *
   * @param name the package name as OSV records write it (PyPI already normalised)
   * @param distro the package URL's {@code distro} qualifier (e.g. {@code debian-12}), which
   *     narrows Debian and Ubuntu records scoped to a release
   */
  public record PackageVersion(
      Ecosystem ecosystem, String name, String version, Optional<String> distro) {
    public PackageVersion {
      Objects.requireNonNull(ecosystem, "ecosystem");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(distro, "distro");
    }

    /** The name as the index keys it ({@link Ecosystem#key}). */
    public String key() {
      return ecosystem.key(name);
    }
  }

  /**
   * The OSV package and version a package URL names.
   *
   * @throws NotEvaluable {@link Flag#UNSUPPORTED_ECOSYSTEM} for a type (or deb distribution) with
   *     no supported ecosystem, {@link Flag#INVALID_PURL} for a purl missing a required part,
   *     {@link Flag#NO_VERSION} without a version
   */
  public static PackageVersion of(PackageURL purl) throws NotEvaluable {
    Objects.requireNonNull(purl, "purl");
    String type = purl.getType();
    String namespace = purl.getNamespace();
    String name = purl.getName();
    Map<String, String> qualifiers = purl.getQualifiers() == null ? Map.of() : purl.getQualifiers();
    Ecosystem ecosystem;
    String osvName;
    String version = purl.getVersion();
    switch (type) {
      case "maven" -> {
        if (namespace == null || namespace.isEmpty()) {
          throw new NotEvaluable(
              Flag.INVALID_PURL,
              "expected a maven package URL with a namespace (groupId), found " + show(purl));
        }
        ecosystem = Ecosystem.MAVEN;
        osvName = namespace + ":" + name;
      }
      case "npm" -> {
        ecosystem = Ecosystem.NPM;
        osvName = namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
      }
      case "pypi" -> {
        ecosystem = Ecosystem.PYPI;
        osvName = Ecosystem.PYPI.key(name);
      }
      case "golang" -> {
        ecosystem = Ecosystem.GO;
        osvName = namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
      }
      case "deb" -> {
        if ("debian".equals(namespace)) {
          ecosystem = Ecosystem.DEBIAN;
        } else if ("ubuntu".equals(namespace)) {
          ecosystem = Ecosystem.UBUNTU;
        } else {
          throw new NotEvaluable(
              Flag.UNSUPPORTED_ECOSYSTEM,
              "expected a deb package URL of namespace debian or ubuntu, found " + show(purl));
        }
        String source = qualifiers.getOrDefault("source", qualifiers.get("upstream"));
        osvName = name;
        if (source != null && !source.isEmpty()) {
          int at = source.indexOf('@');
          osvName = at < 0 ? source : source.substring(0, at);
          if (at >= 0 && at < source.length() - 1) {
            version = source.substring(at + 1);
          }
          if (osvName.isEmpty()) {
            osvName = name;
          }
        }
      }
      default ->
          throw new NotEvaluable(
              Flag.UNSUPPORTED_ECOSYSTEM,
              "package URL type \""
                  + Texts.printable(type, 40)
                  + "\" has no supported OSV ecosystem; expected maven, npm, pypi, golang or deb");
    }
    if (version == null || version.isEmpty()) {
      throw new NotEvaluable(
          Flag.NO_VERSION, "expected a package URL with a version, found " + show(purl));
    }
    return new PackageVersion(
        ecosystem, osvName, version, Optional.ofNullable(qualifiers.get("distro")));
  }

  private static String show(PackageURL purl) {
    return "\"" + Texts.printable(purl.canonicalize(), 200) + "\"";
  }
}
