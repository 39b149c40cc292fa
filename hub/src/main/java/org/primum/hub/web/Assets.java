package org.primum.hub.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The hub's two static files, served by explicit public routes so the route table stays complete.
 */
public final class Assets {
  private Assets() {}

  public static List<Route> routes() {
    return List.of(
        asset("/assets/primum.css", "primum.css", "text/css; charset=utf-8"),
        asset("/assets/fleet.js", "fleet.js", "text/javascript; charset=utf-8"),
        Route.get("/favicon.ico", Access.anyone(), ctx -> ctx.status(204)));
  }

  private static Route asset(String path, String resource, String contentType) {
    byte[] content = load(resource);
    return Route.get(
        path,
        Access.anyone(),
        ctx -> {
          ctx.header("Cache-Control", "public, max-age=300");
          ctx.contentType(contentType).result(content);
        });
  }

  private static byte[] load(String resource) {
    try (InputStream in = Assets.class.getResourceAsStream("assets/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("missing hub asset " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
