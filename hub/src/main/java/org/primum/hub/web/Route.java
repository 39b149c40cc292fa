package org.primum.hub.web;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.Objects;

/**
 * One HTTP route: method, path, who may call it, and what it does. The hub's complete route table
 * is a list of these, so tests can walk every route.
 */
public record Route(HandlerType method, String path, Access access, Handler handler) {
  public Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(access, "every route must state who may call it");
    Objects.requireNonNull(handler, "handler");
  }

  public static Route get(String path, Access access, Handler handler) {
    return new Route(HandlerType.GET, path, access, handler);
  }

  public static Route post(String path, Access access, Handler handler) {
    return new Route(HandlerType.POST, path, access, handler);
  }

  @Override
  public String toString() {
    return method + " " + path + " (" + access + ")";
  }
}
