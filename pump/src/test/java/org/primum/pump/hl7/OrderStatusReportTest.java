package org.primum.pump.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.primum.pump.hl7.Hl7Samples.CARE_AREA;
import static org.primum.pump.hl7.Hl7Samples.LIBRARY;
import static org.primum.pump.hl7.Hl7Samples.PATIENT_ID;
import static org.primum.pump.hl7.Hl7Samples.PUMP_SERIAL;
import static org.primum.pump.hl7.Hl7Samples.bytes;
import static org.primum.pump.hl7.Hl7Samples.field;
import static org.primum.pump.hl7.Hl7Samples.segments;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.primum.pump.druglib.DoseErrorReduction;
import org.primum.pump.druglib.ProgramRequest;
import org.primum.pump.druglib.Verdict;
import org.primum.pump.druglib.VerifiedProgram;

/** {@link OrderStatusReport}: PUMP-SAFETY.md T4, the settings actually in force. */
class OrderStatusReportTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-15T09:41:00Z"), ZoneOffset.UTC);

  private final OrderStatusReport reports = new OrderStatusReport(PUMP_SERIAL, CLOCK);

  @Test
  void t4_report_carriesTheSettingsInForce_theLibraryVersion_andThePumpSerial() throws Exception {
    PendingOrder pending = pending();

    String report = reports.report(pending.program().orElseThrow(), Optional.of(reference()));

    assertThat(field(report, "MSH", 3)).isEqualTo("PRIMUM-RP1");
    assertThat(field(report, "MSH", 4)).isEqualTo(PUMP_SERIAL);
    assertThat(field(report, "MSH", 5)).isEqualTo("BCMA");
    assertThat(field(report, "MSH", 9)).isEqualTo("ORU^R01^ORU_R01");
    assertThat(field(report, "MSH", 21))
        .isEqualTo("IHE_PCD_ORU_R01^IHE PCD^1.3.6.1.4.1.19376.1.6.1.1.1^ISO");
    assertThat(field(report, "OBR", 2)).isEqualTo("ORD-2026-0815");
    assertThat(field(report, "OBR", 4)).isEqualTo("69985^MDC_DEV_PUMP_INFUS_MDS^MDC");
    assertThat(observations(report))
        .containsExactly(
            Map.entry("pump-serial", "ST|RP1-TEST-0001|"),
            Map.entry("program-source", "ST|library|"),
            Map.entry("rate", "NM|10|265266^MDC_DIM_MILLI_L_PER_HR^MDC"),
            Map.entry("vtbi", "NM|250|263762^MDC_DIM_MILLI_L^MDC"),
            Map.entry("drug-code", "ST|SYN-HEPARIN|"),
            Map.entry("dose", "NM|1000|units/h"),
            Map.entry("concentration-amount", "NM|25000|units"),
            Map.entry("concentration-volume", "NM|250|263762^MDC_DIM_MILLI_L^MDC"),
            Map.entry("weight", "NM|80|263875^MDC_DIM_KILO_G^MDC"),
            Map.entry("care-area", "ST|adult-icu|"),
            Map.entry("library-version", "NM|1|"));
    assertThat(segments(report)).extracting(s -> s[0]).doesNotContain("PID");
    assertThat(report).doesNotContain(PATIENT_ID);
  }

  @Test
  void t4_programChangedAtThePump_isReportedAsItRuns_soTheSenderSeesTheDifference()
      throws Exception {
    PendingOrder pending = pending();
    ProgramRequest ordered = pending.request();
    ProgramRequest changed =
        ProgramRequest.of(
                ordered.careArea(),
                ordered.drugCode(),
                ordered.concentration(),
                ordered.doseUnit(),
                800,
                ordered.vtbiMl())
            .withWeightKg(80);
    VerifiedProgram running =
        ((Verdict.Accepted) new DoseErrorReduction(LIBRARY).check(changed)).program();

    String report = reports.report(running, Optional.of(reference()));

    assertThat(observations(report))
        .containsEntry("dose", "NM|800|units/h")
        .containsEntry("rate", "NM|8|265266^MDC_DIM_MILLI_L_PER_HR^MDC");
  }

  @Test
  void t4_basicInfusion_isReportedAsSuch_withoutLibraryFields() {
    VerifiedProgram basic =
        ((Verdict.Accepted) DoseErrorReduction.basic(50, 100, "nurse.kim", "library update"))
            .program();

    String report = reports.report(basic, Optional.empty());

    assertThat(field(report, "OBR", 2)).isEmpty();
    assertThat(observations(report))
        .containsExactly(
            Map.entry("pump-serial", "ST|RP1-TEST-0001|"),
            Map.entry("program-source", "ST|basic-infusion|"),
            Map.entry("rate", "NM|50|265266^MDC_DIM_MILLI_L_PER_HR^MDC"),
            Map.entry("vtbi", "NM|100|263762^MDC_DIM_MILLI_L^MDC"));
  }

  /** OBX-3.1 to "OBX-2|OBX-5|OBX-6", in order; every OBX is final and uses the local codes. */
  private static Map<String, String> observations(String report) {
    Map<String, String> rows = new LinkedHashMap<>();
    for (String[] obx : segments(report, "OBX")) {
      String[] code = field(obx, 3).split("\\^", -1);
      assertThat(code[2]).isEqualTo(OrderStatusReport.CODING_SYSTEM);
      assertThat(field(obx, 11)).isEqualTo("F");
      assertThat(field(obx, 14)).isEqualTo("20260115094100+0000");
      rows.put(code[0], field(obx, 2) + "|" + field(obx, 5) + "|" + field(obx, 6));
    }
    return rows;
  }

  private static PendingOrder pending() throws OrderRejection {
    InfusionOrder order = new OrderParser().parse(bytes("valid/heparin-adult-icu.hl7"));
    return (PendingOrder)
        new OrderIntake(PUMP_SERIAL).review(order, Optional.of(LIBRARY), CARE_AREA);
  }

  private static OrderReference reference() throws OrderRejection {
    return new OrderParser().parse(bytes("valid/heparin-adult-icu.hl7")).reference();
  }
}
