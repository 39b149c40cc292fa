package org.primum.hub.disclosure;

import static j2html.TagCreator.a;
import static j2html.TagCreator.button;
import static j2html.TagCreator.code;
import static j2html.TagCreator.dd;
import static j2html.TagCreator.div;
import static j2html.TagCreator.dl;
import static j2html.TagCreator.dt;
import static j2html.TagCreator.each;
import static j2html.TagCreator.form;
import static j2html.TagCreator.h1;
import static j2html.TagCreator.h2;
import static j2html.TagCreator.input;
import static j2html.TagCreator.label;
import static j2html.TagCreator.li;
import static j2html.TagCreator.ol;
import static j2html.TagCreator.option;
import static j2html.TagCreator.p;
import static j2html.TagCreator.pre;
import static j2html.TagCreator.select;
import static j2html.TagCreator.span;
import static j2html.TagCreator.strong;
import static j2html.TagCreator.table;
import static j2html.TagCreator.tbody;
import static j2html.TagCreator.td;
import static j2html.TagCreator.text;
import static j2html.TagCreator.textarea;
import static j2html.TagCreator.th;
import static j2html.TagCreator.thead;
import static j2html.TagCreator.tr;
import static j2html.TagCreator.ul;

import io.javalin.http.Context;
import j2html.tags.DomContent;
import j2html.tags.specialized.InputTag;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.primum.hub.web.Access;
import org.primum.hub.web.Pages;
import org.primum.hub.web.Requests;
import org.primum.hub.web.Route;

/**
 * The public side of disclosure, no account needed: security.txt and the OpenPGP key, the policy,
 * the acknowledgements, the report form, and the finder's view of their case through the tracking
 * token (with messages and the credit choice).
 *
 * <p>Security guarantees: everything shown is escaped by j2html; a refused form is shown again with
 * what the finder typed (only attachments must be chosen again); the form is multipart, read in
 * memory within bounds (attachments never touch the disk in the clear); every token that names no
 * case gets the same 404.
 */
public final class ResearcherPages {
  static final String CASES = "/security/cases/";
  private static final String MULTIPART_CONFIG = "org.eclipse.jetty.multipartConfig";
  private static final int MAX_FIELD_BYTES = 4 * DisclosureReport.MAX_DESCRIPTION + 1024;
  private static final Set<String> FORM_FIELDS =
      Set.of(
          "product",
          "title",
          "description",
          "steps",
          "impact",
          "safety",
          "safetyDetail",
          "contact",
          "credit",
          "creditName",
          "stamp",
          "website");

  /** A field people never see (hidden by the style sheet) and bots fill in. */
  static final String HONEYPOT = "website";

  private final DisclosureService service;
  private final SecurityTxt securityTxt;

  public ResearcherPages(DisclosureService service) {
    this.service = Objects.requireNonNull(service, "service");
    this.securityTxt = new SecurityTxt(service.settings(), service.keys(), service.clock());
  }

  public List<Route> routes() {
    Access anyone = Access.anyone();
    return List.of(
        Route.get(SecurityTxt.PATH, anyone, this::securityTxt),
        Route.get(SecurityTxt.KEY_PATH, anyone, this::publicKey),
        Route.get(SecurityTxt.POLICY_PATH, anyone, this::policy),
        Route.get(SecurityTxt.ACKNOWLEDGEMENTS_PATH, anyone, this::acknowledgements),
        Route.get(SecurityTxt.REPORT_PATH, anyone, ctx -> reportForm(ctx, null, Map.of())),
        Route.post(SecurityTxt.REPORT_PATH, anyone, this::submit),
        Route.get(SecurityTxt.STATUS_PATH, anyone, ctx -> statusForm(ctx, null)),
        Route.post(SecurityTxt.STATUS_PATH, anyone, this::openStatus),
        Route.get(CASES + "{token}", anyone, ctx -> caseView(ctx, null, "")),
        Route.post(CASES + "{token}/messages", anyone, this::message),
        Route.post(CASES + "{token}/credit", anyone, this::credit));
  }

  // ---------------------------------------------------------------- well-known files

  private void securityTxt(Context ctx) {
    // RFC 9116 3: text/plain with charset utf-8.
    ctx.contentType("text/plain; charset=utf-8").result(securityTxt.signed());
  }

  private void publicKey(Context ctx) {
    ctx.contentType("application/pgp-keys; charset=us-ascii")
        .result(service.keys().armoredPublicKey());
  }

  // ---------------------------------------------------------------- policy and acknowledgements

  private void policy(Context ctx) {
    SlaPolicy sla = service.settings().sla();
    String mail = service.settings().contactEmail();
    Pages.render(
        ctx,
        "Vulnerability disclosure policy",
        h1("Vulnerability disclosure policy"),
        p(
            "We make connected medical devices, and we want to hear about any weakness in them,"
                + " their software or this hub before someone else finds it. You do not need an"
                + " account, and you may report anonymously."),
        h2("Safe harbour"),
        p(
            "If you make a good-faith effort to follow this policy, we consider your research"
                + " authorised: we will not take legal action against you or ask anyone else to,"
                + " and we will say so if a third party does. Good faith means:"),
        ul(
            li(
                "you avoid harm to patients above all: never test on a device connected to a"
                    + " patient, or on a production system of a hospital, without the owner's"
                    + " written consent;"),
            li(
                "you avoid privacy violations, and access, keep or share no more data than"
                    + " needed to show the issue; stop and tell us if you meet personal or health"
                    + " data;"),
            li(
                "you do not degrade service for others (no denial of service against"
                    + " production systems, no social engineering, no physical attacks on our"
                    + " premises);"),
            li(
                "you give us a reasonable time to fix the issue before you disclose it, as"
                    + " agreed below.")),
        h2("How to report"),
        p(
            text("Use the "),
            a("report form").withHref(SecurityTxt.REPORT_PATH),
            text(" or the JSON API (POST /api/v1/disclosures), or write to "),
            a(mail).withHref("mailto:" + mail),
            text(". You may encrypt the description to our "),
            a("OpenPGP key").withHref(SecurityTxt.KEY_PATH),
            text(" (fingerprint "),
            code(service.keys().fingerprint()),
            text(
                "). You receive a tracking link at once; it is the only way to your case, so"
                    + " keep it.")),
        h2("What we promise"),
        ol(
            li(
                "We acknowledge your report within "
                    + sla.acknowledgeBusinessDays()
                    + " business days."),
            li(
                "We finish triage within "
                    + sla.triageBusinessDays()
                    + " business days and tell you"
                    + " the outcome: confirmed, not reproducible, duplicate, or out of scope."),
            li(
                "If the issue could harm patients and the risk is not controlled, we inform our"
                    + " customers within "
                    + sla.communicateDays()
                    + " days and release a fix within "
                    + sla.fixDays()
                    + " days of your report, as the FDA's postmarket cybersecurity guidance"
                    + " asks."),
            li(
                "We aim to publish an advisory within "
                    + sla.publishDays()
                    + " days of your report, coordinated with you; we credit you by the name or"
                    + " handle you choose, or not at all if you prefer."),
            li("We keep you informed on your case page, and you can write to us there.")),
        h2("Scope"),
        p(
            "In scope: the products listed on the report form and this hub. Out of scope:"
                + " reports from automated scanners without a demonstrated impact, and issues in"
                + " third-party services we do not operate (we will forward those if we can)."),
        p(a("Acknowledgements").withHref(SecurityTxt.ACKNOWLEDGEMENTS_PATH)));
  }

  private void acknowledgements(Context ctx) {
    List<Acknowledgement> all = service.acknowledgements();
    Pages.render(
        ctx,
        "Acknowledgements",
        h1("Acknowledgements"),
        p(
            "We thank the security researchers who reported vulnerabilities to us and chose to be"
                + " credited."),
        all.isEmpty()
            ? p("No published advisory credits anyone yet.").withClass("muted")
            : table(
                    thead(tr(th("Researcher"), th("Advisory"), th("Product"), th("Published"))),
                    tbody(
                        each(
                            all,
                            ack ->
                                tr(
                                    td(ack.name()),
                                    td(ack.cveId().orElse("Case " + ack.caseId())),
                                    td(ack.hardwareId()),
                                    td(DisclosureHttp.day(ack.publishedAt()))))))
                .withClass("grid")
                .withId("acknowledgements"));
  }

  // ---------------------------------------------------------------- report form

  private void reportForm(Context ctx, DomContent notice, Map<String, String> values) {
    List<Product> products = service.products();
    String chosenProduct = values.getOrDefault("product", "");
    Pages.render(
        ctx,
        "Report a vulnerability",
        h1("Report a vulnerability"),
        p(
            text("No account is needed. Please read the "),
            a("disclosure policy").withHref(SecurityTxt.POLICY_PATH),
            text(" first. Do not include patient data.")),
        notice == null ? div() : notice,
        form(
                label("Product and version").attr("for", "product"),
                select(
                        each(
                            products,
                            product ->
                                each(
                                    versions(product),
                                    version ->
                                        option(Product.describe(product.hardwareId(), version))
                                            .withValue(product.hardwareId() + "|" + version)
                                            .withCondSelected(
                                                chosenProduct.equals(
                                                    product.hardwareId() + "|" + version)))))
                    .withName("product")
                    .withId("product"),
                label("Title").attr("for", "title"),
                input()
                    .withName("title")
                    .withId("title")
                    .attr("maxlength", Integer.toString(DisclosureReport.MAX_TITLE))
                    .withValue(values.getOrDefault("title", ""))
                    .isRequired(),
                label(
                        "Description (plain text, or an ASCII-armoured OpenPGP message encrypted to"
                            + " our key)")
                    .attr("for", "description"),
                textarea(values.getOrDefault("description", ""))
                    .withName("description")
                    .withId("description")
                    .attr("rows", "10")
                    .isRequired(),
                label("Steps to reproduce").attr("for", "steps"),
                textarea(values.getOrDefault("steps", ""))
                    .withName("steps")
                    .withId("steps")
                    .attr("rows", "6"),
                label("Impact").attr("for", "impact"),
                textarea(values.getOrDefault("impact", ""))
                    .withName("impact")
                    .withId("impact")
                    .attr("rows", "4"),
                span("Could it harm a patient?").withClass("label"),
                div(each(
                        List.of(Safety.values()),
                        s ->
                            label(
                                radio(
                                    "safety",
                                    s.name().toLowerCase(Locale.ROOT),
                                    values
                                        .getOrDefault("safety", "unknown")
                                        .equals(s.name().toLowerCase(Locale.ROOT))),
                                text(" " + s.label()))))
                    .withClass("choices"),
                label("How? (optional)").attr("for", "safetyDetail"),
                textarea(values.getOrDefault("safetyDetail", ""))
                    .withName("safetyDetail")
                    .withId("safetyDetail")
                    .attr("rows", "3"),
                label(
                        "Your e-mail address (optional: we tell you when your case moves or we"
                            + " write to you; never your report or token)")
                    .attr("for", "contact"),
                input()
                    .withType("email")
                    .withName("contact")
                    .withId("contact")
                    .withValue(values.getOrDefault("contact", "")),
                span("Credit").withClass("label"),
                div(
                        label(
                            radio("credit", "anonymous", !"named".equals(values.get("credit"))),
                            text(" Do not credit me")),
                        label(
                            radio("credit", "named", "named".equals(values.get("credit"))),
                            text(" Credit me as:")),
                        input()
                            .withName("creditName")
                            .withId("creditName")
                            .attr("maxlength", Integer.toString(Credit.MAX_NAME))
                            .withValue(values.getOrDefault("creditName", "")))
                    .withClass("choices"),
                label(
                        "Attachments (at most "
                            + Attachment.MAX_COUNT
                            + ", 5 MiB each: "
                            + AttachmentTypes.DESCRIPTION
                            + ")")
                    .attr("for", "attachments"),
                input()
                    .withType("file")
                    .withName("attachments")
                    .withId("attachments")
                    .attr("multiple")
                    .attr("accept", ".txt,.log,.pdf,.png,.jpg,.jpeg,.pcap,.pcapng,.zip"),
                div(
                        label("Leave this field empty").attr("for", HONEYPOT),
                        input()
                            .withName(HONEYPOT)
                            .withId(HONEYPOT)
                            .attr("tabindex", "-1")
                            .attr("autocomplete", "off"))
                    .withClass("hp")
                    .attr("aria-hidden", "true"),
                input().withType("hidden").withName("stamp").withValue(service.formStamp()),
                button("Send report").withType("submit").withId("send-report"))
            .withMethod("post")
            .withAction(SecurityTxt.REPORT_PATH)
            .attr("enctype", "multipart/form-data")
            .withClass("stacked wide")
            .withId("report-form"));
  }

  private static List<String> versions(Product product) {
    List<String> out = new ArrayList<>(product.versions());
    java.util.Collections.reverse(out);
    out.add(Product.ANY_VERSION);
    return out;
  }

  private static InputTag radio(String name, String value, boolean checked) {
    return input()
        .withType("radio")
        .withName(name)
        .withValue(value)
        .withId(name + "-" + value)
        .withCondChecked(checked);
  }

  private void submit(Context ctx) {
    String source = Requests.source(ctx);
    Map<String, String> values = Map.of();
    try (DisclosureService.Permit permit = service.enterIntake()) {
      List<DisclosureReports.Upload> uploads = new ArrayList<>();
      values = readMultipart(ctx, uploads);
      service.admitReport(source);
      if (!values.getOrDefault(HONEYPOT, "").isEmpty()) {
        throw DisclosureRefusal.badInput(
            "honeypot",
            "the field \"Leave this field empty\" was filled in; people cannot see it, so the"
                + " report looks automated. If you are a person, clear it and send again");
      }
      service.checkFormStamp(values.get("stamp"));
      DisclosureReport report = DisclosureReports.fromForm(values, uploads);
      DisclosureService.Receipt receipt;
      try {
        receipt = service.submit(report, source);
      } catch (DisclosureRefusal refusal) {
        refused(ctx, refusal, values);
        return;
      }
      receiptPage(ctx, receipt);
    } catch (DisclosureRefusal refusal) {
      service.refusedReport(refusal, source);
      refused(ctx, refusal, values);
    }
  }

  private void refused(Context ctx, DisclosureRefusal refusal, Map<String, String> values) {
    DisclosureHttp.retryAfter(ctx, refusal);
    ctx.status(refusal.kind().status());
    reportForm(
        ctx,
        Pages.notice(
            "error",
            p(strong("Your report was not sent: "), span(refusal.getMessage()).withId("refusal")),
            p(
                values.isEmpty()
                    ? "The hub did not read your form, so it cannot show it again: use your"
                        + " browser's Back button to return to what you typed."
                    : "Everything you typed is still below; attachments must be chosen again."
                        + (refusal.kind() == DisclosureRefusal.Kind.TOO_MANY
                            ? " Keep this page open and send it when the time above has passed."
                            : ""))),
        values);
  }

  /** Reads and discards at most {@code length} bytes of the request body. */
  private static void drain(Context ctx, long length) {
    byte[] buffer = new byte[64 * 1024];
    long left = length;
    try (InputStream in = ctx.req().getInputStream()) {
      int n;
      while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
        left -= n;
      }
    } catch (IOException e) {
      // the client went away: nothing to answer
    }
  }

  /** Reads the multipart form in memory: text fields into the map, files into {@code uploads}. */
  private static Map<String, String> readMultipart(
      Context ctx, List<DisclosureReports.Upload> uploads) throws DisclosureRefusal {
    String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
    if (!type.startsWith("multipart/form-data")) {
      throw new DisclosureRefusal(
          DisclosureRefusal.Kind.UNSUPPORTED_TYPE,
          "unsupported-media-type",
          "expected the report form as multipart/form-data, found "
              + (type.isEmpty() ? "none" : "\"" + type.split(";", 2)[0] + "\"")
              + " (the JSON API is POST /api/v1/disclosures)");
    }
    long length = ctx.req().getContentLengthLong();
    if (length > DisclosureReports.MAX_FORM_BYTES) {
      if (length <= 2L * DisclosureReports.MAX_FORM_BYTES) {
        // A browser sends the whole form before it reads the answer: refusing unread would reset
        // the connection under it and lose the message. Somewhat over the bound, read and discard
        // the rest first; far over it, refuse at once.
        drain(ctx, length);
      }
      throw DisclosureRefusal.tooLarge(
          "body-too-large",
          "expected a report form of at most "
              + DisclosureReports.MAX_FORM_BYTES
              + " bytes (five 5 MiB attachments), found "
              + length);
    }
    // Files stay in memory (the threshold exceeds the largest file accepted), so an attachment
    // never reaches the disk in the clear; Jetty refuses a larger file or body while reading.
    ctx.req()
        .setAttribute(
            MULTIPART_CONFIG,
            new MultipartConfigElement(
                System.getProperty("java.io.tmpdir"),
                Attachment.MAX_BYTES,
                DisclosureReports.MAX_FORM_BYTES,
                Attachment.MAX_BYTES + 1));
    Map<String, String> fields = new HashMap<>();
    try {
      for (Part part : ctx.req().getParts()) {
        if (part.getSubmittedFileName() != null) {
          if (!part.getName().equals("attachments")) {
            continue;
          }
          try (InputStream in = part.getInputStream()) {
            uploads.add(
                new DisclosureReports.Upload(
                    part.getSubmittedFileName(), in.readNBytes(Attachment.MAX_BYTES + 1)));
          }
        } else if (FORM_FIELDS.contains(part.getName())) {
          try (InputStream in = part.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_FIELD_BYTES + 1);
            if (bytes.length > MAX_FIELD_BYTES) {
              throw DisclosureRefusal.tooLarge(
                  "field-too-large",
                  "expected the field "
                      + part.getName()
                      + " to hold at most "
                      + MAX_FIELD_BYTES
                      + " bytes, found more");
            }
            fields.put(part.getName(), new String(bytes, StandardCharsets.UTF_8));
          }
        }
      }
    } catch (IOException | ServletException | RuntimeException e) {
      // Jetty wraps the cause ("max file size exceeded", "max length exceeded") in a 400.
      boolean size = false;
      for (Throwable t = e; t != null && !size; t = t.getCause()) {
        String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        size =
            message.contains("max file size")
                || message.contains("max length")
                || message.contains("too large")
                || message.contains("413");
      }
      throw size
          ? DisclosureRefusal.tooLarge(
              "body-too-large",
              "expected attachments of at most 5 MiB each and a form of at most "
                  + DisclosureReports.MAX_FORM_BYTES
                  + " bytes, found more")
          : DisclosureRefusal.badInput(
              "bad-form", "expected a multipart/form-data report form, found a malformed one");
    }
    return fields;
  }

  private void receiptPage(Context ctx, DisclosureService.Receipt receipt) {
    String base = service.settings().base();
    String url = base + CASES + receipt.token();
    Pages.render(
        ctx,
        "Report received",
        h1("Thank you: report received").withId("receipt-title"),
        p(
            "Your report is case "
                + receipt.caseId()
                + ", received "
                + DisclosureHttp.time(receipt.receivedAt())
                + "."),
        Pages.notice(
            "secret",
            p(strong("Your tracking link (shown only once):")),
            p(a(url).withHref(CASES + receipt.token()).withId("case-link")),
            p(text("Tracking token: "), code(receipt.token()).withId("token")),
            p(
                "Keep it private: whoever holds it can read your case and write to us. We keep"
                    + " only a hash of it, so we cannot show it again or recover it.")),
        h2("What happens next"),
        deadlinesTable(receipt.deadlines()));
  }

  // ---------------------------------------------------------------- the finder's case

  /**
   * The page e-mail to a finder links to: they enter their tracking token (posted, so it stays out
   * of addresses and logs) and are sent on to their case.
   */
  private void statusForm(Context ctx, DomContent notice) {
    List<DomContent> content = new ArrayList<>();
    content.add(h1("Your report's status"));
    if (notice != null) {
      content.add(notice);
    }
    content.add(
        p(
            "Enter the tracking token you were given when you reported. It opens your case: its"
                + " state, our promises, the messages, and where to answer. Keep it private."));
    content.add(
        form(
                label("Tracking token").attr("for", "token"),
                input()
                    .withName("token")
                    .withId("token")
                    .withType("password")
                    .attr("autocomplete", "off")
                    .attr("maxlength", "64")
                    .isRequired(),
                button("Open my case").withType("submit").withId("open-case"))
            .withMethod("post")
            .withAction(SecurityTxt.STATUS_PATH)
            .withClass("stacked"));
    content.add(
        p(
            text(
                "Lost the token? The hub keeps only its hash and cannot show it again; write to "
                    + service.settings().contactEmail()
                    + " quoting your case number.")));
    Pages.render(ctx, "Your report's status", content.toArray(DomContent[]::new));
  }

  private void openStatus(Context ctx) {
    String token = Objects.requireNonNullElse(ctx.formParam("token"), "").strip();
    try {
      service.admitStatus(Requests.source(ctx));
      service.view(token);
    } catch (DisclosureRefusal refusal) {
      DisclosureHttp.retryAfter(ctx, refusal);
      ctx.status(refusal.kind().status());
      statusForm(ctx, Pages.notice("error", p(refusal.getMessage()).withId("refusal")));
      ctx.status(refusal.kind().status());
      return;
    }
    ctx.redirect(CASES + token, io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private void caseView(Context ctx, DomContent notice, String draft) {
    String source = Requests.source(ctx);
    ResearcherView view;
    try {
      service.admitStatus(source);
      view = service.view(ctx.pathParam("token"));
    } catch (DisclosureRefusal refusal) {
      throw DisclosureHttp.problem(ctx, refusal);
    }
    String base = CASES + ctx.pathParam("token");
    List<DomContent> content = new ArrayList<>();
    content.add(h1("Case " + view.id() + ": " + view.title()).withId("case-title"));
    if (notice != null) {
      content.add(notice);
    }
    content.add(
        p(
                text("State "),
                span(view.state().label()).withClass("badge degraded").withId("case-state"),
                text(" " + view.state().forResearcher()))
            .withClass("summary"));
    content.add(
        dl(
            dt("Product"),
            dd(view.product()),
            dt("Received"),
            dd(DisclosureHttp.time(view.receivedAt())),
            dt("Attachments"),
            dd(view.attachments().isEmpty() ? "none" : String.join(", ", view.attachments())),
            dt("CVE"),
            dd(view.cveId().orElse("not assigned yet")),
            dt("Fixed in"),
            dd(view.fixedIn().orElse("not yet"))));
    content.add(h2("Our promises"));
    content.add(deadlinesTable(view.deadlines()));
    content.add(h2("History"));
    content.add(
        ul(each(view.history(), h -> li(DisclosureHttp.time(h.at()) + " — " + h.state().label())))
            .withId("case-history"));
    content.add(h2("Messages"));
    if (view.thread().isEmpty()) {
      content.add(p("No messages yet.").withClass("muted"));
    }
    for (ResearcherView.ThreadMessage m : view.thread()) {
      content.add(
          div(p(strong(m.author()), text(" · " + DisclosureHttp.time(m.at()))), pre(m.body()))
              .withClass("message"));
    }
    if (view.state().isOpen()) {
      content.add(
          form(
                  label("Write to the product-security team").attr("for", "message-body"),
                  textarea(draft).withName("body").withId("message-body").attr("rows", "5"),
                  button("Send message").withType("submit").withId("send-message"))
              .withMethod("post")
              .withAction(base + "/messages")
              .withClass("stacked wide"));
    }
    content.add(h2("Credit"));
    content.add(p("Currently: " + view.credit().describe()).withId("credit-now"));
    content.add(
        form(
                label(
                    radio("credit", "anonymous", view.credit().isAnonymous()),
                    text(" Do not credit me")),
                label(
                    radio("credit", "named", !view.credit().isAnonymous()), text(" Credit me as:")),
                input()
                    .withName("creditName")
                    .withId("creditName")
                    .attr("maxlength", Integer.toString(Credit.MAX_NAME))
                    .withValue(view.credit().name().orElse("")),
                button("Save credit choice").withType("submit").withId("save-credit"))
            .withMethod("post")
            .withAction(base + "/credit")
            .withClass("stacked"));
    Pages.render(ctx, "Case " + view.id(), content.toArray(DomContent[]::new));
  }

  private static DomContent deadlinesTable(List<SlaPolicy.Deadline> deadlines) {
    return table(
            thead(tr(th("Step"), th("Due"), th("Status"))),
            tbody(
                each(
                    deadlines,
                    d ->
                        tr(td(d.step().label()), td(DisclosureHttp.time(d.due())), td(status(d)))
                            .withCondClass(d.overdue(), "overdue"))))
        .withClass("grid")
        .withId("deadlines");
  }

  static String status(SlaPolicy.Deadline d) {
    return switch (d.status()) {
      case PENDING -> "pending";
      case OVERDUE -> "overdue";
      case MET -> "done " + DisclosureHttp.time(d.doneAt().orElseThrow());
      case MISSED -> "done late " + DisclosureHttp.time(d.doneAt().orElseThrow());
    };
  }

  private void message(Context ctx) {
    String token = ctx.pathParam("token");
    String body = Objects.requireNonNullElse(ctx.formParam("body"), "");
    try {
      service.admitStatus(Requests.source(ctx));
      service.postResearcherMessage(token, body, Requests.source(ctx));
    } catch (DisclosureRefusal refusal) {
      if (refusal.kind() == DisclosureRefusal.Kind.NOT_FOUND) {
        throw DisclosureHttp.problem(ctx, refusal);
      }
      DisclosureHttp.retryAfter(ctx, refusal);
      ctx.status(refusal.kind().status());
      caseViewAfterRefusal(ctx, refusal, body);
      return;
    }
    ctx.redirect(CASES + token, io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private void credit(Context ctx) {
    String token = ctx.pathParam("token");
    try {
      service.admitStatus(Requests.source(ctx));
      Credit credit;
      try {
        credit =
            "named".equals(ctx.formParam("credit"))
                ? Credit.as(ctx.formParam("creditName"))
                : Credit.anonymous();
      } catch (IllegalArgumentException e) {
        throw DisclosureRefusal.badInput("credit-invalid", e.getMessage());
      }
      service.changeCredit(token, credit, Requests.source(ctx));
    } catch (DisclosureRefusal refusal) {
      if (refusal.kind() == DisclosureRefusal.Kind.NOT_FOUND) {
        throw DisclosureHttp.problem(ctx, refusal);
      }
      DisclosureHttp.retryAfter(ctx, refusal);
      ctx.status(refusal.kind().status());
      caseViewAfterRefusal(ctx, refusal, "");
      return;
    }
    ctx.redirect(CASES + token, io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private void caseViewAfterRefusal(Context ctx, DisclosureRefusal refusal, String draft) {
    int status = ctx.statusCode();
    if (refusal.kind() == DisclosureRefusal.Kind.TOO_MANY) {
      // The view itself would be refused too: show the refusal with the draft kept.
      Pages.render(
          ctx,
          "Too many requests",
          h1("Please wait"),
          Pages.notice("error", p(refusal.getMessage())),
          p("Your message was not sent; here it is to copy:"),
          pre(draft));
      return;
    }
    caseView(ctx, Pages.notice("error", p(refusal.getMessage()).withId("refusal")), draft);
    ctx.status(status);
  }
}
