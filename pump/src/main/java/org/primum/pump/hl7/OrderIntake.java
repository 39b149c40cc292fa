package org.primum.pump.hl7;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.primum.pump.druglib.CareArea;
import org.primum.pump.druglib.Concentration;
import org.primum.pump.druglib.DoseErrorReduction;
import org.primum.pump.druglib.Drug;
import org.primum.pump.druglib.DrugEntry;
import org.primum.pump.druglib.DrugLibrary;
import org.primum.pump.druglib.HardLimitViolation;
import org.primum.pump.druglib.ProgramProblem;
import org.primum.pump.druglib.ProgramRequest;
import org.primum.pump.druglib.RejectionReason;
import org.primum.pump.druglib.Verdict;

/**
 * Reviews a parsed order against this pump: its serial, its care area and its active drug library,
 * then dose error reduction. The result is a {@link PendingOrder} to show the clinician (T1) or a
 * rejection with reasons for the acknowledgement (T2).
 *
 * <p>Rules, in order:
 *
 * <ol>
 *   <li>The order's target (OBX-18 of the device OBX) must be this pump's serial, exactly, else
 *       "unknown device" (PIV 9001). An order for another pump is never looked at further.
 *   <li>An active drug library is required, else "no drug library": orders are never run as a basic
 *       infusion (D6; a basic infusion is chosen only at the pump).
 *   <li>The drug resolves only by its library code, RXG-4.1 (T3): a give code with only a name, or
 *       a code the library does not have, is "drug not in library" (PIV 9010). Names and aliases
 *       are never matched.
 *   <li>The care area is the pump's own, set at the pump; an order cannot choose the limits it is
 *       checked against.
 *   <li>The concentration is the order's; if the order has none, the library's only concentration
 *       for this drug, care area and dose unit is used and the pending order says so. With several,
 *       the order is refused ("missing program parameter").
 *   <li>{@link DoseErrorReduction#check} decides: a hard limit or the pump's range is "dose outside
 *       limits" (PIV 9005); soft limits make the pending order need confirmation (D2).
 * </ol>
 *
 * <p>Security guarantees: this class never starts, programs or changes delivery; it has no
 * reference to the pump's therapy. Messages never contain the patient identifier.
 */
public final class OrderIntake {
  /** The drug code syntax of the library ({@code docs/drug-library.md}). */
  private static final Pattern LIBRARY_CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

  private final String pumpSerial;

  /**
   * @param pumpSerial this pump's serial, as orders name it in OBX-18
   */
  public OrderIntake(String pumpSerial) {
    this.pumpSerial = Objects.requireNonNull(pumpSerial, "pumpSerial");
    if (pumpSerial.isBlank()) {
      throw new IllegalArgumentException("pumpSerial must not be blank");
    }
  }

  /**
   * Reviews {@code order}; starts nothing.
   *
   * @param order a parsed order
   * @param library the pump's active, verified drug library, if there is one
   * @param careArea the care area selected at the pump, e.g. {@code "adult-icu"}
   */
  public IntakeResult review(InfusionOrder order, Optional<DrugLibrary> library, String careArea) {
    Objects.requireNonNull(order, "order");
    Objects.requireNonNull(library, "library");
    Objects.requireNonNull(careArea, "careArea");
    // PCD TF-2 PCD-03 expected actions (CP-PCD-073): an unknown device is an application error.
    if (!order.deviceSerial().equals(pumpSerial)) {
      return rejected(
          order,
          OrderError.UNKNOWN_DEVICE,
          "OBX-18 names a different pump than this one (%s)",
          pumpSerial);
    }
    if (library.isEmpty()) {
      return rejected(
          order,
          OrderError.NO_DRUG_LIBRARY,
          "this pump has no active drug library; an order cannot be checked without one");
    }
    DrugLibrary active = library.get();
    // T3: the drug is resolved by its library code only; free text never reaches delivery.
    if (order.drugCode().isEmpty()) {
      return rejected(
          order,
          OrderError.DRUG_NOT_IN_LIBRARY,
          "RXG-4 has no drug code (RXG-4.1); the pump resolves drugs by library code only, never"
              + " by name");
    }
    String code = order.drugCode().get();
    if (!LIBRARY_CODE.matcher(code).matches()) {
      return rejected(
          order,
          OrderError.DRUG_NOT_IN_LIBRARY,
          "RXG-4.1 is not a drug library code (letters, digits, '.', '_', ':' or '-')");
    }
    Optional<Drug> drug = active.drug(code);
    if (drug.isEmpty()) {
      return rejected(
          order,
          OrderError.DRUG_NOT_IN_LIBRARY,
          "code \"%s\" is not in drug library v%d",
          code,
          active.version());
    }
    Optional<CareArea> area = active.careArea(careArea);
    if (area.isEmpty()) {
      return rejected(
          order,
          OrderError.CARE_AREA,
          "the pump's care area \"%s\" is not in drug library v%d",
          careArea,
          active.version());
    }
    String drugText = drug.get().name() + " [" + code + "]";
    List<DrugEntry> entries = active.entries(careArea, code);
    if (entries.isEmpty()) {
      return rejected(
          order,
          OrderError.DRUG_NOT_IN_LIBRARY,
          "%s has no entry for %s in drug library v%d",
          drugText,
          area.get().name(),
          active.version());
    }
    List<DrugEntry> inUnit =
        entries.stream().filter(entry -> entry.doseUnit().equals(order.doseUnit())).toList();
    if (inUnit.isEmpty()) {
      Set<String> units = new LinkedHashSet<>();
      entries.forEach(entry -> units.add(entry.doseUnit().text()));
      return rejected(
          order,
          OrderError.DOSE_UNIT_NOT_IN_LIBRARY,
          "%s in %s is dosed in %s, not %s (drug library v%d)",
          drugText,
          area.get().name(),
          String.join(" or ", units),
          order.doseUnit().text(),
          active.version());
    }
    Concentration concentration;
    boolean fromLibrary = order.concentration().isEmpty();
    if (fromLibrary) {
      if (inUnit.size() > 1) {
        return rejected(
            order,
            OrderError.MISSING_PARAMETER,
            "RXG-17/18/23/24: the concentration is needed; drug library v%d lists %d"
                + " concentrations of %s in %s for %s",
            active.version(),
            inUnit.size(),
            drugText,
            order.doseUnit().text(),
            area.get().name());
      }
      concentration = inUnit.get(0).concentration();
    } else {
      concentration = order.concentration().get();
    }

    ProgramRequest request =
        ProgramRequest.of(
            careArea, code, concentration, order.doseUnit(), order.dose(), order.vtbiMl());
    if (order.weightKg().isPresent()) {
      request = request.withWeightKg(order.weightKg().getAsDouble());
    }
    Verdict verdict = new DoseErrorReduction(active).check(request);
    if (verdict instanceof Verdict.Rejected rejected) {
      List<OrderProblem> problems = new ArrayList<>();
      for (RejectionReason reason : rejected.reasons()) {
        problems.add(new OrderProblem(errorOf(reason), reason.message(), locationOf(reason)));
      }
      return new IntakeResult.Rejected(order, problems);
    }
    return new PendingOrder(order, request, verdict, fromLibrary);
  }

  /** The acknowledgement's error for a dose error reduction reason. */
  private static OrderError errorOf(RejectionReason reason) {
    if (reason instanceof HardLimitViolation) {
      return OrderError.DOSE_OUTSIDE_LIMITS; // D1, P3
    }
    return switch (((ProgramProblem) reason).code()) {
      case "pump-range" -> OrderError.DOSE_OUTSIDE_LIMITS; // D10
      case "unknown-drug", "not-in-library" -> OrderError.DRUG_NOT_IN_LIBRARY; // T3, D3
      case "unknown-care-area" -> OrderError.CARE_AREA;
      case "weight-required" -> OrderError.MISSING_PARAMETER; // D5
      case "weight-out-of-range" -> OrderError.PARAMETER_OUT_OF_RANGE; // D5
      default -> OrderError.INVALID_PARAMETER;
    };
  }

  /** The order field a dose error reduction reason is about, where it is clear. */
  private static Optional<Hl7Location> locationOf(RejectionReason reason) {
    if (reason instanceof HardLimitViolation hard) {
      return switch (hard.limit()) {
        case RATE_MIN, RATE_MAX -> Optional.of(Hl7Location.field("RXG", 15));
        case VTBI_MIN, VTBI_MAX -> Optional.of(Hl7Location.field("RXG", 5));
        default -> Optional.empty();
      };
    }
    return ((ProgramProblem) reason).code().equals("weight-out-of-range")
        ? Optional.of(Hl7Location.field("OBX", 5))
        : Optional.empty();
  }

  private static IntakeResult rejected(
      InfusionOrder order, OrderError error, String format, Object... args) {
    return new IntakeResult.Rejected(
        order,
        List.of(
            new OrderProblem(error, String.format(Locale.ROOT, format, args), Optional.empty())));
  }
}
