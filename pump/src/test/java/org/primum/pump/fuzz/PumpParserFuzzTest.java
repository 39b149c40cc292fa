package org.primum.pump.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.SecureRandom;
import java.util.List;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.formats.NoteVerifierKey;
import org.primum.pump.druglib.DrugLibrary;
import org.primum.pump.druglib.DrugLibraryRejection;
import org.primum.pump.druglib.SignedDrugLibrary;
import org.primum.pump.hl7.OrderParser;
import org.primum.pump.hl7.OrderRejection;

/**
 * Jazzer fuzz targets for the pump's parsers of outside input: drug libraries (plain and signed)
 * HL7 infusion orders and pump software images. Each must return a value or throw its own
 * rejection; anything else fails the target. {@code mvn test} replays the seeds; {@code .ci/fuzz}
 * fuzzes each for 20 s.
 */
class PumpParserFuzzTest {
  private static final Ed25519KeyPair PHARMACIST = Ed25519KeyPair.generate(new SecureRandom());
  private static final List<NoteVerifierKey> PHARMACY =
      List.of(NoteVerifierKey.of("pharmacy.example/alice", PHARMACIST.publicKey()));
  private static final OrderParser ORDERS = new OrderParser();

  @FuzzTest(maxDuration = "20s")
  void drugLibrary(byte[] data) {
    try {
      DrugLibrary.parse(data);
    } catch (DrugLibraryRejection expected) {
      // refused with a reason: fine
    }
  }

  @FuzzTest(maxDuration = "20s")
  void signedDrugLibrary(byte[] data) {
    try {
      SignedDrugLibrary.open(data, PHARMACY, 1, "primum-rp1", 0);
    } catch (DrugLibraryRejection expected) {
      // refused with a reason: fine
    }
  }

  @FuzzTest(maxDuration = "20s")
  void hl7Order(byte[] data) {
    try {
      ORDERS.parse(data);
    } catch (OrderRejection expected) {
      // refused with a reason: fine
    }
  }

  @FuzzTest(maxDuration = "20s")
  void firmwareImage(byte[] data) {
    try {
      org.primum.pump.update.FirmwareImage.parse(data);
    } catch (org.primum.pump.update.FirmwareImage.FirmwareRejection expected) {
      // refused with a reason: fine
    }
  }
}
