package org.primum.hub.advisories.csaf;

import java.util.Locale;
import java.util.Set;

/** CSAF 2.0 6.1.12, 6.1.15, 6.1.26 and 6.1.28: {@code /document} language and category. */
final class DocumentTests implements MandatoryTests {
  // CSAF 2.0 4: the profiles and their document categories
  private static final Set<String> PROFILE_CATEGORIES =
      Set.of(
          "csaf_base",
          "csaf_security_incident_response",
          "csaf_informational_advisory",
          "csaf_security_advisory",
          "csaf_vex");
  // CSAF 2.0 6.1.26: the names (without "csaf_") and values of the profiles other than
  // CSAF Base, with dash, whitespace and underscore removed, lower case
  private static final Set<String> PROHIBITED =
      Set.of(
          "securityincidentresponse",
          "informationaladvisory",
          "securityadvisory",
          "vex",
          "csafsecurityincidentresponse",
          "csafinformationaladvisory",
          "csafsecurityadvisory",
          "csafvex");

  @Override
  public void run(CsafDocument csaf, Failures failures) {
    JsonAt document = csaf.document();
    for (String property : new String[] {"lang", "source_lang"}) {
      language(document.get(property), failures);
    }
    String publisher = document.get("publisher").textOf("category");
    if ("translator".equals(publisher) && document.textOf("source_lang") == null) {
      // CSAF 2.0 6.1.15
      failures.add(
          "6.1.15",
          document.get("source_lang"),
          "expected source_lang when the publisher category is translator, found none");
    }
    prohibitedCategory(document.get("category"), failures);
    String lang = document.textOf("lang");
    String source = document.textOf("source_lang");
    if (lang != null && lang.equalsIgnoreCase(source)) {
      // CSAF 2.0 6.1.28 (language tags are case-insensitive, RFC 5646 2.1.1)
      failures.add(
          "6.1.28",
          document.get("source_lang"),
          "expected a translation to differ from its source language, found %s for both",
          lang);
    }
  }

  // CSAF 2.0 6.1.12: the language code is valid and exists (two-letter primary subtags only)
  private static void language(JsonAt lang, Failures failures) {
    lang.text()
        .map(LanguageSubtags::unknownPrimarySubtag)
        .ifPresent(
            unknown ->
                failures.add(
                    "6.1.12",
                    lang,
                    "expected a registered language subtag, found %s in %s",
                    unknown,
                    lang.node().textValue()));
  }

  // CSAF 2.0 6.1.26: a CSAF Base category may not look like another profile's or use "csaf_"
  private static void prohibitedCategory(JsonAt category, Failures failures) {
    String value = category.text().orElse(null);
    if (value == null || PROFILE_CATEGORIES.contains(value)) {
      return;
    }
    String normalized = value.replaceAll("[-_\\s]", "").toLowerCase(Locale.ROOT);
    if (PROHIBITED.contains(normalized)) {
      failures.add(
          "6.1.26",
          category,
          "expected a category that is not the name of a CSAF profile, found %s",
          value);
    } else if (value.toLowerCase(Locale.ROOT).startsWith("csaf_")) {
      failures.add(
          "6.1.26",
          category,
          "expected a category without the reserved prefix csaf_, found %s",
          value);
    }
  }
}
