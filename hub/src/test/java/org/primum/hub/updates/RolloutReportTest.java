package org.primum.hub.updates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The device update report and the plan and window parsers refuse bad input with the reason. */
class RolloutReportTest {
  private static RolloutReport parse(String json) throws RolloutRefusal {
    return RolloutReport.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aWellFormedReport_isParsed() throws Exception {
    RolloutReport report =
        parse(
            "{\"phase\":\"WAITING_FOR_THERAPY\",\"target\":\"firmware/rp-1/primum-rp1-0.2.0.fw\","
                + "\"version\":\"0.2.0\",\"releaseCounter\":2,\"detail\":\"infusion running\","
                + "\"deviceTime\":\"2026-11-22T19:00:00Z\"}");
    assertThat(report.phase()).isEqualTo(RolloutDeviceState.WAITING_FOR_THERAPY);
    assertThat(report.deviceTime()).contains(Instant.parse("2026-11-22T19:00:00Z"));
    assertThat(report.detail()).isEqualTo("infusion running");
  }

  @Test
  void badReports_areRefused_sayingWhatWasExpected() {
    String ok = "\"target\":\"t\",\"version\":\"0.2.0\",\"releaseCounter\":2";
    record Case(String json, String message) {}
    List<Case> cases =
        List.of(
            new Case(
                "{\"phase\":\"EXPLODED\"," + ok + "}",
                "unknown phase \"EXPLODED\"; expected one of ASSIGNED, DOWNLOADING, DOWNLOADED,"
                    + " WAITING_FOR_THERAPY, INSTALLING, INSTALLED, HEALTHY, ROLLED_BACK, FAILED,"
                    + " REFUSED"),
            new Case("{\"phase\":\"PENDING\"," + ok + "}", "unknown phase \"PENDING\""),
            new Case("{\"phase\":\"healthy\"," + ok + "}", "unknown phase \"healthy\""),
            new Case("{" + ok + "}", "the update report needs \"phase\""),
            new Case("{\"phase\":\"HEALTHY\",\"extra\":1," + ok + "}", "unknown field \"extra\""),
            new Case(
                "{\"phase\":\"HEALTHY\",\"target\":\"t\",\"version\":\"0.2.0\",\"releaseCounter\":0}",
                "releaseCounter must be positive, found 0"),
            new Case(
                "{\"phase\":\"HEALTHY\",\"target\":\"t\",\"version\":\"0.2.0\",\"releaseCounter\":\"2\"}",
                "releaseCounter must be a positive whole number"),
            new Case(
                "{\"phase\":\"HEALTHY\",\"target\":\"t\",\"version\":\"0.2.0\",\"releaseCounter\":2.5}",
                "releaseCounter must be a positive whole number"),
            new Case(
                "{\"phase\":\"HEALTHY\"," + ok + ",\"deviceTime\":\"yesterday\"}",
                "deviceTime must be an ISO-8601 instant"),
            new Case(
                "{\"phase\":\"HEALTHY\"," + ok + ",\"detail\":\"a\\u0007b\"}",
                "detail must not contain control characters"),
            new Case(
                "{\"phase\":\"HEALTHY\"," + ok + ",\"detail\":\"" + "x".repeat(1001) + "\"}",
                "detail must be at most 1000 characters, found 1001"),
            new Case("[1]", "expected a JSON object"),
            new Case("{\"phase\":\"HEALTHY\",\"phase\":\"FAILED\"," + ok + "}", "not valid JSON"),
            new Case("{\"phase\":\"HEALTHY\"," + ok + ",\"version\":\"<b>\"}", "not valid JSON"));
    List<String> failures = new java.util.ArrayList<>();
    for (Case c : cases) {
      try {
        parse(c.json());
        failures.add(c.json() + ": accepted");
      } catch (RolloutRefusal e) {
        if (!e.getMessage().contains(c.message()) || e.kind() != RolloutRefusal.Kind.BAD_INPUT) {
          failures.add(c.json() + ": " + e.getMessage());
        }
      }
    }
    assertThat(failures).isEmpty();
    assertThatThrownBy(() -> RolloutReport.parse(new byte[RolloutReport.MAX_BYTES + 1]))
        .hasMessageContaining("at most 4096 bytes");
  }

  @Test
  void aRefusalAtTheCheck_mayNameNoRelease_butNothingElseMay() throws Exception {
    // What the device kit sends when it refuses the metadata itself (UpdateStatus.toReport()).
    RolloutReport sent =
        parse(
            "{\"phase\":\"REFUSED\",\"target\":\"\",\"version\":\"\",\"releaseCounter\":0,"
                + "\"detail\":\"timestamp.json expired\",\"deviceTime\":\"2026-11-22T19:00:00Z\"}");
    assertThat(sent.namesRelease()).isFalse();
    assertThat(sent.phase()).isEqualTo(RolloutDeviceState.REFUSED);
    assertThat(sent.detail()).isEqualTo("timestamp.json expired");
    RolloutReport bare = parse("{\"phase\":\"REFUSED\",\"detail\":\"root expired\"}");
    assertThat(bare.namesRelease()).isFalse();
    assertThat(
            parse(
                    "{\"phase\":\"REFUSED\",\"target\":\"t\",\"version\":\"0.2.0\","
                        + "\"releaseCounter\":2}")
                .namesRelease())
        .isTrue();

    record Case(String json, String message) {}
    List<Case> cases =
        List.of(
            // success or progress must always say which release
            new Case(
                "{\"phase\":\"HEALTHY\",\"target\":\"\",\"version\":\"\",\"releaseCounter\":0}",
                "target must not be empty"),
            new Case("{\"phase\":\"HEALTHY\"}", "the update report needs \"target\""),
            new Case("{\"phase\":\"FAILED\"}", "the update report needs \"target\""),
            // a refusal naming part of a release is checked as naming it
            new Case(
                "{\"phase\":\"REFUSED\",\"target\":\"\",\"version\":\"0.2.0\",\"releaseCounter\":2}",
                "target must not be empty"),
            new Case(
                "{\"phase\":\"REFUSED\",\"target\":\"\",\"version\":\"\",\"releaseCounter\":-1}",
                "target must not be empty"),
            new Case(
                "{\"phase\":\"REFUSED\",\"target\":3,\"version\":\"\",\"releaseCounter\":0}",
                "target must be a string"),
            new Case(
                "{\"phase\":\"REFUSED\",\"detail\":\"a\\u0007b\"}",
                "detail must not contain control characters"));
    List<String> failures = new java.util.ArrayList<>();
    for (Case c : cases) {
      try {
        parse(c.json());
        failures.add(c.json() + ": accepted");
      } catch (RolloutRefusal e) {
        if (!e.getMessage().contains(c.message())) {
          failures.add(c.json() + ": " + e.getMessage());
        }
      }
    }
    assertThat(failures).isEmpty();
    assertThatThrownBy(
            () ->
                new RolloutReport(
                    RolloutDeviceState.HEALTHY, "", "", 0, "", Optional.<Instant>empty()))
        .hasMessageContaining("only a refusal may name no release");
  }

  @Test
  void plans_refuseWavesThatDoNotAddUp() {
    assertThat(RolloutPlan.parse(Optional.of("1, 10,50,100"), Optional.empty()).percentages())
        .containsExactly(1, 10, 50, 100);
    assertThat(RolloutPlan.parse(Optional.empty(), Optional.empty()))
        .isEqualTo(RolloutPlan.defaults());
    assertThatThrownBy(() -> RolloutPlan.parse(Optional.of("10,5,100"), Optional.empty()))
        .hasMessageContaining("strictly increasing");
    assertThatThrownBy(() -> RolloutPlan.parse(Optional.of("1,10,50"), Optional.empty()))
        .hasMessageContaining("must reach 100 %");
    assertThatThrownBy(() -> RolloutPlan.parse(Optional.of("1,,100"), Optional.empty()))
        .hasMessageContaining("without empty items");
    assertThatThrownBy(() -> RolloutPlan.parse(Optional.of("one"), Optional.empty()))
        .hasMessageContaining("cumulative percentages");
    assertThatThrownBy(() -> RolloutPlan.parse(Optional.of("100"), Optional.of("Ward-A")))
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> RolloutPlan.parse(Optional.empty(), Optional.of("Ward-A,Ward-A")))
        .hasMessageContaining("one wave only");
    assertThatThrownBy(() -> RolloutPlan.defaults().withThresholds(101, 5, 0))
        .hasMessageContaining("success threshold is a percentage 0-100, found 101");
  }

  @Test
  void windows_spanMidnight_andRefuseNonsense() {
    RolloutWindow night = RolloutWindow.parse("22:00-02:00", "UTC");
    assertThat(night.isOpen(Instant.parse("2026-11-22T23:30:00Z"))).isTrue();
    assertThat(night.isOpen(Instant.parse("2026-11-22T01:59:00Z"))).isTrue();
    assertThat(night.isOpen(Instant.parse("2026-11-22T02:00:00Z"))).isFalse();
    assertThat(night.isOpen(Instant.parse("2026-11-22T21:59:59Z"))).isFalse();
    RolloutWindow berlin = RolloutWindow.parse("02:00-04:00", "Europe/Berlin");
    assertThat(berlin.isOpen(Instant.parse("2026-07-01T00:30:00Z"))).isTrue(); // CEST, UTC+2
    assertThat(berlin.isOpen(Instant.parse("2026-12-01T00:30:00Z"))).isFalse(); // CET, UTC+1
    assertThatThrownBy(() -> RolloutWindow.parse("2-4", "UTC")).hasMessageContaining("HH:MM");
    assertThatThrownBy(() -> RolloutWindow.parse("02:00-02:00", "UTC"))
        .hasMessageContaining("same time");
    assertThatThrownBy(() -> RolloutWindow.parse("02:00-04:00", "Mars/Olympus"))
        .hasMessageContaining("time zone id");
  }

  @Test
  void randomAndMutatedBodies_areParsedOrRefused_neverThrowOtherwise() {
    java.util.Random random = new java.util.Random(4);
    byte[] seed =
        ("{\"phase\":\"HEALTHY\",\"target\":\"firmware/rp-1/a.fw\",\"version\":\"0.2.0\","
                + "\"releaseCounter\":2,\"detail\":\"ok\",\"deviceTime\":\"2026-11-22T19:00:00Z\"}")
            .getBytes(StandardCharsets.UTF_8);
    List<String> failures = new java.util.ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      byte[] body;
      if (i % 2 == 0) {
        body = seed.clone();
        for (int m = 0; m <= random.nextInt(4); m++) {
          body[random.nextInt(body.length)] = (byte) random.nextInt(256);
        }
      } else {
        body = new byte[random.nextInt(64)];
        random.nextBytes(body);
      }
      try {
        RolloutReport.parse(body);
      } catch (RolloutRefusal expected) {
        // refused with a reason: fine
      } catch (RuntimeException e) {
        failures.add(new String(body, StandardCharsets.ISO_8859_1) + ": " + e);
      }
    }
    assertThat(failures).isEmpty();
  }
}
