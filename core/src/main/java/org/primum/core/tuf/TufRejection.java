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

  /**
   * A version went backwards against what the client already trusts (TUF §5.3.5, §5.4.3, §5.5.5;
   * the director's targets): a rollback or replay.
   */
  public static final class Rollback extends TufRejection {
    public Rollback(String what, long trusted, long found) {
      super(
          "tuf-rollback",
          format(
              "%s: version %d is older than the trusted version %d (rollback refused)",
              what, found, trusted));
    }
  }

  /** A listed metadata file disappeared from a newer snapshot (TUF §5.5.5). */
  public static final class MissingFromSnapshot extends TufRejection {
    public MissingFromSnapshot(String name) {
      super(
          "tuf-snapshot-removal",
          format("snapshot: %s was listed by the trusted snapshot but is missing now", name));
    }
  }

  /** A download sent more bytes than its bound (endless data). */
  public static final class EndlessData extends TufRejection {
    public EndlessData(String what, long limit) {
      super("tuf-endless-data", format("%s: more than %d bytes sent, refused", what, limit));
    }
  }

  /** A download fell below the minimum speed over a window (slow retrieval). */
  public static final class SlowRetrieval extends TufRejection {
    public SlowRetrieval(String what, long minBytesPerSecond, long found, String window) {
      super(
          "tuf-slow-retrieval",
          format(
              "%s: expected at least %d bytes/s over %s, found %d bytes/s; aborted",
              what, minBytesPerSecond, window, found));
    }
  }

  /** The director assigned a release counter below the installed one (anti-rollback). */
  public static final class ReleaseRollback extends TufRejection {
    public ReleaseRollback(String target, long installed, long assigned) {
      super(
          "tuf-release-rollback",
          format(
              "%s: release counter %d is below the installed release counter %d (rollback refused)",
              target, assigned, installed));
    }
  }

  /** A target is for another hardware id (Uptane: wrong hardware). */
  public static final class WrongHardware extends TufRejection {
    public WrongHardware(String target, String expected, String found) {
      super(
          "tuf-wrong-hardware",
          format("%s: expected hardware id %s, found %s", target, expected, found));
    }
  }

  /**
   * The director's assignment and the image repository disagree: the image repository does not
   * vouch for the assigned target, or names it with another length, hashes or release counter.
   */
  public static final class DirectorMismatch extends TufRejection {
    public DirectorMismatch(String target, String expected, String found) {
      super(
          "tuf-director-mismatch",
          format(
              "%s: the director assigned %s, but the image repository has %s",
              target, expected, found));
    }
  }

  /** An offline bundle is outside the freshness window (see docs/tuf-client.md). */
  public static final class StaleBundle extends TufRejection {
    public StaleBundle(String message) {
      super("tuf-stale-bundle", message);
    }
  }
}
