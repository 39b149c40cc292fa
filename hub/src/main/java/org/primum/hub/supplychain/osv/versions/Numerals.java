package org.primum.hub.supplychain.osv.versions;

/**
 * Arbitrarily long unsigned decimal numbers kept as text, so version components never overflow:
 * compared by length after leading zeros are dropped, then digit by digit.
 */
final class Numerals {
  private Numerals() {}

  /** {@code digits} (ASCII 0-9 only, possibly empty) without leading zeros; empty means zero. */
  static String canonical(String digits) {
    int start = 0;
    while (start < digits.length() && digits.charAt(start) == '0') {
      start++;
    }
    return start == 0 ? digits : digits.substring(start);
  }

  /** Compares two canonical numerals. */
  static int compare(String a, String b) {
    if (a.length() != b.length()) {
      return Integer.compare(a.length(), b.length());
    }
    return a.compareTo(b);
  }

  static boolean isDigits(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
