package org.primum.hub.advisories;

import java.util.Objects;
import java.util.regex.Pattern;
import org.primum.hub.advisories.csaf.CweList;

/**
 * The weakness behind a vulnerability (CSAF 2.0 3.2.3.3). The constructor checks the syntax only (a
 * stored draft stays readable when a newer CWE list renames an entry); what people type goes
 * through {@link #checked}, which holds it to the bundled CWE list like CSAF 2.0 test 6.1.11 does
 * at publication.
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

  /**
   * The CWE {@code id} as the CWE list has it: a blank {@code name} takes the list's name, a given
   * name must be the list's name.
   *
   * @throws IllegalArgumentException naming the list's name, or saying the id is not in the list
   */
  public static Cwe checked(String id, String name) {
    Cwe syntax = new Cwe(id, name == null || name.isBlank() ? "-" : name);
    String listed =
        CweList.name(syntax.id())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "CWE: "
                            + syntax.id()
                            + " is not in the CWE list (version "
                            + CweList.version()
                            + ")"));
    if (name == null || name.isBlank()) {
      return new Cwe(syntax.id(), listed);
    }
    if (!listed.equals(syntax.name())) {
      throw new IllegalArgumentException(
          "CWE: the CWE list (version "
              + CweList.version()
              + ") names "
              + syntax.id()
              + " \""
              + listed
              + "\", found \""
              + syntax.name()
              + "\" (leave the name empty to take the list's)");
    }
    return syntax;
  }
}
