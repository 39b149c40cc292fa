package org.primum.hub.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The anonymous intake under abuse: bots, bad files, oversized and malformed bodies, floods. Each
 * refusal says why, keeps what a person typed, and leaves no case and no file behind.
 */
class DisclosureAbuseTest {
  @TempDir Path dir;
  private DisclosureHttpBed bed;

  @AfterEach
  void stop() {
    if (bed != null) {
      bed.close();
    }
  }

  private static final String TYPED = "The parser overflows on a long drug name.";

  @Test
  void formChecks_refuseBotsBadFilesAndBadBodies_keepingWhatWasTyped() throws Exception {
    bed = new DisclosureHttpBed(dir, IntakeLimits.defaults().withRates(1000, 1000));

    HttpResponse<String> tooFast =
        bed.postReport(bed.fillForm(Map.of(), Duration.ofMillis(1200)), List.of());
    assertThat(tooFast.statusCode()).isEqualTo(400);
    assertThat(tooFast.body())
        .contains(
            "expected the report form to be sent at least 3.0 s after it was opened, found 1.2 s")
        .contains(TYPED)
        .contains("value=\"Drug library overflow\"");

    HttpResponse<String> honeypot =
        bed.postReport(
            bed.fillForm(Map.of("website", "http://spam.example"), Duration.ofSeconds(20)),
            List.of());
    assertThat(honeypot.statusCode()).isEqualTo(400);
    assertThat(honeypot.body())
        .contains("the field &quot;Leave this field empty&quot; was filled in")
        .contains(TYPED);

    HttpResponse<String> forgedStamp =
        bed.postReport(
            bed.fillForm(
                Map.of("stamp", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), Duration.ofSeconds(20)),
            List.of());
    assertThat(forgedStamp.statusCode()).isEqualTo(400);
    assertThat(forgedStamp.body()).contains("found one it did not issue");
    Map<String, String> noStamp = new HashMap<>(bed.fillForm(Map.of(), Duration.ofSeconds(20)));
    noStamp.remove("stamp");
    assertThat(bed.postReport(noStamp, List.of()).body())
        .contains("timestamp as this hub issued it, found none");

    HttpResponse<String> stale =
        bed.postReport(bed.fillForm(Map.of(), Duration.ofHours(25)), List.of());
    assertThat(stale.statusCode()).isEqualTo(400);
    assertThat(stale.body()).contains("within 24 hours of opening it, found 1500 minutes");

    HttpResponse<String> exe =
        bed.postReport(
            bed.fillForm(Map.of(), Duration.ofSeconds(20)),
            List.of(new DisclosureHttpBed.File("poc.txt", DisclosureFixtures.EXE)));
    assertThat(exe.statusCode()).isEqualTo(415);
    assertThat(exe.body())
        .contains("found bytes starting 4D 5A 90 00")
        .contains("attachments must be chosen again");

    List<DisclosureHttpBed.File> six = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      six.add(
          new DisclosureHttpBed.File(
              "n" + i + ".txt", ("note " + i).getBytes(StandardCharsets.UTF_8)));
    }
    HttpResponse<String> tooMany =
        bed.postReport(bed.fillForm(Map.of(), Duration.ofSeconds(20)), six);
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(tooMany.body()).contains("expected at most 5 attachments, found 6");

    byte[] big = new byte[Attachment.MAX_BYTES + 1024];
    Arrays.fill(big, (byte) 'a');
    HttpResponse<String> huge =
        bed.postReport(
            bed.fillForm(Map.of(), Duration.ofSeconds(20)),
            List.of(new DisclosureHttpBed.File("big.txt", big)));
    assertThat(huge.statusCode()).isEqualTo(413);
    assertThat(huge.body()).contains("attachments of at most 5 MiB each");

    byte[] almost = new byte[Attachment.MAX_BYTES - 1024];
    Arrays.fill(almost, (byte) 'b');
    List<DisclosureHttpBed.File> heavy = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      heavy.add(new DisclosureHttpBed.File("part" + i + ".txt", almost));
    }
    HttpResponse<String> body =
        bed.postReport(bed.fillForm(Map.of(), Duration.ofSeconds(20)), heavy);
    assertThat(body.statusCode()).isEqualTo(413);
    assertThat(body.body()).contains("expected a report form of at most 28311552 bytes");

    HttpResponse<String> unknownProduct =
        bed.postReport(
            bed.fillForm(Map.of("product", "rp-9|1.0"), Duration.ofSeconds(20)), List.of());
    assertThat(unknownProduct.statusCode()).isEqualTo(400);
    assertThat(unknownProduct.body())
        .contains("expected one of the products rp-1, rp-2, found &quot;rp-9&quot;");

    HttpResponse<String> urlEncoded = bed.postForm("/security/report", Map.of("title", "x"));
    assertThat(urlEncoded.statusCode()).isEqualTo(415);
    assertThat(urlEncoded.body()).contains("expected the report form as multipart/form-data");

    // The JSON API.
    HttpResponse<String> malformed =
        bed.postJson("/api/v1/disclosures", "{\"title\":".getBytes(StandardCharsets.UTF_8));
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body()).startsWith("{\"error\":\"bad-json\",\"message\":\"malformed JSON");
    HttpResponse<String> bigJson =
        bed.postJson(
            "/api/v1/disclosures",
            DisclosureFixtures.json(
                Map.of(
                    "attachments",
                    List.of(
                        Map.of("name", "big.txt", "contentBase64", DisclosureFixtures.b64(big))))));
    assertThat(bigJson.statusCode()).isEqualTo(413);
    assertThat(bigJson.body()).contains("expected at most 5242880 bytes (5 MiB)");
    HttpResponse<String> exeJson =
        bed.postJson(
            "/api/v1/disclosures",
            DisclosureFixtures.json(
                Map.of(
                    "attachments",
                    List.of(
                        Map.of(
                            "name",
                            "a.pdf",
                            "contentBase64",
                            DisclosureFixtures.b64(DisclosureFixtures.EXE))))));
    assertThat(exeJson.statusCode()).isEqualTo(415);
    HttpResponse<String> plain =
        bed.send(
            java.net.http.HttpRequest.newBuilder(bed.base.resolve("/api/v1/disclosures"))
                .header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("hello")));
    assertThat(plain.statusCode()).isEqualTo(415);
    HttpResponse<String> crossSite =
        bed.send(
            java.net.http.HttpRequest.newBuilder(bed.base.resolve("/api/v1/disclosures"))
                .header("Content-Type", "application/json")
                .header("Origin", "https://evil.example")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofByteArray(
                        DisclosureFixtures.json(Map.of()))));
    assertThat(crossSite.statusCode()).isEqualTo(403);

    // Nothing of any refused report remains.
    assertThat(bed.cases()).isZero();
    assertThat(bed.attachmentFiles()).isZero();
    assertThat(bed.hub.hub().audit().latest(100, "disclosure.report"))
        .hasSizeGreaterThanOrEqualTo(10)
        .allMatch(e -> e.outcome().equals("refused"));

    HttpResponse<String> fine =
        bed.postReport(
            bed.fillForm(Map.of(), Duration.ofSeconds(20)),
            List.of(new DisclosureHttpBed.File("shot.png", DisclosureFixtures.PNG)));
    assertThat(fine.statusCode()).as(fine.body()).isEqualTo(200);
    assertThat(bed.cases()).isEqualTo(1);
    assertThat(bed.attachmentFiles()).isEqualTo(1);
  }

  @Test
  void floodsFromOneSource_get429WithRetryAfter_andPeopleKeepTheirText() throws Exception {
    bed = new DisclosureHttpBed(dir, IntakeLimits.defaults().withRates(2, 3));
    assertThat(bed.postJson("/api/v1/disclosures", DisclosureFixtures.json(Map.of())).statusCode())
        .isEqualTo(201);
    HttpResponse<String> second =
        bed.postJson("/api/v1/disclosures", DisclosureFixtures.json(Map.of()));
    assertThat(second.statusCode()).isEqualTo(201);
    HttpResponse<String> third =
        bed.postJson("/api/v1/disclosures", DisclosureFixtures.json(Map.of()));
    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(third.headers().firstValue("Retry-After")).hasValue("1800");
    assertThat(third.body())
        .isEqualTo(
            "{\"error\":\"rate-limited\",\"message\":\"too many reports from your address: expected at"
                + " most 2 per hour; try again in 30 min\"}");
    HttpResponse<String> form =
        bed.postReport(bed.fillForm(Map.of(), Duration.ofSeconds(20)), List.of());
    assertThat(form.statusCode()).isEqualTo(429);
    assertThat(form.headers().firstValue("Retry-After")).isPresent();
    assertThat(form.body()).contains(TYPED).contains("Keep this page open");

    String token =
        com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .build()
            .readTree(second.body())
            .get("token")
            .asText();
    for (int i = 0; i < 3; i++) {
      assertThat(bed.get("/api/v1/disclosures/" + token).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> flooded = bed.get("/api/v1/disclosures/" + token);
    assertThat(flooded.statusCode()).isEqualTo(429);
    assertThat(flooded.headers().firstValue("Retry-After")).hasValue("20");
    // Guessing tokens draws from the same bucket.
    assertThat(bed.get("/security/cases/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").statusCode())
        .isEqualTo(429);
    bed.clock.advance(Duration.ofSeconds(20));
    assertThat(bed.get("/api/v1/disclosures/" + token).statusCode()).isEqualTo(200);
    assertThat(bed.cases()).isEqualTo(2);
  }

  @Test
  void concurrentIntakes_beyondTheBound_areAskedToRetry() throws Exception {
    bed =
        new DisclosureHttpBed(
            dir, new IntakeLimits(5, 60, Duration.ofSeconds(3), Duration.ofHours(24), true, 1));
    try (DisclosureService.Permit held = bed.service.enterIntake()) {
      HttpResponse<String> busy =
          bed.postJson("/api/v1/disclosures", DisclosureFixtures.json(Map.of()));
      assertThat(busy.statusCode()).isEqualTo(503);
      assertThat(busy.headers().firstValue("Retry-After")).hasValue("5");
    }
    assertThat(bed.postJson("/api/v1/disclosures", DisclosureFixtures.json(Map.of())).statusCode())
        .isEqualTo(201);
  }
}
