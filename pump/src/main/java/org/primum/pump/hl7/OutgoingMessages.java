package org.primum.pump.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.DataTypeException;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v26.segment.MSH;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * What every message the pump sends has in common: the MSH segment (this pump as sender, a unique
 * control id, the time from the injected clock, HL7 v2.6, processing id P) and the ER7 encoding.
 */
final class OutgoingMessages {
  /** MSH-3 of everything the pump sends. */
  static final String APPLICATION = "PRIMUM-RP1";

  private static final Pattern SERIAL = Pattern.compile("[!-~&&[^|^~\\\\&]]{1,64}");
  private static final DateTimeFormatter DTM =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmssxx", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final String pumpSerial;
  private final Clock clock;

  /** Shared by every sender in this process, so acks and reports never share a control id. */
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private final Er7Codec codec = new Er7Codec();

  OutgoingMessages(String pumpSerial, Clock clock) {
    this.pumpSerial = Objects.requireNonNull(pumpSerial, "pumpSerial");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (!SERIAL.matcher(pumpSerial).matches()) {
      throw new IllegalArgumentException(
          "pumpSerial must be 1-64 printable ASCII characters without spaces or ER7 delimiters");
    }
  }

  Er7Codec codec() {
    return codec;
  }

  String pumpSerial() {
    return pumpSerial;
  }

  /** Now, as an HL7 DTM in UTC, e.g. {@code 20260101120000+0000}. */
  String now() {
    return DTM.format(clock.instant());
  }

  /**
   * Fills MSH for a new message.
   *
   * @param type MSH-9, e.g. {@code {"RRG", "O16", "RRG_O16"}}
   * @param to the sender of the order this answers, if known (MSH-5/MSH-6)
   * @param profile MSH-21 profile OID
   * @param profileName MSH-21 entity identifier
   */
  void header(
      MSH msh, String[] type, Optional<MessageHeader> to, String profileName, String profile)
      throws DataTypeException, HL7Exception {
    msh.getMsh1_FieldSeparator().setValue("|");
    msh.getMsh2_EncodingCharacters().setValue("^~\\&");
    msh.getMsh3_SendingApplication().getHd1_NamespaceID().setValue(APPLICATION);
    msh.getMsh4_SendingFacility().getHd1_NamespaceID().setValue(pumpSerial);
    if (to.isPresent()) {
      msh.getMsh5_ReceivingApplication()
          .getHd1_NamespaceID()
          .setValue(to.get().sendingApplication());
      msh.getMsh6_ReceivingFacility().getHd1_NamespaceID().setValue(to.get().sendingFacility());
    }
    msh.getMsh7_DateTimeOfMessage().setValue(now());
    msh.getMsh9_MessageType().getMsg1_MessageCode().setValue(type[0]);
    msh.getMsh9_MessageType().getMsg2_TriggerEvent().setValue(type[1]);
    msh.getMsh9_MessageType().getMsg3_MessageStructure().setValue(type[2]);
    msh.getMsh10_MessageControlID().setValue(nextControlId());
    msh.getMsh11_ProcessingID().getPt1_ProcessingID().setValue("P");
    msh.getMsh12_VersionID().getVid1_VersionID().setValue("2.6");
    msh.getMsh15_AcceptAcknowledgmentType().setValue("NE");
    msh.getMsh16_ApplicationAcknowledgmentType().setValue("NE");
    msh.getMsh18_CharacterSet(0).setValue("UNICODE UTF-8");
    msh.getMsh21_MessageProfileIdentifier(0).getEi1_EntityIdentifier().setValue(profileName);
    msh.getMsh21_MessageProfileIdentifier(0).getEi2_NamespaceID().setValue("IHE PCD");
    msh.getMsh21_MessageProfileIdentifier(0).getEi3_UniversalID().setValue(profile);
    msh.getMsh21_MessageProfileIdentifier(0).getEi4_UniversalIDType().setValue("ISO");
  }

  /** A control id unique for this pump: serial, clock millis, a sequence for this process. */
  private String nextControlId() {
    return String.format(
        Locale.ROOT, "%s-%d-%d", pumpSerial, clock.millis(), SEQUENCE.incrementAndGet());
  }

  /** The message in ER7, segments separated by CR. */
  String encode(Message message) {
    try {
      return codec.encode(message);
    } catch (HL7Exception e) {
      // Only values this package set are encoded; a failure is a bug, not bad input.
      throw new IllegalStateException("could not encode " + message.getName(), e);
    }
  }
}
