package org.primum.hub.advisories.csaf;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The result of validating one readable CSAF document: every failure found, schema failures first,
 * then the mandatory tests in the order of CSAF 2.0 section 6.1. The document is valid iff the list
 * is empty.
 */
public record CsafReport(List<CsafFailure> failures) {
  public CsafReport {
    failures = List.copyOf(failures);
  }

  /** True iff the document passed the schema and every implemented mandatory test. */
  public boolean valid() {
    return failures.isEmpty();
  }

  /** The ids of the tests that failed (e.g. {@code "schema"}, {@code "6.1.1"}). */
  public Set<String> failedTests() {
    return failures.stream()
        .map(CsafFailure::testId)
        .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
  }

  /** The failures of one test. */
  public List<CsafFailure> failuresOf(String testId) {
    return failures.stream().filter(f -> f.testId().equals(testId)).toList();
  }
}
