package org.primum.pump.druglib;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/** Locale-independent number texts for messages and pump screens. */
final class Numbers {
  private static final MathContext DISPLAY = new MathContext(5, RoundingMode.HALF_EVEN);

  private Numbers() {}

  /** The value as written, without a trailing ".0": {@code 200}, {@code 0.05}, {@code NaN}. */
  static String exact(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    double magnitude = Math.abs(value);
    if (magnitude != 0 && (magnitude >= 1e15 || magnitude < 1e-6)) {
      return String.format(Locale.ROOT, "%.6g", value);
    }
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** The value rounded to 5 significant digits for a screen: {@code 4.2857}, {@code 25000}. */
  static String display(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    double magnitude = Math.abs(value);
    if (magnitude != 0 && (magnitude >= 1e15 || magnitude < 1e-6)) {
      return String.format(Locale.ROOT, "%.4g", value);
    }
    return BigDecimal.valueOf(value).round(DISPLAY).stripTrailingZeros().toPlainString();
  }
}
