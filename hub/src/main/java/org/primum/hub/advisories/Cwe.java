package org.primum.hub.advisories;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The weakness behind a vulnerability (CSAF 2.0 3.2.3.3). The name must be the one in the CWE
 * catalogue; the hub does not bundle the catalogue, so it trusts the caller for it.
 */
public record Cwe(String id, String name) {
  // CSAF 2.0 3.2.3.3.1
  private static final Pattern ID = Pattern.compile("CWE-[1-9]\\d{0,5}");

  public Cwe {
    Objects.requireNonNull(id, "id");
    id = id.strip();
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "CWE: expected an id such as CWE-787, found \"" + id + "\"");
    }
    name = Texts.line("CWE name", name, 300);
  }
}
