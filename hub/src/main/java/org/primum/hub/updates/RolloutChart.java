package org.primum.hub.updates;

import static j2html.TagCreator.tag;

import j2html.tags.ContainerTag;
import j2html.tags.DomContent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The chart over time of a rollout's devices per state: inline SVG rendered on the server, with no
 * script and no style attribute (the hub's CSP allows neither), only SVG presentation attributes.
 */
final class RolloutChart {
  /** One line of the chart: the states it adds up, its label and colour. */
  record Series(String label, Set<RolloutDeviceState> states, String colour) {
    int count(RolloutDetail.Point point) {
      return states.stream().mapToInt(s -> point.counts().getOrDefault(s, 0)).sum();
    }
  }

  static final List<Series> SERIES =
      List.of(
          new Series("assigned", Set.of(RolloutDeviceState.ASSIGNED), "#6b7280"),
          new Series(
              "downloading",
              Set.of(RolloutDeviceState.DOWNLOADING, RolloutDeviceState.DOWNLOADED),
              "#2563eb"),
          new Series(
              "waiting for therapy to end",
              Set.of(RolloutDeviceState.WAITING_FOR_THERAPY),
              "#d97706"),
          new Series(
              "installed",
              Set.of(RolloutDeviceState.INSTALLING, RolloutDeviceState.INSTALLED),
              "#7c3aed"),
          new Series("healthy", Set.of(RolloutDeviceState.HEALTHY), "#16a34a"),
          new Series("rolled back", Set.of(RolloutDeviceState.ROLLED_BACK), "#dc2626"),
          new Series(
              "failed", Set.of(RolloutDeviceState.FAILED, RolloutDeviceState.REFUSED), "#7f1d1d"));

  private static final int WIDTH = 720;
  private static final int HEIGHT = 260;
  private static final int LEFT = 40;
  private static final int RIGHT = 180;
  private static final int TOP = 12;
  private static final int BOTTOM = 28;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private RolloutChart() {}

  static DomContent render(List<RolloutDetail.Point> points, int devices) {
    int max = Math.max(1, devices);
    int plotWidth = WIDTH - LEFT - RIGHT;
    int plotHeight = HEIGHT - TOP - BOTTOM;
    ContainerTag<?> svg =
        el("svg")
            .attr("xmlns", "http://www.w3.org/2000/svg")
            .attr("viewBox", "0 0 " + WIDTH + " " + HEIGHT)
            .attr("width", WIDTH)
            .attr("height", HEIGHT)
            .attr("role", "img")
            .attr("aria-labelledby", "rollout-chart-title")
            .withId("rollout-chart");
    svg.with(el("title").withText("Devices per state over time").withId("rollout-chart-title"));
    svg.with(
        line(LEFT, TOP, LEFT, TOP + plotHeight),
        line(LEFT, TOP + plotHeight, LEFT + plotWidth, TOP + plotHeight));
    svg.with(text(LEFT - 6, TOP + 10, Integer.toString(max), "end"));
    svg.with(text(LEFT - 6, TOP + plotHeight, "0", "end"));
    if (!points.isEmpty()) {
      svg.with(
          text(LEFT, HEIGHT - 8, TIME.format(points.get(0).at()), "start"),
          text(
              LEFT + plotWidth,
              HEIGHT - 8,
              TIME.format(points.get(points.size() - 1).at()),
              "end"));
    }
    int n = Math.max(1, points.size() - 1);
    for (Series series : SERIES) {
      StringBuilder coordinates = new StringBuilder();
      for (int i = 0; i < points.size(); i++) {
        double x = LEFT + plotWidth * (double) i / n;
        double y = TOP + plotHeight - plotHeight * (double) series.count(points.get(i)) / max;
        coordinates.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      svg.with(
          el("polyline")
              .attr("points", coordinates.toString().strip())
              .attr("fill", "none")
              .attr("stroke", series.colour())
              .attr("stroke-width", "2")
              .attr("data-series", series.label()));
    }
    int legendX = WIDTH - RIGHT + 16;
    for (int i = 0; i < SERIES.size(); i++) {
      Series series = SERIES.get(i);
      int y = TOP + 8 + i * 20;
      int last = points.isEmpty() ? 0 : series.count(points.get(points.size() - 1));
      svg.with(
          el("rect")
              .attr("x", legendX)
              .attr("y", y - 9)
              .attr("width", 12)
              .attr("height", 12)
              .attr("fill", series.colour()),
          text(legendX + 18, y + 1, series.label() + " (" + last + ")", "start"));
    }
    return svg;
  }

  private static ContainerTag<?> el(String name) {
    return tag(name);
  }

  private static DomContent line(int x1, int y1, int x2, int y2) {
    return el("line")
        .attr("x1", x1)
        .attr("y1", y1)
        .attr("x2", x2)
        .attr("y2", y2)
        .attr("stroke", "#9ca3af")
        .attr("stroke-width", "1");
  }

  private static DomContent text(int x, int y, String value, String anchor) {
    return el("text")
        .attr("x", x)
        .attr("y", y)
        .attr("font-size", "11")
        .attr("fill", "currentColor")
        .attr("text-anchor", anchor)
        .withText(value);
  }

  static String time(Instant at) {
    return TIME.format(at);
  }
}
