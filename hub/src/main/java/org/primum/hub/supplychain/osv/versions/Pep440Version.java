package org.primum.hub.supplychain.osv.versions;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Python package version under PEP 440, the ordering PyPI and pip use. No maintained Java library
 * implements it, so this follows the PEP section by section: epochs, release segments, pre-, post-
 * and development releases, local versions, and the normalisations of PEP 440 "Normalization"
 * (case, separators, alternative spellings, implicit numbers, a leading {@code v}, surrounding
 * whitespace). Numbers have no size limit.
 *
 * <p>Legacy (pre-PEP 440) versions such as {@code 2004d} or {@code 1.0-foo-bar} are rejected, as
 * current pip does, rather than ordered by a guess.
 */
public final class Pep440Version implements Version {
  private static final String EXPECTED = "PEP 440 version such as 1.0, 2!1.0rc1.post2.dev3+local";

  // PEP 440 Appendix B, written out: every optional separator and spelling of "Normalization".
  // ASCII only: CASE_INSENSITIVE without UNICODE_CASE, and [0-9] rather than \d.
  private static final Pattern SYNTAX =
      Pattern.compile(
          "v?"
              + "(?:(?<epoch>[0-9]+)!)?"
              + "(?<release>[0-9]+(?:\\.[0-9]+)*)"
              + "(?:[-_.]?(?<preL>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preN>[0-9]+)?)?"
              + "(?:-(?<postImplicit>[0-9]+)|[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN>[0-9]+)?)?"
              + "(?:[-_.]?(?<devL>dev)[-_.]?(?<devN>[0-9]+)?)?"
              + "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern LOCAL_SEPARATOR = Pattern.compile("[-_.]");

  /** Pre-release ranks; the two infinities place versions without a pre-release. */
  private static final int BEFORE_ANY_PRE = -1;

  private static final int ALPHA = 0;
  private static final int BETA = 1;
  private static final int CANDIDATE = 2;
  private static final int NO_PRE = 3;

  private final String text;
  private final String epoch;
  private final String[] release;
  private final int releaseLength; // without trailing zeros
  private final int preRank;
  private final String preNumber;
  private final String post; // null: none
  private final String dev; // null: none
  private final String[] local; // null: none

  private Pep440Version(
      String text,
      String epoch,
      String[] release,
      int preRank,
      String preNumber,
      String post,
      String dev,
      String[] local) {
    this.text = text;
    this.epoch = epoch;
    this.release = release;
    int length = release.length;
    // PEP 440 "Final releases": trailing zeros are ignored when comparing release segments.
    while (length > 0 && release[length - 1].isEmpty()) {
      length--;
    }
    this.releaseLength = length;
    this.preRank = preRank;
    this.preNumber = preNumber;
    this.post = post;
    this.dev = dev;
    this.local = local;
  }

  static Pep440Version parse(String text) throws InvalidVersion {
    VersionSchemes.bounded(text, "PyPI", EXPECTED);
    // PEP 440 "Leading and Trailing Whitespace": ignored.
    String core = strip(text);
    Matcher m = SYNTAX.matcher(core);
    if (!m.matches()) {
      throw new InvalidVersion("PyPI", EXPECTED, text);
    }
    // PEP 440 "Integer Normalization": numbers compare as integers; leading zeros are dropped.
    String epoch = m.group("epoch") == null ? "" : Numerals.canonical(m.group("epoch"));
    String[] release = m.group("release").split("\\.");
    for (int i = 0; i < release.length; i++) {
      release[i] = Numerals.canonical(release[i]);
    }
    int preRank = NO_PRE;
    String preNumber = "";
    if (m.group("preL") != null) {
      // PEP 440 "Pre-release spelling": alpha = a, beta = b, c = pre = preview = rc.
      preRank =
          switch (m.group("preL").toLowerCase(Locale.ROOT)) {
            case "a", "alpha" -> ALPHA;
            case "b", "beta" -> BETA;
            default -> CANDIDATE;
          };
      // PEP 440 "Implicit pre-release number": 0.
      preNumber = m.group("preN") == null ? "" : Numerals.canonical(m.group("preN"));
    }
    String post = null;
    if (m.group("postImplicit") != null) {
      // PEP 440 "Implicit post releases": 1.0-1 is 1.0.post1.
      post = Numerals.canonical(m.group("postImplicit"));
    } else if (m.group("postL") != null) {
      // PEP 440 "Post release spelling" (rev, r) and "Implicit post release number" (0).
      post = m.group("postN") == null ? "" : Numerals.canonical(m.group("postN"));
    }
    String dev = null;
    if (m.group("devL") != null) {
      // PEP 440 "Implicit development release number": 0.
      dev = m.group("devN") == null ? "" : Numerals.canonical(m.group("devN"));
    }
    String[] local = null;
    if (m.group("local") != null) {
      // PEP 440 "Local version segments": - and _ normalise to ., case-insensitive; integer
      // segments compare as integers.
      local = LOCAL_SEPARATOR.split(m.group("local").toLowerCase(Locale.ROOT));
      for (int i = 0; i < local.length; i++) {
        if (Numerals.isDigits(local[i])) {
          local[i] = Numerals.canonical(local[i]);
          if (local[i].isEmpty()) {
            local[i] = "0";
          }
        }
      }
    }
    return new Pep440Version(text, epoch, release, preRank, preNumber, post, dev, local);
  }

  private static String strip(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && isSpace(text.charAt(start))) {
      start++;
    }
    while (end > start && isSpace(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(start, end);
  }

  private static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  @Override
  public String text() {
    return text;
  }

  /**
   * The PEP 440 normal form, e.g. {@code 1.0rc1.post0.dev2+abc.5} for {@code 1.0-C1-r-dev2+AbC_05}.
   */
  public String normalized() {
    StringBuilder out = new StringBuilder();
    if (!epoch.isEmpty()) {
      out.append(epoch).append('!');
    }
    for (int i = 0; i < release.length; i++) {
      out.append(i == 0 ? "" : ".").append(number(release[i]));
    }
    if (preRank != NO_PRE) {
      out.append(preRank == ALPHA ? "a" : preRank == BETA ? "b" : "rc").append(number(preNumber));
    }
    if (post != null) {
      out.append(".post").append(number(post));
    }
    if (dev != null) {
      out.append(".dev").append(number(dev));
    }
    if (local != null) {
      out.append('+').append(String.join(".", local));
    }
    return out.toString();
  }

  private static String number(String canonical) {
    return canonical.isEmpty() ? "0" : canonical;
  }

  /** The pre-release rank used for ordering (PEP 440 "Summary of permitted suffixes ..."). */
  private int preKey() {
    if (preRank == NO_PRE && post == null && dev != null) {
      // 1.0.dev1 sorts before 1.0a1: a development release of the final release comes first.
      return BEFORE_ANY_PRE;
    }
    return preRank;
  }

  @Override
  public int compareTo(Version other) {
    if (!(other instanceof Pep440Version that)) {
      throw new IllegalArgumentException("cannot compare a PEP 440 version with " + other);
    }
    // PEP 440 "Version epochs": the epoch orders first.
    int c = Numerals.compare(epoch, that.epoch);
    if (c != 0) {
      return c;
    }
    // PEP 440 "Final releases": release segments numerically, trailing zeros ignored.
    int shared = Math.min(releaseLength, that.releaseLength);
    for (int i = 0; i < shared; i++) {
      c = Numerals.compare(release[i], that.release[i]);
      if (c != 0) {
        return c;
      }
    }
    c = Integer.compare(releaseLength, that.releaseLength);
    if (c != 0) {
      return c;
    }
    // PEP 440 "Pre-releases": .devN < aN < bN < rcN < final.
    c = Integer.compare(preKey(), that.preKey());
    if (c == 0 && preRank != NO_PRE) {
      c = Numerals.compare(preNumber, that.preNumber);
    }
    if (c != 0) {
      return c;
    }
    // PEP 440 "Post-releases": a post-release sorts after its base; none is lowest.
    c = compareAbsentLowest(post, that.post);
    if (c != 0) {
      return c;
    }
    // PEP 440 "Developmental releases": a dev release sorts before its base; none is highest.
    c = compareAbsentHighest(dev, that.dev);
    if (c != 0) {
      return c;
    }
    // PEP 440 "Local version identifiers": none sorts first, then segment by segment.
    return compareLocal(local, that.local);
  }

  private static int compareAbsentLowest(String a, String b) {
    if (a == null || b == null) {
      return Boolean.compare(a != null, b != null);
    }
    return Numerals.compare(a, b);
  }

  private static int compareAbsentHighest(String a, String b) {
    if (a == null || b == null) {
      return Boolean.compare(a == null, b == null);
    }
    return Numerals.compare(a, b);
  }

  private static int compareLocal(String[] a, String[] b) {
    if (a == null || b == null) {
      return Boolean.compare(a != null, b != null);
    }
    int shared = Math.min(a.length, b.length);
    for (int i = 0; i < shared; i++) {
      boolean numericA = Numerals.isDigits(a[i]);
      boolean numericB = Numerals.isDigits(b[i]);
      int c;
      if (numericA && numericB) {
        c = Numerals.compare(a[i], b[i]);
      } else if (numericA != numericB) {
        // PEP 440: alphanumeric segments sort before numeric segments.
        c = numericA ? 1 : -1;
      } else {
        c = Integer.signum(a[i].compareTo(b[i]));
      }
      if (c != 0) {
        return c;
      }
    }
    // PEP 440: if one local version is a prefix of the other, the shorter sorts first.
    return Integer.compare(a.length, b.length);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Pep440Version that && compareTo(that) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        epoch,
        Arrays.hashCode(Arrays.copyOf(release, releaseLength)),
        preKey(),
        preRank == NO_PRE ? "" : preNumber,
        post,
        dev,
        Arrays.hashCode(local));
  }

  @Override
  public String toString() {
    return text;
  }
}
