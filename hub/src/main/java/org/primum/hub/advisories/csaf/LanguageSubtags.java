package org.primum.hub.advisories.csaf;

import java.util.Locale;
import java.util.Set;

/**
 * The two-letter primary language subtags of the IANA Language Subtag Registry (RFC 5646 2.2.1):
 * the ISO 639-1 codes plus the deprecated {@code in}, {@code iw}, {@code ji}, {@code jw} and {@code
 * mo}, which the registry keeps. This is the part of the registry small enough to carry;
 * three-letter language subtags, extended language, script, region and variant subtags are checked
 * only for their syntax (the schema's pattern). See docs/csaf.md.
 */
final class LanguageSubtags {
  private static final Set<String> TWO_LETTER =
      Set.of(
          "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg",
          "bh", "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv",
          "cy", "da", "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi",
          "fj", "fo", "fr", "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr",
          "ht", "hu", "hy", "hz", "ia", "id", "ie", "ig", "ii", "ik", "in", "io", "is", "it", "iu",
          "iw", "ja", "ji", "jv", "jw", "ka", "kg", "ki", "kj", "kk", "kl", "km", "kn", "ko", "kr",
          "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln", "lo", "lt", "lu", "lv", "mg",
          "mh", "mi", "mk", "ml", "mn", "mo", "mr", "ms", "mt", "my", "na", "nb", "nd", "ne", "ng",
          "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi", "pl", "ps",
          "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "sh", "si", "sk",
          "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th",
          "ti", "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve",
          "vi", "vo", "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu");

  private LanguageSubtags() {}

  /**
   * The primary language subtag of {@code tag} if it is two letters and not registered, else {@code
   * null} (registered, or a kind of subtag this class cannot judge).
   */
  static String unknownPrimarySubtag(String tag) {
    int dash = tag.indexOf('-');
    String primary = dash < 0 ? tag : tag.substring(0, dash);
    if (primary.length() != 2 || !primary.chars().allMatch(c -> c < 128 && Character.isLetter(c))) {
      return null;
    }
    return TWO_LETTER.contains(primary.toLowerCase(Locale.ROOT)) ? null : primary;
  }
}
