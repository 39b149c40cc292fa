package org.primum.hub.advisories.csaf;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Look-ups in the bundled CWE list for the rest of the hub (the same list test 6.1.11 uses). */
public final class CweList {
  private static final Pattern ID = Pattern.compile("CWE-([1-9]\\d{0,5})");

  private CweList() {}

  /** The name the CWE list gives {@code cweId} ({@code CWE-n}), if it lists it. */
  public static Optional<String> name(String cweId) {
    Matcher m = ID.matcher(cweId);
    if (!m.matches()) {
      return Optional.empty();
    }
    return CweCatalogue.bundled().find(Integer.parseInt(m.group(1))).map(CweCatalogue.Entry::name);
  }

  /** The version of the bundled CWE list, e.g. {@code 4.15}. */
  public static String version() {
    return CweCatalogue.bundled().version();
  }
}
