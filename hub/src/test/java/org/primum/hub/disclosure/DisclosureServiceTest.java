package org.primum.hub.disclosure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.primum.hub.TestHub;
import org.primum.hub.audit.AuditEvent;
import org.primum.hub.cvss.CvssScores;

/** The disclosure service on SQLite and PostgreSQL. */
class DisclosureServiceTest {
  @TempDir Path dir;
  private DisclosureTestBed bed;

  @AfterEach
  void close() {
    if (bed != null) {
      bed.close();
    }
  }

  private DisclosureService service(TestHub.Db db) throws Exception {
    bed = new DisclosureTestBed(db, dir);
    return bed.service;
  }

  private static final String SOURCE = "198.51.100.7";

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void report_isStoredWithEncryptedAttachments_andOnlyTheTokensHash(TestHub.Db db)
      throws Exception {
    DisclosureService service = service(db);
    DisclosureService.Receipt receipt =
        service.submit(
            DisclosureFixtures.report(
                "Overflow",
                List.of(
                    DisclosureFixtures.text("steps.txt", "secret proof of concept"),
                    Attachment.sniffed("shot.png", DisclosureFixtures.PNG))),
            SOURCE);
    assertThat(receipt.token()).matches("[A-Za-z0-9_-]{32}");
    assertThat(receipt.deadlines())
        .extracting(SlaPolicy.Deadline::step)
        .containsExactly(SlaPolicy.Step.ACKNOWLEDGE, SlaPolicy.Step.TRIAGE);
    // The token itself is nowhere in the database; its SHA-256 is.
    String stored =
        bed.database
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT token_hash FROM disclosure_cases WHERE id = :id")
                        .bind("id", receipt.caseId())
                        .mapTo(String.class)
                        .one());
    assertThat(stored)
        .isEqualTo(DisclosureService.tokenHash(receipt.token()))
        .doesNotContain(receipt.token());
    assertThat(bed.files()).hasSize(2);
    for (String file : bed.files()) {
      String content =
          new String(
              java.nio.file.Files.readAllBytes(
                  bed.dataDir.resolve("disclosure/attachments").resolve(file)),
              StandardCharsets.ISO_8859_1);
      assertThat(content).doesNotContain("proof of concept");
    }
    CaseDetail detail = service.detail(receipt.caseId());
    assertThat(detail.attachments())
        .extracting(CaseDetail.AttachmentInfo::mediaType)
        .containsExactly(AttachmentTypes.TEXT, AttachmentTypes.PNG);
    DisclosureService.AttachmentContent content =
        service.attachment("staff:ana", receipt.caseId(), detail.attachments().get(0).id(), SOURCE);
    assertThat(new String(content.content(), StandardCharsets.UTF_8))
        .isEqualTo("secret proof of concept");
    assertThat(detail.summary().uncontrolledRisk()).isTrue();
    assertThat(bed.audit("disclosure.report"))
        .singleElement()
        .satisfies(e -> assertThat(e.detail()).contains("rp-1 0.2.0; safety yes; 2 attachment(s)"));
    assertThat(bed.audit("disclosure.attachment"))
        .singleElement()
        .extracting(AuditEvent::actor)
        .isEqualTo("staff:ana");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void tokens_reachOnlyTheirOwnCase_andEveryOtherTokenGetsTheSameRefusal(TestHub.Db db)
      throws Exception {
    DisclosureService service = service(db);
    DisclosureService.Receipt a =
        service.submit(DisclosureFixtures.report("Case A secret"), SOURCE);
    DisclosureService.Receipt b = service.submit(DisclosureFixtures.report("Case B"), SOURCE);
    service.postStaffMessage("staff:ana", a.caseId(), "Reply to A only", false, SOURCE);
    service.postStaffMessage("staff:ana", a.caseId(), "Internal: exploit is trivial", true, SOURCE);
    ResearcherView viewA = service.view(a.token());
    ResearcherView viewB = service.view(b.token());
    assertThat(viewA.title()).isEqualTo("Case A secret");
    assertThat(viewA.thread())
        .extracting(ResearcherView.ThreadMessage::body)
        .containsExactly("Reply to A only");
    assertThat(viewA.thread())
        .extracting(ResearcherView.ThreadMessage::author)
        .containsExactly(DisclosureService.TEAM);
    assertThat(viewB.title()).isEqualTo("Case B");
    assertThat(viewB.thread()).isEmpty();
    String forged = a.token().substring(0, 31) + (a.token().endsWith("A") ? "B" : "A");
    for (String token :
        List.of(
            forged,
            "x",
            "",
            "../../etc",
            a.token() + "A",
            a.token().toLowerCase(java.util.Locale.ROOT).equals(a.token())
                ? "ZZ"
                : a.token().toLowerCase(java.util.Locale.ROOT))) {
      assertThatThrownBy(() -> service.view(token))
          .isInstanceOf(DisclosureRefusal.class)
          .hasMessage("no case matches this tracking token")
          .extracting(e -> ((DisclosureRefusal) e).kind())
          .isEqualTo(DisclosureRefusal.Kind.NOT_FOUND);
    }
    assertThatThrownBy(() -> service.postResearcherMessage(forged, "hello", SOURCE))
        .hasMessage("no case matches this tracking token");
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void refusedReport_leavesNoRowAndNoFile_evenWhenTheDatabaseFailsAfterTheFilesWereWritten(
      TestHub.Db db) throws Exception {
    DisclosureService service = service(db);
    DisclosureReport unknownProduct =
        new DisclosureReport(
            "rp-9",
            "1.0",
            "t",
            "d",
            "",
            "",
            Safety.NO,
            "",
            Optional.empty(),
            Credit.anonymous(),
            List.of(DisclosureFixtures.text("a.txt", "a")));
    assertThatThrownBy(() -> service.submit(unknownProduct, SOURCE))
        .hasMessage("expected one of the products rp-1, rp-2, found \"rp-9\"");
    DisclosureReport unknownVersion =
        new DisclosureReport(
            "rp-2",
            "9.9",
            "t",
            "d",
            "",
            "",
            Safety.NO,
            "",
            Optional.empty(),
            Credit.anonymous(),
            List.of());
    assertThatThrownBy(() -> service.submit(unknownVersion, SOURCE))
        .hasMessage("expected a version of rp-2 (1.0.0, any), found \"9.9\"");
    DisclosureReport garbage =
        new DisclosureReport(
            "rp-1",
            "any",
            "t",
            DisclosureKeys.ARMOR_HEADER + "\n\nAAAA\n-----END PGP MESSAGE-----",
            "",
            "",
            Safety.NO,
            "",
            Optional.empty(),
            Credit.anonymous(),
            List.of());
    assertThatThrownBy(() -> service.submit(garbage, SOURCE))
        .hasMessageStartingWith(
            "expected an ASCII-armoured OpenPGP message encrypted to the hub's disclosure key");
    assertThat(bed.count("disclosure_cases")).isZero();
    assertThat(bed.files()).isEmpty();
    assertThat(bed.audit("disclosure.report"))
        .hasSize(3)
        .allMatch(e -> e.outcome().equals("refused"));

    // The attachments' table is gone: the case row was inserted and both files written before the
    // failure; the transaction rolls back and the files are deleted.
    bed.database.jdbi().useHandle(h -> h.execute("DROP TABLE disclosure_attachments"));
    assertThatThrownBy(
            () ->
                service.submit(
                    DisclosureFixtures.report(
                        "Doomed",
                        List.of(
                            DisclosureFixtures.text("a.txt", "a"),
                            DisclosureFixtures.text("b.txt", "b"))),
                    SOURCE))
        .isInstanceOf(RuntimeException.class);
    assertThat(bed.count("disclosure_cases")).isZero();
    assertThat(bed.files()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void encryptedDescription_isDecryptedOnIntake(TestHub.Db db) throws Exception {
    DisclosureService service = service(db);
    String armored =
        OpenPgpForTests.encrypt(
            service.keys().armoredPublicKey(), "Bolus limit bypass via HL7 OBX-5", true);
    DisclosureReport report =
        new DisclosureReport(
            "rp-1",
            "0.1.0",
            "Encrypted",
            armored,
            "",
            "",
            Safety.UNKNOWN,
            "",
            Optional.empty(),
            Credit.anonymous(),
            List.of());
    long id = service.submit(report, SOURCE).caseId();
    CaseDetail detail = service.detail(id);
    assertThat(detail.description()).isEqualTo("Bolus limit bypass via HL7 OBX-5");
    assertThat(detail.descriptionEncrypted()).isTrue();
    assertThat(detail.summary().uncontrolledRisk()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void workflow_recordsEveryTransition_refusesIllegalOnes_andCreditsThePublishedFinder(
      TestHub.Db db) throws Exception {
    DisclosureService service = service(db);
    long earlier = service.submit(DisclosureFixtures.report("Earlier"), SOURCE).caseId();
    DisclosureService.Receipt receipt =
        service.submit(DisclosureFixtures.report("Pump overflow"), SOURCE);
    long id = receipt.caseId();

    assertThatThrownBy(() -> service.transition("staff:ana", id, CaseState.CONFIRMED, "", SOURCE))
        .hasMessage("a case in RECEIVED may move to ACKNOWLEDGED; found a request for CONFIRMED");
    assertThat(bed.audit("disclosure.transition"))
        .singleElement()
        .satisfies(e -> assertThat(e.outcome()).isEqualTo("refused"));

    bed.clock.advance(Duration.ofHours(2));
    service.transition("staff:ana", id, CaseState.ACKNOWLEDGED, "Thanks!", SOURCE);
    service.transition("staff:ana", id, CaseState.TRIAGING, "", SOURCE);
    assertThatThrownBy(() -> service.transition("staff:ana", id, CaseState.DUPLICATE, "", SOURCE))
        .hasMessageContaining("only once \"duplicate of\" names the earlier case");
    service.transition("staff:ana", id, CaseState.CONFIRMED, "Reproduced on rp-1 0.2.0", SOURCE);
    service.score(
        "staff:ana",
        id,
        Optional.of("CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H"),
        Optional.of("CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:N/VI:H/VA:H/SC:N/SI:N/SA:N/S:P"),
        Optional.of(
            new DeviceQuestionnaire(
                DeviceQuestionnaire.PatientHarm.SERIOUS,
                DeviceQuestionnaire.ClinicalEnvironment.ICU,
                DeviceQuestionnaire.InTherapy.YES)),
        true,
        SOURCE);
    service.updateDetails(
        "staff:ana",
        id,
        Optional.of("CVE-2026-12345"),
        Optional.empty(),
        List.of(
            new CaseDetail.AffectedVersion("rp-1", "0.2.0"),
            new CaseDetail.AffectedVersion("rp-1", "any")),
        SOURCE);
    service.transition("staff:ana", id, CaseState.REMEDIATION, "", SOURCE);
    assertThat(service.casesInRemediation("rp-1")).containsExactly(id);
    service.markFixed("staff:rm", id, "rp-1", "0.3.0", SOURCE);
    service.recordCustomersNotified("staff:ana", id, SOURCE);
    assertThat(service.acknowledgements()).isEmpty();
    service.transition("staff:ana", id, CaseState.ADVISORY_PUBLISHED, "PRIMUM-SA-2026-001", SOURCE);
    service.transition("staff:ana", id, CaseState.CLOSED, "", SOURCE);

    CaseDetail detail = service.detail(id);
    assertThat(detail.transitions())
        .extracting(CaseDetail.Transition::to)
        .containsExactly(
            CaseState.ACKNOWLEDGED,
            CaseState.TRIAGING,
            CaseState.CONFIRMED,
            CaseState.REMEDIATION,
            CaseState.FIXED,
            CaseState.ADVISORY_PUBLISHED,
            CaseState.CLOSED);
    assertThat(detail.transitions().get(0))
        .satisfies(
            t -> {
              assertThat(t.from()).isEqualTo(CaseState.RECEIVED);
              assertThat(t.actor()).isEqualTo("staff:ana");
              assertThat(t.note()).isEqualTo("Thanks!");
              assertThat(t.at()).isEqualTo(DisclosureTestBed.START.plus(Duration.ofHours(2)));
            });
    assertThat(detail.fixedIn()).hasValue("rp-1 0.3.0");
    assertThat(detail.summary().cvss31Score()).hasValue("8.1");
    assertThat(detail.summary().severity()).hasValue("High");
    assertThat(detail.cvss40Vector())
        .hasValue("CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:N/VI:H/VA:H/SC:N/SI:N/SA:N/S:P");
    assertThat(detail.cvss40()).map(CvssScores.V40::describe).hasValue("7.2 High (CVSS-B)");
    assertThat(detail.questionnaire()).isPresent();
    assertThat(detail.affected())
        .extracting(Object::toString)
        .containsExactly("rp-1 0.2.0", "rp-1 (any version)");
    assertThat(detail.summary().deadlines()).allMatch(d -> d.status() == SlaPolicy.Status.MET);
    assertThat(detail.summary().overdue()).isFalse();
    assertThat(bed.audit("disclosure.transition"))
        .filteredOn(e -> e.outcome().equals("ok"))
        .hasSize(7);

    assertThat(service.acknowledgements())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.name()).isEqualTo("Ada (@ada)");
              assertThat(a.cveId()).hasValue("CVE-2026-12345");
            });
    service.changeCredit(receipt.token(), Credit.anonymous(), SOURCE);
    assertThat(service.acknowledgements()).isEmpty();
    assertThatThrownBy(
            () -> service.postResearcherMessage(receipt.token(), "one more thing", SOURCE))
        .hasMessageContaining("is closed and takes no more messages");

    // The duplicate path: the earlier case is named first, then the move is allowed.
    service.transition("staff:ana", earlier, CaseState.ACKNOWLEDGED, "", SOURCE);
    service.transition("staff:ana", earlier, CaseState.TRIAGING, "", SOURCE);
    assertThatThrownBy(
            () ->
                service.updateDetails(
                    "staff:ana",
                    earlier,
                    Optional.empty(),
                    Optional.of(earlier),
                    List.of(),
                    SOURCE))
        .hasMessageContaining("a case cannot duplicate itself");
    assertThatThrownBy(
            () ->
                service.updateDetails(
                    "staff:ana",
                    earlier,
                    Optional.of("CVE-26-1"),
                    Optional.empty(),
                    List.of(),
                    SOURCE))
        .hasMessageContaining("expected a CVE id such as CVE-2026-12345");
    assertThatThrownBy(
            () ->
                service.updateDetails(
                    "staff:ana",
                    earlier,
                    Optional.empty(),
                    Optional.empty(),
                    List.of(new CaseDetail.AffectedVersion("rp-2", "7.7")),
                    SOURCE))
        .hasMessageContaining("expected affected versions from the products list, found rp-2 7.7");
    service.updateDetails(
        "staff:ana", earlier, Optional.empty(), Optional.of(id), List.of(), SOURCE);
    service.transition(
        "staff:ana", earlier, CaseState.DUPLICATE, "same as the pump overflow", SOURCE);
    service.transition("staff:ana", earlier, CaseState.CLOSED, "", SOURCE);
    assertThat(service.detail(earlier).duplicateOf()).hasValue(id);
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void slaClocks_flagOverdueCases_andTheListPutsThemFirst(TestHub.Db db) throws Exception {
    DisclosureService service = service(db);
    long quiet = service.submit(DisclosureFixtures.report("Acknowledged in time"), SOURCE).caseId();
    long late = service.submit(DisclosureFixtures.report("Forgotten"), SOURCE).caseId();
    service.transition("staff:ana", quiet, CaseState.ACKNOWLEDGED, "", SOURCE);
    // Monday 09:00 + 5 business days = next Monday 09:00; one minute later it is overdue.
    bed.clock.advance(Duration.ofDays(7).plusMinutes(1));
    List<CaseSummary> cases = service.cases();
    assertThat(cases).extracting(CaseSummary::id).containsExactly(late, quiet);
    assertThat(cases.get(0).overdue()).isTrue();
    assertThat(cases.get(0).next())
        .get()
        .extracting(SlaPolicy.Deadline::step)
        .isEqualTo(SlaPolicy.Step.ACKNOWLEDGE);
    assertThat(cases.get(1).overdue()).isFalse();
    assertThat(cases.get(1).next())
        .get()
        .extracting(SlaPolicy.Deadline::step)
        .isEqualTo(SlaPolicy.Step.TRIAGE);
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void rateLimits_refuseFloodsPerSource_withRetryAfter_andRefill(TestHub.Db db) throws Exception {
    bed = new DisclosureTestBed(db, dir, IntakeLimits.defaults().withRates(3, 2));
    DisclosureService service = bed.service;
    for (int i = 0; i < 3; i++) {
      service.admitReport(SOURCE);
    }
    DisclosureRefusal refused = refusal(() -> service.admitReport(SOURCE));
    assertThat(refused.kind()).isEqualTo(DisclosureRefusal.Kind.TOO_MANY);
    assertThat(refused.getMessage())
        .isEqualTo(
            "too many reports from your address: expected at most 3 per hour; try again in 20 min");
    assertThat(refused.retryAfter()).hasValue(Duration.ofMinutes(20));
    service.admitReport("203.0.113.9"); // another source has its own bucket
    service.admitStatus(SOURCE); // and another kind of request too
    bed.clock.advance(Duration.ofMinutes(20));
    service.admitReport(SOURCE);
    assertThat(refusal(() -> service.admitReport(SOURCE)).kind())
        .isEqualTo(DisclosureRefusal.Kind.TOO_MANY);
    // Loopback is limited by default, and exempt only when configured so.
    service.admitStatus("127.0.0.1");
    service.admitStatus("127.0.0.1");
    assertThat(refusal(() -> service.admitStatus("127.0.0.1")).getMessage())
        .contains("at most 2 per minute");
    bed.clock.advance(Duration.ofHours(2));
    service.houseKeep();
    assertThat(bed.count("disclosure_rate_limits")).isZero();
  }

  @ParameterizedTest
  @EnumSource(TestHub.Db.class)
  void releasedProducts_comeFromTheReleasesTable_orFallBackToTheReferencePump(TestHub.Db db)
      throws Exception {
    service(db);
    Products released = Products.released(bed.database.jdbi());
    assertThat(released.products()).containsExactly(Product.fallback());
    bed.database
        .jdbi()
        .useHandle(
            h -> {
              int counter = 1;
              for (String[] r :
                  new String[][] {{"rp-1", "0.1.0"}, {"rp-1", "0.2.0"}, {"rp-2", "1.0.0"}}) {
                h.createUpdate(
                        "INSERT INTO releases (hardware_id, version, release_counter, target_path,"
                            + " length, sha256, sha512, notes, notes_sha256, targets_version,"
                            + " published_by, published_at) VALUES (:hw, :v, :c, :path, 1, 'x',"
                            + " 'x', '', 'x', 1, 'test', 0)")
                    .bind("hw", r[0])
                    .bind("v", r[1])
                    .bind("c", counter++)
                    .bind("path", "firmware/" + r[0] + "/" + r[1] + ".fw")
                    .execute();
              }
            });
    assertThat(released.products())
        .containsExactly(
            new Product("rp-1", List.of("0.1.0", "0.2.0")), new Product("rp-2", List.of("1.0.0")));
  }

  private interface Call {
    void run() throws DisclosureRefusal;
  }

  private static DisclosureRefusal refusal(Call call) {
    try {
      call.run();
    } catch (DisclosureRefusal refusal) {
      return refusal;
    }
    throw new AssertionError("expected a refusal");
  }
}
