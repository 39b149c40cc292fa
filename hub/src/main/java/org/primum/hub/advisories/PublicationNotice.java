package org.primum.hub.advisories;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.primum.core.json.Json;

/**
 * What a notification says about one publication: the webhook body, and the facts an e-mail is
 * written from. Written into the outbox with the publication, so a retry sends the same bytes.
 *
 * @param severity the CVSS v3.1 severity ({@code NONE} to {@code CRITICAL}) if scored
 * @param sha256 of the CSAF document, so receivers can check what they download
 */
record PublicationNotice(
    String trackingId,
    int version,
    String status,
    String title,
    String summary,
    Optional<String> severity,
    Optional<Double> cvssBaseScore,
    String csafUrl,
    String htmlUrl,
    String sha256,
    Instant publishedAt) {
  static final String EVENT = "advisory.published";

  PublicationNotice {
    Objects.requireNonNull(trackingId, "trackingId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(cvssBaseScore, "cvssBaseScore");
    Objects.requireNonNull(csafUrl, "csafUrl");
    Objects.requireNonNull(htmlUrl, "htmlUrl");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(publishedAt, "publishedAt");
  }

  /** The webhook body (compact JSON, members in this order). */
  String json() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("event", EVENT);
    o.put("tracking_id", trackingId);
    o.put("version", version);
    o.put("status", status);
    o.put("title", title);
    severity.ifPresentOrElse(s -> o.put("severity", s), () -> o.putNull("severity"));
    cvssBaseScore.ifPresentOrElse(
        s -> o.put("cvss_base_score", s), () -> o.putNull("cvss_base_score"));
    o.put("csaf_url", csafUrl);
    o.put("html_url", htmlUrl);
    o.put("sha256", sha256);
    o.put("published_at", AdvisoryDocuments.date(publishedAt));
    o.put("summary", summary);
    return new String(Json.write(o), StandardCharsets.UTF_8);
  }

  /** Reads a stored notice back. */
  static PublicationNotice parse(String json) {
    try {
      JsonNode o = Json.readTree(json.getBytes(StandardCharsets.UTF_8));
      return new PublicationNotice(
          o.path("tracking_id").asText(),
          o.path("version").asInt(),
          o.path("status").asText(),
          o.path("title").asText(),
          o.path("summary").asText(),
          o.path("severity").isTextual()
              ? Optional.of(o.path("severity").asText())
              : Optional.empty(),
          o.path("cvss_base_score").isNumber()
              ? Optional.of(o.path("cvss_base_score").asDouble())
              : Optional.empty(),
          o.path("csaf_url").asText(),
          o.path("html_url").asText(),
          o.path("sha256").asText(),
          Instant.parse(o.path("published_at").asText()));
    } catch (Json.JsonRejection | RuntimeException e) {
      throw new IllegalStateException("stored notification is damaged: " + e.getMessage(), e);
    }
  }
}
