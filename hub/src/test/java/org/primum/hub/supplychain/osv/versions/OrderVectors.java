package org.primum.hub.supplychain.osv.versions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Checks a version scheme against a vector file (format in the resources' README.md), collecting
 * every failure and asserting once.
 */
final class OrderVectors {
  private final VersionScheme scheme;
  private final List<String> failures = new ArrayList<>();
  private int checks;

  private OrderVectors(VersionScheme scheme) {
    this.scheme = scheme;
  }

  /** Checks every vector of {@code file} under {@code scheme}. */
  static void check(String file, VersionScheme scheme) {
    check(file, scheme, null);
  }

  /** Also checks {@code normal} lines with {@code normalizer}. */
  static void check(String file, VersionScheme scheme, Function<Version, String> normalizer) {
    OrderVectors vectors = new OrderVectors(scheme);
    vectors.run(file, normalizer);
    assertThat(vectors.failures)
        .as("%s: %d failures in %d checks", file, vectors.failures.size(), vectors.checks)
        .isEmpty();
    assertThat(vectors.checks).as("checks run from %s", file).isGreaterThan(10);
  }

  private void run(String file, Function<Version, String> normalizer) {
    List<String> sequence = new ArrayList<>();
    for (String line : lines(file)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (line.equals("---")) {
        ascending(sequence);
        sequence.clear();
        continue;
      }
      int space = line.indexOf(' ');
      String keyword = space < 0 ? line : line.substring(0, space);
      String rest = space < 0 ? "" : line.substring(space + 1);
      String[] words = rest.split(" ");
      switch (keyword) {
        case "order" -> sequence.add(rest);
        case "less" -> ascending(List.of(words[0], words[1]));
        case "equal" -> equal(words);
        case "valid" -> parse(rest);
        case "invalid" -> invalid(rest);
        case "normal" -> normal(words[0], words[1], normalizer);
        default -> failures.add("unknown keyword in line: " + line);
      }
    }
    ascending(sequence);
  }

  private void ascending(List<String> texts) {
    List<Version> versions = new ArrayList<>();
    for (String text : texts) {
      Version version = parse(text);
      if (version == null) {
        return;
      }
      versions.add(version);
    }
    for (int i = 0; i < versions.size(); i++) {
      for (int j = i + 1; j < versions.size(); j++) {
        Version low = versions.get(i);
        Version high = versions.get(j);
        checks++;
        if (!(low.compareTo(high) < 0 && high.compareTo(low) > 0 && !low.equals(high))) {
          failures.add(
              String.format(
                  Locale.ROOT,
                  "expected %s < %s, found compareTo %d / %d",
                  low,
                  high,
                  low.compareTo(high),
                  high.compareTo(low)));
        }
      }
    }
  }

  private void equal(String[] texts) {
    Version first = parse(texts[0]);
    for (int i = 1; i < texts.length && first != null; i++) {
      Version other = parse(texts[i]);
      if (other == null) {
        continue;
      }
      checks++;
      if (first.compareTo(other) != 0
          || other.compareTo(first) != 0
          || !first.equals(other)
          || first.hashCode() != other.hashCode()) {
        failures.add(
            String.format(
                Locale.ROOT,
                "expected %s == %s (equal, same hash), found compareTo %d, equals %s",
                first,
                other,
                first.compareTo(other),
                first.equals(other)));
      }
    }
  }

  private void normal(String text, String expected, Function<Version, String> normalizer) {
    Version version = parse(text);
    if (version == null || normalizer == null) {
      failures.add("cannot check the normal form of " + text);
      return;
    }
    checks++;
    String found = normalizer.apply(version);
    if (!found.equals(expected)) {
      failures.add("expected " + text + " to normalise to " + expected + ", found " + found);
    }
  }

  private Version parse(String text) {
    checks++;
    try {
      return scheme.parse(text);
    } catch (InvalidVersion e) {
      failures.add("expected " + scheme.name() + " to accept \"" + text + "\": " + e.getMessage());
      return null;
    }
  }

  private void invalid(String text) {
    checks++;
    try {
      Version version = scheme.parse(text);
      failures.add("expected " + scheme.name() + " to reject \"" + text + "\", found " + version);
    } catch (InvalidVersion expected) {
      if (!expected.code().equals("invalid-version") || expected.getMessage().isBlank()) {
        failures.add("rejection of \"" + text + "\" lacks a code or message");
      }
    }
  }

  private static List<String> lines(String file) {
    try (InputStream in = OrderVectors.class.getResourceAsStream(file)) {
      assertThat(in).as("vector file %s", file).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
