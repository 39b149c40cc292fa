package org.primum.hub.advisories.csaf;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Validates CSAF 2.0 documents: against the official JSON schema and the mandatory tests of CSAF
 * 2.0 section 6.1 that are implemented (docs/csaf.md; the others are listed in
 * docs/csaf-conformance-known-gaps.txt).
 *
 * <p>Security guarantees: input is untrusted. It is parsed within {@link #MAX_BYTES} bytes, {@link
 * #MAX_DEPTH} levels of nesting and {@link #MAX_VALUES} values, duplicate member names are refused,
 * at most {@link #MAX_FAILURES_PER_TEST} failures are listed per test, and the schemas are loaded
 * only from the classpath, never from the network (not even the {@code $schema} or {@code $ref}
 * URLs a document names). Anything unreadable is a {@link CsafRejection}; everything readable gets
 * a {@link CsafReport}. One instance is thread-safe and should be reused: loading the schemas is
 * the expensive part.
 */
public final class CsafValidator {
  /** The largest document accepted, in bytes (16 MiB). */
  public static final int MAX_BYTES = 16 * 1024 * 1024;

  /** The deepest nesting of arrays and objects accepted. */
  public static final int MAX_DEPTH = 100;

  /**
   * The most JSON values (objects, arrays, strings, numbers, literals) accepted: real advisories
   * spend 40 – 60 bytes a value, so 16 MiB of them stay well below it.
   */
  public static final int MAX_VALUES = 1_000_000;

  /** The most failures listed per test; the rest are counted in one closing failure. */
  public static final int MAX_FAILURES_PER_TEST = 1_000;

  private final CsafSchema schema;
  private final List<MandatoryTests> tests;

  private CsafValidator(CsafSchema schema) {
    this.schema = schema;
    this.tests =
        List.of(
            new ProductIdTests(),
            new VulnerabilityTests(),
            new CweTests(CweCatalogue.bundled()),
            new CvssTests(schema),
            new ProductTreeTests(),
            new DocumentTests(),
            new RevisionHistoryTests(),
            new ProfileTests());
  }

  /** Loads the bundled schemas. */
  public static CsafValidator create() {
    return new CsafValidator(CsafSchema.load());
  }

  /**
   * Validates one document.
   *
   * @return every failure found; {@link CsafReport#valid()} iff none
   * @throws CsafRejection if {@code json} is larger than {@link #MAX_BYTES}, not JSON, nested
   *     deeper than {@link #MAX_DEPTH}, has more than {@link #MAX_VALUES} values, or is not a JSON
   *     object
   */
  public CsafReport validate(byte[] json) throws CsafRejection {
    JsonNode tree = CsafParser.parse(json);
    Failures failures = new Failures();
    schema.check(tree, failures);
    CsafDocument document = CsafDocument.of(tree);
    for (MandatoryTests test : tests) {
      test.run(document, failures);
    }
    return failures.report();
  }
}
