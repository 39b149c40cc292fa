package org.primum.pump.hl7;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.primum.pump.druglib.DrugLibrary;

/** The sample messages under {@code src/test/resources/hl7/} and what they were written for. */
final class Hl7Samples {
  /** The serial of the pump the samples are addressed to. */
  static final String PUMP_SERIAL = "RP1-TEST-0001";

  /** The care area the pump is set to. */
  static final String CARE_AREA = "adult-icu";

  /** The patient identifier (PID-3.1) in every sample. */
  static final String PATIENT_ID = "MRN-7Q4X9Z";

  /** The patient's family name (PID-5.1) in every sample. */
  static final String PATIENT_NAME = "Testpatient";

  /** Every sample file, for tests that go over all of them. */
  static final List<String> ALL =
      List.of(
          "valid/heparin-adult-icu.hl7",
          "valid/vancomycin-ml-per-hour.hl7",
          "limits/hard-limit-rate.hl7",
          "limits/soft-limit-rate.hl7",
          "library/unknown-drug-code.hl7",
          "library/drug-by-name-only.hl7",
          "library/alias-as-code.hl7",
          "library/dose-unit-not-in-library.hl7",
          "device/other-pump-serial.hl7",
          "malformed/truncated.hl7",
          "malformed/missing-rxg.hl7",
          "malformed/duplicate-pid.hl7",
          "malformed/non-numeric-amount.hl7",
          "malformed/nan-rate.hl7",
          "malformed/negative-amount.hl7",
          "malformed/unknown-rate-unit.hl7",
          "malformed/ml-text-disagrees-with-code.hl7",
          "malformed/wrong-version.hl7",
          "malformed/wrong-message-type.hl7",
          "malformed/unknown-order-control.hl7",
          "malformed/no-target-device.hl7",
          "malformed/nte-segment.hl7");

  static final DrugLibrary LIBRARY = DrugLibrary.demo();

  private Hl7Samples() {}

  static byte[] bytes(String name) {
    try (InputStream in = Hl7Samples.class.getResourceAsStream("/hl7/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(String name) {
    return new String(bytes(name), StandardCharsets.UTF_8);
  }

  /** The segments of an ER7 message (CR, LF or CRLF separated), each split into fields. */
  static List<String[]> segments(String er7) {
    List<String[]> segments = new ArrayList<>();
    for (String line : er7.split("\r\n|\r|\n")) {
      if (!line.isEmpty()) {
        segments.add(line.split("\\|", -1));
      }
    }
    return segments;
  }

  /** The segments with this id. */
  static List<String[]> segments(String er7, String id) {
    return segments(er7).stream().filter(s -> s[0].equals(id)).toList();
  }

  /** Field {@code n} of a split segment ({@code MSH-n} counts the separator as MSH-1). */
  static String field(String[] segment, int n) {
    int index = segment[0].equals("MSH") ? n - 1 : n;
    return index < segment.length ? segment[index] : "";
  }

  /** Field {@code n} of the first segment with this id. */
  static String field(String er7, String id, int n) {
    return field(segments(er7, id).get(0), n);
  }
}
