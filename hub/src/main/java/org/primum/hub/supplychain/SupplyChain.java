package org.primum.hub.supplychain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.primum.hub.audit.AuditLog;
import org.primum.hub.supplychain.SupplyChainStore.ComponentRow;
import org.primum.hub.supplychain.SupplyChainStore.MatchRow;
import org.primum.hub.supplychain.SupplyChainStore.ReleaseRef;
import org.primum.hub.supplychain.sbom.Sbom;
import org.primum.hub.supplychain.sbom.SbomComponent;
import org.primum.hub.supplychain.sbom.SbomRejection;
import org.primum.hub.supplychain.sbom.Sboms;
import org.primum.hub.supplychain.sbom.SupportLevel;
import org.primum.hub.supplychain.vex.VexDocuments;
import org.primum.hub.supplychain.vex.VexExport;
import org.primum.hub.supplychain.vex.VexRejection;
import org.primum.hub.supplychain.vex.VexStatement;
import org.primum.hub.updates.ReleaseGate;
import org.primum.hub.updates.UpdateRefusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supply-chain capability: every release's SBOM, offline matching against imported OSV data,
 * VEX statements scoped to product version and component, the release gate, and fleet exposure.
 *
 * <p>Security guarantees: a release whose SBOM has a known high, critical or unrated flaw that no
 * VEX statement clears, or a component past its end of support, or no SBOM at all, is refused
 * unless a release manager records a justification, which must then be part of the signed release
 * notes and is kept in the audit trail. Imports are all-or-nothing; matching needs no network.
 */
public final class SupplyChain implements ReleaseGate {
  private static final Logger LOG = LoggerFactory.getLogger(SupplyChain.class);

  /** What one enrolled device runs, and where it stands (for fleet exposure). */
  public record DeviceSoftware(String serial, String site, String hardwareId, String version) {}

  /** A release as the overview lists it. */
  public record ReleaseView(
      long id,
      String hardwareId,
      String version,
      Instant publishedAt,
      int components,
      Map<String, Integer> openBySeverity,
      int cleared,
      int supportPast,
      int supportNear,
      Map<String, Integer> devicesBySite,
      Optional<String> justification) {
    public int devices() {
      return devicesBySite.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int open() {
      return openBySeverity.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /** One stored match with what VEX says about it. */
  public record MatchView(
      int ordinal,
      String component,
      String componentVersion,
      String osvId,
      List<String> aliases,
      String summary,
      String severity,
      String score,
      String affected,
      String dataset,
      Instant matchedAt,
      Optional<VexStatement> vex) {}

  /** One component with its support status on the day shown. */
  public record ComponentView(
      int ordinal, SbomComponent component, String supportStatus, Optional<String> editedBy) {}

  /** One release in full. */
  public record ReleaseDetail(
      ReleaseView release,
      String format,
      String author,
      String producedAt,
      List<String> warnings,
      List<ComponentView> components,
      List<MatchView> matches,
      List<VexView> vex,
      Optional<JustificationView> justification) {}

  /** A recorded VEX statement with where it came from. */
  public record VexView(
      VexStatement statement, String source, String recordedBy, Instant recordedAt) {}

  /** A release published despite the gate: why, over what, by whom, when. */
  public record JustificationView(
      String justification, List<String> findings, String recordedBy, Instant recordedAt) {}

  /** One vulnerability across the fleet: the releases it affects and who runs them. */
  public record Exposure(
      String osvId,
      List<String> aliases,
      String severity,
      String summary,
      List<String> releases,
      Map<String, Integer> devicesBySite) {
    public int devices() {
      return devicesBySite.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /** One imported data set as pages show it. */
  public record DatasetView(
      long id,
      String name,
      String source,
      String dataDate,
      int records,
      int flagged,
      Instant importedAt,
      String importedBy,
      boolean superseded) {}

  /** What an import did. */
  public record ImportResult(long datasetId, int records, List<String> flagged, Rematch rematch) {}

  /** What re-matching every release found. */
  public record Rematch(
      int releases, int components, int matches, Duration took, List<String> newlyAffected) {}

  /** The gate's decision for one release, carrying what it records. */
  record GateDecision(
      Optional<Sbom> sbom,
      List<Finding> findings,
      List<String> overridden,
      Optional<String> justification)
      implements ReleaseGate.Decision {}

  private final SupplyChainStore store;
  private final AuditLog audit;
  private final Clock clock;
  private final Supplier<List<DeviceSoftware>> fleet;
  private final Object indexLock = new Object();
  private volatile Optional<LoadedIndex> index = Optional.empty();

  /**
   * The matcher over the data in force, the names of its data sets by id, and the newest data set
   * id it saw (another process, e.g. {@code primum vuln import}, may have imported since).
   */
  record LoadedIndex(Matcher matcher, Map<Long, String> datasets, long newestDataset) {}

  public SupplyChain(Jdbi jdbi, AuditLog audit, Clock clock, Supplier<List<DeviceSoftware>> fleet) {
    this.store = new SupplyChainStore(Objects.requireNonNull(jdbi, "jdbi"));
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.fleet = Objects.requireNonNull(fleet, "fleet");
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  // ------------------------------------------------------------------------------ the gate

  @Override
  public Decision check(Candidate c) throws UpdateRefusal {
    GateVerdict verdict;
    Optional<Sbom> sbom = Optional.empty();
    List<Finding> findings = List.of();
    if (c.sbom().isEmpty()) {
      verdict = GateVerdict.noSbom();
    } else {
      try {
        sbom = Optional.of(Sboms.parse(c.sbom().get()));
      } catch (SbomRejection e) {
        throw new UpdateRefusal(
            UpdateRefusal.Kind.BAD_INPUT, e.code(), "the SBOM is refused: " + e.getMessage());
      }
      List<String> unevaluated = new ArrayList<>();
      findings = match(sbom.get().components(), unevaluated);
      List<VexStatement> vex =
          store.vex(c.hardwareId(), c.version()).stream()
              .map(SupplyChainStore.VexRow::statement)
              .toList();
      verdict = GateVerdict.judge(sbom.get().components(), findings, vex, unevaluated, today());
    }
    if (verdict.passes()) {
      return new GateDecision(sbom, findings, List.of(), Optional.empty());
    }
    if (c.justification().isEmpty()) {
      throw new UpdateRefusal(
          UpdateRefusal.Kind.POLICY,
          "release-gate",
          "the supply-chain release gate refuses "
              + c.hardwareId()
              + " "
              + c.version()
              + ". Record a VEX statement for each flaw that does not affect it (primum vex add),"
              + " or publish with --justification.\n"
              + verdict.report());
    }
    String justification = c.justification().get().strip();
    if (justification.length() < 10) {
      throw new UpdateRefusal(
          UpdateRefusal.Kind.BAD_INPUT,
          "gate-justification",
          "a justification must say why in at least 10 characters; found \""
              + justification
              + "\"");
    }
    if (!c.notes().contains(justification)) {
      throw new UpdateRefusal(
          UpdateRefusal.Kind.BAD_INPUT,
          "gate-justification",
          "the justification must appear in the signed release notes, so every device and"
              + " hospital sees it; it does not");
    }
    return new GateDecision(sbom, findings, verdict.blocking(), Optional.of(justification));
  }

  @Override
  public void record(Handle h, long releaseId, Decision decision, String actor, Instant now) {
    GateDecision d = (GateDecision) decision;
    if (d.sbom().isPresent()) {
      SupplyChainStore.insertSbom(h, releaseId, d.sbom().get(), now);
      SupplyChainStore.replaceMatches(h, releaseId, rows(releaseId, d.findings(), now));
    }
    d.justification()
        .ifPresent(
            j ->
                SupplyChainStore.insertJustification(
                    h,
                    new SupplyChainStore.JustificationRow(
                        releaseId, j, d.overridden(), actor, now)));
  }

  private List<Finding> match(List<SbomComponent> components, List<String> unevaluated) {
    Matcher matcher = loaded().matcher();
    List<Finding> out = new ArrayList<>();
    for (int i = 0; i < components.size(); i++) {
      out.addAll(matcher.match(i, components.get(i), unevaluated));
    }
    return out;
  }

  private static List<MatchRow> rows(long releaseId, List<Finding> findings, Instant now) {
    List<MatchRow> rows = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Finding f : findings) {
      if (seen.add(f.ordinal() + "|" + f.osvId())) {
        rows.add(
            new MatchRow(
                releaseId,
                f.ordinal(),
                f.osvId(),
                f.aliases(),
                f.summary(),
                f.severity(),
                f.score(),
                f.affected(),
                f.datasetId(),
                now));
      }
    }
    return rows;
  }

  // ---------------------------------------------------------------- vulnerability data

  private LoadedIndex loaded() {
    long newest = store.newestDatasetId();
    Optional<LoadedIndex> current = index;
    if (current.isPresent() && current.get().newestDataset() == newest) {
      return current.get();
    }
    synchronized (indexLock) {
      if (index.isEmpty() || index.get().newestDataset() != newest) {
        index = Optional.of(OsvMatcher.load(store));
      }
      return index.get();
    }
  }

  /**
   * Imports an OSV data set (an {@code all.zip} or a directory of OSV JSON files) as {@code name},
   * superseding an earlier set of that name, then re-matches every release.
   *
   * @throws SupplyChainRefusal if any file is malformed: then nothing is imported
   */
  public ImportResult importOsv(java.nio.file.Path source, String name, String actor)
      throws SupplyChainRefusal, java.io.IOException {
    if (name == null || !name.matches("[A-Za-z0-9._:-]{1,64}")) {
      throw SupplyChainRefusal.badInput(
          "dataset-name", "a data set name is 1 to 64 letters, digits, '.', '_', ':' or '-'");
    }
    Stored stored;
    synchronized (indexLock) {
      stored = store(source, name, actor);
      // The parsed import is garbage by now: the index is rebuilt from what was stored, with the
      // other data sets in force.
      index = Optional.of(OsvMatcher.load(store));
    }
    audit.ok(
        actor,
        "supplychain.osv.import",
        name,
        stored.records() + " records, " + stored.flagged().size() + " flagged",
        "local");
    Rematch rematch = rematchAll();
    LOG.info(
        "OSV data set {} imported: {} records; re-matched {} releases in {} ms, {} matches",
        name,
        stored.records(),
        rematch.releases(),
        rematch.took().toMillis(),
        rematch.matches());
    return new ImportResult(stored.id(), stored.records(), stored.flagged(), rematch);
  }

  private record Stored(long id, int records, List<String> flagged) {}

  private Stored store(java.nio.file.Path source, String name, String actor)
      throws SupplyChainRefusal, java.io.IOException {
    OsvMatcher.Parsed parsed = OsvMatcher.read(source);
    long id =
        store.insertDataset(
            new SupplyChainStore.DatasetRow(
                0,
                name,
                source.getFileName() == null ? source.toString() : source.getFileName().toString(),
                parsed.sha256(),
                parsed.dataDate(),
                parsed.records().size(),
                parsed.flagged(),
                clock.instant(),
                actor,
                false),
            parsed.records());
    return new Stored(id, parsed.records().size(), parsed.flagged());
  }

  /** Re-matches every release's components against the data in force, in one transaction. */
  public Rematch rematchAll() {
    long start = System.nanoTime();
    Matcher matcher = loaded().matcher();
    Map<Long, Set<String>> before = new TreeMap<>();
    for (MatchRow m : store.allMatches()) {
      before.computeIfAbsent(m.releaseId(), k -> new LinkedHashSet<>()).add(m.osvId());
    }
    Instant now = clock.instant();
    List<MatchRow> rows = new ArrayList<>();
    int[] components = {0};
    List<String> unevaluated = new ArrayList<>();
    store.forEachComponent(
        row -> {
          components[0]++;
          List<Finding> found = matcher.match(row.ordinal(), row.component(), unevaluated);
          rows.addAll(rows(row.releaseId(), found, now));
        });
    store.replaceAllMatches(rows);
    Map<Long, ReleaseRef> releases = new LinkedHashMap<>();
    store.releasesWithSbom().forEach(r -> releases.put(r.id(), r));
    List<String> newly = new ArrayList<>();
    Map<Long, Set<String>> after = new TreeMap<>();
    for (MatchRow m : rows) {
      after.computeIfAbsent(m.releaseId(), k -> new LinkedHashSet<>()).add(m.osvId());
    }
    after.forEach(
        (releaseId, ids) -> {
          Set<String> added = new LinkedHashSet<>(ids);
          added.removeAll(before.getOrDefault(releaseId, Set.of()));
          ReleaseRef r = releases.get(releaseId);
          if (!added.isEmpty() && r != null) {
            newly.add(r.hardwareId() + " " + r.version() + ": " + String.join(", ", added));
          }
        });
    return new Rematch(
        releases.size(),
        components[0],
        rows.size(),
        Duration.ofNanos(System.nanoTime() - start),
        newly);
  }

  public List<DatasetView> datasets() {
    return store.datasets().stream()
        .map(
            d ->
                new DatasetView(
                    d.id(),
                    d.name(),
                    d.source(),
                    d.dataDate(),
                    d.recordCount(),
                    d.flagged().size(),
                    d.importedAt(),
                    d.importedBy(),
                    d.superseded()))
        .toList();
  }

  // ----------------------------------------------------------------------------------- VEX

  /**
   * Imports a VEX document (CycloneDX, CSAF or OpenVEX) for product version {@code version} of
   * {@code hardwareId}; returns how many statements it stored.
   */
  public int importVex(String hardwareId, String version, byte[] document, String actor)
      throws SupplyChainRefusal {
    requireProduct(hardwareId, version);
    Map<String, String> bomRefs = new LinkedHashMap<>();
    store
        .release(hardwareId, version)
        .ifPresent(
            r ->
                store
                    .components(r.id())
                    .forEach(
                        c ->
                            c.component()
                                .purl()
                                .ifPresent(p -> bomRefs.put(c.component().bomRef(), p))));
    VexDocuments.Parsed parsed;
    try {
      parsed = VexDocuments.parse(document, bomRefs);
    } catch (VexRejection e) {
      throw SupplyChainRefusal.badInput(e.code(), e.getMessage());
    }
    String source = parsed.format().name().toLowerCase(java.util.Locale.ROOT);
    store.insertVex(hardwareId, version, parsed.statements(), source, actor, clock.instant());
    audit.ok(
        actor,
        "supplychain.vex.import",
        hardwareId + " " + version,
        parsed.statements().size() + " statements (" + source + ")",
        "local");
    return parsed.statements().size();
  }

  /** Records one VEX statement for product version {@code version} of {@code hardwareId}. */
  public void addVex(String hardwareId, String version, VexStatement statement, String actor)
      throws SupplyChainRefusal {
    requireProduct(hardwareId, version);
    VexStatement scoped = statement;
    if (!VexStatement.EVERY_COMPONENT.equals(statement.component())) {
      try {
        scoped =
            new VexStatement(
                statement.vulnerability(),
                VexDocuments.componentKey(statement.component()),
                statement.status(),
                statement.justification(),
                statement.detail());
      } catch (VexRejection e) {
        throw SupplyChainRefusal.badInput(e.code(), e.getMessage());
      }
    }
    store.insertVex(hardwareId, version, List.of(scoped), "manual", actor, clock.instant());
    audit.ok(
        actor,
        "supplychain.vex.add",
        hardwareId + " " + version,
        scoped.vulnerability() + " " + scoped.component() + " " + scoped.status().label(),
        "local");
  }

  /** The VEX statements for a product version, as CycloneDX VEX or CSAF VEX JSON. */
  public byte[] exportVex(
      String hardwareId, String version, VexDocuments.Format format, VexExport.Product product)
      throws SupplyChainRefusal {
    requireProduct(hardwareId, version);
    Map<String, String> summaries = new LinkedHashMap<>();
    store
        .release(hardwareId, version)
        .ifPresent(
            r ->
                store
                    .matches(r.id())
                    .forEach(
                        m -> {
                          summaries.put(m.osvId(), m.summary());
                          m.aliases().forEach(a -> summaries.put(a, m.summary()));
                        }));
    List<VexExport.Entry> entries =
        store.vex(hardwareId, version).stream()
            .map(
                v ->
                    new VexExport.Entry(
                        v.statement(), summaries.getOrDefault(v.statement().vulnerability(), "")))
            .toList();
    if (entries.isEmpty()) {
      throw SupplyChainRefusal.notFound(
          "no VEX statements are recorded for " + hardwareId + " " + version);
    }
    Instant now = clock.instant();
    var node =
        switch (format) {
          case CYCLONEDX ->
              VexExport.cycloneDx(
                  product,
                  entries,
                  now,
                  java.util.UUID.nameUUIDFromBytes(
                      (hardwareId + "/" + version + "/" + now)
                          .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
          case CSAF ->
              VexExport.csaf(product, entries, now, "PRIMUM-VEX-" + hardwareId + "-" + version);
          case OPENVEX ->
              VexExport.openVex(product, entries, now, "PRIMUM-VEX-" + hardwareId + "-" + version);
        };
    return org.primum.core.json.Json.canonical(node);
  }

  private static void requireProduct(String hardwareId, String version) throws SupplyChainRefusal {
    if (hardwareId == null || !hardwareId.matches("[a-z0-9][a-z0-9-]{0,31}")) {
      throw SupplyChainRefusal.badInput(
          "hardware", "a hardware id is lower-case letters, digits and '-', e.g. rp-1");
    }
    if (version == null || !version.matches("[0-9A-Za-z][0-9A-Za-z.+-]{0,63}")) {
      throw SupplyChainRefusal.badInput("version", "a version looks like 0.3.1");
    }
  }

  // ------------------------------------------------------------------------------- support

  /** Changes a component's level of support and end-of-support date, as a person decides. */
  public void editSupport(
      long releaseId,
      int ordinal,
      SupportLevel level,
      Optional<LocalDate> endOfSupport,
      String actor)
      throws SupplyChainRefusal {
    if (!store.updateSupport(releaseId, ordinal, level, endOfSupport, actor, clock.instant())) {
      throw SupplyChainRefusal.notFound(
          "release " + releaseId + " has no component number " + ordinal);
    }
    audit.ok(
        actor,
        "supplychain.support.edit",
        "release " + releaseId + " component " + ordinal,
        level.label() + endOfSupport.map(d -> ", end of support " + d).orElse(""),
        "local");
  }

  // --------------------------------------------------------------------------------- views

  /** Every release with an SBOM, newest first, with its open flaws, support and devices. */
  public List<ReleaseView> releases() {
    List<DeviceSoftware> devices = fleet.get();
    List<ReleaseView> out = new ArrayList<>();
    for (ReleaseRef r : store.releasesWithSbom()) {
      out.add(view(r, devices));
    }
    return out;
  }

  private ReleaseView view(ReleaseRef r, List<DeviceSoftware> devices) {
    List<ComponentRow> components = store.components(r.id());
    List<VexStatement> vex =
        store.vex(r.hardwareId(), r.version()).stream()
            .map(SupplyChainStore.VexRow::statement)
            .toList();
    Map<String, Integer> open = new TreeMap<>(Comparator.comparingInt(SupplyChain::rank));
    int cleared = 0;
    for (MatchRow m : store.matches(r.id())) {
      Finding f = finding(m, components);
      if (GateVerdict.clearing(f, vex).isPresent()) {
        cleared++;
      } else {
        open.merge(m.severity(), 1, Integer::sum);
      }
    }
    LocalDate today = today();
    int past = 0;
    int near = 0;
    for (ComponentRow c : components) {
      String status = supportStatus(c.component(), today);
      if (status.startsWith("past") || status.equals("unsupported")) {
        past++;
      } else if (status.startsWith("ends")) {
        near++;
      }
    }
    return new ReleaseView(
        r.id(),
        r.hardwareId(),
        r.version(),
        r.publishedAt(),
        components.size(),
        open,
        cleared,
        past,
        near,
        devicesBySite(devices, Set.of(r.hardwareId() + " " + r.version())),
        store.justification(r.id()).map(SupplyChainStore.JustificationRow::justification));
  }

  /** One release in full, when it has an SBOM. */
  public Optional<ReleaseDetail> release(long id) {
    Optional<ReleaseRef> ref =
        store.releasesWithSbom().stream().filter(r -> r.id() == id).findFirst();
    if (ref.isEmpty()) {
      return Optional.empty();
    }
    ReleaseRef r = ref.get();
    SupplyChainStore.DocumentRow doc = store.document(id).orElseThrow();
    List<ComponentRow> components = store.components(id);
    List<SupplyChainStore.VexRow> vexRows = store.vex(r.hardwareId(), r.version());
    List<VexStatement> vex = vexRows.stream().map(SupplyChainStore.VexRow::statement).toList();
    Map<Long, String> names = new LinkedHashMap<>();
    store.datasets().forEach(d -> names.put(d.id(), d.name() + " (" + d.dataDate() + ")"));
    List<MatchView> matches = new ArrayList<>();
    for (MatchRow m : store.matches(id)) {
      Finding f = finding(m, components);
      matches.add(
          new MatchView(
              m.ordinal(),
              f.component().displayName(),
              f.component().version(),
              m.osvId(),
              m.aliases(),
              m.summary(),
              m.severity(),
              m.score(),
              m.affected(),
              names.getOrDefault(m.datasetId(), "data set " + m.datasetId()),
              m.matchedAt(),
              GateVerdict.clearing(f, vex)));
    }
    matches.sort(
        Comparator.comparing((MatchView m) -> m.vex().isPresent())
            .thenComparing(m -> -rank(m.severity())));
    LocalDate today = today();
    return Optional.of(
        new ReleaseDetail(
            view(r, fleet.get()),
            doc.format(),
            doc.author(),
            doc.producedAt(),
            doc.warnings(),
            components.stream()
                .map(
                    c ->
                        new ComponentView(
                            c.ordinal(),
                            c.component(),
                            supportStatus(c.component(), today),
                            c.supportEditedBy()))
                .toList(),
            matches,
            vexRows.stream()
                .map(v -> new VexView(v.statement(), v.source(), v.recordedBy(), v.recordedAt()))
                .toList(),
            store
                .justification(id)
                .map(
                    j ->
                        new JustificationView(
                            j.justification(), j.findings(), j.recordedBy(), j.recordedAt()))));
  }

  /** Every open (not VEX-cleared) vulnerability across releases, most severe first. */
  public List<Exposure> exposure() {
    List<DeviceSoftware> devices = fleet.get();
    Map<Long, ReleaseRef> releases = new LinkedHashMap<>();
    store.releasesWithSbom().forEach(r -> releases.put(r.id(), r));
    Map<String, List<MatchRow>> byId = new LinkedHashMap<>();
    for (MatchRow m : store.allMatches()) {
      byId.computeIfAbsent(m.osvId(), k -> new ArrayList<>()).add(m);
    }
    Map<Long, List<ComponentRow>> components = new LinkedHashMap<>();
    Map<Long, List<VexStatement>> vex = new LinkedHashMap<>();
    List<Exposure> out = new ArrayList<>();
    for (var e : byId.entrySet()) {
      Set<String> products = new LinkedHashSet<>();
      MatchRow first = e.getValue().get(0);
      for (MatchRow m : e.getValue()) {
        ReleaseRef r = releases.get(m.releaseId());
        if (r == null) {
          continue;
        }
        List<ComponentRow> cs = components.computeIfAbsent(r.id(), store::components);
        List<VexStatement> vs =
            vex.computeIfAbsent(
                r.id(),
                k ->
                    store.vex(r.hardwareId(), r.version()).stream()
                        .map(SupplyChainStore.VexRow::statement)
                        .toList());
        if (GateVerdict.clearing(finding(m, cs), vs).isEmpty()) {
          products.add(r.hardwareId() + " " + r.version());
        }
      }
      if (!products.isEmpty()) {
        out.add(
            new Exposure(
                e.getKey(),
                first.aliases(),
                first.severity(),
                first.summary(),
                List.copyOf(products),
                devicesBySite(devices, products)));
      }
    }
    out.sort(
        Comparator.comparing((Exposure x) -> -rank(x.severity()))
            .thenComparing(x -> -x.devices())
            .thenComparing(Exposure::osvId));
    return out;
  }

  private static Map<String, Integer> devicesBySite(
      List<DeviceSoftware> devices, Set<String> products) {
    Map<String, Integer> out = new TreeMap<>();
    for (DeviceSoftware d : devices) {
      if (products.contains(d.hardwareId() + " " + d.version())) {
        out.merge(d.site(), 1, Integer::sum);
      }
    }
    return out;
  }

  private static Finding finding(MatchRow m, List<ComponentRow> components) {
    SbomComponent c =
        m.ordinal() < components.size()
            ? components.get(m.ordinal()).component()
            : new SbomComponent(
                "?",
                "",
                "",
                "",
                "component " + m.ordinal(),
                "",
                Optional.empty(),
                "",
                Map.of(),
                SupportLevel.UNKNOWN,
                Optional.empty(),
                List.of());
    return new Finding(
        m.ordinal(),
        c,
        m.osvId(),
        m.aliases(),
        m.summary(),
        m.severity(),
        m.score(),
        m.affected(),
        m.datasetId());
  }

  /** {@code unsupported}, {@code past end of support (date)}, {@code ends date}, or {@code ok}. */
  static String supportStatus(SbomComponent c, LocalDate today) {
    if (c.support() == SupportLevel.UNSUPPORTED) {
      return "unsupported";
    }
    if (c.endOfSupport().isPresent()) {
      LocalDate end = c.endOfSupport().get();
      if (end.isBefore(today)) {
        return "past end of support (" + end + ")";
      }
      if (!end.isAfter(today.plusDays(GateVerdict.NEAR_DAYS))) {
        return "ends " + end;
      }
    }
    return c.support() == SupportLevel.UNKNOWN && c.endOfSupport().isEmpty() ? "not stated" : "ok";
  }

  /** Severity order for sorting: CRITICAL highest. */
  static int rank(String severity) {
    return switch (severity) {
      case "CRITICAL" -> 5;
      case "HIGH" -> 4;
      case "UNKNOWN" -> 3;
      case "MEDIUM" -> 2;
      case "LOW" -> 1;
      default -> 0;
    };
  }
}
