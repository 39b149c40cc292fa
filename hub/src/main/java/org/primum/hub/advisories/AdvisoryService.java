package org.primum.hub.advisories;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.primum.hub.advisories.AdvisoryStore.AdvisoryRow;
import org.primum.hub.advisories.AdvisoryStore.RevisionRow;
import org.primum.hub.advisories.csaf.CsafFailure;
import org.primum.hub.advisories.csaf.CsafRejection;
import org.primum.hub.advisories.csaf.CsafReport;
import org.primum.hub.advisories.csaf.CsafValidator;
import org.primum.hub.audit.AuditLog;

/**
 * Security advisories: drafts, publication as CSAF 2.0, and what the provider directory and the
 * pages read. The disclosure workflow calls {@link #draft}, {@link #update} and {@link #publish}.
 *
 * <p>Security guarantees: a publication is refused unless the generated {@code
 * csaf_security_advisory} and its {@code csaf_vex} both pass {@link CsafValidator} (schema and
 * mandatory tests), and the refusal lists the failures; what is published is immutable (each
 * publication is a new revision holding the exact bytes served, their SHA-256/SHA-512 and a
 * detached OpenPGP signature); only TLP:WHITE revisions are distributed publicly and notified; the
 * public side only ever sees published revisions, never a working draft; every change is audited.
 */
public final class AdvisoryService {
  /** The tracking id prefix: {@code PRIMUM-SA-<year>-<sequence>}. */
  public static final String PREFIX = "PRIMUM-SA";

  private static final Pattern TRACKING_ID = Pattern.compile("PRIMUM-SA-[0-9]{4}-[0-9]{4,}");
  private static final int MAX_FAILURES_SHOWN = 20;

  /**
   * Who publishes.
   *
   * @param publisherName e.g. "Primum PSIRT" (CSAF publisher name)
   * @param vendor the vendor in the product tree, e.g. "Primum"
   * @param contactDetails how to reach the PSIRT, if given
   * @param issuingAuthority the publisher's authority, if given
   */
  public record Settings(
      String publisherName,
      String vendor,
      Optional<String> contactDetails,
      Optional<String> issuingAuthority) {
    public Settings {
      Texts.line("publisher name", publisherName, 200);
      Texts.line("vendor", vendor, 200);
      Objects.requireNonNull(contactDetails, "contactDetails");
      Objects.requireNonNull(issuingAuthority, "issuingAuthority");
    }

    public static Settings defaults() {
      return new Settings("Primum PSIRT", "Primum", Optional.empty(), Optional.empty());
    }
  }

  /**
   * The CSAF document the working draft would publish now (status {@code draft}), and what keeps it
   * from being published (empty when ready).
   */
  public record Preview(byte[] csaf, List<String> problems) {
    public Preview {
      csaf = csaf.clone();
      problems = List.copyOf(problems);
    }

    @Override
    public byte[] csaf() {
      return csaf.clone();
    }

    public boolean ready() {
      return problems.isEmpty();
    }
  }

  /** One published revision's files (staff downloads include non-public ones). */
  public record Documents(
      String trackingId, int version, Tlp tlp, byte[] csaf, byte[] vex, String signature) {
    public Documents {
      csaf = csaf.clone();
      vex = vex.clone();
    }

    @Override
    public byte[] csaf() {
      return csaf.clone();
    }

    @Override
    public byte[] vex() {
      return vex.clone();
    }
  }

  private final AdvisoryStore store;
  private final CsafValidator validator;
  private final AdvisoryKeys keys;
  private final AuditLog audit;
  private final Clock clock;
  private final Supplier<String> publicUrl;
  private final Settings settings;

  public AdvisoryService(
      Jdbi jdbi,
      CsafValidator validator,
      AdvisoryKeys keys,
      AuditLog audit,
      Clock clock,
      Supplier<String> publicUrl,
      Settings settings) {
    this.store = new AdvisoryStore(Objects.requireNonNull(jdbi, "jdbi"));
    this.validator = Objects.requireNonNull(validator, "validator");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.publicUrl = Objects.requireNonNull(publicUrl, "publicUrl");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  // --------------------------------------------------------------------------------- drafts

  /** Saves a new draft under a freshly allocated tracking id ({@code PRIMUM-SA-<year>-<n>}). */
  public Advisory draft(AdvisoryDraft draft, String actor) {
    Objects.requireNonNull(draft, "draft");
    Objects.requireNonNull(actor, "actor");
    Instant now = clock.instant();
    int year = now.atZone(ZoneOffset.UTC).getYear();
    String trackingId =
        store.transaction(
            h -> {
              int sequence = AdvisoryStore.nextSequence(h, year);
              String id = String.format(Locale.ROOT, "%s-%d-%04d", PREFIX, year, sequence);
              AdvisoryStore.insertAdvisory(h, id, DraftJson.write(draft), now, actor);
              return id;
            });
    audit.ok(actor, "advisory.draft", trackingId, draft.title(), "local");
    return advisory(trackingId).orElseThrow();
  }

  /**
   * Replaces the working draft. Published revisions are not touched; the change goes out with the
   * next {@link #publish}.
   *
   * @throws AdvisoryRefusal if no advisory has that tracking id
   */
  public Advisory update(String trackingId, AdvisoryDraft draft, String actor)
      throws AdvisoryRefusal {
    Objects.requireNonNull(draft, "draft");
    AdvisoryRow row = row(trackingId);
    if (!DraftJson.read(row.draftJson()).equals(draft)) {
      store.transaction(
          h -> {
            AdvisoryStore.updateDraft(h, row.id(), DraftJson.write(draft), clock.instant(), actor);
            return null;
          });
      audit.ok(actor, "advisory.update", row.trackingId(), draft.title(), "local");
    }
    return advisory(row.trackingId()).orElseThrow();
  }

  /** Every advisory, drafts included, the most recently changed first. */
  public List<Advisory> advisories() {
    return store.advisories().stream().map(this::view).toList();
  }

  /** One advisory by tracking id (case-insensitive). */
  public Optional<Advisory> advisory(String trackingId) {
    return normalize(trackingId).flatMap(store::advisory).map(this::view);
  }

  /**
   * The document the working draft would publish now, as a draft, with what keeps it from
   * publication (draft problems and validator failures).
   *
   * @throws AdvisoryRefusal if no advisory has that tracking id
   */
  public Preview preview(String trackingId) throws AdvisoryRefusal {
    AdvisoryRow row = row(trackingId);
    AdvisoryDraft draft = DraftJson.read(row.draftJson());
    List<RevisionRow> revisions = store.revisions(row.id());
    Instant now = releaseTime(revisions);
    int version = revisions.size() + 1;
    List<String> problems = new ArrayList<>(problems(draft, version));
    AdvisoryDocuments.Tracking tracking = tracking(row, revisions, draft, "draft", version, now);
    byte[] csaf =
        AdvisoryDocuments.bytes(
            AdvisoryDocuments.securityAdvisory(
                draft, tracking, publisher(), links(row, draft, revisions, now)));
    if (problems.isEmpty()) {
      problems.addAll(failures(csaf));
    }
    return new Preview(csaf, problems);
  }

  // ------------------------------------------------------------------------------- publish

  /**
   * Publishes the working draft as the next version: generates the CSAF advisory and VEX, validates
   * both, hashes and signs the advisory, stores the revision and queues notifications (TLP:WHITE
   * only), all or nothing. Publishing a draft identical to the latest publication changes nothing
   * and returns that publication.
   *
   * @throws AdvisoryRefusal NOT_FOUND for an unknown id; BAD_INPUT when the draft is incomplete (no
   *     products, no change summary for an update, ...); INVALID_CSAF, listing the validator's
   *     failures, when a generated document is not valid CSAF 2.0; CONFLICT when another
   *     publication of the same advisory happened at the same time
   */
  public PublishedAdvisory publish(String trackingId, String actor) throws AdvisoryRefusal {
    Objects.requireNonNull(actor, "actor");
    AdvisoryRow row = row(trackingId);
    AdvisoryDraft draft = DraftJson.read(row.draftJson());
    List<RevisionRow> revisions = store.revisions(row.id());
    String digest = DraftJson.digest(draft);
    if (!revisions.isEmpty() && revisions.get(revisions.size() - 1).draftSha256().equals(digest)) {
      return published(row, revisions.get(revisions.size() - 1), 0);
    }
    int version = revisions.size() + 1;
    List<String> problems = problems(draft, version);
    if (!problems.isEmpty()) {
      audit.refused(
          actor, "advisory.publish", row.trackingId(), String.join("; ", problems), "local");
      throw AdvisoryRefusal.badInput(
          "advisory-incomplete",
          row.trackingId() + " cannot be published yet: " + String.join("; ", problems));
    }
    Instant now = releaseTime(revisions);
    String status = draft.interim() ? "interim" : "final";
    AdvisoryDocuments.Tracking tracking = tracking(row, revisions, draft, status, version, now);
    AdvisoryDocuments.Links links = links(row, draft, revisions, now);
    byte[] csaf =
        AdvisoryDocuments.bytes(
            AdvisoryDocuments.securityAdvisory(draft, tracking, publisher(), links));
    byte[] vex =
        AdvisoryDocuments.bytes(AdvisoryDocuments.vex(draft, tracking, publisher(), links));
    // CSAF 2.0 7.1.1: only a valid CSAF document is distributed
    List<String> failures = new ArrayList<>(failures(csaf));
    failures(vex).forEach(f -> failures.add("VEX: " + f));
    if (!failures.isEmpty()) {
      audit.refused(
          actor, "advisory.publish", row.trackingId(), failures.size() + " CSAF failures", "local");
      throw new AdvisoryRefusal(
          AdvisoryRefusal.Kind.INVALID_CSAF,
          "csaf-invalid",
          "the generated CSAF document for "
              + row.trackingId()
              + " is not valid CSAF 2.0, so it is not published:\n"
              + String.join(
                  "\n", failures.subList(0, Math.min(failures.size(), MAX_FAILURES_SHOWN)))
              + (failures.size() > MAX_FAILURES_SHOWN
                  ? "\n(" + (failures.size() - MAX_FAILURES_SHOWN) + " more)"
                  : ""));
    }
    Instant initial = tracking.initialReleaseDate();
    RevisionRow revision =
        new RevisionRow(
            row.id(),
            version,
            status,
            draft.tlp(),
            now,
            actor,
            tracking.history().get(tracking.history().size() - 1).summary(),
            DraftJson.write(draft),
            digest,
            initial.atZone(ZoneOffset.UTC).getYear(),
            ProviderDirectory.fileName(row.trackingId()),
            hex("SHA-256", csaf),
            keys.fingerprint());
    AdvisoryStore.DocumentsRow documents =
        new AdvisoryStore.DocumentsRow(
            new String(csaf, StandardCharsets.UTF_8),
            hex("SHA-512", csaf),
            // CSAF 2.0 7.1.19
            keys.sign(csaf),
            new String(vex, StandardCharsets.UTF_8));
    Optional<PublicationNotice> notice =
        draft.tlp().isPublic()
            ? Optional.of(notice(row, draft, revision, links))
            : Optional.empty();
    int queued =
        store.transaction(
            h -> {
              if (!AdvisoryStore.insertRevision(h, revision, documents)) {
                return -1;
              }
              AdvisoryStore.registerKey(h, signingKey());
              return notice.map(n -> AdvisoryNotifications.enqueue(h, row.id(), n, now)).orElse(0);
            });
    if (queued < 0) {
      throw AdvisoryRefusal.conflict(
          "advisory-concurrent",
          row.trackingId() + " was published by someone else at the same time; reload and retry");
    }
    audit.ok(
        actor,
        "advisory.publish",
        row.trackingId(),
        String.format(
            Locale.ROOT,
            "version %d (%s, TLP:%s), sha256 %s, %d notifications",
            version,
            status,
            draft.tlp().csafLabel(),
            revision.sha256(),
            queued),
        "local");
    return published(row, revision, queued);
  }

  // ------------------------------------------------------------------------------ reading

  /** A published revision's documents (any TLP: for staff). */
  public Optional<Documents> documents(String trackingId, int version) {
    return normalize(trackingId).flatMap(store::advisory).flatMap(a -> documents(a, version));
  }

  /** The latest publication's documents (any TLP: for staff). */
  public Optional<Documents> latestDocuments(String trackingId) {
    return normalize(trackingId)
        .flatMap(store::advisory)
        .filter(a -> a.publishedVersion() > 0)
        .flatMap(a -> documents(a, a.publishedVersion()));
  }

  /** Every distributed advisory (latest revision TLP:WHITE), the most recently released first. */
  public List<PublicAdvisory> publicAdvisories() {
    return store.latest(Tlp.WHITE).stream().map(this::publicView).toList();
  }

  /** One distributed advisory, or empty if it does not exist or is not TLP:WHITE. */
  public Optional<PublicAdvisory> publicAdvisory(String trackingId) {
    Optional<AdvisoryRow> row =
        normalize(trackingId).flatMap(store::advisory).filter(a -> a.publishedVersion() > 0);
    if (row.isEmpty()) {
      return Optional.empty();
    }
    AdvisoryRow a = row.get();
    return store
        .revision(a.id(), a.publishedVersion())
        .filter(r -> r.tlp().isPublic())
        .map(
            r ->
                publicView(
                    new AdvisoryStore.LatestRow(
                        a.trackingId(), a.initialReleaseAt().orElse(r.publishedAt()), r)));
  }

  /** The publisher written into every document (namespace: the hub's public URL). */
  public AdvisoryDocuments.Publisher publisher() {
    return new AdvisoryDocuments.Publisher(
        settings.publisherName(),
        publicUrl.get(),
        settings.vendor(),
        settings.contactDetails(),
        settings.issuingAuthority());
  }

  /** The latest TLP:WHITE revisions with their tracking ids, for the provider directory. */
  List<AdvisoryStore.LatestRow> distributed() {
    return store.latest(Tlp.WHITE);
  }

  String publicUrl() {
    return publicUrl.get();
  }

  /**
   * The keys the provider directory lists: this hub's own first, then every other key that signed a
   * publication (another replica's, or a key since replaced).
   */
  List<AdvisoryStore.KeyRow> signingKeys() {
    List<AdvisoryStore.KeyRow> keys = new ArrayList<>();
    keys.add(signingKey());
    for (AdvisoryStore.KeyRow k : store.keys()) {
      if (!k.fingerprint().equals(keys.get(0).fingerprint())) {
        keys.add(k);
      }
    }
    return keys;
  }

  private AdvisoryStore.KeyRow signingKey() {
    return new AdvisoryStore.KeyRow(
        keys.fingerprint(),
        new String(keys.publicKeyArmored(), StandardCharsets.US_ASCII),
        keys.createdAt());
  }

  // ------------------------------------------------------------------------------ internals

  private AdvisoryRow row(String trackingId) throws AdvisoryRefusal {
    return normalize(trackingId)
        .flatMap(store::advisory)
        .orElseThrow(
            () -> AdvisoryRefusal.notFound("no advisory has the tracking id " + trackingId));
  }

  /** Tracking ids are compared upper-case; anything not shaped like one matches nothing. */
  private static Optional<String> normalize(String trackingId) {
    if (trackingId == null) {
      return Optional.empty();
    }
    String upper = trackingId.strip().toUpperCase(Locale.ROOT);
    return TRACKING_ID.matcher(upper).matches() ? Optional.of(upper) : Optional.empty();
  }

  private static List<String> problems(AdvisoryDraft draft, int version) {
    List<String> problems = new ArrayList<>(draft.problems());
    if (version > 1 && draft.changeSummary().isEmpty()) {
      // CSAF 2.0 3.2.1.12.6.3: every revision says what changed
      problems.add(
          "change summary: expected what changed since version " + (version - 1) + ", found none");
    }
    return problems;
  }

  private List<String> failures(byte[] csaf) {
    try {
      CsafReport report = validator.validate(csaf);
      return report.failures().stream().map(CsafFailure::toString).toList();
    } catch (CsafRejection e) {
      return List.of("unreadable: " + e.getMessage());
    }
  }

  /** Release times never go backwards (CSAF 2.0 6.1.14 sorts the history by date). */
  private Instant releaseTime(List<RevisionRow> revisions) {
    Instant now = clock.instant();
    if (!revisions.isEmpty()) {
      Instant last = revisions.get(revisions.size() - 1).publishedAt();
      if (now.isBefore(last)) {
        return last;
      }
    }
    return now;
  }

  private AdvisoryDocuments.Tracking tracking(
      AdvisoryRow row,
      List<RevisionRow> revisions,
      AdvisoryDraft draft,
      String status,
      int version,
      Instant now) {
    List<AdvisoryDocuments.RevisionEntry> history = new ArrayList<>();
    for (RevisionRow r : revisions) {
      history.add(new AdvisoryDocuments.RevisionEntry(r.version(), r.publishedAt(), r.summary()));
    }
    String summary =
        !draft.changeSummary().isEmpty()
            ? draft.changeSummary()
            : (version == 1 ? "Initial release." : "Updated.");
    history.add(new AdvisoryDocuments.RevisionEntry(version, now, summary));
    return new AdvisoryDocuments.Tracking(
        row.trackingId(), status, version, row.initialReleaseAt().orElse(now), now, history, now);
  }

  private AdvisoryDocuments.Links links(
      AdvisoryRow row, AdvisoryDraft draft, List<RevisionRow> revisions, Instant now) {
    if (!draft.tlp().isPublic()) {
      return AdvisoryDocuments.Links.none();
    }
    int year = row.initialReleaseAt().orElse(now).atZone(ZoneOffset.UTC).getYear();
    return new AdvisoryDocuments.Links(
        Optional.of(csafUrl(year, row.trackingId())), Optional.of(htmlUrl(row.trackingId())));
  }

  private String csafUrl(int year, String trackingId) {
    return publicUrl.get()
        + ProviderDirectory.DIRECTORY
        + year
        + "/"
        + ProviderDirectory.fileName(trackingId);
  }

  private String htmlUrl(String trackingId) {
    return publicUrl.get() + "/advisories/" + trackingId;
  }

  private PublicationNotice notice(
      AdvisoryRow row, AdvisoryDraft draft, RevisionRow revision, AdvisoryDocuments.Links links) {
    return new PublicationNotice(
        row.trackingId(),
        revision.version(),
        revision.status(),
        draft.title(),
        draft.summary(),
        draft.cvss().map(c -> c.severity().name()),
        draft.cvss().map(CvssScore::baseScore),
        links.csaf().orElseThrow(),
        links.html().orElseThrow(),
        revision.sha256(),
        revision.publishedAt());
  }

  private PublishedAdvisory published(AdvisoryRow row, RevisionRow r, int queued) {
    boolean distributed = r.tlp().isPublic();
    String base = publicUrl.get();
    return new PublishedAdvisory(
        row.trackingId(),
        r.version(),
        r.status(),
        distributed,
        distributed
            ? csafUrl(r.fileYear(), row.trackingId())
            : base + "/advisories/manage/" + row.trackingId() + "/csaf.json",
        distributed ? htmlUrl(row.trackingId()) : base + "/advisories/manage/" + row.trackingId(),
        r.publishedAt(),
        r.sha256(),
        queued);
  }

  private Advisory view(AdvisoryRow row) {
    List<RevisionRow> revisions = store.revisions(row.id());
    return new Advisory(
        row.trackingId(),
        DraftJson.read(row.draftJson()),
        revisions.isEmpty()
            ? Optional.empty()
            : Optional.of(DraftJson.read(revisions.get(revisions.size() - 1).draftJson())),
        revisions.stream().map(AdvisoryService::revisionView).toList(),
        row.initialReleaseAt(),
        row.currentReleaseAt(),
        row.createdBy(),
        row.createdAt(),
        row.updatedBy(),
        row.updatedAt());
  }

  private static Revision revisionView(RevisionRow r) {
    return new Revision(
        r.version(),
        r.publishedAt(),
        r.summary(),
        r.status(),
        r.tlp(),
        r.publishedBy(),
        r.sha256(),
        r.keyFingerprint());
  }

  private PublicAdvisory publicView(AdvisoryStore.LatestRow latest) {
    RevisionRow r = latest.revision();
    List<Revision> revisions =
        store.revisions(r.advisoryId()).stream().map(AdvisoryService::revisionView).toList();
    return new PublicAdvisory(
        latest.trackingId(),
        r.version(),
        r.status(),
        DraftJson.read(r.draftJson()),
        latest.initialReleaseAt(),
        r.publishedAt(),
        revisions,
        csafUrl(r.fileYear(), latest.trackingId()),
        htmlUrl(latest.trackingId()),
        r.fileYear() + "/" + r.fileName());
  }

  private Optional<Documents> documents(AdvisoryRow a, int version) {
    return store
        .revision(a.id(), version)
        .flatMap(
            r ->
                store
                    .documents(a.id(), version)
                    .map(
                        d ->
                            new Documents(
                                a.trackingId(),
                                r.version(),
                                r.tlp(),
                                d.csaf().getBytes(StandardCharsets.UTF_8),
                                d.vex().getBytes(StandardCharsets.UTF_8),
                                d.signature())));
  }

  /** The documents of one distributed revision, for the provider directory. */
  Optional<AdvisoryStore.DocumentsRow> files(RevisionRow r) {
    return store.documents(r.advisoryId(), r.version());
  }

  private static String hex(String algorithm, byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is part of every JDK", e);
    }
  }
}
