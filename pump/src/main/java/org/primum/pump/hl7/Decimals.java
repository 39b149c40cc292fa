package org.primum.pump.hl7;

import java.math.BigDecimal;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/** Numbers as HL7 writes them (the NM data type), read and written without locale. */
final class Decimals {
  /** HL7 v2.6 2.A.47 NM: optional sign, digits, optional decimal point; no exponent, no NaN. */
  private static final Pattern NM = Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)");

  /** Longest number text accepted (the NM length in HL7 v2.6 is 16). */
  static final int MAX_LENGTH = 20;

  private Decimals() {}

  /** The value of {@code text} if it is an NM number of at most {@link #MAX_LENGTH} characters. */
  static OptionalDouble parse(String text) {
    if (text == null || text.length() > MAX_LENGTH || !NM.matcher(text).matches()) {
      return OptionalDouble.empty();
    }
    double value = new BigDecimal(text).doubleValue();
    return Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
  }

  /** {@code value} as NM text without exponent or trailing zeros: {@code 10}, {@code 4.2857}. */
  static String text(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("not a finite number");
    }
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
