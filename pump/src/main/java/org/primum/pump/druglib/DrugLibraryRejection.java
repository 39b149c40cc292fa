package org.primum.pump.druglib;

import org.primum.core.Rejection;

/**
 * A drug library was refused: it is malformed, its signatures do not meet the pharmacy threshold,
 * it is for another device type, or it is not newer than the active library.
 *
 * <p>The {@link #code()} is one of {@link #FORMAT}, {@link #SIGNATURE}, {@link #THRESHOLD}, {@link
 * #DEVICE_TYPE} or {@link #NOT_NEWER}; the message names the JSON path where there is one (e.g.
 * {@code "drugs[3].entries[0].limits.rate: soft max 200 exceeds hard max 150"}) and says what was
 * expected and what was found. On any rejection the last good library stays active.
 */
public final class DrugLibraryRejection extends Rejection {
  /** The document is not a well-formed drug library (the message names the path). */
  public static final String FORMAT = "format";

  /** A signature by a trusted pharmacy key does not verify. */
  public static final String SIGNATURE = "signature";

  /** Fewer distinct trusted pharmacy keys signed than the threshold requires. */
  public static final String THRESHOLD = "threshold";

  /** The library is for another device type. */
  public static final String DEVICE_TYPE = "device-type";

  /** The version is not higher than the active library's (rollback, MN3). */
  public static final String NOT_NEWER = "not-newer";

  public DrugLibraryRejection(String code, String message) {
    super(code, message);
  }
}
