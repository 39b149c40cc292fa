package org.primum.hub.disclosure;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.primum.hub.cvss.CvssScores;

/**
 * Everything the product-security team sees of one case: the report, scoring, links, the message
 * thread with internal notes, the transitions and the attachments.
 *
 * @param cvss40 the CVSS v4.0 vector with its score, computed from the stored vector
 */
public record CaseDetail(
    CaseSummary summary,
    String description,
    boolean descriptionEncrypted,
    String steps,
    String impact,
    String safetyDetail,
    Optional<String> contact,
    Credit credit,
    Optional<String> cvss31Vector,
    Optional<Double> cvss31EnvironmentalScore,
    Optional<CvssScores.V40> cvss40,
    Optional<DeviceQuestionnaire> questionnaire,
    Optional<Long> duplicateOf,
    Optional<String> fixedIn,
    Optional<Instant> customersNotifiedAt,
    List<AffectedVersion> affected,
    List<Message> messages,
    List<Transition> transitions,
    List<AttachmentInfo> attachments) {
  public CaseDetail {
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(credit, "credit");
    affected = List.copyOf(affected);
    messages = List.copyOf(messages);
    transitions = List.copyOf(transitions);
    attachments = List.copyOf(attachments);
  }

  public long id() {
    return summary.id();
  }

  /** The CVSS v4.0 vector as stored, in the specification's metric order. */
  public Optional<String> cvss40Vector() {
    return cvss40.map(CvssScores.V40::vector);
  }

  /** A product version a case affects. */
  public record AffectedVersion(String hardwareId, String version) {
    public AffectedVersion {
      org.primum.core.formats.Texts.requireLabel("hardwareId", hardwareId);
      org.primum.core.formats.Texts.requireLabel("version", version);
    }

    /** The form value {@code hardwareId|version}. */
    public String key() {
      return hardwareId + "|" + version;
    }

    @Override
    public String toString() {
      return Product.describe(hardwareId, version);
    }
  }

  /**
   * One message of the thread.
   *
   * @param author {@code researcher} or {@code staff:<username>}
   * @param internal an internal note the researcher never sees
   */
  public record Message(String author, boolean internal, String body, Instant at) {
    public boolean fromResearcher() {
      return DisclosureService.RESEARCHER.equals(author);
    }
  }

  /** One state transition. */
  public record Transition(CaseState from, CaseState to, String actor, Instant at, String note) {}

  /** An attachment's metadata (the content is fetched separately, decrypted on the fly). */
  public record AttachmentInfo(
      long id, String name, String mediaType, long size, String sha256, Instant uploadedAt) {}
}
