package org.primum.hub.advisories.csaf;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CSAF 2.0 6.1.13, 6.1.25 and 6.1.31: what identifies a product is well formed (purl, hashes,
 * product version names).
 */
final class ProductTreeTests implements MandatoryTests {
  // CSAF 2.0 6.1.31: comparison operators, found anywhere in the name
  private static final List<String> RANGE_OPERATORS = List.of("<", ">");
  // CSAF 2.0 6.1.31: words, found as whole words ("after-eight" is a version name, not a range)
  private static final List<String> RANGE_WORDS =
      List.of("after", "all", "before", "earlier", "later", "prior", "versions");

  @Override
  public void run(CsafDocument document, Failures failures) {
    for (JsonAt product : document.products().fullProductNames()) {
      JsonAt helper = product.get("product_identification_helper");
      purl(helper.get("purl"), failures);
      for (JsonAt hash : helper.items("hashes")) {
        sameHashAlgorithm(hash, failures);
      }
    }
    for (JsonAt branch : document.products().branches()) {
      versionRange(branch, failures);
    }
  }

  // CSAF 2.0 6.1.13: a purl is valid (package-url specification)
  private static void purl(JsonAt purl, Failures failures) {
    if (purl.text().isEmpty()) {
      return;
    }
    String text = purl.node().textValue();
    try {
      new PackageURL(text);
    } catch (MalformedPackageURLException e) {
      failures.add("6.1.13", purl, "expected a valid purl, found %s (%s)", text, e.getMessage());
    } catch (RuntimeException e) {
      // a third-party parser on untrusted input: whatever it throws means "not a valid purl"
      failures.add("6.1.13", purl, "expected a valid purl, found %s", text);
    }
  }

  // CSAF 2.0 6.1.25: one hash algorithm at most once per item of hashes
  private static void sameHashAlgorithm(JsonAt hash, Failures failures) {
    Map<String, JsonAt> seen = new HashMap<>();
    for (JsonAt fileHash : hash.items("file_hashes")) {
      String algorithm = fileHash.textOf("algorithm");
      if (algorithm == null) {
        continue;
      }
      JsonAt first = seen.putIfAbsent(algorithm.toLowerCase(Locale.ROOT), fileHash);
      if (first != null) {
        failures.add(
            "6.1.25",
            fileHash.get("algorithm"),
            "expected each hash algorithm once per file, found %s again (first at %s)",
            algorithm,
            first.pointer());
      }
    }
  }

  /** True iff {@code word} occurs in {@code text} delimited by whitespace or the text's ends. */
  static boolean containsWord(String text, String word) {
    for (int at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      int end = at + word.length();
      boolean startsWord = at == 0 || Character.isWhitespace(text.charAt(at - 1));
      boolean endsWord = end == text.length() || Character.isWhitespace(text.charAt(end));
      if (startsWord && endsWord) {
        return true;
      }
    }
    return false;
  }

  // CSAF 2.0 6.1.31: a branch of category product_version names one version, not a range
  private static void versionRange(JsonAt branch, Failures failures) {
    String name = branch.textOf("name");
    if (!"product_version".equals(branch.textOf("category")) || name == null) {
      return;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    String found = null;
    for (String operator : RANGE_OPERATORS) {
      if (lower.contains(operator)) {
        found = operator;
      }
    }
    for (String word : RANGE_WORDS) {
      if (containsWord(lower, word)) {
        found = word;
      }
    }
    if (found != null) {
      failures.add(
          "6.1.31",
          branch.get("name"),
          "expected a single version in a product_version branch, found the range \"%s\" (%s)",
          name,
          found);
    }
  }
}
