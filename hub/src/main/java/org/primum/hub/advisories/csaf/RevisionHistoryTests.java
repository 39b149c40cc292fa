package org.primum.hub.advisories.csaf;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CSAF 2.0 6.1.14 and 6.1.16 – 6.1.22, 6.1.30: the document version, status and revision history
 * agree.
 *
 * <p>"Sorted ascending by date" sorts by the instant of each {@code date} and, among items of the
 * same instant, by version number; items whose date or number cannot be read are left to the
 * schema.
 */
final class RevisionHistoryTests implements MandatoryTests {
  /** A readable revision history item. */
  private record Revision(JsonAt item, Instant date, DocumentVersion number) {}

  private static final Comparator<Revision> BY_DATE =
      Comparator.comparing(Revision::date).thenComparing(Revision::number);

  @Override
  public void run(CsafDocument document, Failures failures) {
    JsonAt tracking = document.document().get("tracking");
    JsonAt history = tracking.get("revision_history");
    String status = tracking.textOf("status");
    boolean released = "final".equals(status) || "interim".equals(status);
    DocumentVersion version = DocumentVersion.parse(tracking.textOf("version"));

    List<Revision> revisions = new ArrayList<>();
    List<DocumentVersion> numbers = new ArrayList<>();
    for (JsonAt item : history.items()) {
      DocumentVersion number = DocumentVersion.parse(item.textOf("number"));
      if (number == null) {
        continue;
      }
      numbers.add(number);
      Instant date = Dates.parse(item.textOf("date"));
      if (date != null) {
        revisions.add(new Revision(item, date, number));
      }
    }
    List<Revision> sorted = new ArrayList<>(revisions);
    sorted.sort(BY_DATE);

    sortedHistory(history, sorted, failures);
    if (version != null) {
      latestVersion(tracking, version, "draft".equals(status), sorted, failures);
      boolean unreleased = version.initialDevelopment() || version.isPreRelease();
      if (status != null && !"draft".equals(status) && unreleased) {
        // CSAF 2.0 6.1.17
        failures.add(
            "6.1.17",
            tracking.get("status"),
            "expected status draft for document version %s, found %s",
            version,
            status);
      }
      if (released && version.isPreRelease()) {
        // CSAF 2.0 6.1.20
        failures.add(
            "6.1.20",
            tracking.get("version"),
            "expected a version without pre-release part for status %s, found %s",
            status,
            version);
      }
    }
    for (JsonAt item : history.items()) {
      DocumentVersion number = DocumentVersion.parse(item.textOf("number"));
      if (number == null) {
        continue;
      }
      if (released && number.initialDevelopment()) {
        // CSAF 2.0 6.1.18
        failures.add(
            "6.1.18",
            item.get("number"),
            "expected no revision numbered 0 or 0.y.z in a %s document, found %s",
            status,
            number);
      }
      if (number.isPreRelease()) {
        // CSAF 2.0 6.1.19
        failures.add(
            "6.1.19",
            item.get("number"),
            "expected revision numbers without pre-release part, found %s",
            number);
      }
    }
    missingItem(history, sorted, failures);
    multipleDefinition(history, failures);
    mixedVersioning(tracking, version, numbers, failures);
  }

  // CSAF 2.0 6.1.14: numbers ascend when the items are sorted by date
  private static void sortedHistory(JsonAt history, List<Revision> sorted, Failures failures) {
    for (int i = 1; i < sorted.size(); i++) {
      Revision before = sorted.get(i - 1);
      Revision after = sorted.get(i);
      if (after.number.compareTo(before.number) < 0) {
        failures.add(
            "6.1.14",
            history,
            "expected numbers ascending by date, found %s (%s) dated after %s (%s)",
            after.number,
            after.date,
            before.number,
            before.date);
      }
    }
  }

  // CSAF 2.0 6.1.16: the version is the number of the latest revision (build metadata ignored,
  // pre-release ignored for drafts)
  private static void latestVersion(
      JsonAt tracking,
      DocumentVersion version,
      boolean draft,
      List<Revision> sorted,
      Failures failures) {
    if (sorted.isEmpty()) {
      return;
    }
    DocumentVersion latest = sorted.get(sorted.size() - 1).number;
    if (!version.withoutBuild(draft).equals(latest.withoutBuild(draft))) {
      failures.add(
          "6.1.16",
          tracking.get("version"),
          "expected the number of the latest revision, %s, found %s",
          latest,
          version);
    }
  }

  // CSAF 2.0 6.1.21: sorted by date, no (major) version is skipped, and the first is 0 or 1
  private static void missingItem(JsonAt history, List<Revision> sorted, Failures failures) {
    if (sorted.isEmpty()) {
      return;
    }
    Revision first = sorted.get(0);
    if (first.number.major().compareTo(BigInteger.ONE) > 0) {
      failures.add(
          "6.1.21",
          first.item.get("number"),
          "expected the first revision to be version 0 or 1 (major), found %s",
          first.number);
    }
    for (int i = 1; i < sorted.size(); i++) {
      DocumentVersion before = sorted.get(i - 1).number;
      DocumentVersion after = sorted.get(i).number;
      if (after.major().subtract(before.major()).compareTo(BigInteger.ONE) > 0) {
        failures.add(
            "6.1.21",
            sorted.get(i).item.get("number"),
            "expected the revision after %s to be at most one major version later, found %s",
            before,
            after);
      }
    }
  }

  // CSAF 2.0 6.1.22: no version number twice
  private static void multipleDefinition(JsonAt history, Failures failures) {
    Map<String, JsonAt> seen = new HashMap<>();
    for (JsonAt item : history.items()) {
      String number = item.textOf("number");
      if (number == null) {
        continue;
      }
      JsonAt first = seen.putIfAbsent(number, item);
      if (first != null) {
        failures.add(
            "6.1.22",
            item.get("number"),
            "expected each revision number once, found %s again (first at %s)",
            number,
            first.pointer());
      }
    }
  }

  // CSAF 2.0 6.1.30: integer or semantic versioning throughout
  private static void mixedVersioning(
      JsonAt tracking, DocumentVersion version, List<DocumentVersion> numbers, Failures failures) {
    List<DocumentVersion> all = new ArrayList<>(numbers);
    if (version != null) {
      all.add(version);
    }
    DocumentVersion integer =
        all.stream().filter(DocumentVersion::integer).findFirst().orElse(null);
    DocumentVersion semantic = all.stream().filter(v -> !v.integer()).findFirst().orElse(null);
    if (integer != null && semantic != null) {
      failures.add(
          "6.1.30",
          tracking,
          "expected integer or semantic versioning throughout, found both: %s and %s",
          integer,
          semantic);
    }
  }
}
