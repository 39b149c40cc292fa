package org.primum.hub.disclosure;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The hub's {@code /.well-known/security.txt} (RFC 9116), generated from {@link DisclosureSettings}
 * for every request, so its Expires field always lies ahead, and signed with the disclosure OpenPGP
 * key as a cleartext signature (RFC 9116 2.3).
 */
public final class SecurityTxt {
  /** RFC 9116 3: the well-known location. */
  public static final String PATH = "/.well-known/security.txt";

  /** Where the public OpenPGP key is published. */
  public static final String KEY_PATH = "/.well-known/openpgp-key.asc";

  public static final String POLICY_PATH = "/security/policy";
  public static final String ACKNOWLEDGEMENTS_PATH = "/security/acknowledgements";
  public static final String REPORT_PATH = "/security/report";

  /** Where a finder enters their tracking token to open their case (the link e-mail gives). */
  public static final String STATUS_PATH = "/security/status";

  private final DisclosureSettings settings;
  private final DisclosureKeys keys;
  private final Clock clock;

  public SecurityTxt(DisclosureSettings settings, DisclosureKeys keys, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The fields, unsigned, one per line, each line ending in a line break. */
  public String unsigned() {
    String base = settings.base();
    Instant expires = clock.instant().plus(settings.expiresAfter()).truncatedTo(ChronoUnit.SECONDS);
    StringBuilder out = new StringBuilder();
    out.append("# Primum hub: how to report a security vulnerability (RFC 9116).\n");
    out.append("# No account is needed; reports may be encrypted to the key below.\n");
    out.append("# OpenPGP key fingerprint: ").append(keys.fingerprint()).append('\n');
    // RFC 9116 2.5.3: Contact, at least once, in order of preference; mailto for e-mail.
    out.append("Contact: mailto:").append(settings.contactEmail()).append('\n');
    // RFC 9116 2.5.3: a web URI uses the "https" scheme.
    out.append("Contact: ").append(base).append(REPORT_PATH).append('\n');
    // RFC 9116 2.5.5: Expires exactly once, an RFC 3339 date-time, less than a year ahead.
    out.append("Expires: ").append(DateTimeFormatter.ISO_INSTANT.format(expires)).append('\n');
    // RFC 9116 2.5.4: Encryption names where the key is, never the key itself.
    out.append("Encryption: ").append(base).append(KEY_PATH).append('\n');
    // RFC 9116 2.5.1: where finders are recognised.
    out.append("Acknowledgments: ").append(base).append(ACKNOWLEDGEMENTS_PATH).append('\n');
    // RFC 9116 2.5.8: comma-separated RFC 5646 tags, at most once.
    out.append("Preferred-Languages: ")
        .append(String.join(", ", settings.languages()))
        .append('\n');
    // RFC 9116 2.5.2: the URI this file is meant to be found at.
    out.append("Canonical: ").append(base).append(PATH).append('\n');
    // RFC 9116 2.5.7: the disclosure policy.
    out.append("Policy: ").append(base).append(POLICY_PATH).append('\n');
    // CSAF 2.0 7.1.8 (requirement 8): security.txt names the provider metadata; RFC 9116 2.4
    // allows extension fields.
    out.append("CSAF: ")
        .append(base)
        .append("/.well-known/csaf/provider-metadata.json")
        .append('\n');
    return out.toString();
  }

  /** The file as served: the fields inside an OpenPGP cleartext signature (RFC 9116 2.3). */
  public String signed() {
    return keys.clearSign(unsigned(), clock);
  }
}
