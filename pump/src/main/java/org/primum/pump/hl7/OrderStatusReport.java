package org.primum.pump.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.model.v26.datatype.CWE;
import ca.uhn.hl7v2.model.v26.datatype.NM;
import ca.uhn.hl7v2.model.v26.datatype.ST;
import ca.uhn.hl7v2.model.v26.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v26.message.ORU_R01;
import ca.uhn.hl7v2.model.v26.segment.OBR;
import ca.uhn.hl7v2.model.v26.segment.OBX;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.primum.pump.druglib.VerifiedProgram;

/**
 * The report of the settings actually in force after programming (T4), so the order's sender can
 * detect any difference from what it ordered: an {@code ORU^R01^ORU_R01} in the style of PCD-01
 * (PCD TF-2; CP-PCD-073: "once the infusion is started, the settings actually programmed [...] can
 * be obtained using the PCD-01 transaction").
 *
 * <p>Structure: MSH (profile {@code IHE_PCD_ORU_R01}), OBR (OBR-2 the order's placer order number
 * if the program came from an order; OBR-4 {@code 69985^MDC_DEV_PUMP_INFUS_MDS^MDC}), then one OBX
 * per setting, with a local observation code (coding system {@code 99PRIMUM}; table in {@code
 * docs/hl7-orders.md}): {@code pump-serial}, {@code program-source} ({@code library} or {@code
 * basic-infusion}), {@code rate} (mL/h), {@code vtbi} (mL), and for a library program {@code
 * drug-code}, {@code dose} (in the library dose unit), {@code concentration-amount}, {@code
 * concentration-volume} (mL), {@code weight} (kg, if given), {@code care-area} and {@code
 * library-version}. Every value is read from the {@link VerifiedProgram} the pump delivers (MN10).
 *
 * <p>Security guarantees: no PID segment and no patient data: the report refers to the order only
 * by its placer order number.
 */
public final class OrderStatusReport {
  /** The PCD-01 message profile id (MSH-21). */
  public static final String PCD01_PROFILE_OID = "1.3.6.1.4.1.19376.1.6.1.1.1";

  /** The coding system of the report's observation codes. */
  public static final String CODING_SYSTEM = "99PRIMUM";

  private static final String[] TYPE = {"ORU", "R01", "ORU_R01"};

  private final OutgoingMessages outgoing;

  /**
   * @param pumpSerial this pump's serial
   * @param clock for MSH-7, OBR-7, OBX-14 and control ids
   */
  public OrderStatusReport(String pumpSerial, Clock clock) {
    this.outgoing = new OutgoingMessages(pumpSerial, clock);
  }

  /**
   * The report for {@code program}, the program now in force.
   *
   * @param program what the pump runs
   * @param order the order it came from, if any (OBR-2, and MSH-5/6 address its sender)
   */
  public String report(VerifiedProgram program, Optional<OrderReference> order) {
    Objects.requireNonNull(program, "program");
    Objects.requireNonNull(order, "order");
    ORU_R01 oru = new ORU_R01(outgoing.codec().classes());
    try {
      outgoing.header(
          oru.getMSH(),
          TYPE,
          order.map(OrderReference::orderHeader),
          "IHE_PCD_ORU_R01",
          PCD01_PROFILE_OID);
      String now = outgoing.now();
      ORU_R01_ORDER_OBSERVATION observation = oru.getPATIENT_RESULT().getORDER_OBSERVATION();
      OBR obr = observation.getOBR();
      obr.getObr1_SetIDOBR().setValue("1");
      if (order.isPresent()) {
        obr.getObr2_PlacerOrderNumber()
            .getEi1_EntityIdentifier()
            .setValue(order.get().placerOrderNumber());
      }
      CWE service = obr.getObr4_UniversalServiceIdentifier();
      service.getCwe1_Identifier().setValue("69985");
      service.getCwe2_Text().setValue("MDC_DEV_PUMP_INFUS_MDS");
      service.getCwe3_NameOfCodingSystem().setValue("MDC");
      obr.getObr7_ObservationDateTime().setValue(now);

      Observations rows = new Observations(oru, observation, now);
      rows.text("pump-serial", "Pump serial", outgoing.pumpSerial());
      rows.text(
          "program-source",
          "Program source",
          program.basicInfusion() ? "basic-infusion" : "library");
      rows.number("rate", "Rate", program.rateMlPerHour(), Units.ML_PER_HOUR);
      rows.number("vtbi", "Volume to be infused", program.vtbiMl(), Units.ML);
      if (program.dosing().isPresent()) {
        VerifiedProgram.Dosing dosing = program.dosing().get();
        rows.text("drug-code", "Drug code", dosing.drugCode());
        rows.number("dose", "Dose", dosing.dose(), dosing.doseUnit().text());
        rows.number(
            "concentration-amount",
            "Concentration amount",
            dosing.concentration().amount(),
            dosing.concentration().unit().symbol());
        rows.number(
            "concentration-volume",
            "Concentration volume",
            dosing.concentration().volumeMl(),
            Units.ML);
        if (dosing.weightKg().isPresent()) {
          rows.number("weight", "Patient weight", dosing.weightKg().getAsDouble(), Units.KG);
        }
        rows.text("care-area", "Care area", dosing.careAreaId());
        rows.number("library-version", "Drug library version", dosing.libraryVersion(), "");
      }
    } catch (HL7Exception e) {
      throw new IllegalStateException("could not build the status report", e);
    }
    return outgoing.encode(oru);
  }

  /** Appends OBX segments to the order observation. */
  private static final class Observations {
    private final ORU_R01 message;
    private final ORU_R01_ORDER_OBSERVATION group;
    private final String now;
    private int next;

    Observations(ORU_R01 message, ORU_R01_ORDER_OBSERVATION group, String now) {
      this.message = message;
      this.group = group;
      this.now = now;
    }

    void text(String code, String name, String value) throws HL7Exception {
      ST st = new ST(message);
      st.setValue(value);
      add("ST", code, name, st);
    }

    void number(String code, String name, double value, Units.Mdc unit) throws HL7Exception {
      OBX obx = add("NM", code, name, nm(value));
      obx.getObx6_Units().getCwe1_Identifier().setValue(unit.code());
      obx.getObx6_Units().getCwe2_Text().setValue(unit.refId());
      obx.getObx6_Units().getCwe3_NameOfCodingSystem().setValue("MDC");
    }

    /** A number in a library unit, written plainly as orders may write it ("" for none). */
    void number(String code, String name, double value, String unit) throws HL7Exception {
      OBX obx = add("NM", code, name, nm(value));
      if (!unit.isEmpty()) {
        obx.getObx6_Units().getCwe1_Identifier().setValue(unit);
      }
    }

    private NM nm(double value) throws HL7Exception {
      NM nm = new NM(message);
      nm.setValue(Decimals.text(value));
      return nm;
    }

    private OBX add(String valueType, String code, String name, Type value) throws HL7Exception {
      OBX obx = group.getOBSERVATION(next).getOBX();
      next++;
      obx.getObx1_SetIDOBX().setValue(Integer.toString(next));
      obx.getObx2_ValueType().setValue(valueType);
      obx.getObx3_ObservationIdentifier().getCwe1_Identifier().setValue(code);
      obx.getObx3_ObservationIdentifier().getCwe2_Text().setValue(name);
      obx.getObx3_ObservationIdentifier().getCwe3_NameOfCodingSystem().setValue(CODING_SYSTEM);
      obx.getObx5_ObservationValue(0).setData(value);
      obx.getObx11_ObservationResultStatus().setValue("F");
      obx.getObx14_DateTimeOfTheObservation().setValue(now);
      return obx;
    }
  }
}
