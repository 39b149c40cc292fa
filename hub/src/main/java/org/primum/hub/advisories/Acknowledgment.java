package org.primum.hub.advisories;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Credit given in an advisory (CSAF 2.0 3.2.1.1), for example to a researcher who chose to be
 * named. Only what the caller passes is published: the hub never derives names from a report.
 *
 * @param names people credited (may be empty when only an organisation is)
 * @param organization the organisation credited
 * @param summary what they did, e.g. "reported the flaw"
 * @param url where to read about it
 */
public record Acknowledgment(
    List<String> names,
    Optional<String> organization,
    Optional<String> summary,
    Optional<URI> url) {
  public Acknowledgment {
    names = names.stream().map(n -> Texts.line("acknowledged name", n, 200)).distinct().toList();
    organization = organization.map(o -> Texts.line("acknowledged organisation", o, 200));
    summary = summary.map(s -> Texts.line("acknowledgment summary", s, 1000));
    url =
        Objects.requireNonNull(url, "url")
            .map(u -> Texts.webUrl("acknowledgment url", u.toString()));
    if (names.isEmpty() && organization.isEmpty()) {
      throw new IllegalArgumentException(
          "acknowledgment: expected at least one name or an organisation, found neither");
    }
  }

  /** Credit to people, without organisation, summary or URL. */
  public static Acknowledgment of(String... names) {
    return new Acknowledgment(List.of(names), Optional.empty(), Optional.empty(), Optional.empty());
  }
}
