package org.primum.hub.disclosure;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The report form's signed timestamp: the hub stamps the time it served the form (HMAC-SHA256 under
 * a per-hub key), and refuses a submission that comes back sooner than a person could fill it in,
 * later than a day, or with a stamp it did not issue. No CAPTCHA, no tracking.
 */
final class FormStamps {
  private static final byte[] CONTEXT =
      "primum-disclosure-form:v1:".getBytes(StandardCharsets.US_ASCII);
  private static final int MAC_BYTES = 16;
  private static final Duration SKEW = Duration.ofMinutes(2);

  private final SecretKeySpec key;

  private FormStamps(byte[] key) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
  }

  static FormStamps open(Path dataDir, SecureRandom random) throws IOException {
    return new FormStamps(KeyFiles.loadOrCreate(dataDir, "disclosure-form.key", random));
  }

  /** A stamp for a form served at {@code now}. */
  String issue(Instant now) {
    byte[] time = ByteBuffer.allocate(8).putLong(now.toEpochMilli()).array();
    ByteBuffer stamp = ByteBuffer.allocate(8 + MAC_BYTES);
    stamp.put(time).put(mac(time));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(stamp.array());
  }

  /**
   * Checks a stamp sent back at {@code now}.
   *
   * @throws DisclosureRefusal if it is missing or forged, too fresh or too old
   */
  void check(String stamp, Instant now, IntakeLimits limits) throws DisclosureRefusal {
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(stamp == null ? "" : stamp.strip());
    } catch (IllegalArgumentException e) {
      bytes = new byte[0];
    }
    if (bytes.length != 8 + MAC_BYTES
        || !MessageDigest.isEqual(
            mac(Arrays.copyOf(bytes, 8)), Arrays.copyOfRange(bytes, 8, bytes.length))) {
      throw DisclosureRefusal.badInput(
          "form-stamp",
          "expected the report form's timestamp as this hub issued it, found "
              + (stamp == null || stamp.isBlank() ? "none" : "one it did not issue")
              + "; open the report page again and resend");
    }
    Instant served = Instant.ofEpochMilli(ByteBuffer.wrap(bytes, 0, 8).getLong());
    Duration age = Duration.between(served, now);
    if (age.compareTo(SKEW.negated()) < 0 || age.compareTo(limits.maximumFormAge()) > 0) {
      throw DisclosureRefusal.badInput(
          "form-expired",
          String.format(
              Locale.ROOT,
              "expected the report form to be sent within %d hours of opening it, found %d"
                  + " minutes; open the report page again (copy your text first)",
              limits.maximumFormAge().toHours(),
              age.toMinutes()));
    }
    if (age.compareTo(limits.minimumFillTime()) < 0) {
      throw DisclosureRefusal.badInput(
          "form-too-fast",
          String.format(
              Locale.ROOT,
              "expected the report form to be sent at least %.1f s after it was opened, found"
                  + " %.1f s; automated submissions are refused, please wait a moment and send"
                  + " it again",
              limits.minimumFillTime().toMillis() / 1000.0,
              Math.max(0, age.toMillis()) / 1000.0));
    }
  }

  private byte[] mac(byte[] time) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(CONTEXT);
      return Arrays.copyOf(mac.doFinal(time), MAC_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
    }
  }
}
