package org.primum.pump;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.primum.core.files.SecureFiles;
import org.primum.core.json.Json;
import org.primum.pump.druglib.AmountUnit;
import org.primum.pump.druglib.AppliedOverride;
import org.primum.pump.druglib.Concentration;
import org.primum.pump.druglib.DoseUnit;
import org.primum.pump.druglib.PcaRequest;
import org.primum.pump.druglib.ProgramRequest;
import org.primum.pump.druglib.VerifiedProgram;

/**
 * The confirmed program and the volume delivered under it, kept on the pump's storage so that they
 * survive a power cut (PUMP-SAFETY S5). After a restart the pump does not resume (S4): a clinician
 * may {@code restore} it, which checks the program again against the active library, with the
 * volume to be infused reduced by what was already delivered, and needs a new confirmation. Basic
 * infusions are not kept: they are chosen deliberately each time (D6).
 */
final class SavedProgram {
  /** A program read back. */
  record Saved(ProgramRequest request, double deliveredMl) {}

  private final Path file;
  private JsonNode current;

  SavedProgram(Path file) {
    this.file = file;
  }

  /** Keeps {@code program} (just confirmed, nothing delivered yet). */
  synchronized void confirmed(VerifiedProgram program) {
    if (program.dosing().isEmpty()) {
      current = null;
      delete();
      return;
    }
    VerifiedProgram.Dosing d = program.dosing().get();
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("careArea", d.careAreaId());
    node.put("drug", d.drugCode());
    node.put("amount", d.concentration().amount());
    node.put("unit", d.concentration().unit().symbol());
    node.put("volumeMl", d.concentration().volumeMl());
    node.put("dose", d.dose());
    node.put("doseUnit", d.doseUnit().text());
    node.put("vtbiMl", program.vtbiMl());
    d.weightKg().ifPresent(w -> node.put("weightKg", w));
    program.bolus().ifPresent(b -> node.put("bolus", b.dose()));
    program
        .pca()
        .ifPresent(
            p -> {
              ObjectNode pca = node.putObject("pca");
              pca.put("dose", p.bolusDose());
              pca.put("lockoutMinutes", p.lockoutMinutes());
              pca.put("max1h", p.maxDose1h());
              pca.put("max4h", p.maxDose4h());
            });
    ArrayNode overrides = node.putArray("overrides");
    for (AppliedOverride o : program.overrides()) {
      overrides
          .addObject()
          .put("limit", o.warning().limit().name())
          .put("value", o.warning().value())
          .put("user", o.user())
          .put("reason", o.reason());
    }
    node.put("deliveredMl", 0.0);
    current = node;
    write();
  }

  /** Records the volume delivered so far under the kept program. */
  synchronized void delivered(double ml) {
    if (current != null && ((ObjectNode) current).get("deliveredMl").asDouble() != ml) {
      ((ObjectNode) current).put("deliveredMl", ml);
      write();
    }
  }

  /** The kept program, if any, with its VTBI reduced by what was delivered. */
  synchronized Optional<Saved> load() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      JsonNode n = Json.readTree(Files.readAllBytes(file));
      double delivered = n.path("deliveredMl").asDouble();
      ProgramRequest request =
          ProgramRequest.of(
              n.path("careArea").asText(),
              n.path("drug").asText(),
              new Concentration(
                  n.path("amount").asDouble(),
                  AmountUnit.bySymbol(n.path("unit").asText()).orElseThrow(),
                  n.path("volumeMl").asDouble()),
              DoseUnit.parse(n.path("doseUnit").asText()).orElseThrow(),
              n.path("dose").asDouble(),
              Math.max(0, n.path("vtbiMl").asDouble() - delivered));
      if (n.has("weightKg")) {
        request = request.withWeightKg(n.path("weightKg").asDouble());
      }
      if (n.has("bolus")) {
        request = request.withBolus(n.path("bolus").asDouble());
      }
      if (n.has("pca")) {
        JsonNode p = n.path("pca");
        request =
            request.withPca(
                new PcaRequest(
                    p.path("dose").asDouble(),
                    p.path("lockoutMinutes").asDouble(),
                    p.path("max1h").asDouble(),
                    p.path("max4h").asDouble()));
      }
      current = n;
      // The soft-limit overrides stay on record but are not carried over: whoever restores the
      // program confirms its soft limits again.
      return Optional.of(new Saved(request, delivered));
    } catch (IOException | Json.JsonRejection | RuntimeException e) {
      // A damaged record offers nothing to restore; the clinician programs afresh.
      return Optional.empty();
    }
  }

  /** The program is finished or discarded. */
  synchronized void cleared() {
    current = null;
    delete();
  }

  private void write() {
    try {
      SecureFiles.writePublic(file, Json.write(current));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
