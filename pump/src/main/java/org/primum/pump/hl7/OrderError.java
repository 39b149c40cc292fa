package org.primum.pump.hl7;

import java.util.Optional;

/**
 * Every reason the pump refuses an infusion order, with what its acknowledgement says (T2).
 *
 * <p>Each error has a stable {@link #id()} (for the sender's software and for tests), the phrase
 * the acknowledgement's user message starts with ({@link #label()}, e.g. {@code "unknown device"}),
 * the {@code MSA-1} code, the HL7 error code of table 0357 for {@code ERR-3} and, where the IHE PIV
 * application error table has one, its code for {@code ERR-5}.
 *
 * <p>{@code MSA-1} follows the HL7 v2.6 rules that CP-PCD-073 points to (v2.6 section 2.9.2): AR
 * when the message cannot be processed for reasons outside its content (encoding, message type,
 * version, processing id, profile, or the pump having no drug library), AE when its content is in
 * error.
 */
public enum OrderError {
  // ---- the message itself (OrderParser): "malformed message"

  /** Larger than {@link OrderParser#MAX_BYTES}; not parsed at all. */
  TOO_LARGE("too-large", Labels.MALFORMED, "AR", 102, "Data type error", 0, null),
  /** Not UTF-8, not ER7 (XML is refused, MN15), other delimiters, control characters. */
  ENCODING("encoding", Labels.MALFORMED, "AR", 102, "Data type error", 0, null),
  /** MSH-9 is not {@code RGV^O15^RGV_O15}. */
  MESSAGE_TYPE("message-type", Labels.MALFORMED, "AR", 200, "Unsupported message type", 0, null),
  /** MSH-11 is not {@code P}. */
  PROCESSING_ID("processing-id", Labels.MALFORMED, "AR", 202, "Unsupported processing id", 0, null),
  /** MSH-12 is not {@code 2.6}. */
  VERSION("version", Labels.MALFORMED, "AR", 203, "Unsupported version id", 0, null),
  /** MSH-21 does not name the PCD-03 profile. */
  PROFILE("profile", Labels.MALFORMED, "AR", 200, "Unsupported message type", 0, null),
  /** A required segment is missing, repeated, out of order, or one PCD-03 does not allow. */
  SEGMENT_SEQUENCE(
      "segment-sequence", Labels.MALFORMED, "AE", 100, "Segment sequence error", 0, null),
  /** A required field is empty. */
  REQUIRED_FIELD(
      "required-field",
      Labels.MALFORMED,
      "AE",
      101,
      "Required field missing",
      9003,
      "Missing required program parameter(s)"),
  /** A value of the wrong type: not a number, too long, not allowed characters. */
  DATA_TYPE(
      "data-type",
      Labels.MALFORMED,
      "AE",
      102,
      "Data type error",
      9004,
      "Invalid program parameter(s)"),
  /** A number that is zero, negative or not finite where the pump needs a positive amount. */
  INVALID_VALUE(
      "invalid-value",
      Labels.MALFORMED,
      "AE",
      102,
      "Data type error",
      9004,
      "Invalid program parameter(s)"),
  /** A coded value the pump does not accept (order control, route, observation, value type). */
  TABLE_VALUE(
      "table-value",
      Labels.MALFORMED,
      "AE",
      103,
      "Table value not found",
      9004,
      "Invalid program parameter(s)"),
  /** A unit the pump does not know, or one of the wrong kind (VTBI not in mL, say). */
  UNIT("unit", Labels.MALFORMED, "AE", 103, "Table value not found", 9008, "Invalid units"),

  // ---- the order against this pump (OrderIntake)

  /** The order names another pump (OBX-18 is not this pump's serial). */
  UNKNOWN_DEVICE(
      "unknown-device",
      "unknown device",
      "AE",
      204,
      "Unknown key identifier",
      9001,
      "Unknown infuser or channel"),
  /** The pump has no active drug library, so no order can be checked (D6: never a default). */
  NO_DRUG_LIBRARY(
      "no-drug-library",
      "no drug library",
      "AR",
      207,
      "Application internal error",
      9010,
      "Unable to match medication to drug library"),
  /** No drug code, an unknown code, or no entry for this care area and concentration (T3, D3). */
  DRUG_NOT_IN_LIBRARY(
      "drug-not-in-library",
      "drug not in library",
      "AE",
      204,
      "Unknown key identifier",
      9010,
      "Unable to match medication to drug library"),
  /** The drug is in the library for this care area, but not in the ordered dose unit. */
  DOSE_UNIT_NOT_IN_LIBRARY(
      "dose-unit-not-in-library",
      "drug not in library",
      "AE",
      204,
      "Unknown key identifier",
      9009,
      "Dose/Rate Units do not match drug library"),
  /** The pump's own care area is not in the library. */
  CARE_AREA(
      "care-area",
      "care area mismatch",
      "AE",
      207,
      "Application internal error",
      9021,
      "Care area or profile mismatch"),
  /** A hard limit of the library (D1) or the pump's own range (D10) is passed. */
  DOSE_OUTSIDE_LIMITS(
      "dose-outside-limits",
      "dose outside limits",
      "AE",
      207,
      "Application internal error",
      9005,
      "Parameter outside of allowable range"),
  /** A parameter the program needs is missing (the weight for a per-kg dose, a concentration). */
  MISSING_PARAMETER(
      "missing-parameter",
      "missing program parameter",
      "AE",
      207,
      "Application internal error",
      9003,
      "Missing required program parameter(s)"),
  /** The patient weight is outside the care area's bounds (D5). */
  PARAMETER_OUT_OF_RANGE(
      "parameter-out-of-range",
      "parameter outside allowable range",
      "AE",
      207,
      "Application internal error",
      9005,
      "Parameter outside of allowable range"),
  /** Any other reason dose error reduction refused the program. */
  INVALID_PARAMETER(
      "invalid-parameter",
      "invalid program parameter",
      "AE",
      207,
      "Application internal error",
      9004,
      "Invalid program parameter(s)");

  private static final class Labels {
    static final String MALFORMED = "malformed message";
  }

  private final String id;
  private final String label;
  private final String ackCode;
  private final int hl7ErrorCode;
  private final String hl7ErrorText;
  private final int pivCode;
  private final String pivText;

  OrderError(
      String id,
      String label,
      String ackCode,
      int hl7ErrorCode,
      String hl7ErrorText,
      int pivCode,
      String pivText) {
    this.id = id;
    this.label = label;
    this.ackCode = ackCode;
    this.hl7ErrorCode = hl7ErrorCode;
    this.hl7ErrorText = hl7ErrorText;
    this.pivCode = pivCode;
    this.pivText = pivText;
  }

  /** Stable, machine-readable id, e.g. {@code "unknown-device"}. */
  public String id() {
    return id;
  }

  /**
   * The phrase the acknowledgement's user message (ERR-8) starts with, e.g. {@code "dose outside
   * limits"}.
   */
  public String label() {
    return label;
  }

  /** {@code MSA-1}: {@code "AE"} (content in error) or {@code "AR"} (cannot be processed). */
  public String ackCode() {
    return ackCode;
  }

  /** {@code ERR-3}: the HL7 error code (table 0357). */
  public int hl7ErrorCode() {
    return hl7ErrorCode;
  }

  /** The text of {@link #hl7ErrorCode()} in table 0357. */
  public String hl7ErrorText() {
    return hl7ErrorText;
  }

  /** {@code ERR-5}: the IHE PIV application error code, if the PIV table has one for this error. */
  public Optional<Integer> pivCode() {
    return pivCode == 0 ? Optional.empty() : Optional.of(pivCode);
  }

  /** The text of {@link #pivCode()} in the PIV table, if there is one. */
  public Optional<String> pivText() {
    return Optional.ofNullable(pivText);
  }

  /** Whether this error is about the message itself rather than the order against this pump. */
  public boolean malformed() {
    return label.equals(Labels.MALFORMED);
  }
}
