package org.primum.pump;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The demo EHR's infusion order (HL7 v2.6 RGV^O15, IHE PCD-03) for a pump: heparin 1000 units/h,
 * 25,000 units in 250 mL, for a fictional patient. Also a handy sample for {@code primum order
 * send}.
 */
public final class DemoOrders {
  private static final DateTimeFormatter HL7_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmssxx", Locale.ROOT).withZone(ZoneOffset.UTC);

  private DemoOrders() {}

  /** The order for the pump {@code serial}, with message control id {@code controlId}. */
  public static byte[] heparin(String serial, String controlId, Clock clock) {
    try (InputStream in = DemoOrders.class.getResourceAsStream("/hl7/demo-heparin-order.hl7")) {
      String template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return template
          .replace("{serial}", serial)
          .replace("{control}", controlId)
          .replace("{time}", HL7_TIME.format(clock.instant()))
          .getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
