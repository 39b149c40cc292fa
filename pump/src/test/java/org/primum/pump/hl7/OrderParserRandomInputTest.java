package org.primum.pump.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.primum.pump.hl7.Hl7Samples.CARE_AREA;
import static org.primum.pump.hl7.Hl7Samples.LIBRARY;
import static org.primum.pump.hl7.Hl7Samples.PATIENT_ID;
import static org.primum.pump.hl7.Hl7Samples.PUMP_SERIAL;
import static org.primum.pump.hl7.Hl7Samples.text;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.primum.pump.druglib.DrugLibrary;

/**
 * Robustness of the whole intake path against random and mutated messages, in place of a Jazzer
 * target (not yet available in this module): 20,000 inputs derived from the valid samples with a
 * seeded {@link SplittableRandom}. The only outcomes allowed are an {@link OrderRejection} or an
 * order; review, acknowledgement and report must not throw either, and no rejection message may
 * carry the patient identifier. Every failure is collected and asserted once.
 */
class OrderParserRandomInputTest {
  private static final long SEED = 0x5EED_2026_0003L;
  private static final int INPUTS = 20_000;
  private static final List<String> SEGMENT_IDS =
      List.of("MSH", "PID", "PV1", "ORC", "RXG", "RXR", "OBX", "NTE", "TQ1", "ZZZ", "ERR", "MSA");
  private static final List<String> VALUES =
      List.of(
          "",
          "0",
          "-1",
          "NaN",
          "Infinity",
          "1E999",
          "99999999999999999999999",
          "0.0000000000000000001",
          "\\X0D\\",
          "\\X00\\",
          "\\F\\\\S\\\\T\\\\R\\\\E\\",
          "\\",
          "^^^^",
          "~~~~",
          "&&&&",
          "<?xml version=\"1.0\"?>",
          "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>",
          "SYN-HEPARIN",
          "SYN-HEPARIN^Heparin^99PRIMUM",
          "^Heparin",
          "265266^MDC_DIM_MILLI_L_PER_HR^MDC",
          "mL/h",
          "mcg/kg/min",
          "69986^MDC_DEV_PUMP_INFUS_VMD^MDC",
          "68063^MDC_ATTR_PT_WEIGHT^MDC",
          "NM",
          "ZZ",
          "x".repeat(5000),
          "\u00e9\u4e2d\ud83d\udc89",
          "\u00ad\u200b",
          "RP1-TEST-0001");

  @Test
  void t2_randomAndMutatedMessages_produceOnlyRejectionsOrOrders() {
    SplittableRandom random = new SplittableRandom(SEED);
    List<String> seeds =
        List.of(
            text("valid/heparin-adult-icu.hl7"),
            text("valid/vancomycin-ml-per-hour.hl7"),
            text("limits/soft-limit-rate.hl7"));
    OrderParser parser = new OrderParser();
    OrderIntake intake = new OrderIntake(PUMP_SERIAL);
    Clock clock = Clock.fixed(Instant.parse("2026-01-15T09:30:00Z"), ZoneOffset.UTC);
    OrderAcknowledgements acks = new OrderAcknowledgements(PUMP_SERIAL, clock);
    OrderStatusReport reports = new OrderStatusReport(PUMP_SERIAL, clock);

    List<String> failures = new ArrayList<>();
    Map<String, Integer> rejections = new TreeMap<>();
    int accepted = 0;
    int rejected = 0;
    for (int i = 0; i < INPUTS; i++) {
      byte[] input = input(random, seeds.get(random.nextInt(seeds.size())));
      try {
        InfusionOrder order;
        try {
          order = parser.parse(input);
        } catch (OrderRejection rejection) {
          rejected++;
          rejections.merge(rejection.code(), 1, Integer::sum);
          if (rejection.getMessage() == null
              || rejection.getMessage().contains(PATIENT_ID)
              || rejection.code() == null
              || rejection.getCause() != null) {
            fail(failures, i, input, "bad rejection: " + rejection);
          }
          String ack = acks.acknowledge(rejection);
          if (ack.contains(PATIENT_ID)) {
            fail(failures, i, input, "ack carries the patient identifier");
          }
          continue;
        }
        accepted++;
        for (Optional<DrugLibrary> library :
            List.of(Optional.of(LIBRARY), Optional.<DrugLibrary>empty())) {
          IntakeResult result = intake.review(order, library, CARE_AREA);
          String ack = acks.acknowledge(result);
          if (ack.contains(PATIENT_ID)) {
            fail(failures, i, input, "ack carries the patient identifier");
          }
          if (result instanceof PendingOrder pending && pending.program().isPresent()) {
            reports.report(pending.program().get(), Optional.of(order.reference()));
          }
        }
      } catch (Throwable t) {
        fail(failures, i, input, t.toString());
      }
    }

    assertThat(failures).as("failures (first 20 shown)").isEmpty();
    // The mutations keep a useful share of inputs deep enough to reach intake.
    assertThat(accepted).isGreaterThan(INPUTS / 50);
    assertThat(rejected).isGreaterThan(INPUTS / 2);
    // ... and reach most kinds of rejection, from encoding to field values.
    assertThat(rejections.keySet()).as("rejections %s", rejections).hasSizeGreaterThanOrEqualTo(10);
  }

  private static byte[] input(SplittableRandom random, String seed) {
    if (random.nextInt(50) == 0) {
      byte[] noise = new byte[random.nextInt(1, 2000)];
      random.nextBytes(noise);
      return noise;
    }
    String text = seed;
    int mutations = 1 + random.nextInt(3);
    for (int m = 0; m < mutations; m++) {
      text = mutate(random, text);
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (random.nextInt(8) == 0 && bytes.length > 0) {
      bytes = bytes.clone();
      bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
    }
    return bytes;
  }

  private static String mutate(SplittableRandom random, String text) {
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    lines.removeIf(String::isEmpty);
    if (lines.isEmpty()) {
      return text;
    }
    int line = random.nextInt(lines.size());
    switch (random.nextInt(10)) {
      case 0 -> { // truncate
        return text.substring(0, random.nextInt(text.length() + 1));
      }
      case 1 -> { // delete a range
        int from = random.nextInt(text.length() + 1);
        int to = Math.min(text.length(), from + random.nextInt(40));
        return text.substring(0, from) + text.substring(to);
      }
      case 2 -> { // insert a delimiter
        int at = random.nextInt(text.length() + 1);
        String delimiter = "|^~\\&\r\n".charAt(random.nextInt(7)) + "";
        return text.substring(0, at) + delimiter + text.substring(at);
      }
      case 3 -> lines.add(line, lines.get(line)); // duplicate a segment
      case 4 -> lines.remove(line); // remove a segment
      case 5 -> { // swap two segments
        int other = random.nextInt(lines.size());
        String swap = lines.get(line);
        lines.set(line, lines.get(other));
        lines.set(other, swap);
      }
      case 6 -> { // rename a segment
        String segment = lines.get(line);
        String id = SEGMENT_IDS.get(random.nextInt(SEGMENT_IDS.size()));
        lines.set(line, id + (segment.length() > 3 ? segment.substring(3) : ""));
      }
      case 7, 8 -> { // replace a field (or component) with an interesting value
        String[] fields = lines.get(line).split("\\|", -1);
        if (fields.length > 1) {
          int f = 1 + random.nextInt(fields.length - 1);
          String value = VALUES.get(random.nextInt(VALUES.size()));
          if (random.nextBoolean() && fields[f].contains("^")) {
            String[] components = fields[f].split("\\^", -1);
            components[random.nextInt(components.length)] = value;
            fields[f] = String.join("^", components);
          } else {
            fields[f] = value;
          }
          lines.set(line, String.join("|", fields));
        }
      }
      default -> { // segment separators: CR, CRLF or LF
        String separator = List.of("\r", "\r\n", "\n").get(random.nextInt(3));
        return String.join(separator, lines) + separator;
      }
    }
    return String.join("\n", lines) + "\n";
  }

  private static void fail(List<String> failures, int index, byte[] input, String what) {
    if (failures.size() < 20) {
      failures.add(describe(index, input, what));
    }
  }

  private static String describe(int index, byte[] input, String what) {
    String hex = HexFormat.of().formatHex(input, 0, Math.min(input.length, 600));
    return String.format(Locale.ROOT, "input %d: %s; first bytes %s", index, what, hex);
  }
}
