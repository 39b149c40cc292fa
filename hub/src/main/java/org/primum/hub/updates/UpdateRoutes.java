package org.primum.hub.updates;

import static j2html.TagCreator.a;
import static j2html.TagCreator.code;
import static j2html.TagCreator.dd;
import static j2html.TagCreator.dl;
import static j2html.TagCreator.dt;
import static j2html.TagCreator.each;
import static j2html.TagCreator.h1;
import static j2html.TagCreator.h2;
import static j2html.TagCreator.h3;
import static j2html.TagCreator.li;
import static j2html.TagCreator.p;
import static j2html.TagCreator.pre;
import static j2html.TagCreator.section;
import static j2html.TagCreator.span;
import static j2html.TagCreator.table;
import static j2html.TagCreator.tbody;
import static j2html.TagCreator.td;
import static j2html.TagCreator.text;
import static j2html.TagCreator.th;
import static j2html.TagCreator.thead;
import static j2html.TagCreator.tr;
import static j2html.TagCreator.ul;

import io.javalin.http.Context;
import j2html.tags.DomContent;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.primum.hub.web.Access;
import org.primum.hub.web.HttpProblem;
import org.primum.hub.web.Pages;
import org.primum.hub.web.Requests;
import org.primum.hub.web.Route;

/**
 * HTTP routes of the update repository: the image repository's metadata and targets (public, as TUF
 * intends: everything served is signed or hash-checked by the client), the director's per-device
 * metadata (mutual TLS, a device only for itself), and the staff pages of releases: the list, and
 * one release with its signed notes and what it fixes ({@link ReleaseFixes}, derived when shown).
 */
public final class UpdateRoutes {
  private static final Pattern RANGE = Pattern.compile("bytes=([0-9]{1,18})-([0-9]{0,18})");
  private static final Pattern DIRECTOR_ROOT = Pattern.compile("([1-9][0-9]{0,17})\\.root\\.json");

  private final UpdateRepository repository;
  private final Clock clock;
  private final ReleaseFixes fixes;

  /** Release pages that know nothing of what releases fix. */
  public UpdateRoutes(UpdateRepository repository, Clock clock) {
    this(repository, clock, ReleaseFixes.none());
  }

  /** Release pages that show what each release fixes, as {@code fixes} derives it. */
  public UpdateRoutes(UpdateRepository repository, Clock clock, ReleaseFixes fixes) {
    this.repository = Objects.requireNonNull(repository, "repository");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.fixes = Objects.requireNonNull(fixes, "fixes");
  }

  public List<Route> routes() {
    return List.of(
        Route.get("/tuf/{file}", Access.anyone(), this::metadata),
        Route.get("/tuf/targets/<path>", Access.anyone(), this::target),
        Route.get("/api/v1/devices/{serial}/director/{file}", Access.device(), this::director),
        Route.get("/updates/releases", Access.anyStaff(), this::releasesPage),
        Route.get("/updates/releases/{id}", Access.anyStaff(), this::releasePage));
  }

  private void metadata(Context ctx) {
    String file = ctx.pathParam("file");
    byte[] content =
        repository
            .metadata(file)
            .orElseThrow(() -> HttpProblem.notFound("no metadata " + printable(file)));
    serveJson(ctx, content, file.equals("timestamp.json"));
  }

  private void director(Context ctx) {
    String serial = Requests.deviceActingOnItself(ctx).serial();
    String file = ctx.pathParam("file");
    if (file.equals("targets.json")) {
      serveJson(ctx, repository.director().targets(serial), true);
      return;
    }
    Matcher m = DIRECTOR_ROOT.matcher(file);
    if (!m.matches()) {
      throw HttpProblem.notFound("the director serves N.root.json and targets.json only");
    }
    byte[] root =
        repository
            .director()
            .root(Long.parseLong(m.group(1)))
            .orElseThrow(() -> HttpProblem.notFound("no director root " + file));
    serveJson(ctx, root, false);
  }

  private static void serveJson(Context ctx, byte[] content, boolean changing) {
    ctx.header("Cache-Control", changing ? "no-store" : "public, max-age=31536000, immutable");
    ctx.contentType("application/json").result(content);
  }

  /** A target file, whole or from byte N ({@code Range: bytes=N-} → 206, for resuming). */
  private void target(Context ctx) {
    String path = ctx.pathParam("path");
    Path file =
        repository
            .targetFile(path)
            .orElseThrow(() -> HttpProblem.notFound("no target " + printable(path)));
    long length;
    InputStream in;
    try {
      length = Files.size(file);
      in = Files.newInputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read target " + file, e);
    }
    long start = 0;
    long end = length - 1;
    String range = ctx.header("Range");
    Matcher m = range == null ? null : RANGE.matcher(range.strip());
    // RFC 9110 14.2: a Range the server does not understand is ignored (whole file, 200).
    if (m != null && m.matches()) {
      start = Long.parseLong(m.group(1));
      if (!m.group(2).isEmpty()) {
        end = Math.min(end, Long.parseLong(m.group(2)));
      }
      if (start >= length || end < start) {
        close(in);
        ctx.header("Content-Range", "bytes */" + length);
        throw new HttpProblem(
            416, "range-not-satisfiable", "the target has " + length + " bytes; range " + range);
      }
      ctx.status(206);
      ctx.header("Content-Range", "bytes " + start + "-" + end + "/" + length);
    }
    try {
      in.skipNBytes(start);
    } catch (IOException e) {
      close(in);
      throw new UncheckedIOException(e);
    }
    long count = end - start + 1;
    ctx.disableCompression();
    ctx.header("Accept-Ranges", "bytes");
    ctx.header("Cache-Control", "public, max-age=31536000, immutable");
    ctx.header("Content-Length", Long.toString(count));
    ctx.contentType("application/octet-stream");
    ctx.result(new Limited(in, count));
  }

  private static void close(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // nothing more to do
    }
  }

  /** Reads at most {@code left} bytes of a stream. */
  private static final class Limited extends FilterInputStream {
    private long left;

    Limited(InputStream in, long left) {
      super(in);
      this.left = left;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }

  private void releasesPage(Context ctx) {
    List<UpdateRepository.ReleaseDetail> releases = repository.releaseDetails();
    List<UpdateRepository.RoleStatus> roles = repository.roles();
    java.time.Instant now = clock.instant();
    Pages.render(
        ctx,
        "Releases",
        h1("Releases"),
        p(
            "Every release is a target of the TUF image repository: its length and hashes are"
                + " signed by the offline targets keys (threshold below); the hub signs only"
                + " snapshot and timestamp, and re-signs them before they expire."),
        h2("Repository metadata"),
        roles.isEmpty()
            ? p("The image repository has no root yet: run primum release init-repo.")
                .withClass("hint")
                .withId("no-root")
            : table(
                    thead(
                        tr(
                            th("Role"),
                            th("Version"),
                            th("Expires"),
                            th("Threshold"),
                            th("Signed by (key ids)"))),
                    tbody(
                        each(
                            roles,
                            r ->
                                tr(
                                        td(r.role()),
                                        td(Long.toString(r.version())),
                                        td(
                                            span(r.expires().toString())
                                                .withClass(
                                                    r.expires().isAfter(now) ? "" : "alarm high")),
                                        td(
                                            r.threshold()
                                                + " of "
                                                + r.keyIds().size()
                                                + (r.signedBy().size() >= r.threshold()
                                                    ? ""
                                                    : " — NOT MET")),
                                        td(
                                            each(
                                                r.signedBy(),
                                                id ->
                                                    span(code(shortId(id)), span(" "))
                                                        .attr("title", id))))
                                    .withId("role-" + r.role()))))
                .withClass("grid")
                .withId("roles"),
        h2("Published releases"),
        releases.isEmpty()
            ? p("No releases yet: primum release publish adds one.").withClass("hint")
            : table(
                    thead(
                        tr(
                            th("Version"),
                            th("Hardware"),
                            th("Release counter"),
                            th("Target"),
                            th("SHA-256"),
                            th("Published"),
                            th("Notes"))),
                    tbody(
                        each(
                            releases,
                            r ->
                                tr(
                                        td(
                                            a(r.summary().version())
                                                .withHref("/updates/releases/" + r.summary().id())),
                                        td(r.summary().hardwareId()),
                                        td(Long.toString(r.summary().releaseCounter())),
                                        td(
                                            code(r.summary().targetPath()),
                                            span(" (" + r.length() + " bytes)").withClass("muted")),
                                        td(code(shortId(r.sha256()))).attr("title", r.sha256()),
                                        td(
                                            r.summary().publishedAt().toString()
                                                + " by "
                                                + r.publishedBy()),
                                        td(pre(r.summary().notes())))
                                    .withId("release-" + r.summary().id()))))
                .withClass("grid")
                .withId("releases"));
  }

  private void releasePage(Context ctx) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw HttpProblem.notFound("no such release");
    }
    UpdateRepository.ReleaseDetail r =
        repository.releaseDetails().stream()
            .filter(d -> d.summary().id() == id)
            .findFirst()
            .orElseThrow(() -> HttpProblem.notFound("no release " + id));
    ReleaseSummary s = r.summary();
    String name = s.hardwareId() + " " + s.version();
    Pages.render(
        ctx,
        "Release " + name,
        h1("Release " + name),
        dl(
                dt("Hardware"),
                dd(s.hardwareId()),
                dt("Version"),
                dd(s.version()),
                dt("Release counter"),
                dd(Long.toString(s.releaseCounter())),
                dt("Target"),
                dd(code(s.targetPath()), span(" (" + r.length() + " bytes)").withClass("muted")),
                dt("SHA-256"),
                dd(code(r.sha256())),
                dt("Published"),
                dd(s.publishedAt() + " by " + r.publishedBy()),
                dt("SBOM"),
                dd(
                    r.sbomPath().isPresent()
                        ? a("supply chain of " + name).withHref("/supplychain/releases/" + s.id())
                        : text("none published with the release")))
            .withId("release"),
        h2("Release notes (signed)"),
        p("The text the targets keys signed with the image: the authoritative notes, exactly as"
                + " devices and hospitals receive them.")
            .withClass("hint"),
        pre(s.notes()).withId("notes"),
        fixesSection(s, fixes.of(s)));
  }

  private static DomContent fixesSection(ReleaseSummary s, ReleaseFixes.Report report) {
    String name = s.hardwareId() + " " + s.version();
    List<DomContent> content = new ArrayList<>();
    content.add(h2("What this release fixes"));
    content.add(
        p("Derived by the hub when this page is shown, from the published advisories and the"
                + " supply-chain records (SBOMs, vulnerability data, VEX) as they stand now. It is"
                + " not part of the signed release notes above, which stay the authoritative"
                + " text; new vulnerability data or a new advisory changes it.")
            .withClass("hint"));
    List<ReleaseFixes.Item> advisories = report.of(ReleaseFixes.Kind.ADVISORY);
    content.add(h3("Advisories"));
    content.add(
        advisories.isEmpty()
            ? p("No published advisory lists " + name + " as fixed.")
                .withClass("muted")
                .withId("fix-advisories")
            : ul(each(
                    advisories,
                    i ->
                        li(
                            a(i.id()).withHref(i.href()),
                            text(": " + i.title()),
                            text(
                                i.aliases().isEmpty()
                                    ? ""
                                    : " — " + String.join(", ", i.aliases())),
                            span(" (" + i.detail() + ")").withClass("muted"))))
                .withId("fix-advisories"));
    content.add(
        h3(
            report
                .previous()
                .map(
                    p ->
                        "Known vulnerabilities removed since "
                            + p.version()
                            + " (release counter "
                            + p.releaseCounter()
                            + ")")
                .orElse("Known vulnerabilities removed")));
    String comparison;
    if (report.previous().isEmpty()) {
      comparison = "This is the first release of " + s.hardwareId() + ": nothing to compare with.";
    } else if (!report.sbom()) {
      comparison = "This release has no SBOM on record, so nothing can be compared.";
    } else if (!report.previousSbom()) {
      comparison =
          report.previous().get().version() + " has no SBOM on record, so nothing can be compared.";
    } else {
      comparison = "None removed compared with " + report.previous().get().version() + ".";
    }
    content.add(vulnerabilities(report.of(ReleaseFixes.Kind.REMOVED), comparison, "fix-removed"));
    content.add(h3("Still open in this release"));
    content.add(
        vulnerabilities(
            report.of(ReleaseFixes.Kind.STILL_OPEN),
            report.sbom()
                ? "None: no known vulnerability is open in the data in force."
                : "Unknown: this release has no SBOM on record.",
            "fix-open"));
    if (report.cleared() > 0) {
      content.add(
          p(
                  text(
                      report.cleared()
                          + " further known "
                          + (report.cleared() == 1 ? "vulnerability is" : "vulnerabilities are")
                          + " matched but cleared by VEX statements; "),
                  a("see the supply chain").withHref("/supplychain/releases/" + s.id()),
                  text("."))
              .withClass("muted"));
    }
    return section(content.toArray(DomContent[]::new)).withId("fixes");
  }

  private static DomContent vulnerabilities(
      List<ReleaseFixes.Item> items, String none, String elementId) {
    if (items.isEmpty()) {
      return p(none).withClass("muted").withId(elementId);
    }
    return table(
            thead(tr(th("Vulnerability"), th("Severity"), th("Summary"), th("Where"))),
            tbody(
                each(
                    items,
                    i ->
                        tr(
                            td(
                                a(code(i.id())).withHref(i.href()),
                                text(
                                    i.aliases().isEmpty()
                                        ? ""
                                        : " (" + String.join(", ", i.aliases()) + ")")),
                            td(span(i.severity()).withClass("sev " + i.severity())),
                            td(i.title()),
                            td(i.detail())))))
        .withClass("grid")
        .withId(elementId);
  }

  private static String shortId(String id) {
    return id.length() > 16 ? id.substring(0, 16) + "…" : id;
  }

  private static String printable(String value) {
    return org.primum.core.formats.Texts.printable(Optional.ofNullable(value).orElse(""), 80);
  }
}
