package org.primum.pump.therapy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.primum.pump.druglib.DoseErrorReduction;
import org.primum.pump.druglib.VerifiedProgram;

/**
 * A program dose error reduction verified, as the pump runs and shows it: the plan and the screen
 * lines both derive from the one {@link VerifiedProgram} (PUMP-SAFETY MN10).
 *
 * <p>Boluses (clinician and PCA demand doses) run over one minute on top of the basal, capped so
 * that the total never passes the pump's maximum rate of 999 mL/h (D10).
 */
public record VerifiedTherapy(VerifiedProgram program) implements TherapyProgram {
  public VerifiedTherapy {
    Objects.requireNonNull(program, "program");
  }

  @Override
  public String drugCode() {
    return program.dosing().map(VerifiedProgram.Dosing::drugCode).orElse("BASIC-INFUSION");
  }

  @Override
  public DeliveryPlan plan() {
    double basal = program.rateMlPerHour();
    double room = DoseErrorReduction.MAX_RATE_ML_H - basal;
    return new DeliveryPlan(
        basal,
        program.vtbiMl(),
        program
            .bolus()
            .map(b -> new DeliveryPlan.Bolus(b.volumeMl(), Math.min(room, b.volumeMl() * 60))),
        program
            .pca()
            .map(
                p ->
                    new DeliveryPlan.Pca(
                        p.bolusMl(),
                        Duration.ofSeconds(Math.round(p.lockoutMinutes() * 60)),
                        p.maxDose1hMl(),
                        p.maxDose4hMl())));
  }

  @Override
  public List<String> displayLines() {
    return program.displayLines();
  }

  @Override
  public boolean basicInfusion() {
    return program.basicInfusion();
  }

  @Override
  public long libraryVersion() {
    return program.libraryVersion().orElse(0);
  }
}
