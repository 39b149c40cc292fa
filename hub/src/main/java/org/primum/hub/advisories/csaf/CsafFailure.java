package org.primum.hub.advisories.csaf;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One way a CSAF document breaks CSAF 2.0.
 *
 * @param testId {@code "schema"} for a JSON-schema violation, or the number of the CSAF 2.0
 *     mandatory test that failed, e.g. {@code "6.1.1"} or {@code "6.1.27.3"}
 * @param path a JSON pointer (RFC 6901) into the document, {@code ""} for the whole document
 * @param message what was expected and what was found
 */
public record CsafFailure(String testId, String path, String message) {
  private static final Pattern TEST_ID =
      Pattern.compile("schema|6\\.1\\.[1-9][0-9]*(\\.[1-9][0-9]*)?");

  public CsafFailure {
    Objects.requireNonNull(testId, "testId");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
    if (!TEST_ID.matcher(testId).matches()) {
      throw new IllegalArgumentException("expected test id 'schema' or '6.1.N', found " + testId);
    }
    if (!path.isEmpty() && !path.startsWith("/")) {
      throw new IllegalArgumentException("expected a JSON pointer, found " + path);
    }
    if (message.isBlank()) {
      throw new IllegalArgumentException("expected a message, found a blank one");
    }
  }

  /** One line: test id, pointer (or {@code /} for the whole document) and message. */
  @Override
  public String toString() {
    return testId + " " + (path.isEmpty() ? "/" : path) + " " + message;
  }
}
