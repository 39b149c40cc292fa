package org.primum.pump;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Fictional patients for the demo fleet. Each demo pump is programmed for one of them; their
 * identities and the clinical details go only into the pump's encrypted patient record store, and
 * evidence refers to them by pseudonym. A test scans every byte of evidence the demo produces for
 * these names and identifiers.
 */
public final class DemoPatients {
  /** A fictional patient and the infusion programmed for them. */
  public record Patient(
      String name,
      String medicalRecordNumber,
      String birthDate,
      double weightKg,
      String orderId,
      String drug,
      String concentration,
      double rateMlPerHour) {
    /** The record kept in the patient record store. */
    public ObjectNode record() {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      out.put("name", name);
      out.put("medicalRecordNumber", medicalRecordNumber);
      out.put("birthDate", birthDate);
      out.put("weightKg", weightKg);
      ObjectNode infusion = out.putObject("infusion");
      infusion.put("orderId", orderId);
      infusion.put("drug", drug);
      infusion.put("concentration", concentration);
      infusion.put("rateMlPerHour", rateMlPerHour);
      return out;
    }
  }

  /** The demo's patients. */
  public static final List<Patient> ALL =
      List.of(
          new Patient(
              "Ada Quillfeather",
              "MRN-480-1157",
              "1948-03-09",
              61.5,
              "ORD-77120",
              "Heparin",
              "25000 units/250 mL",
              12.0),
          new Patient(
              "Bartholomew Okonkwo-Reyes",
              "MRN-480-2291",
              "1972-11-23",
              88.0,
              "ORD-77121",
              "Norepinephrine",
              "4 mg/250 mL",
              7.5),
          new Patient(
              "Cosima Vantongeren",
              "MRN-480-3304",
              "1990-06-14",
              54.2,
              "ORD-77122",
              "Insulin",
              "100 units/100 mL",
              3.0),
          new Patient(
              "Dmitri Halloran-Sato",
              "MRN-480-4418",
              "1959-01-30",
              92.7,
              "ORD-77123",
              "Vancomycin",
              "1 g/250 mL",
              125.0),
          new Patient(
              "Eulalie Marchbanks",
              "MRN-480-5526",
              "1936-09-02",
              47.9,
              "ORD-77124",
              "Morphine",
              "1 mg/mL",
              2.0),
          new Patient(
              "Fitzgerald Nakamura-Bell",
              "MRN-480-6630",
              "2001-12-17",
              70.3,
              "ORD-77125",
              "Propofol",
              "10 mg/mL",
              18.0),
          new Patient(
              "Guinevere Oyelaran",
              "MRN-480-7745",
              "1966-04-25",
              66.1,
              "ORD-77126",
              "Magnesium sulfate",
              "4 g/100 mL",
              25.0));

  private DemoPatients() {}

  /** The patient a pump with {@code seed} is programmed for. */
  public static Patient forSeed(long seed) {
    return ALL.get((int) Math.floorMod(seed, (long) ALL.size()));
  }
}
