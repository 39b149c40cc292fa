package org.primum.hub.advisories.csaf;

import org.primum.core.Rejection;

/**
 * The input could not be read as a CSAF document at all. Codes: {@code csaf-too-large} (over {@link
 * CsafValidator#MAX_BYTES}), {@code csaf-not-json} (not UTF-8 JSON, a duplicate member name, data
 * after the document), {@code csaf-too-deep} (over {@link CsafValidator#MAX_DEPTH}), {@code
 * csaf-too-many-values} (over {@link CsafValidator#MAX_VALUES}), {@code csaf-too-long-value} (a
 * number or string beyond the parser's bounds) and {@code csaf-not-object}. A readable document
 * that breaks the CSAF rules is not rejected but reported ({@link CsafReport}).
 */
public final class CsafRejection extends Rejection {
  public CsafRejection(String code, String message) {
    super(code, message);
  }
}
