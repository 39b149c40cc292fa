package org.primum.device.update;

import java.nio.charset.StandardCharsets;

/**
 * How role names and target paths become file names and URL paths: percent-encoding of every byte
 * outside the URL-unreserved set, as python-tuf's {@code quote(name, "")} does, so that a role
 * named {@code ../x} or {@code a/b} can name neither another directory nor another URL.
 */
final class RepositoryPaths {
  private RepositoryPaths() {}

  /** A role name as one file name or URL path segment. */
  static String role(String name) {
    return encode(name, false);
  }

  /** A target path as a URL path: each segment encoded, {@code /} kept between them. */
  static String target(String path) {
    return encode(path, true);
  }

  /** The consistent-snapshot name of a target (TUF §5.7.3): {@code dirs/HASH.basename}, encoded. */
  static String consistentTarget(String path, String hash) {
    int slash = path.lastIndexOf('/');
    String dirs = slash < 0 ? "" : path.substring(0, slash + 1);
    String base = slash < 0 ? path : path.substring(slash + 1);
    return target(dirs + hash + "." + base);
  }

  private static String encode(String text, boolean keepSlash) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~'
          || (keepSlash && c == '/')) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
