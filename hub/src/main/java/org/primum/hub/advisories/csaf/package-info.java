/**
 * CSAF 2.0 advisories: a validator for the OASIS Common Security Advisory Framework 2.0 format
 * (JSON schema and the mandatory tests of CSAF 2.0 section 6.1).
 *
 * <p>{@link org.primum.hub.advisories.csaf.CsafValidator} is the entry point; it returns a {@link
 * org.primum.hub.advisories.csaf.CsafReport} or throws {@link
 * org.primum.hub.advisories.csaf.CsafRejection} when the input cannot be read as a JSON object at
 * all. Tests that are not implemented, or only in part, are listed in {@code
 * docs/csaf-conformance-known-gaps.txt} and described in {@code docs/csaf.md}.
 */
package org.primum.hub.advisories.csaf;
