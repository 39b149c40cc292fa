package org.primum.hub.disclosure;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.primum.hub.web.HttpProblem;

/** What the disclosure routes and pages share: refusals as HTTP, times, JSON shapes. */
final class DisclosureHttp {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);

  private DisclosureHttp() {}

  /** The HTTP form of a refusal; sets Retry-After (RFC 9110 10.2.3) when the refusal has one. */
  static HttpProblem problem(Context ctx, DisclosureRefusal refusal) {
    retryAfter(ctx, refusal);
    return new HttpProblem(refusal.kind().status(), refusal.code(), refusal.getMessage());
  }

  static void retryAfter(Context ctx, DisclosureRefusal refusal) {
    refusal
        .retryAfter()
        .ifPresent(
            d ->
                ctx.header("Retry-After", Long.toString(Math.max(1, (d.toMillis() + 999) / 1000))));
  }

  static String time(Instant at) {
    return TIME.format(at);
  }

  static String day(Instant at) {
    return DAY.format(at);
  }

  /** The path's case id, or a 400 naming what was expected. */
  static long id(Context ctx, String param) {
    try {
      return Long.parseLong(ctx.pathParam(param));
    } catch (NumberFormatException e) {
      throw HttpProblem.badRequest("bad-id", "expected a number in the path, found something else");
    }
  }

  static Map<String, Object> deadline(SlaPolicy.Deadline d) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("step", d.step().name());
    out.put("label", d.step().label());
    out.put("due", d.due().toString());
    out.put("status", d.status().name());
    out.put("doneAt", d.doneAt().map(Instant::toString).orElse(null));
    return out;
  }

  /** The finder's view as JSON: nothing of other cases, no internal notes, no staff names. */
  static Map<String, Object> json(ResearcherView view) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("case", view.id());
    out.put("title", view.title());
    out.put("product", view.hardwareId());
    out.put("version", view.version());
    out.put("state", view.state().name());
    out.put("stateDescription", view.state().forResearcher());
    out.put("receivedAt", view.receivedAt().toString());
    out.put("deadlines", view.deadlines().stream().map(DisclosureHttp::deadline).toList());
    out.put(
        "history",
        view.history().stream()
            .map(h -> Map.of("state", h.state().name(), "at", h.at().toString()))
            .toList());
    out.put(
        "messages",
        view.thread().stream()
            .map(m -> Map.of("from", m.author(), "body", m.body(), "at", m.at().toString()))
            .toList());
    out.put("credit", view.credit().name().orElse(null));
    out.put("attachments", view.attachments());
    out.put("cve", view.cveId().orElse(null));
    out.put("fixedIn", view.fixedIn().orElse(null));
    return out;
  }

  static List<Map<String, Object>> deadlines(List<SlaPolicy.Deadline> deadlines) {
    return deadlines.stream().map(DisclosureHttp::deadline).toList();
  }
}
