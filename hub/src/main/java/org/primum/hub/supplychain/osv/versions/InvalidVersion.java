package org.primum.hub.supplychain.osv.versions;

import java.util.Locale;
import org.primum.core.Rejection;
import org.primum.core.formats.Texts;

/**
 * A version string is not valid under the ordering it is read with (PEP 440, dpkg, SemVer, ...).
 * The message names the scheme, what it expects, and the text found.
 */
public final class InvalidVersion extends Rejection {
  private final String scheme;
  private final String found;

  InvalidVersion(String scheme, String expected, String found) {
    super(
        "invalid-version",
        String.format(
            Locale.ROOT,
            "expected a %s version (%s), found \"%s\"",
            scheme,
            expected,
            Texts.printable(found, 80)));
    this.scheme = scheme;
    this.found = found == null ? "" : found;
  }

  /** The ordering the text was read with, e.g. {@code PyPI}. */
  public String scheme() {
    return scheme;
  }

  /** The rejected text as given. */
  public String found() {
    return found;
  }
}
