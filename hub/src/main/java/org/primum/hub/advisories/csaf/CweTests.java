package org.primum.hub.advisories.csaf;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CSAF 2.0 6.1.11 (CWE): the CWE of each vulnerability exists in the catalogue and its name is the
 * catalogue's name for that id. The catalogue is the bundled {@link CweCatalogue}; a document that
 * uses the name of an older CWE version fails when MITRE has renamed the entry since (the test
 * names the current name, so the fix is one edit).
 */
final class CweTests implements MandatoryTests {
  // CSAF 2.0 3.2.3.3.1: the schema's pattern for /vulnerabilities[]/cwe/id
  private static final Pattern ID = Pattern.compile("^CWE-([1-9]\\d{0,5})$");

  private final CweCatalogue catalogue;

  CweTests(CweCatalogue catalogue) {
    this.catalogue = catalogue;
  }

  @Override
  public void run(CsafDocument document, Failures failures) {
    for (JsonAt vulnerability : document.vulnerabilities()) {
      JsonAt cwe = vulnerability.get("cwe");
      String id = cwe.textOf("id");
      String name = cwe.textOf("name");
      if (id == null || name == null) {
        continue; // the schema reports a missing or mistyped id or name
      }
      Matcher m = ID.matcher(id);
      if (!m.matches()) {
        continue; // the schema reports the pattern
      }
      Optional<CweCatalogue.Entry> entry = catalogue.find(Integer.parseInt(m.group(1)));
      if (entry.isEmpty()) {
        failures.add(
            "6.1.11",
            cwe.get("id"),
            "expected a CWE of the CWE list (version %s), found %s, which it does not have",
            catalogue.version(),
            id);
      } else if (!entry.get().name().equals(name)) {
        failures.add(
            "6.1.11",
            cwe.get("name"),
            "expected the name of %s in the CWE list (version %s), \"%s\", found \"%s\"",
            id,
            catalogue.version(),
            entry.get().name(),
            name);
      }
    }
  }
}
