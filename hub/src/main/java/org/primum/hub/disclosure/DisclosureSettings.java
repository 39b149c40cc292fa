package org.primum.hub.disclosure;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * How the hub's disclosure programme presents itself and what it promises.
 *
 * @param contactEmail where researchers may write (RFC 9116 Contact, first entry)
 * @param publicUrl the hub's public base URL, e.g. {@code https://hub.example.org} (asked per
 *     request, because a hub started on port 0 learns its URL only once listening)
 * @param languages RFC 5646 language tags the team reads (RFC 9116 Preferred-Languages)
 * @param expiresAfter how far ahead security.txt's Expires lies (RFC 9116 2.5.5 recommends less
 *     than a year)
 * @param sla the promised response times
 * @param limits abuse resistance of the anonymous intake
 */
public record DisclosureSettings(
    String contactEmail,
    Supplier<String> publicUrl,
    List<String> languages,
    Duration expiresAfter,
    SlaPolicy sla,
    IntakeLimits limits) {
  private static final Pattern EMAIL =
      Pattern.compile("[^@\\s<>\"]{1,64}@[^@\\s<>\"]+\\.[^@\\s<>\"]+");
  private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");

  public DisclosureSettings {
    Objects.requireNonNull(contactEmail, "contactEmail");
    if (!EMAIL.matcher(contactEmail).matches()) {
      throw new IllegalArgumentException(
          "contactEmail must be an e-mail address, found \"" + contactEmail + "\"");
    }
    Objects.requireNonNull(publicUrl, "publicUrl");
    languages = List.copyOf(languages);
    if (languages.isEmpty()) {
      throw new IllegalArgumentException("at least one preferred language is needed");
    }
    for (String language : languages) {
      if (!LANGUAGE.matcher(language).matches()) {
        throw new IllegalArgumentException(
            "languages must be RFC 5646 tags such as en or de-CH, found \"" + language + "\"");
      }
    }
    Objects.requireNonNull(expiresAfter, "expiresAfter");
    if (expiresAfter.isNegative()
        || expiresAfter.isZero()
        || expiresAfter.compareTo(Duration.ofDays(366)) > 0) {
      throw new IllegalArgumentException(
          "expiresAfter must be between a moment and a year (RFC 9116 2.5.5), found "
              + expiresAfter);
    }
    Objects.requireNonNull(sla, "sla");
    Objects.requireNonNull(limits, "limits");
  }

  /** security@ the public URL's host is not knowable here; the default is a placeholder to edit. */
  public static DisclosureSettings defaults(Supplier<String> publicUrl) {
    return new DisclosureSettings(
        "security@example.org",
        publicUrl,
        List.of("en"),
        Duration.ofDays(180),
        SlaPolicy.defaults(),
        IntakeLimits.defaults());
  }

  public DisclosureSettings withContactEmail(String email) {
    return new DisclosureSettings(email, publicUrl, languages, expiresAfter, sla, limits);
  }

  public DisclosureSettings withLimits(IntakeLimits newLimits) {
    return new DisclosureSettings(contactEmail, publicUrl, languages, expiresAfter, sla, newLimits);
  }

  public DisclosureSettings withSla(SlaPolicy newSla) {
    return new DisclosureSettings(contactEmail, publicUrl, languages, expiresAfter, newSla, limits);
  }

  /** The public base URL without a trailing slash. */
  String base() {
    String url = publicUrl.get();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
