package org.primum.hub.supplychain.osv;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a Debian or Ubuntu record scoped to a release (OSV ecosystem {@code Debian:12}, {@code
 * Ubuntu:22.04:LTS}) applies to a package URL's {@code distro} qualifier ({@code debian-12}, {@code
 * bookworm}, {@code ubuntu-22.04}). When either side does not name a release this answers yes: an
 * extra match is reported, a missed one is not.
 */
final class Releases {
  // Debian distro-info-data: codename → release number.
  private static final Map<String, String> DEBIAN_CODENAMES =
      Map.of(
          "jessie", "8",
          "stretch", "9",
          "buster", "10",
          "bullseye", "11",
          "bookworm", "12",
          "trixie", "13",
          "forky", "14",
          "duke", "15");
  private static final Pattern DEBIAN_NUMBER = Pattern.compile("([0-9]+)(?:\\.[0-9]+)*");
  private static final Pattern UBUNTU_NUMBER = Pattern.compile("([0-9]{2}\\.[0-9]{2})");

  private Releases() {}

  static boolean compatible(
      Ecosystem ecosystem, Optional<String> recordRelease, Optional<String> distro) {
    if (recordRelease.isEmpty() || distro.isEmpty()) {
      return true;
    }
    Optional<String> a;
    Optional<String> b;
    switch (ecosystem) {
      case DEBIAN -> {
        a = debian(recordRelease.get());
        b = debian(distro.get());
      }
      case UBUNTU -> {
        a = ubuntu(recordRelease.get());
        b = ubuntu(distro.get());
      }
      default -> {
        return true;
      }
    }
    return a.isEmpty() || b.isEmpty() || a.get().equals(b.get());
  }

  private static Optional<String> debian(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    if (t.startsWith("debian-")) {
      t = t.substring("debian-".length());
    }
    Matcher m = DEBIAN_NUMBER.matcher(t);
    if (m.matches()) {
      return Optional.of(m.group(1).replaceFirst("^0+(?=.)", ""));
    }
    return Optional.ofNullable(DEBIAN_CODENAMES.get(t));
  }

  private static Optional<String> ubuntu(String text) {
    Matcher m = UBUNTU_NUMBER.matcher(text);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
