package org.primum.hub.advisories;

import static j2html.TagCreator.a;
import static j2html.TagCreator.each;
import static j2html.TagCreator.h1;
import static j2html.TagCreator.li;
import static j2html.TagCreator.p;
import static j2html.TagCreator.ul;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.primum.hub.web.Access;
import org.primum.hub.web.HttpProblem;
import org.primum.hub.web.Pages;
import org.primum.hub.web.Route;

/**
 * The anonymous routes of the CSAF provider directory (CSAF 2.0 7.1): served over the hub's TLS
 * port (7.1.3), directly and without redirects (7.1.6), TLP:WHITE only (7.1.4); TLP:GREEN, AMBER
 * and RED advisories are never in it (7.1.5).
 */
public final class ProviderRoutes {
  private static final Pattern YEAR = Pattern.compile("[0-9]{4}");

  private final ProviderDirectory directory;

  public ProviderRoutes(ProviderDirectory directory) {
    this.directory = Objects.requireNonNull(directory, "directory");
  }

  public List<Route> routes() {
    String white = ProviderDirectory.DIRECTORY;
    return List.of(
        // CSAF 2.0 7.1.9: the well-known URL of provider-metadata.json
        Route.get(ProviderDirectory.METADATA, Access.anyone(), this::metadata),
        Route.get(ProviderDirectory.KEYS + "{file}", Access.anyone(), this::key),
        Route.get(white.substring(0, white.length() - 1), Access.anyone(), this::listing),
        Route.get(white + "{file}", Access.anyone(), this::top),
        Route.get(white + "{year}/{file}", Access.anyone(), this::document));
  }

  private void metadata(Context ctx) {
    ctx.contentType("application/json").result(directory.providerMetadata());
  }

  private void key(Context ctx) {
    ProviderDirectory.File key =
        directory
            .key(ctx.pathParam("file"))
            .orElseThrow(() -> HttpProblem.notFound("no such OpenPGP key"));
    ctx.contentType(key.contentType()).result(key.content());
  }

  /** CSAF 2.0 7.1.14: a listing of the TLP:WHITE directory. */
  private void listing(Context ctx) {
    List<String> entries = new ArrayList<>();
    entries.add(ProviderDirectory.INDEX);
    entries.add(ProviderDirectory.CHANGES);
    entries.add(ProviderDirectory.FEED);
    directory.years().forEach(y -> entries.add(y + "/"));
    list(ctx, ProviderDirectory.DIRECTORY, entries, false);
  }

  private void top(Context ctx) {
    String file = ctx.pathParam("file");
    switch (file) {
      case ProviderDirectory.INDEX ->
          ctx.contentType("text/plain; charset=utf-8")
              .result(directory.index().getBytes(StandardCharsets.UTF_8));
      case ProviderDirectory.CHANGES ->
          ctx.contentType("text/csv; charset=utf-8")
              .result(directory.changes().getBytes(StandardCharsets.UTF_8));
      case ProviderDirectory.FEED -> ctx.contentType("application/json").result(directory.feed());
      default -> {
        if (!YEAR.matcher(file).matches() || !directory.years().contains(file)) {
          throw HttpProblem.notFound("no such file in the CSAF directory");
        }
        list(ctx, ProviderDirectory.DIRECTORY + file + "/", directory.files(file), true);
      }
    }
  }

  private void document(Context ctx) {
    String year = ctx.pathParam("year");
    if (!YEAR.matcher(year).matches()) {
      throw HttpProblem.notFound("no such file in the CSAF directory");
    }
    ProviderDirectory.File file =
        directory
            .file(year, ctx.pathParam("file"))
            .orElseThrow(() -> HttpProblem.notFound("no such file in the CSAF directory"));
    ctx.contentType(file.contentType()).result(file.content());
  }

  private static void list(Context ctx, String path, List<String> entries, boolean up) {
    Pages.render(
        ctx,
        "Index of " + path,
        h1("Index of " + path),
        p(
            a("provider-metadata.json").withHref(ProviderDirectory.METADATA),
            j2html.TagCreator.text(" describes this CSAF 2.0 trusted provider.")),
        ul(
            up ? li(a("../").withHref(parent(path))) : j2html.TagCreator.text(""),
            each(entries, e -> li(a(e).withHref(path + e)))));
  }

  private static String parent(String path) {
    String trimmed = path.substring(0, path.length() - 1);
    return trimmed.substring(0, trimmed.lastIndexOf('/') + 1);
  }
}
