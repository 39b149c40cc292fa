package org.primum.hub.disclosure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.primum.core.crypto.Hashes;
import org.primum.core.formats.Texts;
import org.primum.hub.audit.AuditLog;
import org.primum.hub.cvss.CvssRejection;
import org.primum.hub.cvss.CvssScores;
import org.primum.hub.disclosure.DisclosureStore.AttachmentRow;
import org.primum.hub.disclosure.DisclosureStore.CaseRow;
import org.primum.hub.disclosure.DisclosureStore.TransitionRow;

/**
 * Coordinated vulnerability disclosure: the anonymous intake (ISO/IEC 29147), the handling of each
 * case through the states of {@link CaseState} (ISO/IEC 30111), the SLA clocks of {@link
 * SlaPolicy}, the thread between finder and team, scoring, and the acknowledgements of credited
 * finders.
 *
 * <p>Security guarantees: a report is stored completely or not at all (its row, its attachments'
 * rows and their encrypted files; files written before a failed commit are deleted); the finder's
 * tracking token has 192 bits from {@link SecureRandom}, is shown once and only its SHA-256 is
 * kept, and every token that names no case gets the same refusal; a finder sees only their own
 * case, never internal notes or staff names; every staff action and every transition is recorded in
 * the audit trail, and illegal transitions are refused; anonymous requests are rate-limited per
 * source address in the database (so every replica counts the same).
 */
public final class DisclosureService {
  /** The author name of the finder in threads and the audit trail. */
  public static final String RESEARCHER = "researcher";

  /** How the finder sees staff authors. */
  public static final String TEAM = "Product security team";

  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{32}");
  private static final Pattern CVE = Pattern.compile("CVE-\\d{4}-\\d{4,19}");
  private static final int MAX_MESSAGE = 10_000;
  private static final int MAX_NOTE = 2_000;
  private static final int MAX_AFFECTED = 100;

  private final DisclosureStore store;
  private final DisclosureKeys keys;
  private final AttachmentVault vault;
  private final FormStamps stamps;
  private final Products products;
  private final AuditLog audit;
  private final Clock clock;
  private final SecureRandom random;
  private final DisclosureSettings settings;
  private final IntakeThrottle throttle;
  private final ResearcherNotices mail;

  private DisclosureService(
      Jdbi jdbi,
      DisclosureKeys keys,
      AttachmentVault vault,
      FormStamps stamps,
      Products products,
      AuditLog audit,
      Clock clock,
      SecureRandom random,
      DisclosureSettings settings,
      ResearcherNotices mail) {
    this.store = new DisclosureStore(Objects.requireNonNull(jdbi, "jdbi"));
    this.keys = Objects.requireNonNull(keys, "keys");
    this.vault = Objects.requireNonNull(vault, "vault");
    this.stamps = Objects.requireNonNull(stamps, "stamps");
    this.products = Objects.requireNonNull(products, "products");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.throttle = new IntakeThrottle(store, settings.limits(), clock);
    this.mail = Objects.requireNonNull(mail, "mail");
  }

  /**
   * Opens the disclosure service: its OpenPGP key, attachment vault and form key live under {@code
   * dataDir} and are created on first start. Finders who gave an e-mail address are told through
   * {@code mail} when the team moves their case or writes to them.
   *
   * @throws IOException if a key file is damaged or readable by others
   */
  public static DisclosureService open(
      Jdbi jdbi,
      Path dataDir,
      Products products,
      AuditLog audit,
      Clock clock,
      SecureRandom random,
      DisclosureSettings settings,
      ResearcherNotices mail)
      throws IOException {
    DisclosureKeys keys =
        DisclosureKeys.loadOrCreate(
            dataDir,
            "Primum hub vulnerability disclosure <" + settings.contactEmail() + ">",
            clock,
            random);
    return new DisclosureService(
        jdbi,
        keys,
        AttachmentVault.open(dataDir, random),
        FormStamps.open(dataDir, random),
        products,
        audit,
        clock,
        random,
        settings,
        mail);
  }

  public DisclosureSettings settings() {
    return settings;
  }

  /** The hub's disclosure OpenPGP key. */
  public DisclosureKeys keys() {
    return keys;
  }

  /** The products a report may name. */
  public List<Product> products() {
    List<Product> all = products.products();
    return all.isEmpty() ? List.of(Product.fallback()) : all;
  }

  Clock clock() {
    return clock;
  }

  // ---------------------------------------------------------------- abuse resistance

  /** The report form's signed timestamp, for a form served now. */
  public String formStamp() {
    return stamps.issue(clock.instant());
  }

  /**
   * Checks the report form's signed timestamp.
   *
   * @throws DisclosureRefusal if it is missing or forged, or the form came back too soon or too
   *     late
   */
  public void checkFormStamp(String stamp) throws DisclosureRefusal {
    stamps.check(stamp, clock.instant(), settings.limits());
  }

  /**
   * Takes one report from {@code source}'s bucket.
   *
   * @throws DisclosureRefusal (too many) with the time until the next report is accepted
   */
  public void admitReport(String source) throws DisclosureRefusal {
    throttle.admitReport(source);
  }

  /**
   * Takes one status request (view, message, credit change) from {@code source}'s bucket.
   *
   * @throws DisclosureRefusal (too many) with the time until the next request is accepted
   */
  public void admitStatus(String source) throws DisclosureRefusal {
    throttle.admitStatus(source);
  }

  /** A place among the reports handled at once; close it when done. */
  public interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Enters the intake, of which at most {@link IntakeLimits#concurrentIntakes()} run at once.
   *
   * @throws DisclosureRefusal (busy) when all places are taken
   */
  public Permit enterIntake() throws DisclosureRefusal {
    return throttle.enter();
  }

  // ---------------------------------------------------------------- intake

  /**
   * What the finder receives once: the case number and the tracking token.
   *
   * @param token shown once; the hub keeps only its SHA-256
   */
  public record Receipt(
      long caseId, String token, Instant receivedAt, List<SlaPolicy.Deadline> deadlines) {
    @Override
    public String toString() {
      return "Receipt[case " + caseId + "]";
    }
  }

  /**
   * Files a report: checks its product, decrypts an encrypted description, stores the case and its
   * attachments (encrypted) in one transaction, and returns the receipt with the tracking token.
   *
   * @throws DisclosureRefusal if the product is unknown or the encrypted description cannot be
   *     decrypted; nothing is stored then
   */
  public Receipt submit(DisclosureReport report, String source) throws DisclosureRefusal {
    try {
      return store(report, source);
    } catch (DisclosureRefusal refusal) {
      audit.refused(RESEARCHER, "disclosure.report", "new case", refusal.getMessage(), source);
      throw refusal;
    }
  }

  private Receipt store(DisclosureReport report, String source) throws DisclosureRefusal {
    checkProduct(report.hardwareId(), report.version());
    boolean encrypted = report.encrypted();
    DisclosureReport clear = report;
    if (encrypted) {
      String text = keys.decrypt(report.description(), DisclosureReport.MAX_DESCRIPTION);
      try {
        clear = report.withDescription(text);
      } catch (IllegalArgumentException e) {
        throw DisclosureRefusal.badInput("report-invalid", "decrypted " + e.getMessage());
      }
    }
    byte[] tokenBytes = new byte[24];
    random.nextBytes(tokenBytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(tokenBytes);
    Instant now = clock.instant();
    DisclosureStore.NewCase row =
        new DisclosureStore.NewCase(
            tokenHash(token),
            now,
            clear.hardwareId(),
            clear.version(),
            clear.title(),
            clear.description(),
            encrypted,
            clear.steps(),
            clear.impact(),
            clear.safety().name(),
            clear.safetyDetail(),
            clear.contact(),
            clear.credit().name(),
            clear.safety() == Safety.YES);
    List<String> written = new ArrayList<>();
    long id;
    DisclosureReport stored = clear;
    try {
      id =
          store
              .jdbi()
              .<Long, IOException>inTransaction(
                  h -> {
                    long caseId = DisclosureStore.insertCase(h, row);
                    for (Attachment attachment : stored.attachments()) {
                      String fileId = vault.write(attachment.content());
                      written.add(fileId);
                      DisclosureStore.insertAttachment(
                          h,
                          new AttachmentRow(
                              0,
                              caseId,
                              fileId,
                              attachment.name(),
                              attachment.mediaType(),
                              attachment.size(),
                              attachment.sha256(),
                              now));
                    }
                    return caseId;
                  });
    } catch (IOException | RuntimeException e) {
      // Nothing of a failed report may remain: its rows rolled back, so its files go too.
      for (String fileId : written) {
        try {
          vault.delete(fileId);
        } catch (IOException | RuntimeException cleanup) {
          e.addSuppressed(cleanup);
        }
      }
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot store the report's attachments", io);
      }
      throw (RuntimeException) e;
    }
    audit.ok(
        RESEARCHER,
        "disclosure.report",
        "case " + id,
        String.format(
            Locale.ROOT,
            "%s; safety %s; %d attachment(s)%s%s",
            Product.describe(clear.hardwareId(), clear.version()),
            clear.safety().name().toLowerCase(Locale.ROOT),
            clear.attachments().size(),
            encrypted ? "; description OpenPGP-encrypted" : "",
            clear.credit().isAnonymous() ? "; anonymous" : "; credit requested"),
        source);
    throttle.prune();
    return new Receipt(id, token, now, deadlines(store.caseById(id).orElseThrow(), List.of()));
  }

  private void checkProduct(String hardwareId, String version) throws DisclosureRefusal {
    List<Product> all = products();
    Optional<Product> product =
        all.stream().filter(p -> p.hardwareId().equals(hardwareId)).findFirst();
    if (product.isEmpty()) {
      throw DisclosureRefusal.badInput(
          "product-unknown",
          "expected one of the products "
              + all.stream().map(Product::hardwareId).collect(Collectors.joining(", "))
              + ", found \""
              + Texts.printable(hardwareId, 60)
              + "\"");
    }
    if (!product.get().offers(version)) {
      List<String> versions = new ArrayList<>(product.get().versions());
      versions.add(Product.ANY_VERSION);
      throw DisclosureRefusal.badInput(
          "version-unknown",
          "expected a version of "
              + hardwareId
              + " ("
              + String.join(", ", versions)
              + "), found \""
              + Texts.printable(version, 60)
              + "\"");
    }
  }

  static String tokenHash(String token) {
    return Hashes.sha256Hex(token.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Records a report refused before it reached {@link #submit} (malformed, oversized, a form stamp
   * or honeypot check failed). Floods (too many, busy) are logged by the server only, so a flood
   * cannot fill the audit trail.
   */
  public void refusedReport(DisclosureRefusal refusal, String source) {
    if (refusal.kind() != DisclosureRefusal.Kind.TOO_MANY
        && refusal.kind() != DisclosureRefusal.Kind.BUSY) {
      audit.refused(RESEARCHER, "disclosure.report", "new case", refusal.getMessage(), source);
    }
  }

  // ---------------------------------------------------------------- the finder's side

  private CaseRow byToken(String token) throws DisclosureRefusal {
    // Only the SHA-256 of the token is stored and looked up, so a lookup reveals nothing about
    // stored tokens; a malformed token and an unknown one get the same answer.
    if (token == null || !TOKEN.matcher(token).matches()) {
      throw DisclosureRefusal.noCaseForToken();
    }
    return store.caseByTokenHash(tokenHash(token)).orElseThrow(DisclosureRefusal::noCaseForToken);
  }

  /**
   * The finder's view of the case the token names.
   *
   * @throws DisclosureRefusal (not found) for any token that names no case
   */
  public ResearcherView view(String token) throws DisclosureRefusal {
    CaseRow c = byToken(token);
    List<TransitionRow> transitions = store.transitions(c.id());
    List<ResearcherView.StateChange> history = new ArrayList<>();
    history.add(new ResearcherView.StateChange(CaseState.RECEIVED, c.receivedAt()));
    transitions.forEach(
        t -> history.add(new ResearcherView.StateChange(CaseState.valueOf(t.to()), t.at())));
    List<ResearcherView.ThreadMessage> thread =
        store.messages(c.id()).stream()
            .filter(m -> m.visibility().equals(THREAD))
            .map(
                m ->
                    new ResearcherView.ThreadMessage(
                        m.author().equals(RESEARCHER), m.body(), m.at()))
            .toList();
    return new ResearcherView(
        c.id(),
        c.title(),
        c.hardwareId(),
        c.version(),
        CaseState.valueOf(c.state()),
        c.receivedAt(),
        deadlines(c, transitions),
        history,
        thread,
        new Credit(c.credit()),
        store.attachments(c.id()).stream().map(AttachmentRow::name).toList(),
        c.cveId(),
        c.fixedIn());
  }

  private static final String THREAD = "THREAD";
  private static final String INTERNAL = "INTERNAL";

  /**
   * Adds the finder's message to the thread of the case the token names.
   *
   * @throws DisclosureRefusal for an unknown token, an empty or oversized message, or a closed case
   */
  public void postResearcherMessage(String token, String body, String source)
      throws DisclosureRefusal {
    CaseRow c = byToken(token);
    String text = message(body);
    if (CaseState.valueOf(c.state()) == CaseState.CLOSED) {
      throw DisclosureRefusal.conflict(
          "case-closed",
          "case "
              + c.id()
              + " is closed and takes no more messages; write to "
              + settings.contactEmail()
              + " quoting the case number");
    }
    store.insertMessage(c.id(), RESEARCHER, THREAD, text, clock.instant());
    audit.ok(
        RESEARCHER, "disclosure.message", "case " + c.id(), text.length() + " characters", source);
  }

  /**
   * Changes how the finder of the token's case is credited.
   *
   * @throws DisclosureRefusal for an unknown token
   */
  public void changeCredit(String token, Credit credit, String source) throws DisclosureRefusal {
    CaseRow c = byToken(token);
    store.setCredit(c.id(), credit.name(), clock.instant());
    audit.ok(
        RESEARCHER,
        "disclosure.credit",
        "case " + c.id(),
        credit.isAnonymous() ? "anonymous" : "credit requested",
        source);
  }

  private static String message(String body) throws DisclosureRefusal {
    try {
      return TextFields.block("message", body, 1, MAX_MESSAGE);
    } catch (IllegalArgumentException e) {
      throw DisclosureRefusal.badInput("message-invalid", e.getMessage());
    }
  }

  // ---------------------------------------------------------------- the team's side

  /** Every case, the overdue ones first, then by the next deadline, then newest first. */
  public List<CaseSummary> cases() {
    Map<Long, List<TransitionRow>> transitions = store.allTransitions();
    List<CaseSummary> all = new ArrayList<>();
    for (CaseRow c : store.cases()) {
      all.add(summary(c, transitions.getOrDefault(c.id(), List.of())));
    }
    all.sort(
        java.util.Comparator.comparing((CaseSummary s) -> !s.overdue())
            .thenComparing((CaseSummary s) -> !s.state().isOpen())
            .thenComparing(s -> s.next().map(SlaPolicy.Deadline::due).orElse(Instant.MAX))
            .thenComparing(s -> -s.id()));
    return List.copyOf(all);
  }

  /**
   * Everything about one case.
   *
   * @throws DisclosureRefusal (not found) if there is no such case
   */
  public CaseDetail detail(long id) throws DisclosureRefusal {
    CaseRow c = store.caseById(id).orElseThrow(() -> DisclosureRefusal.noCase(id));
    List<TransitionRow> transitions = store.transitions(id);
    // Computed from the stored vectors (checked when they were stored): the environmental v3.1
    // score and the v4.0 score are not columns of their own.
    Optional<Double> environmental = Optional.empty();
    Optional<CvssScores.V40> v40 = Optional.empty();
    try {
      if (c.cvss31Vector().isPresent()) {
        environmental = CvssScores.v31(c.cvss31Vector().get()).environmentalScore();
      }
      if (c.cvss40Vector().isPresent()) {
        v40 = Optional.of(CvssScores.v40(c.cvss40Vector().get()));
      }
    } catch (CvssRejection e) {
      throw DisclosureRefusal.badVector(e);
    }
    return new CaseDetail(
        summary(c, transitions),
        c.description(),
        c.descriptionEncrypted(),
        c.steps(),
        c.impact(),
        c.safetyDetail(),
        c.contact(),
        new Credit(c.credit()),
        c.cvss31Vector(),
        environmental,
        v40,
        questionnaire(c),
        c.duplicateOf(),
        c.fixedIn(),
        c.customersNotifiedAt(),
        store.affected(id).stream()
            .map(a -> new CaseDetail.AffectedVersion(a.hardwareId(), a.version()))
            .toList(),
        store.messages(id).stream()
            .map(
                m ->
                    new CaseDetail.Message(
                        m.author(), m.visibility().equals(INTERNAL), m.body(), m.at()))
            .toList(),
        transitions.stream()
            .map(
                t ->
                    new CaseDetail.Transition(
                        CaseState.valueOf(t.from()),
                        CaseState.valueOf(t.to()),
                        t.actor(),
                        t.at(),
                        t.note()))
            .toList(),
        store.attachments(id).stream()
            .map(
                a ->
                    new CaseDetail.AttachmentInfo(
                        a.id(), a.name(), a.mediaType(), a.size(), a.sha256(), a.uploadedAt()))
            .toList());
  }

  private static Optional<DeviceQuestionnaire> questionnaire(CaseRow c) {
    if (c.patientHarm().isEmpty() || c.environment().isEmpty() || c.inTherapy().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new DeviceQuestionnaire(
            DeviceQuestionnaire.PatientHarm.valueOf(c.patientHarm().get()),
            DeviceQuestionnaire.ClinicalEnvironment.valueOf(c.environment().get()),
            DeviceQuestionnaire.InTherapy.valueOf(c.inTherapy().get())));
  }

  private CaseSummary summary(CaseRow c, List<TransitionRow> transitions) {
    return new CaseSummary(
        c.id(),
        c.title(),
        c.hardwareId(),
        c.version(),
        CaseState.valueOf(c.state()),
        Safety.valueOf(c.safety()),
        c.uncontrolledRisk(),
        c.cvss31Score(),
        c.cvss31Severity(),
        c.cveId(),
        c.receivedAt(),
        deadlines(c, transitions));
  }

  private List<SlaPolicy.Deadline> deadlines(CaseRow c, List<TransitionRow> transitions) {
    List<SlaPolicy.StateEntry> entries =
        transitions.stream()
            .map(t -> new SlaPolicy.StateEntry(CaseState.valueOf(t.to()), t.at()))
            .toList();
    return settings
        .sla()
        .deadlines(
            new SlaPolicy.Facts(
                c.receivedAt(), entries, c.uncontrolledRisk(), c.customersNotifiedAt()),
            clock.instant());
  }

  /**
   * Moves case {@code id} to {@code to}, recording who, when and why in the case's transitions and
   * the audit trail.
   *
   * @throws DisclosureRefusal if there is no such case, {@link CaseState} does not allow the move,
   *     a move to DUPLICATE names no earlier case, or the case moved meanwhile
   */
  public void transition(String actor, long id, CaseState to, String note, String source)
      throws DisclosureRefusal {
    try {
      move(actor, id, to, note, Optional.empty());
    } catch (DisclosureRefusal refusal) {
      audit.refused(actor, "disclosure.transition", "case " + id, refusal.getMessage(), source);
      throw refusal;
    }
    audit.ok(
        actor, "disclosure.transition", "case " + id, "to " + to.name() + noteSuffix(note), source);
  }

  /**
   * Marks case {@code id} FIXED by release {@code version} of {@code hardwareId} (for the release
   * workflow): the case must be in REMEDIATION; "fixed in" is recorded for the advisory.
   *
   * @throws DisclosureRefusal if there is no such case or it is not in REMEDIATION
   */
  public void markFixed(String actor, long id, String hardwareId, String version, String source)
      throws DisclosureRefusal {
    String fixedIn =
        Product.describe(
            Texts.requireLabel("hardwareId", hardwareId), Texts.requireLabel("version", version));
    try {
      move(actor, id, CaseState.FIXED, "fixed in " + fixedIn, Optional.of(fixedIn));
    } catch (DisclosureRefusal refusal) {
      audit.refused(actor, "disclosure.transition", "case " + id, refusal.getMessage(), source);
      throw refusal;
    }
    audit.ok(actor, "disclosure.transition", "case " + id, "to FIXED: fixed in " + fixedIn, source);
  }

  private void move(String actor, long id, CaseState to, String note, Optional<String> fixedIn)
      throws DisclosureRefusal {
    String why = note(note);
    CaseRow c = store.caseById(id).orElseThrow(() -> DisclosureRefusal.noCase(id));
    CaseState from = CaseState.valueOf(c.state());
    from.checkMove(to);
    if (to == CaseState.DUPLICATE && c.duplicateOf().isEmpty()) {
      throw DisclosureRefusal.conflict(
          "duplicate-of-missing",
          "a case moves to DUPLICATE only once \"duplicate of\" names the earlier case; found none"
              + " set for case "
              + id);
    }
    Instant now = clock.instant();
    boolean moved =
        store
            .jdbi()
            .inTransaction(
                h -> {
                  if (!DisclosureStore.moveState(h, id, from.name(), to.name(), now)) {
                    return false;
                  }
                  fixedIn.ifPresent(f -> DisclosureStore.setFixedIn(h, id, f));
                  long transition =
                      DisclosureStore.insertTransition(
                          h, new TransitionRow(id, from.name(), to.name(), actor, now, why));
                  c.contact()
                      .ifPresent(address -> mail.queue(h, stateMail(id, transition, address, to)));
                  return true;
                });
    if (!moved) {
      throw DisclosureRefusal.conflict(
          "case-moved",
          "expected case " + id + " in " + from.name() + ", found it moved meanwhile; reload");
    }
  }

  // ---------------------------------------------------------------- e-mail to the finder

  /** The e-mail sent about case {@code id} and where each stands (for the case page). */
  public List<ResearcherNotices.Mail> mails(long id) {
    return mail.mails(id);
  }

  /** The e-mail telling the finder their case moved: never the token, report or messages. */
  private ResearcherNotice stateMail(long id, long transition, String address, CaseState to) {
    return new ResearcherNotice(
        ResearcherNotice.STATE_EVENT,
        id,
        ResearcherNotice.topic(id) + " transition " + transition,
        address,
        "Your vulnerability report, case " + id + ": status is now " + to.label(),
        "Hello,\n\n"
            + "the status of your vulnerability report, case "
            + id
            + ", is now: "
            + to.label()
            + ".\n"
            + to.forResearcher()
            + "\n\n"
            + whereToRead());
  }

  /** The e-mail telling the finder the team wrote to them: not what it wrote. */
  private ResearcherNotice messageMail(long id, long message, String address) {
    return new ResearcherNotice(
        ResearcherNotice.MESSAGE_EVENT,
        id,
        ResearcherNotice.topic(id) + " message " + message,
        address,
        "Your vulnerability report, case " + id + ": a new message from the team",
        "Hello,\n\n"
            + "the product-security team has written to you about your vulnerability report,"
            + " case "
            + id
            + ".\n\n"
            + whereToRead());
  }

  private String whereToRead() {
    return "Read your case, and answer, on its status page:\n\n    "
        + settings.base()
        + SecurityTxt.STATUS_PATH
        + "\n\nwith the tracking token you were given when you reported. This e-mail does not"
        + " contain\nthe token, your report or our messages: e-mail is not confidential, the"
        + " status page is.\nIf you no longer have the token, write to "
        + settings.contactEmail()
        + " quoting the case number.\n\n"
        + TEAM
        + "\n";
  }

  private static String note(String note) throws DisclosureRefusal {
    try {
      return TextFields.block("note", note == null ? "" : note, 0, MAX_NOTE);
    } catch (IllegalArgumentException e) {
      throw DisclosureRefusal.badInput("note-invalid", e.getMessage());
    }
  }

  private static String noteSuffix(String note) {
    return note == null || note.isBlank() ? "" : ": " + Texts.printable(note.strip(), 200);
  }

  /**
   * Adds a staff message: to the thread the finder sees, or an internal note they never see.
   *
   * @throws DisclosureRefusal if there is no such case or the message is empty or too long
   */
  public void postStaffMessage(String actor, long id, String body, boolean internal, String source)
      throws DisclosureRefusal {
    String text = message(body);
    CaseRow c = store.caseById(id).orElseThrow(() -> DisclosureRefusal.noCase(id));
    Instant now = clock.instant();
    store
        .jdbi()
        .useTransaction(
            h -> {
              long message =
                  DisclosureStore.insertMessage(
                      h, id, actor, internal ? INTERNAL : THREAD, text, now);
              if (!internal) {
                c.contact().ifPresent(address -> mail.queue(h, messageMail(id, message, address)));
              }
            });
    audit.ok(
        actor,
        internal ? "disclosure.note" : "disclosure.message",
        "case " + id,
        text.length() + " characters",
        source);
  }

  /**
   * Records the case's scoring: a CVSS v3.1 vector and a CVSS v4.0 vector (each checked and
   * scored), the medical-device questionnaire's answers, and whether the risk is uncontrolled.
   *
   * @throws DisclosureRefusal if there is no such case or a vector is invalid
   */
  public void score(
      String actor,
      long id,
      Optional<String> cvss31,
      Optional<String> cvss40,
      Optional<DeviceQuestionnaire> answers,
      boolean uncontrolledRisk,
      String source)
      throws DisclosureRefusal {
    store.caseById(id).orElseThrow(() -> DisclosureRefusal.noCase(id));
    Optional<CvssScores.V31> v31;
    Optional<CvssScores.V40> v40;
    try {
      v31 = cvss31.isEmpty() ? Optional.empty() : Optional.of(CvssScores.v31(cvss31.get()));
      v40 = cvss40.isEmpty() ? Optional.empty() : Optional.of(CvssScores.v40(cvss40.get()));
    } catch (CvssRejection e) {
      audit.refused(actor, "disclosure.score", "case " + id, e.getMessage(), source);
      throw DisclosureRefusal.badVector(e);
    }
    store.setScoring(
        id,
        new DisclosureStore.Scoring(
            v31.map(CvssScores.V31::vector),
            v31.map(CvssScores.V31::baseScoreText),
            v31.map(CvssScores.V31::severity),
            v40.map(CvssScores.V40::vector),
            answers.map(a -> a.patientHarm().name()),
            answers.map(a -> a.environment().name()),
            answers.map(a -> a.inTherapy().name()),
            uncontrolledRisk),
        clock.instant());
    audit.ok(
        actor,
        "disclosure.score",
        "case " + id,
        v31.map(v -> v.vector() + " = " + v.baseScoreText() + " " + v.severity())
                .orElse("no CVSS v3.1")
            + "; "
            + v40.map(v -> v.vector() + " = " + v.describe()).orElse("no CVSS v4.0")
            + "; uncontrolled risk "
            + (uncontrolledRisk ? "yes" : "no"),
        source);
  }

  /**
   * Records the CVE id, the earlier case this one duplicates, and the affected product versions.
   *
   * @throws DisclosureRefusal for a malformed CVE id, an unknown or self-referencing duplicate, or
   *     a product version the hub does not know
   */
  public void updateDetails(
      String actor,
      long id,
      Optional<String> cveId,
      Optional<Long> duplicateOf,
      List<CaseDetail.AffectedVersion> affected,
      String source)
      throws DisclosureRefusal {
    try {
      checkDetails(id, cveId, duplicateOf, affected);
    } catch (DisclosureRefusal refusal) {
      audit.refused(actor, "disclosure.details", "case " + id, refusal.getMessage(), source);
      throw refusal;
    }
    Instant now = clock.instant();
    store
        .jdbi()
        .useTransaction(
            h -> {
              DisclosureStore.setDetails(h, id, cveId, duplicateOf, now);
              DisclosureStore.setAffected(
                  h,
                  id,
                  affected.stream()
                      .distinct()
                      .map(a -> new DisclosureStore.AffectedRow(a.hardwareId(), a.version()))
                      .toList());
            });
    audit.ok(
        actor,
        "disclosure.details",
        "case " + id,
        cveId.orElse("no CVE")
            + duplicateOf.map(d -> "; duplicate of case " + d).orElse("")
            + "; affects "
            + (affected.isEmpty()
                ? "nothing recorded"
                : affected.stream().map(Object::toString).collect(Collectors.joining(", "))),
        source);
  }

  private void checkDetails(
      long id,
      Optional<String> cveId,
      Optional<Long> duplicateOf,
      List<CaseDetail.AffectedVersion> affected)
      throws DisclosureRefusal {
    store.caseById(id).orElseThrow(() -> DisclosureRefusal.noCase(id));
    if (cveId.isPresent() && !CVE.matcher(cveId.get()).matches()) {
      throw DisclosureRefusal.badInput(
          "cve-invalid",
          "expected a CVE id such as CVE-2026-12345 (CVE-\\d{4}-\\d{4,}), found \""
              + Texts.printable(cveId.get(), 40)
              + "\"");
    }
    if (duplicateOf.isPresent()) {
      long other = duplicateOf.get();
      if (other == id) {
        throw DisclosureRefusal.badInput(
            "duplicate-self", "a case cannot duplicate itself; expected another case than " + id);
      }
      CaseRow target =
          store
              .caseById(other)
              .orElseThrow(
                  () ->
                      DisclosureRefusal.badInput(
                          "duplicate-unknown",
                          "expected \"duplicate of\" to name an existing case, found " + other));
      if (target.duplicateOf().equals(Optional.of(id))) {
        throw DisclosureRefusal.badInput(
            "duplicate-cycle",
            "case " + other + " is already recorded as a duplicate of case " + id);
      }
    }
    if (affected.size() > MAX_AFFECTED) {
      throw DisclosureRefusal.badInput(
          "affected-too-many",
          "expected at most " + MAX_AFFECTED + " affected versions, found " + affected.size());
    }
    List<Product> all = products();
    for (CaseDetail.AffectedVersion a : affected) {
      boolean known =
          all.stream()
              .anyMatch(p -> p.hardwareId().equals(a.hardwareId()) && p.offers(a.version()));
      if (!known) {
        throw DisclosureRefusal.badInput(
            "affected-unknown", "expected affected versions from the products list, found " + a);
      }
    }
  }

  /**
   * Records that customers were informed (the FDA's 30-day communication for an uncontrolled risk).
   *
   * @throws DisclosureRefusal if there is no such case or it was recorded already
   */
  public void recordCustomersNotified(String actor, long id, String source)
      throws DisclosureRefusal {
    store.caseById(id).orElseThrow(() -> DisclosureRefusal.noCase(id));
    if (!store.setCustomersNotified(id, clock.instant())) {
      throw DisclosureRefusal.conflict(
          "already-recorded", "customer communication of case " + id + " was recorded already");
    }
    audit.ok(actor, "disclosure.customers-notified", "case " + id, "customers informed", source);
  }

  /** An attachment in the clear, for staff. */
  public record AttachmentContent(String name, String mediaType, byte[] content) {
    @Override
    public byte[] content() {
      return content.clone();
    }
  }

  /**
   * Decrypts one attachment of case {@code caseId} for a staff member; every read is audited.
   *
   * @throws DisclosureRefusal if there is no such attachment of that case
   * @throws IOException if its file is missing or fails authentication
   */
  public AttachmentContent attachment(String actor, long caseId, long attachmentId, String source)
      throws DisclosureRefusal, IOException {
    AttachmentRow row =
        store
            .attachment(caseId, attachmentId)
            .orElseThrow(
                () ->
                    new DisclosureRefusal(
                        DisclosureRefusal.Kind.NOT_FOUND,
                        "attachment-unknown",
                        "case " + caseId + " has no attachment " + attachmentId));
    byte[] content = vault.read(row.fileId());
    if (!Hashes.sha256Hex(content).equals(row.sha256())) {
      throw new IOException("attachment " + attachmentId + " does not match its recorded SHA-256");
    }
    audit.ok(
        actor,
        "disclosure.attachment",
        "case " + caseId,
        "read attachment " + attachmentId,
        source);
    return new AttachmentContent(row.name(), row.mediaType(), content);
  }

  /** How the finder of case {@code id} wants to be credited (for the advisory). */
  public Credit credit(long id) throws DisclosureRefusal {
    return new Credit(store.caseById(id).orElseThrow(() -> DisclosureRefusal.noCase(id)).credit());
  }

  /** Credited finders of published cases, newest first (the acknowledgements page). */
  public List<Acknowledgement> acknowledgements() {
    return store.publishedCredits().stream()
        .map(
            c ->
                new Acknowledgement(
                    c.caseId(), c.credit(), c.cveId(), c.hardwareId(), c.publishedAt()))
        .toList();
  }

  /** Open cases in REMEDIATION that list {@code hardwareId} as affected (to mark FIXED). */
  public List<Long> casesInRemediation(String hardwareId) {
    return store.casesAffecting(hardwareId, CaseState.REMEDIATION.name());
  }

  /** Drops rate-limit buckets that have refilled completely (run from housekeeping). */
  public void houseKeep() {
    throttle.prune();
  }
}
