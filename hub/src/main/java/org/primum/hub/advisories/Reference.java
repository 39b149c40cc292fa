package org.primum.hub.advisories;

import java.net.URI;
import java.util.Objects;

/** A link published with an advisory (CSAF 2.0 3.1.11), e.g. a release note or a CVE record. */
public record Reference(URI url, String summary) {
  public Reference {
    url = Texts.webUrl("reference url", Objects.requireNonNull(url, "url").toString());
    summary = Texts.line("reference summary", summary, 500);
  }
}
