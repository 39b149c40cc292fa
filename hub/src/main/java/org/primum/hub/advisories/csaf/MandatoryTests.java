package org.primum.hub.advisories.csaf;

/**
 * A group of the mandatory tests of CSAF 2.0 section 6.1, run on every readable document. A test
 * reads defensively: what has the wrong type or is missing is skipped here (the schema reports it),
 * so every test runs on every document.
 */
interface MandatoryTests {
  void run(CsafDocument document, Failures failures);
}
