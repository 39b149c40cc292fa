package org.primum.pump.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.primum.pump.hl7.Hl7Samples.ALL;
import static org.primum.pump.hl7.Hl7Samples.CARE_AREA;
import static org.primum.pump.hl7.Hl7Samples.LIBRARY;
import static org.primum.pump.hl7.Hl7Samples.PATIENT_ID;
import static org.primum.pump.hl7.Hl7Samples.PATIENT_NAME;
import static org.primum.pump.hl7.Hl7Samples.PUMP_SERIAL;
import static org.primum.pump.hl7.Hl7Samples.bytes;
import static org.primum.pump.hl7.Hl7Samples.field;
import static org.primum.pump.hl7.Hl7Samples.segments;
import static org.primum.pump.hl7.Hl7Samples.text;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.primum.pump.druglib.DrugLibrary;

/** {@link OrderAcknowledgements}: the RRG^O16 answer to every order (T1, T2, T3, MN15). */
class OrderAcknowledgementsTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-15T09:30:05Z"), ZoneOffset.UTC);

  private final OrderParser parser = new OrderParser();
  private final OrderIntake intake = new OrderIntake(PUMP_SERIAL);
  private final OrderAcknowledgements acks = new OrderAcknowledgements(PUMP_SERIAL, CLOCK);

  @Test
  void t1_pendingOrder_isAcknowledgedAA_echoingTheControlId_andAddressedToTheSender() {
    String ack = ack("valid/heparin-adult-icu.hl7", Optional.of(LIBRARY));

    assertThat(field(ack, "MSH", 3)).isEqualTo("PRIMUM-RP1");
    assertThat(field(ack, "MSH", 4)).isEqualTo(PUMP_SERIAL);
    assertThat(field(ack, "MSH", 5)).isEqualTo("BCMA");
    assertThat(field(ack, "MSH", 6)).isEqualTo("GENERAL-HOSP");
    assertThat(field(ack, "MSH", 7)).isEqualTo("20260115093005+0000");
    assertThat(field(ack, "MSH", 9)).isEqualTo("RRG^O16^RRG_O16");
    assertThat(field(ack, "MSH", 10)).matches("RP1-TEST-0001-1768469405000-[0-9]+");
    assertThat(field(ack, "MSH", 11)).isEqualTo("P");
    assertThat(field(ack, "MSH", 12)).isEqualTo("2.6");
    assertThat(field(ack, "MSH", 21))
        .isEqualTo("IHE_PCD_RGV_O15^IHE PCD^1.3.6.1.4.1.19376.1.6.1.3.1^ISO");
    assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
    assertThat(field(ack, "MSA", 2)).isEqualTo("MSG-00042");
    assertThat(segments(ack)).extracting(s -> s[0]).containsExactly("MSH", "MSA");
    assertThat(ack).doesNotContain("\n");
  }

  @Test
  void t1_softLimitOrder_isAcknowledgedAA_withTheWarningForTheClinician() {
    String ack = ack("limits/soft-limit-rate.hl7", Optional.of(LIBRARY));

    assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
    assertThat(field(ack, "MSA", 2)).isEqualTo("MSG-00102");
    String[] err = segments(ack, "ERR").get(0);
    assertThat(field(err, 3)).isEqualTo("0^Message accepted^HL70357");
    assertThat(field(err, 4)).isEqualTo("W");
    assertThat(field(err, 8))
        .isEqualTo(
            "soft limit: dose rate 2500 units/h is above the soft max 2000 units/h; the clinician"
                + " confirms it at the pump with a reason");
  }

  @Test
  void t3_concentrationFromLibrary_isAcknowledgedAA_withAnInformationErr() {
    String ack = ack("valid/vancomycin-ml-per-hour.hl7", Optional.of(LIBRARY));

    assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
    String[] err = segments(ack, "ERR").get(0);
    assertThat(field(err, 4)).isEqualTo("I");
    assertThat(field(err, 8)).contains("1 g / 250 mL");
  }

  @Test
  void t2_hardLimit_isAcknowledgedAE_doseOutsideLimits() {
    String ack = ack("limits/hard-limit-rate.hl7", Optional.of(LIBRARY));

    assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
    assertThat(field(ack, "MSA", 2)).isEqualTo("MSG-00101");
    String[] err = segments(ack, "ERR").get(0);
    assertThat(field(err, 2)).isEqualTo("RXG^1^15^1");
    assertThat(field(err, 3)).isEqualTo("207^Application internal error^HL70357");
    assertThat(field(err, 4)).isEqualTo("E");
    assertThat(field(err, 5))
        .isEqualTo(
            "9005^Parameter outside of allowable range^99PIV^dose-outside-limits^dose outside"
                + " limits^99PRIMUM");
    assertThat(field(err, 8))
        .isEqualTo("dose outside limits: dose rate 3500 units/h exceeds the hard max 3000 units/h");
  }

  @Test
  void t2_otherPump_isAcknowledgedAE_unknownDevice() {
    String ack = ack("device/other-pump-serial.hl7", Optional.of(LIBRARY));

    assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
    assertThat(field(ack, "MSA", 2)).isEqualTo("MSG-00301");
    String[] err = segments(ack, "ERR").get(0);
    assertThat(field(err, 5)).startsWith("9001^Unknown infuser or channel^99PIV^unknown-device");
    assertThat(field(err, 8)).startsWith("unknown device: ");
  }

  @Test
  void t3_unknownCodeAndNameOnly_areAcknowledgedAE_drugNotInLibrary() {
    for (String sample :
        List.of("library/unknown-drug-code.hl7", "library/drug-by-name-only.hl7")) {
      String ack = ack(sample, Optional.of(LIBRARY));

      assertThat(field(ack, "MSA", 1)).as(sample).isEqualTo("AE");
      String[] err = segments(ack, "ERR").get(0);
      assertThat(field(err, 5)).as(sample).startsWith("9010^");
      assertThat(field(err, 8)).as(sample).startsWith("drug not in library: ");
    }
  }

  @Test
  void t2_noDrugLibrary_isAcknowledgedAR() {
    String ack = ack("valid/heparin-adult-icu.hl7", Optional.empty());

    assertThat(field(ack, "MSA", 1)).isEqualTo("AR");
    assertThat(field(ack, "MSA", 2)).isEqualTo("MSG-00042");
    assertThat(field(segments(ack, "ERR").get(0), 8)).startsWith("no drug library: ");
  }

  @Test
  void t2_malformedContent_isAcknowledgedAE_namingTheField_andEchoingTheControlId() {
    String ack = ack("malformed/non-numeric-amount.hl7", Optional.of(LIBRARY));

    assertThat(field(ack, "MSA", 1)).isEqualTo("AE");
    assertThat(field(ack, "MSA", 2)).isEqualTo("MSG-00404");
    String[] err = segments(ack, "ERR").get(0);
    assertThat(field(err, 2)).isEqualTo("RXG^1^5^1");
    assertThat(field(err, 3)).isEqualTo("102^Data type error^HL70357");
    assertThat(field(err, 5)).startsWith("9004^Invalid program parameter(s)^99PIV^data-type");
    assertThat(field(err, 8))
        .startsWith("malformed message: RXG-5: give amount (volume to be infused) is not a number");
  }

  @Test
  void t2_wrongVersion_isAcknowledgedAR_unsupportedVersion() {
    String ack = ack("malformed/wrong-version.hl7", Optional.of(LIBRARY));

    assertThat(field(ack, "MSA", 1)).isEqualTo("AR");
    assertThat(field(ack, "MSA", 2)).isEqualTo("MSG-00409");
    assertThat(field(segments(ack, "ERR").get(0), 3))
        .isEqualTo("203^Unsupported version id^HL70357");
  }

  @Test
  void mn15_xmlMessage_isAcknowledgedAR_withoutAControlIdToEcho() {
    String xml = text("mn15/xml-encoded-external-entity.xml").replace("${PORT}", "9");

    String ack = ack(xml.getBytes(StandardCharsets.UTF_8), Optional.of(LIBRARY));

    assertThat(field(ack, "MSA", 1)).isEqualTo("AR");
    assertThat(field(ack, "MSA", 2)).isEmpty();
    assertThat(field(ack, "MSH", 5)).isEmpty();
    assertThat(field(segments(ack, "ERR").get(0), 8))
        .isEqualTo(
            "malformed message: message is XML-encoded; the pump accepts only ER7 (pipe)"
                + " encoding");
  }

  @Test
  void t2_controlIds_areUniqueAcrossAcksAndReports_evenInTheSameMillisecond() throws Exception {
    String first = ack("valid/heparin-adult-icu.hl7", Optional.of(LIBRARY));
    String second = ack("valid/heparin-adult-icu.hl7", Optional.of(LIBRARY));
    PendingOrder pending =
        (PendingOrder)
            intake.review(
                parser.parse(bytes("valid/heparin-adult-icu.hl7")),
                Optional.of(LIBRARY),
                CARE_AREA);
    String report =
        new OrderStatusReport(PUMP_SERIAL, CLOCK)
            .report(pending.program().orElseThrow(), Optional.empty());

    assertThat(List.of(field(first, "MSH", 10), field(second, "MSH", 10), field(report, "MSH", 10)))
        .doesNotHaveDuplicates();
  }

  /**
   * The patient identifier (and name, and birth date) never appears in any rejection message, any
   * acknowledgement, any report or any toString, over every sample and every way of refusing it.
   */
  @Test
  void t2_patientIdentifier_neverAppearsInRejectionsAcknowledgementsOrReports() throws Exception {
    OrderStatusReport reports = new OrderStatusReport(PUMP_SERIAL, CLOCK);
    List<String> outputs = new ArrayList<>();
    List<Optional<DrugLibrary>> libraries = List.of(Optional.of(LIBRARY), Optional.empty());
    int parsed = 0;
    for (String sample : ALL) {
      InfusionOrder order;
      try {
        order = parser.parse(bytes(sample));
      } catch (OrderRejection rejection) {
        outputs.add(rejection.getMessage());
        outputs.add(rejection.problem().toString());
        outputs.add(rejection.toString());
        outputs.add(acks.acknowledge(rejection));
        continue;
      }
      parsed++;
      outputs.add(order.toString());
      for (Optional<DrugLibrary> library : libraries) {
        for (String careArea : List.of(CARE_AREA, "nicu")) {
          IntakeResult result = intake.review(order, library, careArea);
          outputs.add(result.toString());
          outputs.add(acks.acknowledge(result));
          if (result instanceof PendingOrder pending && pending.program().isPresent()) {
            outputs.add(reports.report(pending.program().get(), Optional.of(order.reference())));
          }
        }
      }
    }

    assertThat(parsed).isGreaterThanOrEqualTo(9);
    assertThat(outputs).hasSizeGreaterThan(50);
    SoftAssertions softly = new SoftAssertions();
    for (String output : outputs) {
      softly.assertThat(output).doesNotContain(PATIENT_ID, PATIENT_NAME, "19700101");
      softly.assertThat(output).doesNotContain("PID|");
    }
    softly.assertAll();
  }

  private String ack(String sample, Optional<DrugLibrary> library) {
    return ack(bytes(sample), library);
  }

  private String ack(byte[] message, Optional<DrugLibrary> library) {
    try {
      return acks.acknowledge(intake.review(parser.parse(message), library, CARE_AREA));
    } catch (OrderRejection rejection) {
      return acks.acknowledge(rejection);
    }
  }
}
