package org.primum.core.tuf;

import java.util.Locale;
import org.primum.core.Rejection;

/**
 * TUF metadata or a target was refused; one subclass per reason, each naming what was expected and
 * what was found. Callers that only care that an update must not proceed catch this base type.
 */
public class TufRejection extends Rejection {
  public TufRejection(String code, String message) {
    super(code, message);
  }

  public TufRejection(String code, String message, Throwable cause) {
    super(code, message, cause);
  }

  static String format(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }

  /** The document is not well-formed TUF metadata of the expected type. */
  public static final class Malformed extends TufRejection {
    public Malformed(String message) {
      super("tuf-malformed", message);
    }

    public Malformed(String message, Throwable cause) {
      super("tuf-malformed", message, cause);
    }
  }

  /** Fewer distinct authorised keys signed than the role's threshold (TUF §5.3.4, §5.4.2, …). */
  public static final class ThresholdNotMet extends TufRejection {
    public ThresholdNotMet(String role, int threshold, int valid) {
      super(
          "tuf-threshold",
          format(
              "%s metadata needs %d valid signatures from distinct authorised keys, found %d",
              role, threshold, valid));
    }
  }

  /** A version went backwards, or did not equal the one a trusted role vouches for. */
  public static final class VersionMismatch extends TufRejection {
    public VersionMismatch(String role, String expected, long found) {
      super(
          "tuf-version",
          format("%s metadata: expected version %s, found %d", role, expected, found));
    }
  }

  /** The metadata's expiry is not after the client's fixed update start time (TUF §5.1). */
  public static final class Expired extends TufRejection {
    public Expired(String role, String expires, String now) {
      super(
          "tuf-expired",
          format("%s metadata expired at %s (update started %s)", role, expires, now));
    }
  }

  /** Downloaded bytes did not match the length or hashes trusted metadata gave for them. */
  public static final class LengthOrHashMismatch extends TufRejection {
    public LengthOrHashMismatch(String what, String expected, String found) {
      super("tuf-hash", format("%s: expected %s, found %s", what, expected, found));
    }
  }

  /** A download went beyond its bound or below the minimum speed (endless data, slow retrieval). */
  public static final class DownloadRefused extends TufRejection {
    public DownloadRefused(String message) {
      super("tuf-download", message);
    }
  }

  /** No trusted role vouches for the requested target (or the director's assignment). */
  public static final class TargetNotFound extends TufRejection {
    public TargetNotFound(String message) {
      super("tuf-target-not-found", message);
    }
  }

  /** A target exists but is not for this device (hardware id, release counter, assignment). */
  public static final class TargetRefused extends TufRejection {
    public TargetRefused(String message) {
      super("tuf-target-refused", message);
    }
  }
}
