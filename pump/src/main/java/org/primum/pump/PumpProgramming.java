package org.primum.pump;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.primum.core.evidence.Severity;
import org.primum.device.safety.SafetySupervisor;
import org.primum.pump.druglib.AppliedOverride;
import org.primum.pump.druglib.DoseErrorReduction;
import org.primum.pump.druglib.DrugLibrary;
import org.primum.pump.druglib.ProgramProblem;
import org.primum.pump.druglib.ProgramRequest;
import org.primum.pump.druglib.RejectionReason;
import org.primum.pump.druglib.SoftLimitWarning;
import org.primum.pump.druglib.Verdict;
import org.primum.pump.druglib.VerifiedProgram;
import org.primum.pump.therapy.InfusionPump;
import org.primum.pump.therapy.VerifiedTherapy;

/**
 * Programming at the pump: every program is checked against the active drug library (DERS) before
 * anything else sees it; a hard-limit rejection (D1), a soft-limit warning and every confirmed
 * override (D2: user, value, limit, reason) go into the evidence log; only a verified program that
 * the clinician confirms at the pump reaches the delivery loop.
 */
public final class PumpProgramming {
  private final InfusionPump pump;
  private final ActiveDrugLibrary library;
  private final Consumer<InfusionPump.Event> recorder;
  private final Optional<SavedProgram> saved;

  public PumpProgramming(
      InfusionPump pump, ActiveDrugLibrary library, Consumer<InfusionPump.Event> recorder) {
    this(pump, library, recorder, Optional.empty());
  }

  /** With {@code saved}, the confirmed program survives a power cut for review (S5). */
  PumpProgramming(
      InfusionPump pump,
      ActiveDrugLibrary library,
      Consumer<InfusionPump.Event> recorder,
      Optional<SavedProgram> saved) {
    this.pump = Objects.requireNonNull(pump, "pump");
    this.library = Objects.requireNonNull(library, "library");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
    this.saved = saved;
  }

  /** The program kept from before a power cut, if any (never resumed by itself). */
  Optional<SavedProgram.Saved> savedProgram() {
    return saved.flatMap(SavedProgram::load);
  }

  /** Records the volume delivered so far under the kept program (the loop calls this). */
  void checkpoint() {
    saved.ifPresent(s -> s.delivered(pump.deliveredForProgramMl()));
  }

  /** Discards the program, on the pump and on storage. */
  SafetySupervisor.Transition clear(String user) {
    SafetySupervisor.Transition t = pump.clearProgram(user);
    if (t.accepted()) {
      saved.ifPresent(SavedProgram::cleared);
    }
    return t;
  }

  public Optional<DrugLibrary> library() {
    return library.current();
  }

  /** Checks a program against the active library (nothing runs yet). */
  public Verdict check(ProgramRequest request, String user) {
    Optional<DrugLibrary> active = library.current();
    Verdict verdict =
        active.isEmpty()
            ? new Verdict.Rejected(
                List.of(
                    new ProgramProblem(
                        "no-library",
                        "no drug library is installed: only a deliberate basic infusion is possible")))
            : new DoseErrorReduction(active.get()).check(request);
    ObjectNode payload = JsonNodeFactory.instance.objectNode();
    payload.put("drug", request.drugCode());
    payload.put("careArea", request.careArea());
    payload.put("user", user);
    active.ifPresent(l -> payload.put("libraryVersion", l.version()));
    if (verdict instanceof Verdict.Rejected rejected) {
      ArrayNode reasons = payload.putArray("reasons");
      for (RejectionReason reason : rejected.reasons()) {
        reasons.add(describe(reason));
      }
      payload.put("message", "program rejected: " + describe(rejected.reasons().get(0)));
      record("therapy.program.rejected", Severity.WARNING, payload);
    } else if (verdict instanceof Verdict.NeedsConfirmation soft) {
      ArrayNode warnings = payload.putArray("warnings");
      for (SoftLimitWarning warning : soft.warnings()) {
        warnings.add(warning.message());
      }
      payload.put("message", "soft limit: " + soft.warnings().get(0).message());
      record("therapy.program.soft-limit", Severity.NOTICE, payload);
    }
    return verdict;
  }

  /**
   * The clinician confirms a verified program at the pump; it becomes the one the pump runs and
   * shows. Overrides it carries are logged with user, value, limit and reason (D2).
   */
  public SafetySupervisor.Transition confirm(VerifiedProgram program, String user) {
    pump.beginProgramming(user);
    SafetySupervisor.Transition t = pump.confirm(new VerifiedTherapy(program), user);
    if (t.accepted()) {
      saved.ifPresent(s -> s.confirmed(program));
      for (AppliedOverride override : program.overrides()) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("message", override.message());
        payload.put("user", override.user());
        payload.put("limit", override.warning().limit().name());
        payload.put("value", override.warning().value());
        payload.put("softLimit", override.warning().softLimit());
        payload.put("unit", override.warning().unit());
        payload.put("reason", override.reason());
        record("therapy.program.override", Severity.WARNING, payload);
      }
    }
    return t;
  }

  private static String describe(RejectionReason reason) {
    return reason.message();
  }

  private void record(String type, Severity severity, ObjectNode payload) {
    try {
      recorder.accept(new InfusionPump.Event(type, severity, payload));
    } catch (RuntimeException e) {
      // evidence never blocks programming
    }
  }
}
