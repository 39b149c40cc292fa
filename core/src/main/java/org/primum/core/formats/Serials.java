package org.primum.core.formats;

import java.util.regex.Pattern;

/** Device serial numbers: 1–64 characters of letters, digits, dot, underscore and hyphen. */
public final class Serials {
  private static final Pattern SERIAL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private Serials() {}

  /** Whether {@code text} is a well-formed serial number. */
  public static boolean isValid(String text) {
    return text != null && SERIAL.matcher(text).matches();
  }

  /**
   * Returns {@code text} if it is a well-formed serial number.
   *
   * @throws IllegalArgumentException otherwise, with the rule in the message
   */
  public static String require(String text) {
    if (!isValid(text)) {
      throw new IllegalArgumentException(
          "a serial number is 1-64 letters, digits, '.', '_' or '-', starting with a letter or"
              + " digit; found \""
              + Texts.printable(text, 80)
              + "\"");
    }
    return text;
  }
}
