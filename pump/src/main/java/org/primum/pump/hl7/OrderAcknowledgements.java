package org.primum.pump.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v26.datatype.CWE;
import ca.uhn.hl7v2.model.v26.datatype.ERL;
import ca.uhn.hl7v2.model.v26.message.RRG_O16;
import ca.uhn.hl7v2.model.v26.segment.ERR;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.primum.pump.druglib.SoftLimitWarning;

/**
 * The pump's application acknowledgement of a PCD-03 order: {@code RRG^O16^RRG_O16} with MSH, MSA
 * and ERR segments (PCD TF-2 PCD-03 expected actions, as replaced by CP-PCD-073: "the IOC may
 * report an application acknowledgement error using the Pharmacy/Treatment Give Acknowledgement
 * Message (RRG^O16^RRG_O16) for errors such as unknown device, [...], drug is not present in
 * onboard library"; the reason is given in ERR).
 *
 * <ul>
 *   <li>{@code MSA-1} is {@code AA} when the order is pending confirmation at the pump (T1: not
 *       started), else {@code AE} or {@code AR} as {@link OrderError#ackCode()} says; {@code MSA-2}
 *       echoes the order's MSH-10 whenever it could be read.
 *   <li>One ERR per problem: ERR-2 the location, ERR-3 the HL7 error code (table 0357), ERR-4
 *       severity {@code E}, ERR-5 the IHE PIV application error code (coding system {@code 99PIV})
 *       with this pump's own error id as alternate code (coding system {@code 99PRIMUM}), ERR-8 the
 *       specific reason ("unknown device: ...", "drug not in library: ...", "dose outside limits:
 *       ...", "no drug library: ...", "malformed message: ...").
 *   <li>With {@code AA}, soft-limit warnings are ERR segments of severity {@code W}, and a
 *       concentration taken from the library one of severity {@code I}.
 * </ul>
 *
 * <p>This pump always answers with the application acknowledgement, whatever MSH-16 asks: the
 * sender always learns whether its order waits at the pump. The accept (commit) acknowledgement
 * {@code ACK^O15}, if the transport uses enhanced mode, is the transport's business.
 *
 * <p>Security guarantees: an acknowledgement never contains a PID segment or the patient
 * identifier, and never quotes the order beyond its control id and sender.
 */
public final class OrderAcknowledgements {
  private static final String[] TYPE = {"RRG", "O16", "RRG_O16"};

  private final OutgoingMessages outgoing;

  /**
   * @param pumpSerial this pump's serial (MSH-4 of what it sends)
   * @param clock for MSH-7 and control ids
   */
  public OrderAcknowledgements(String pumpSerial, Clock clock) {
    this.outgoing = new OutgoingMessages(pumpSerial, clock);
  }

  /**
   * The acknowledgement of a reviewed order: {@code AA} for a {@link PendingOrder}, {@code AE} or
   * {@code AR} with the reasons for a rejection.
   */
  public String acknowledge(IntakeResult result) {
    Objects.requireNonNull(result, "result");
    if (result instanceof PendingOrder pending) {
      return accepted(pending);
    }
    IntakeResult.Rejected rejected = (IntakeResult.Rejected) result;
    return rejected(Optional.of(rejected.order().header()), rejected.problems());
  }

  /** The acknowledgement of a message the parser refused ({@code AE} or {@code AR}). */
  public String acknowledge(OrderRejection rejection) {
    Objects.requireNonNull(rejection, "rejection");
    return rejected(rejection.header(), List.of(rejection.problem()));
  }

  private String accepted(PendingOrder pending) {
    RRG_O16 ack = start(Optional.of(pending.order().header()), "AA");
    try {
      int rep = 0;
      for (SoftLimitWarning warning : pending.warnings()) {
        ERR err = ack.getERR(rep++);
        accepted(err, "W");
        err.getErr8_UserMessage()
            .setValue(
                "soft limit: "
                    + warning.message()
                    + "; the clinician confirms it at the pump with a reason");
      }
      if (pending.concentrationFromLibrary()) {
        ERR err = ack.getERR(rep);
        accepted(err, "I");
        err.getErr8_UserMessage()
            .setValue(
                "concentration not in the order; drug library concentration "
                    + pending.request().concentration().text()
                    + " is shown at the pump for checking");
      }
    } catch (HL7Exception e) {
      throw new IllegalStateException("could not build the acknowledgement", e);
    }
    return outgoing.encode(ack);
  }

  private static void accepted(ERR err, String severity) throws HL7Exception {
    CWE code = err.getErr3_HL7ErrorCode();
    code.getCwe1_Identifier().setValue("0");
    code.getCwe2_Text().setValue("Message accepted");
    code.getCwe3_NameOfCodingSystem().setValue("HL70357");
    err.getErr4_Severity().setValue(severity);
  }

  private String rejected(Optional<MessageHeader> header, List<OrderProblem> problems) {
    // HL7 v2.6 2.9.2: AR if the message could not be processed at all, else AE.
    boolean reject = problems.stream().anyMatch(p -> p.error().ackCode().equals("AR"));
    RRG_O16 ack = start(header, reject ? "AR" : "AE");
    try {
      for (int i = 0; i < problems.size(); i++) {
        error(ack.getERR(i), problems.get(i));
      }
    } catch (HL7Exception e) {
      throw new IllegalStateException("could not build the acknowledgement", e);
    }
    return outgoing.encode(ack);
  }

  private static void error(ERR err, OrderProblem problem) throws HL7Exception {
    OrderError error = problem.error();
    if (problem.location().isPresent()) {
      Hl7Location location = problem.location().get();
      ERL erl = err.getErr2_ErrorLocation(0);
      erl.getErl1_SegmentID().setValue(location.segment());
      erl.getErl2_SegmentSequence().setValue("1");
      if (location.field() > 0) {
        erl.getErl3_FieldPosition().setValue(Integer.toString(location.field()));
        erl.getErl4_FieldRepetition().setValue("1");
      }
      if (location.component() > 0) {
        erl.getErl5_ComponentNumber().setValue(Integer.toString(location.component()));
      }
    }
    CWE code = err.getErr3_HL7ErrorCode();
    code.getCwe1_Identifier().setValue(Integer.toString(error.hl7ErrorCode()));
    code.getCwe2_Text().setValue(error.hl7ErrorText());
    code.getCwe3_NameOfCodingSystem().setValue("HL70357");
    err.getErr4_Severity().setValue("E");
    CWE application = err.getErr5_ApplicationErrorCode();
    if (error.pivCode().isPresent()) {
      application.getCwe1_Identifier().setValue(Integer.toString(error.pivCode().get()));
      application.getCwe2_Text().setValue(error.pivText().orElse(""));
      application.getCwe3_NameOfCodingSystem().setValue("99PIV");
    }
    application.getCwe4_AlternateIdentifier().setValue(error.id());
    application.getCwe5_AlternateText().setValue(error.label());
    application.getCwe6_NameOfAlternateCodingSystem().setValue("99PRIMUM");
    err.getErr8_UserMessage().setValue(problem.userMessage());
  }

  private RRG_O16 start(Optional<MessageHeader> header, String code) {
    RRG_O16 ack = new RRG_O16(outgoing.codec().classes());
    try {
      outgoing.header(ack.getMSH(), TYPE, header, "IHE_PCD_RGV_O15", OrderParser.PCD03_PROFILE_OID);
      ack.getMSA().getMsa1_AcknowledgmentCode().setValue(code);
      ack.getMSA()
          .getMsa2_MessageControlID()
          .setValue(header.map(MessageHeader::controlId).orElse(""));
    } catch (HL7Exception e) {
      throw new IllegalStateException("could not build the acknowledgement", e);
    }
    return ack;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "OrderAcknowledgements[%s]", outgoing.pumpSerial());
  }
}
