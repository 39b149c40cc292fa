package org.primum.pump.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.primum.pump.hl7.Hl7Samples.PATIENT_ID;
import static org.primum.pump.hl7.Hl7Samples.PUMP_SERIAL;
import static org.primum.pump.hl7.Hl7Samples.bytes;
import static org.primum.pump.hl7.Hl7Samples.text;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.primum.pump.druglib.AmountUnit;
import org.primum.pump.druglib.Concentration;
import org.primum.pump.druglib.DoseUnit;

/** {@link OrderParser}: PUMP-SAFETY.md T2 (strict validation) and MN15 (ER7 only, no XML). */
class OrderParserTest {
  private static final String VALID = "valid/heparin-adult-icu.hl7";

  private final OrderParser parser = new OrderParser();

  // ---- T2: what a valid order becomes

  @Test
  void t2_validOrder_parsesEveryFieldThePumpUses() throws OrderRejection {
    InfusionOrder order = parser.parse(bytes(VALID));

    assertThat(order.header()).isEqualTo(new MessageHeader("MSG-00042", "BCMA", "GENERAL-HOSP"));
    assertThat(order.patient().value()).isEqualTo(PATIENT_ID);
    assertThat(order.patient().assigningAuthority()).isEqualTo("GENERAL-HOSP");
    assertThat(order.patient().typeCode()).isEqualTo("MR");
    assertThat(order.orderControl()).isEqualTo("NW");
    assertThat(order.placerOrderNumber()).isEqualTo("ORD-2026-0815");
    assertThat(order.drugCode()).contains("SYN-HEPARIN");
    assertThat(order.drugCodingSystem()).isEqualTo("99PRIMUM");
    assertThat(order.vtbiMl()).isEqualTo(250);
    assertThat(order.dose()).isEqualTo(1000);
    assertThat(order.doseUnit()).isEqualTo(DoseUnit.parse("units/h").orElseThrow());
    assertThat(order.concentration()).contains(new Concentration(25000, AmountUnit.UNITS, 250));
    assertThat(order.route()).isEqualTo("IV");
    assertThat(order.weightKg()).hasValue(80);
    assertThat(order.deviceSerial()).isEqualTo(PUMP_SERIAL);
    assertThat(order.reference()).isEqualTo(new OrderReference("ORD-2026-0815", order.header()));
  }

  @Test
  void t2_validOrder_withMdcRateUnitAndNoConcentrationOrWeight_parses() throws OrderRejection {
    InfusionOrder order = parser.parse(bytes("valid/vancomycin-ml-per-hour.hl7"));

    assertThat(order.drugCode()).contains("SYN-VANCOMYCIN");
    assertThat(order.dose()).isEqualTo(200);
    assertThat(order.doseUnit()).isEqualTo(DoseUnit.ML_PER_HOUR);
    assertThat(order.concentration()).isEmpty();
    assertThat(order.weightKg()).isEmpty();
  }

  @Test
  void t2_segmentSeparators_crLfAndCrlf_allParseTheSame() throws OrderRejection {
    String lf = text(VALID);

    InfusionOrder fromLf = parser.parse(utf8(lf));
    InfusionOrder fromCr = parser.parse(utf8(lf.replace("\n", "\r")));
    InfusionOrder fromCrlf = parser.parse(utf8(lf.replace("\n", "\r\n")));

    assertThat(fromCr).isEqualTo(fromLf);
    assertThat(fromCrlf).isEqualTo(fromLf);
  }

  @Test
  void t2_drugGivenOnlyByName_parses_withoutADrugCode_andTheNameIsNotKept() throws OrderRejection {
    InfusionOrder order = parser.parse(bytes("library/drug-by-name-only.hl7"));

    assertThat(order.drugCode()).isEmpty();
    assertThat(order.toString()).doesNotContain("Heparin");
  }

  @Test
  void t2_patientIdentifier_isKeptInTheOrder_butRedactedInToString() throws OrderRejection {
    InfusionOrder order = parser.parse(bytes(VALID));

    assertThat(order.patient().value()).isEqualTo(PATIENT_ID);
    assertThat(order.toString()).doesNotContain(PATIENT_ID).contains("redacted");
  }

  // ---- T2: malformed sample files, one reason each

  private record Expected(String file, OrderError error, String message) {}

  @Test
  void t2_malformedSamples_areRejectedWithSpecificReasons_andKeepTheControlId() {
    List<Expected> expected =
        List.of(
            new Expected(
                "malformed/truncated.hl7",
                OrderError.SEGMENT_SEQUENCE,
                "RXR: required segment is missing"),
            new Expected(
                "malformed/missing-rxg.hl7",
                OrderError.SEGMENT_SEQUENCE,
                "RXG: required segment is missing"),
            new Expected(
                "malformed/duplicate-pid.hl7",
                OrderError.SEGMENT_SEQUENCE,
                "PID: segment appears 2 times; a PCD-03 order has exactly one"),
            new Expected(
                "malformed/non-numeric-amount.hl7",
                OrderError.DATA_TYPE,
                "RXG-5: give amount (volume to be infused) is not a number"),
            new Expected(
                "malformed/nan-rate.hl7",
                OrderError.DATA_TYPE,
                "RXG-15: give rate amount is not a number"),
            new Expected(
                "malformed/negative-amount.hl7",
                OrderError.INVALID_VALUE,
                "RXG-5: give amount (volume to be infused) must be above 0"),
            new Expected(
                "malformed/unknown-rate-unit.hl7",
                OrderError.UNIT,
                "RXG-16: give rate units must be mL/h"),
            new Expected(
                "malformed/ml-text-disagrees-with-code.hl7",
                OrderError.UNIT,
                "RXG-16: give rate units must be mL/h"),
            new Expected(
                "malformed/wrong-version.hl7",
                OrderError.VERSION,
                "MSH-12: version must be 2.6, found 2.5"),
            new Expected(
                "malformed/wrong-message-type.hl7",
                OrderError.MESSAGE_TYPE,
                "MSH-9: message type must be RGV^O15^RGV_O15, found ADT^A01^ADT_A01"),
            new Expected(
                "malformed/unknown-order-control.hl7",
                OrderError.TABLE_VALUE,
                "ORC-1: order control must be NW (new order) or RE, found XO"),
            new Expected(
                "malformed/no-target-device.hl7",
                OrderError.REQUIRED_FIELD,
                "OBX: no OBX names the target device"),
            new Expected(
                "malformed/nte-segment.hl7",
                OrderError.SEGMENT_SEQUENCE,
                "NTE: segment is not accepted in a PCD-03 order"));

    SoftAssertions softly = new SoftAssertions();
    for (Expected e : expected) {
      OrderRejection rejection = rejection(bytes(e.file()));
      softly.assertThat(rejection).as(e.file()).isNotNull();
      if (rejection == null) {
        continue;
      }
      softly.assertThat(rejection.error()).as(e.file()).isEqualTo(e.error());
      softly.assertThat(rejection.code()).as(e.file()).isEqualTo(e.error().id());
      softly.assertThat(rejection.getMessage()).as(e.file()).startsWith(e.message());
      softly.assertThat(rejection.getMessage()).as(e.file()).doesNotContain(PATIENT_ID);
      softly.assertThat(rejection.getCause()).as(e.file()).isNull();
      softly.assertThat(rejection.header()).as(e.file()).isPresent();
    }
    softly.assertAll();
  }

  // ---- T2: variants of the valid order

  @Test
  void t2_variantsOfTheValidOrder_areRejectedWithSpecificReasons() {
    String valid = text(VALID);
    record Variant(String what, String message, OrderError error, String expected) {}
    List<Variant> variants =
        List.of(
            new Variant(
                "zero VTBI",
                valid.replace("|250||263762", "|0||263762"),
                OrderError.INVALID_VALUE,
                "RXG-5: give amount (volume to be infused) must be above 0"),
            new Variant(
                "exponent",
                valid.replace("|1000|units/h|", "|1E3|units/h|"),
                OrderError.DATA_TYPE,
                "RXG-15: give rate amount is not a number"),
            new Variant(
                "infinity",
                valid.replace("|1000|units/h|", "|Infinity|units/h|"),
                OrderError.DATA_TYPE,
                "RXG-15: give rate amount is not a number"),
            new Variant(
                "number too long",
                valid.replace("|1000|units/h|", "|" + "9".repeat(400) + "|units/h|"),
                OrderError.DATA_TYPE,
                "RXG-15: give rate amount is not a number"),
            new Variant(
                "rate missing",
                valid.replace("|1000|units/h|", "||units/h|"),
                OrderError.REQUIRED_FIELD,
                "RXG-15: give rate amount is missing"),
            new Variant(
                "VTBI in litres",
                valid.replace("|250||263762^MDC_DIM_MILLI_L^MDC|", "|0.25||L|"),
                OrderError.UNIT,
                "RXG-7: give units must be mL"),
            new Variant(
                "unit in another coding system",
                valid.replace("|units/h|", "|[iU]/h^^UCUM|"),
                OrderError.UNIT,
                "RXG-16: give rate units must be mL/h"),
            new Variant(
                "partial concentration",
                valid.replace(
                    "|250|263762^MDC_DIM_MILLI_L^MDC\n", "||263762^MDC_DIM_MILLI_L^MDC\n"),
                OrderError.REQUIRED_FIELD,
                "RXG-23: missing: RXG-17, RXG-18, RXG-23 and RXG-24 give the concentration"),
            new Variant(
                "strength in mL",
                valid.replace("|25000|units|", "|25000|mL|"),
                OrderError.UNIT,
                "RXG-18: give strength units must be a drug amount unit"),
            new Variant(
                "give code missing",
                valid.replace("SYN-HEPARIN^Heparin^99PRIMUM", ""),
                OrderError.REQUIRED_FIELD,
                "RXG-4: give code is missing"),
            new Variant(
                "processing id T",
                valid.replace("|MSG-00042|P|2.6|", "|MSG-00042|T|2.6|"),
                OrderError.PROCESSING_ID,
                "MSH-11: processing id must be P (production), found T"),
            new Variant(
                "no PCD-03 profile",
                valid.replace("1.3.6.1.4.1.19376.1.6.1.3.1", "1.2.3"),
                OrderError.PROFILE,
                "MSH-21: message profile must be IHE_PCD_RGV_O15"),
            new Variant(
                "character set",
                valid.replace("UNICODE UTF-8", "8859/1"),
                OrderError.ENCODING,
                "MSH-18: character set must be UNICODE UTF-8 or ASCII"),
            new Variant(
                "order control missing",
                valid.replace("ORC|NW|", "ORC||"),
                OrderError.REQUIRED_FIELD,
                "ORC-1: order control is missing"),
            new Variant(
                "placer order number missing",
                valid.replace("ORC|NW|ORD-2026-0815^BCMA|", "ORC|NW||"),
                OrderError.REQUIRED_FIELD,
                "ORC-2: placer order number is missing"),
            new Variant(
                "route by mouth",
                valid.replace("RXR|IV^Intravenous", "RXR|PO^Oral"),
                OrderError.TABLE_VALUE,
                "RXR-1: route must be one of IV, SC, EP, IA (HL7 table 0162), found PO"),
            new Variant(
                "patient identifier missing",
                valid.replace("PID|||MRN-7Q4X9Z^^^GENERAL-HOSP^MR|", "PID||||"),
                OrderError.REQUIRED_FIELD,
                "PID-3: patient identifier is missing"),
            new Variant(
                "unknown observation",
                valid.replace("68063^MDC_ATTR_PT_WEIGHT^MDC", "8302-2^Body height^LN"),
                OrderError.TABLE_VALUE,
                "OBX-3: observation must be the patient weight"),
            new Variant(
                "weight in pounds",
                valid.replace("|80|263875^MDC_DIM_KILO_G^MDC|", "|176|[lb_av]^^UCUM|"),
                OrderError.UNIT,
                "OBX-6: patient weight units must be kg"),
            new Variant(
                "weight as text",
                valid.replace("OBX|1|NM|", "OBX|1|ST|"),
                OrderError.TABLE_VALUE,
                "OBX-2: the patient weight's value type must be NM"),
            new Variant(
                "two target devices",
                valid + "OBX|3||69986^MDC_DEV_PUMP_INFUS_VMD^MDC|1.2.0.0|||||||F|||||||X\n",
                OrderError.SEGMENT_SEQUENCE,
                "OBX: more than one OBX names the target device"),
            new Variant(
                "four OBX",
                valid
                    + "OBX|3||69986^MDC_DEV_PUMP_INFUS_VMD^MDC|||||||F\n"
                    + "OBX|4||69986^MDC_DEV_PUMP_INFUS_VMD^MDC|||||||F\n",
                OrderError.SEGMENT_SEQUENCE,
                "OBX: segment appears 4 times; a PCD-03 order has 1 to 3"),
            new Variant(
                "RXR before RXG",
                valid.replace("RXR|IV^Intravenous^HL70162\n", "").replace("RXG|", "RXR|IV\nRXG|"),
                OrderError.SEGMENT_SEQUENCE,
                "RXG: segment is out of order"),
            new Variant(
                "second order",
                valid + "ORC|NW|ORD-2\n",
                OrderError.SEGMENT_SEQUENCE,
                "ORC: segment appears 2 times"),
            new Variant(
                "lower-case segment id",
                valid.replace("RXR|", "rxr|"),
                OrderError.SEGMENT_SEQUENCE,
                "segment 6 does not start with a segment id"),
            new Variant(
                "empty segment inside",
                valid.replace("RXR|", "\nRXR|"),
                OrderError.SEGMENT_SEQUENCE,
                "segment 6 is empty"),
            new Variant(
                "escaped control character",
                valid.replace("ORD-2026-0815", "ORD\\X000d\\0815"),
                OrderError.DATA_TYPE,
                "ORC-2: placer order number must be"),
            new Variant(
                "control id missing",
                valid.replace("|MSG-00042|", "||"),
                OrderError.REQUIRED_FIELD,
                "MSH-10: message control id is missing"),
            new Variant(
                "other delimiters",
                valid.replace("MSH|^~\\&|", "MSH|^~\\&#|"),
                OrderError.ENCODING,
                "message must start with MSH|^~\\&|"),
            new Variant(
                "control character",
                valid.replace("ICU^101", "ICU\u0000101"),
                OrderError.ENCODING,
                "message contains the control character U+0000"),
            new Variant(
                "vertical tab",
                valid.replace("ICU^101", "ICU\u000b101"),
                OrderError.ENCODING,
                "message contains the control character U+000B"));

    SoftAssertions softly = new SoftAssertions();
    for (Variant v : variants) {
      OrderRejection rejection = rejection(utf8(v.message()));
      softly.assertThat(rejection).as(v.what()).isNotNull();
      if (rejection != null) {
        softly.assertThat(rejection.error()).as(v.what()).isEqualTo(v.error());
        softly.assertThat(rejection.getMessage()).as(v.what()).startsWith(v.expected());
        softly.assertThat(rejection.getMessage()).as(v.what()).doesNotContain(PATIENT_ID);
      }
    }
    softly.assertAll();
  }

  @Test
  void t2_invalidUtf8_isRejected() {
    byte[] message = bytes(VALID);
    message[200] = (byte) 0xC3;
    message[201] = (byte) 0x28;

    OrderRejection rejection = rejection(message);

    assertThat(rejection.error()).isEqualTo(OrderError.ENCODING);
    assertThat(rejection.getMessage()).isEqualTo("message is not valid UTF-8");
  }

  @Test
  void t2_rejectionWithoutAControlId_hasNoHeader_andOneWithItHasIt() {
    assertThat(rejection(utf8(text(VALID).replace("|MSG-00042|", "||"))).header()).isEmpty();
    assertThat(rejection(bytes("malformed/missing-rxg.hl7")).header())
        .contains(new MessageHeader("MSG-00401", "BCMA", "GENERAL-HOSP"));
  }

  @Test
  void t2_escapeSequences_areDecoded_beforeValidation() throws OrderRejection {
    // \T\ is the escaped '&': a placer order number may contain it.
    InfusionOrder order = parser.parse(utf8(text(VALID).replace("ORD-2026-0815", "ORD\\T\\0815")));

    assertThat(order.placerOrderNumber()).isEqualTo("ORD&0815");
  }

  // ---- MN15 and size

  @Test
  void mn15_xmlEncodedMessage_isRefusedBeforeAnyParser_andNoEntityIsFetched() throws IOException {
    AtomicInteger requests = new AtomicInteger();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          exchange.sendResponseHeaders(404, -1);
          exchange.close();
        });
    server.start();
    try {
      String xml =
          text("mn15/xml-encoded-external-entity.xml")
              .replace("${PORT}", Integer.toString(server.getAddress().getPort()));
      SoftAssertions softly = new SoftAssertions();
      for (String variant : List.of(xml, "  \n" + xml, "\uFEFF" + xml)) {
        OrderRejection rejection = rejection(utf8(variant));
        softly.assertThat(rejection.error()).isEqualTo(OrderError.ENCODING);
        softly
            .assertThat(rejection.getMessage())
            .isEqualTo("message is XML-encoded; the pump accepts only ER7 (pipe) encoding");
        softly.assertThat(rejection.header()).isEmpty();
      }
      softly.assertAll();
    } finally {
      server.stop(0);
    }
    assertThat(requests).hasValue(0);
  }

  @Test
  void mn15_messageLargerThan64KiB_isRefusedUnparsed_keepingTheControlId() {
    byte[] huge = utf8(text(VALID) + "NTE|1||" + "x".repeat(OrderParser.MAX_BYTES) + "\n");

    OrderRejection rejection = rejection(huge);

    assertThat(rejection.error()).isEqualTo(OrderError.TOO_LARGE);
    assertThat(rejection.getMessage())
        .isEqualTo("message is " + huge.length + " bytes; at most 65536 are accepted");
    assertThat(rejection.header().map(MessageHeader::controlId)).contains("MSG-00042");
  }

  @Test
  void mn15_messageOfExactly64KiB_isParsed_andOneByteMoreIsNot() throws OrderRejection {
    String valid = text(VALID);
    String pv1 = "PV1||I|ICU^101^A";
    int padding = OrderParser.MAX_BYTES - utf8(valid).length;
    String exact = valid.replace(pv1, pv1 + "|" + "x".repeat(padding - 1));
    String oneMore = valid.replace(pv1, pv1 + "|" + "x".repeat(padding));

    assertThat(utf8(exact)).hasSize(OrderParser.MAX_BYTES);
    assertThat(parser.parse(utf8(exact)).placerOrderNumber()).isEqualTo("ORD-2026-0815");
    assertThat(rejection(utf8(oneMore)).error()).isEqualTo(OrderError.TOO_LARGE);
  }

  @Test
  void mn15_hapiDefaultClassLookups_areNeverUsed_unknownObx2TypeIsRejected() {
    String valid = text(VALID);

    OrderRejection rejection = rejection(utf8(valid.replace("OBX|1|NM|", "OBX|1|ZZZ|")));

    assertThat(rejection.error()).isEqualTo(OrderError.DATA_TYPE);
    assertThat(rejection.location()).contains(Hl7Location.field("OBX", 2));
  }

  private OrderRejection rejection(byte[] message) {
    OrderRejection rejection =
        catchThrowableOfType(OrderRejection.class, () -> parser.parse(message));
    if (rejection == null) {
      return null;
    }
    assertThat(Optional.ofNullable(rejection.getMessage())).isPresent();
    return rejection;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
