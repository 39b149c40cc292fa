package org.primum.pump.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.Location;
import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.model.Varies;
import ca.uhn.hl7v2.model.v26.datatype.CWE;
import ca.uhn.hl7v2.model.v26.datatype.CX;
import ca.uhn.hl7v2.model.v26.datatype.EI;
import ca.uhn.hl7v2.model.v26.group.RGV_O15_GIVE;
import ca.uhn.hl7v2.model.v26.group.RGV_O15_OBSERVATION;
import ca.uhn.hl7v2.model.v26.group.RGV_O15_ORDER;
import ca.uhn.hl7v2.model.v26.message.RGV_O15;
import ca.uhn.hl7v2.model.v26.segment.OBX;
import ca.uhn.hl7v2.model.v26.segment.ORC;
import ca.uhn.hl7v2.model.v26.segment.PID;
import ca.uhn.hl7v2.model.v26.segment.RXG;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;
import org.primum.pump.druglib.AmountUnit;
import org.primum.pump.druglib.Concentration;
import org.primum.pump.druglib.DoseUnit;

/**
 * Parses an IHE PCD-03 "Communicate Infusion Order" message (HL7 v2.6 {@code RGV^O15^RGV_O15}, ER7
 * encoding) into an {@link InfusionOrder}, strictly (T2).
 *
 * <p>Accepted structure (PCD TF-2 PCD-03 static definition, as amended by CP-PCD-055; one order,
 * one give, CP-PCD-053 limitations): {@code MSH PID [PV1] ORC RXG RXR OBX{1..3}}. The fields read
 * are listed in {@code docs/hl7-orders.md}; all others are ignored.
 *
 * <p>Security guarantees:
 *
 * <ul>
 *   <li>At most {@value #MAX_BYTES} bytes are read; larger messages are refused unparsed.
 *   <li>Only ER7 is accepted, with the standard delimiters {@code |^~\&}; XML-encoded HL7 is
 *       refused before any parser sees it, and HAPI's XML and generic parsers are never used
 *       (MN15). HAPI gets a closed set of model classes, so no class is looked up by a name from
 *       the input, and there is no network or file access.
 *   <li>Every problem is an {@link OrderRejection} naming the segment and field; nothing else
 *       escapes for malformed input. Rejection messages never quote field contents, so they never
 *       carry the patient identifier (PID-3), which is kept only in the returned order.
 *   <li>Nothing is logged.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class OrderParser {
  /** Largest message accepted, in bytes (64 KiB). */
  public static final int MAX_BYTES = 64 * 1024;

  /** MSH-9 of a PCD-03 order. */
  public static final String MESSAGE_TYPE = "RGV^O15^RGV_O15";

  /** The IHE PCD-03 message profile id, required in MSH-21 (CP-PCD-073). */
  public static final String PCD03_PROFILE_OID = "1.3.6.1.4.1.19376.1.6.1.3.1";

  /** What every accepted message starts with: MSH and the standard ER7 delimiters. */
  static final String ER7_START = "MSH|^~\\&|";

  private static final int MAX_IDENTIFIER = 199;
  private static final int MAX_CODE = 250;

  /** Printable ASCII without space or ER7 delimiters: control ids, applications, facilities. */
  private static final Pattern RAW_IDENTIFIER = Pattern.compile("[!-~&&[^|^~\\\\&]]{1,199}");

  /** Printable ASCII without space (after unescaping): order numbers, serials. */
  private static final Pattern IDENTIFIER = Pattern.compile("[!-~]{1,199}");

  /** Values short and closed enough to quote in a rejection (HL7 table codes, versions). */
  private static final Pattern QUOTABLE_CODE = Pattern.compile("[A-Z0-9]{1,3}");

  private static final Pattern QUOTABLE_VERSION = Pattern.compile("[0-9][0-9.]{0,7}");
  private static final Pattern QUOTABLE_MESSAGE_TYPE =
      Pattern.compile("[A-Z]{3}(\\^[A-Z][0-9]{2}(\\^[A-Z]{3}_[A-Z][0-9]{2})?)?");

  private static final Pattern SEGMENT_DELIMITER = Pattern.compile("\r\n|\r|\n");

  /** HL7 table 0119: a new order, or RE as HL7 v2.6 chapter 4A uses for give messages. */
  private static final Set<String> ORDER_CONTROLS = Set.of("NW", "RE");

  /** HL7 table 0162 routes an infusion pump delivers by. */
  private static final List<String> ROUTES = List.of("IV", "SC", "EP", "IA");

  private record Rule(String id, int min, int max) {
    String cardinality() {
      if (min == 1 && max == 1) {
        return "exactly one";
      }
      return min == 0
          ? String.format(Locale.ROOT, "at most %d", max)
          : String.format(Locale.ROOT, "%d to %d", min, max);
    }
  }

  /** PCD-03 (PCD TF-2, CP-PCD-055 table; one ORDER and one GIVE). */
  private static final List<Rule> SEQUENCE =
      List.of(
          new Rule("MSH", 1, 1),
          new Rule("PID", 1, 1),
          new Rule("PV1", 0, 1),
          new Rule("ORC", 1, 1),
          new Rule("RXG", 1, 1),
          new Rule("RXR", 1, 1),
          new Rule("OBX", 1, 3));

  private static final String SEQUENCE_TEXT = "MSH PID [PV1] ORC RXG RXR OBX{1..3}";

  private final Er7Codec codec = new Er7Codec();

  /**
   * Parses one PCD-03 order.
   *
   * @param message the message bytes (UTF-8, at most {@value #MAX_BYTES}), without MLLP framing;
   *     segments end with CR (LF and CRLF are accepted too)
   * @throws OrderRejection naming the segment and field, if anything is wrong with the message
   */
  public InfusionOrder parse(byte[] message) throws OrderRejection {
    Objects.requireNonNull(message, "message");
    if (message.length > MAX_BYTES) {
      throw new OrderRejection(
          problem(
              OrderError.TOO_LARGE,
              null,
              "message is %d bytes; at most %d are accepted",
              message.length,
              MAX_BYTES),
          headerOfPrefix(message).orElse(null));
    }
    String text = utf8(message);
    if (!text.startsWith(ER7_START)) {
      String found =
          text.replace("\uFEFF", "").stripLeading().startsWith("<")
              ? "message is XML-encoded; the pump accepts only ER7 (pipe) encoding"
              : "message must start with MSH|^~\\&| (ER7 encoding, standard delimiters)";
      throw new OrderRejection(problem(OrderError.ENCODING, null, "%s", found), null);
    }
    requireNoControlCharacters(text);
    List<String> segments = segments(text);
    String[] msh = segments.get(0).split("\\|", -1);
    MessageHeader header = header(msh);
    Reader reader = new Reader(header);
    reader.checkHeader(msh);
    reader.checkSequence(segments);
    RGV_O15 hapi;
    try {
      hapi = codec.parseOrder(String.join("\r", segments));
    } catch (HL7Exception e) {
      throw reader.notEr7(e);
    } catch (RuntimeException e) {
      throw reader.notEr7(null);
    }
    try {
      return reader.read(hapi);
    } catch (HL7Exception e) {
      throw reader.notEr7(e);
    } catch (RuntimeException e) {
      // Fail safe: untrusted input gets a rejection (and so an ack), never a crash of the intake.
      throw reader.notEr7(null);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Encoding and header, before HAPI sees anything.

  private static String utf8(byte[] message) throws OrderRejection {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(message))
          .toString();
    } catch (CharacterCodingException e) {
      throw new OrderRejection(
          problem(OrderError.ENCODING, null, "message is not valid UTF-8"), null);
    }
  }

  private static void requireNoControlCharacters(String text) throws OrderRejection {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\r' && c != '\n' && isControl(c)) {
        throw new OrderRejection(
            problem(
                OrderError.ENCODING,
                null,
                "message contains the control character U+%04X at character %d",
                (int) c,
                i),
            null);
      }
    }
  }

  private static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
  }

  private static List<String> segments(String text) throws OrderRejection {
    List<String> segments = new ArrayList<>(Arrays.asList(SEGMENT_DELIMITER.split(text, -1)));
    while (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty()) {
      segments.remove(segments.size() - 1);
    }
    for (int i = 0; i < segments.size(); i++) {
      if (segments.get(i).isEmpty()) {
        throw new OrderRejection(
            problem(OrderError.SEGMENT_SEQUENCE, null, "segment %d is empty", i + 1), null);
      }
    }
    return segments;
  }

  /** MSH-10 and MSH-3/4 of the first segment; the rejection has no header if they are bad. */
  private static MessageHeader header(String[] msh) throws OrderRejection {
    String controlId = mshField(msh, 10);
    if (controlId.isEmpty()) {
      throw new OrderRejection(
          problem(
              OrderError.REQUIRED_FIELD,
              Hl7Location.field("MSH", 10),
              "MSH-10: message control id is missing"),
          null);
    }
    if (!RAW_IDENTIFIER.matcher(controlId).matches()) {
      throw new OrderRejection(
          problem(
              OrderError.DATA_TYPE,
              Hl7Location.field("MSH", 10),
              "MSH-10: message control id must be 1-199 printable ASCII characters without"
                  + " spaces, delimiters or escapes"),
          null);
    }
    String application = component(mshField(msh, 3), 1);
    if (application.isEmpty()) {
      throw new OrderRejection(
          problem(
              OrderError.REQUIRED_FIELD,
              Hl7Location.field("MSH", 3),
              "MSH-3: sending application is missing"),
          null);
    }
    String facility = component(mshField(msh, 4), 1);
    if (!RAW_IDENTIFIER.matcher(application).matches()
        || !(facility.isEmpty() || RAW_IDENTIFIER.matcher(facility).matches())) {
      throw new OrderRejection(
          problem(
              OrderError.DATA_TYPE,
              Hl7Location.field("MSH", application.isEmpty() ? 4 : 3),
              "MSH-3/MSH-4: sending application and facility must be 1-199 printable ASCII"
                  + " characters without spaces, delimiters or escapes"),
          null);
    }
    return new MessageHeader(controlId, application, facility);
  }

  /** The header of an oversized message, read only from its first kilobyte. */
  private static Optional<MessageHeader> headerOfPrefix(byte[] message) {
    String prefix = new String(message, 0, Math.min(message.length, 1024), StandardCharsets.UTF_8);
    if (!prefix.startsWith(ER7_START)) {
      return Optional.empty();
    }
    String first = SEGMENT_DELIMITER.split(prefix, 2)[0];
    if (first.length() == prefix.length() && message.length > 1024) {
      return Optional.empty(); // the first segment does not end within the prefix
    }
    try {
      return Optional.of(header(first.split("\\|", -1)));
    } catch (OrderRejection e) {
      return Optional.empty();
    }
  }

  /** MSH-n of a raw MSH segment split on '|' (MSH-1 is the separator itself). */
  private static String mshField(String[] msh, int n) {
    return n - 1 < msh.length ? msh[n - 1] : "";
  }

  private static String component(String field, int n) {
    String[] components = field.split("\\^", -1);
    return n - 1 < components.length ? components[n - 1] : "";
  }

  private static Hl7Location location(Location location) {
    if (location == null
        || location.isUnknown()
        || !Hl7Location.isSegmentId(location.getSegmentName())) {
      return null;
    }
    return location.getField() > 0
        ? Hl7Location.field(location.getSegmentName(), location.getField())
        : Hl7Location.segment(location.getSegmentName());
  }

  private static OrderProblem problem(
      OrderError error, Hl7Location location, String format, Object... args) {
    return new OrderProblem(
        error, String.format(Locale.ROOT, format, args), Optional.ofNullable(location));
  }

  // ---------------------------------------------------------------------------------------------
  // Everything after the header: rejections carry the header so the ack can echo MSA-2.

  private static final class Reader {
    private final MessageHeader header;

    Reader(MessageHeader header) {
      this.header = header;
    }

    OrderRejection reject(OrderError error, Hl7Location location, String format, Object... args) {
      String message = String.format(Locale.ROOT, format, args);
      if (location != null && !message.startsWith(location.text())) {
        message = location.text() + ": " + message;
      }
      return new OrderRejection(
          new OrderProblem(error, message, Optional.ofNullable(location)), header);
    }

    /** HAPI refused the structure; never its message, which quotes the input. */
    OrderRejection notEr7(HL7Exception e) {
      Hl7Location location = e == null ? null : location(e.getLocation());
      return location == null
          ? reject(OrderError.DATA_TYPE, null, "message: not valid HL7 v2.6 ER7")
          : reject(OrderError.DATA_TYPE, location, "not valid HL7 v2.6 ER7");
    }

    // ---- MSH (HL7 v2.6 2.9.2: type, processing id and version are checked first)

    void checkHeader(String[] msh) throws OrderRejection {
      String type = mshField(msh, 9);
      if (!type.equals(MESSAGE_TYPE)) {
        throw reject(
            OrderError.MESSAGE_TYPE,
            Hl7Location.field("MSH", 9),
            "message type must be %s%s",
            MESSAGE_TYPE,
            found(type, QUOTABLE_MESSAGE_TYPE));
      }
      String version = component(mshField(msh, 12), 1);
      if (!version.equals("2.6")) {
        throw reject(
            OrderError.VERSION,
            Hl7Location.field("MSH", 12),
            "version must be 2.6%s",
            found(version, QUOTABLE_VERSION));
      }
      String processingId = component(mshField(msh, 11), 1);
      if (!processingId.equals("P")) {
        throw reject(
            OrderError.PROCESSING_ID,
            Hl7Location.field("MSH", 11),
            "processing id must be P (production)%s",
            found(processingId, QUOTABLE_CODE));
      }
      String charset = mshField(msh, 18);
      if (!(charset.isEmpty() || charset.equals("UNICODE UTF-8") || charset.equals("ASCII"))) {
        throw reject(
            OrderError.ENCODING,
            Hl7Location.field("MSH", 18),
            "character set must be UNICODE UTF-8 or ASCII");
      }
      // CP-PCD-073: message acceptance includes MSH-21 naming the PCD-03 profile.
      boolean profile = false;
      for (String repetition : mshField(msh, 21).split("~", -1)) {
        profile |= component(repetition, 3).equals(PCD03_PROFILE_OID);
      }
      if (!profile) {
        throw reject(
            OrderError.PROFILE,
            Hl7Location.field("MSH", 21),
            "message profile must be IHE_PCD_RGV_O15^IHE PCD^%s^ISO",
            PCD03_PROFILE_OID);
      }
    }

    private static String found(String value, Pattern quotable) {
      if (value.isEmpty()) {
        return ", found none";
      }
      return quotable.matcher(value).matches() ? ", found " + value : "";
    }

    // ---- segment sequence, before HAPI (so unknown segments never reach it)

    void checkSequence(List<String> segments) throws OrderRejection {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < segments.size(); i++) {
        String segment = segments.get(i);
        int bar = segment.indexOf('|');
        String id = bar < 0 ? segment : segment.substring(0, bar);
        if (!Hl7Location.isSegmentId(id)) {
          throw reject(
              OrderError.SEGMENT_SEQUENCE,
              null,
              "segment %d does not start with a segment id",
              i + 1);
        }
        ids.add(id);
      }
      int next = 0;
      for (int r = 0; r < SEQUENCE.size(); r++) {
        Rule rule = SEQUENCE.get(r);
        int count = 0;
        while (next < ids.size() && ids.get(next).equals(rule.id())) {
          count++;
          next++;
        }
        if (count > rule.max()) {
          throw repeated(rule, count);
        }
        if (count < rule.min()) {
          if (next < ids.size()) {
            Rule earlier = rule(ids.get(next));
            if (earlier == null) {
              throw unexpected(ids.get(next));
            }
            if (SEQUENCE.indexOf(earlier) < r) {
              throw misplaced(earlier, ids);
            }
          }
          if (ids.contains(rule.id())) {
            throw outOfOrder(rule.id());
          }
          throw reject(
              OrderError.SEGMENT_SEQUENCE,
              Hl7Location.segment(rule.id()),
              "required segment is missing");
        }
      }
      if (next < ids.size()) {
        Rule known = rule(ids.get(next));
        throw known == null ? unexpected(ids.get(next)) : misplaced(known, ids);
      }
    }

    private static Rule rule(String id) {
      for (Rule rule : SEQUENCE) {
        if (rule.id().equals(id)) {
          return rule;
        }
      }
      return null;
    }

    private OrderRejection repeated(Rule rule, int count) {
      return reject(
          OrderError.SEGMENT_SEQUENCE,
          Hl7Location.segment(rule.id()),
          "segment appears %d times; a PCD-03 order has %s",
          count,
          rule.cardinality());
    }

    private OrderRejection misplaced(Rule rule, List<String> ids) {
      int total = Collections.frequency(ids, rule.id());
      return total > rule.max() ? repeated(rule, total) : outOfOrder(rule.id());
    }

    private OrderRejection outOfOrder(String id) {
      return reject(
          OrderError.SEGMENT_SEQUENCE,
          Hl7Location.segment(id),
          "segment is out of order (a PCD-03 order is %s)",
          SEQUENCE_TEXT);
    }

    private OrderRejection unexpected(String id) {
      return reject(
          OrderError.SEGMENT_SEQUENCE,
          Hl7Location.segment(id),
          "segment is not accepted in a PCD-03 order (%s)",
          SEQUENCE_TEXT);
    }

    // ---- fields

    InfusionOrder read(RGV_O15 hapi) throws HL7Exception, OrderRejection {
      // The sequence was checked, so HAPI placed every segment; make sure of it anyway.
      if (hapi.getORDERReps() != 1 || hapi.getORDER().getGIVEReps() != 1) {
        throw reject(
            OrderError.SEGMENT_SEQUENCE, null, "message: not a PCD-03 order (%s)", SEQUENCE_TEXT);
      }
      PatientIdentifier patient = patient(hapi.getPATIENT().getPID());
      RGV_O15_ORDER order = hapi.getORDER();
      ORC orc = order.getORC();
      String orderControl = orderControl(orc);
      String placerOrderNumber =
          identifier(
              orc.getOrc2_PlacerOrderNumber().getEi1_EntityIdentifier(),
              Hl7Location.field("ORC", 2),
              "placer order number");
      RGV_O15_GIVE give = order.getGIVE();
      RXG rxg = give.getRXG();

      // RXG-4 give code: CWE-1 is the drug code the library knows (T3). The text is not kept.
      CWE giveCode = rxg.getRxg4_GiveCode();
      Hl7Location rxg4 = Hl7Location.field("RXG", 4);
      String drugCode = text(giveCode.getCwe1_Identifier(), rxg4, "drug code", MAX_CODE);
      String drugName = text(giveCode.getCwe2_Text(), rxg4, "drug name", MAX_CODE);
      String codingSystem =
          text(giveCode.getCwe3_NameOfCodingSystem(), rxg4, "coding system", MAX_CODE);
      if (drugCode.isEmpty() && drugName.isEmpty()) {
        throw reject(OrderError.REQUIRED_FIELD, rxg4, "give code is missing");
      }

      // RXG-5/RXG-7: give amount = volume to be infused, in mL (PIV error table: RXG-5 = VTBI).
      double vtbi =
          positive(
              value(rxg.getRxg5_GiveAmountMinimum()),
              Hl7Location.field("RXG", 5),
              "give amount (volume to be infused)");
      requireMl(rxg.getRxg7_GiveUnits(), Hl7Location.field("RXG", 7), "give units");

      // RXG-15/RXG-16: give rate, volumetric (mL/h) or a dose rate in a library dose unit.
      double dose =
          positive(
              value(rxg.getRxg15_GiveRateAmount()),
              Hl7Location.field("RXG", 15),
              "give rate amount");
      DoseUnit doseUnit = doseUnit(rxg.getRxg16_GiveRateUnits());

      Optional<Concentration> concentration = concentration(rxg);
      String route = route(give);

      OptionalDouble weight = OptionalDouble.empty();
      String deviceSerial = null;
      for (RGV_O15_OBSERVATION observation : give.getOBSERVATIONAll()) {
        OBX obx = observation.getOBX();
        CWE id = obx.getObx3_ObservationIdentifier();
        Hl7Location obx3 = Hl7Location.field("OBX", 3);
        String code = text(id.getCwe1_Identifier(), obx3, "observation identifier", MAX_CODE);
        String system = text(id.getCwe3_NameOfCodingSystem(), obx3, "coding system", MAX_CODE);
        if (code.equals("69986") && system.equals("MDC")) {
          if (deviceSerial != null) {
            throw reject(
                OrderError.SEGMENT_SEQUENCE,
                Hl7Location.segment("OBX"),
                "more than one OBX names the target device");
          }
          deviceSerial = deviceSerial(obx);
        } else if ((code.equals("68063") && system.equals("MDC"))
            || (code.equals("29463-7") && system.equals("LN"))) {
          if (weight.isPresent()) {
            throw reject(
                OrderError.SEGMENT_SEQUENCE,
                Hl7Location.segment("OBX"),
                "more than one OBX gives the patient weight");
          }
          weight = OptionalDouble.of(weight(obx));
        } else {
          throw reject(
              OrderError.TABLE_VALUE,
              obx3,
              "observation must be the patient weight (68063^MDC_ATTR_PT_WEIGHT^MDC or"
                  + " 29463-7^Body weight^LN) or the target device"
                  + " (69986^MDC_DEV_PUMP_INFUS_VMD^MDC)");
        }
      }
      if (deviceSerial == null) {
        throw reject(
            OrderError.REQUIRED_FIELD,
            Hl7Location.segment("OBX"),
            "no OBX names the target device (69986^MDC_DEV_PUMP_INFUS_VMD^MDC with the pump's"
                + " serial in OBX-18)");
      }
      return new InfusionOrder(
          header,
          patient,
          orderControl,
          placerOrderNumber,
          drugCode.isEmpty() ? Optional.empty() : Optional.of(drugCode),
          codingSystem,
          vtbi,
          dose,
          doseUnit,
          concentration,
          route,
          weight,
          deviceSerial);
    }

    /** PID-3, first repetition with an id. Problems never quote it. */
    private PatientIdentifier patient(PID pid) throws OrderRejection {
      Hl7Location pid3 = Hl7Location.field("PID", 3);
      for (CX cx : pid.getPid3_PatientIdentifierList()) {
        String value = cx.getCx1_IDNumber().getValue();
        if (value == null || value.isEmpty()) {
          continue;
        }
        String authority = cx.getCx4_AssigningAuthority().getHd1_NamespaceID().getValue();
        String type = cx.getCx5_IdentifierTypeCode().getValue();
        if (!printable(value, MAX_IDENTIFIER)
            || !printable(authority, MAX_IDENTIFIER)
            || !printable(type, MAX_IDENTIFIER)) {
          throw reject(
              OrderError.DATA_TYPE,
              pid3,
              "patient identifier must be at most %d characters without control characters",
              MAX_IDENTIFIER);
        }
        return new PatientIdentifier(
            value, authority == null ? "" : authority, type == null ? "" : type);
      }
      throw reject(OrderError.REQUIRED_FIELD, pid3, "patient identifier is missing");
    }

    private String orderControl(ORC orc) throws OrderRejection {
      Hl7Location orc1 = Hl7Location.field("ORC", 1);
      String control = text(orc.getOrc1_OrderControl(), orc1, "order control", MAX_CODE);
      if (control.isEmpty()) {
        throw reject(OrderError.REQUIRED_FIELD, orc1, "order control is missing");
      }
      if (!ORDER_CONTROLS.contains(control)) {
        throw reject(
            OrderError.TABLE_VALUE,
            orc1,
            "order control must be NW (new order) or RE%s",
            found(control, QUOTABLE_CODE));
      }
      return control;
    }

    private DoseUnit doseUnit(CWE units) throws OrderRejection {
      Hl7Location rxg16 = Hl7Location.field("RXG", 16);
      Optional<String> symbol = unit(units, rxg16, "give rate units");
      Optional<DoseUnit> unit = symbol.flatMap(Units::doseUnit);
      if (unit.isEmpty()) {
        throw reject(
            OrderError.UNIT,
            rxg16,
            "give rate units must be mL/h (265266^MDC_DIM_MILLI_L_PER_HR^MDC or mL/h) or a drug"
                + " library dose unit such as units/h or mcg/kg/min");
      }
      return unit.get();
    }

    /** RXG-17/18 per RXG-23/24 (PCD TF-2 usage notes for RXG-17, 18, 23 and 24): all or none. */
    private Optional<Concentration> concentration(RXG rxg) throws OrderRejection {
      String strength = value(rxg.getRxg17_GiveStrength());
      CWE strengthUnits = rxg.getRxg18_GiveStrengthUnits();
      String volume = value(rxg.getRxg23_GiveDrugStrengthVolume());
      CWE volumeUnits = rxg.getRxg24_GiveDrugStrengthVolumeUnits();
      boolean[] present = {
        !strength.isEmpty(),
        !value(strengthUnits.getCwe1_Identifier()).isEmpty(),
        !volume.isEmpty(),
        !value(volumeUnits.getCwe1_Identifier()).isEmpty()
      };
      int[] fields = {17, 18, 23, 24};
      int count = 0;
      for (boolean p : present) {
        count += p ? 1 : 0;
      }
      if (count == 0) {
        return Optional.empty();
      }
      if (count < present.length) {
        for (int i = 0; i < present.length; i++) {
          if (!present[i]) {
            throw reject(
                OrderError.REQUIRED_FIELD,
                Hl7Location.field("RXG", fields[i]),
                "missing: RXG-17, RXG-18, RXG-23 and RXG-24 give the concentration together");
          }
        }
      }
      double amount = positive(strength, Hl7Location.field("RXG", 17), "give strength");
      Hl7Location rxg18 = Hl7Location.field("RXG", 18);
      Optional<AmountUnit> unit =
          unit(strengthUnits, rxg18, "give strength units").flatMap(Units::drugAmount);
      if (unit.isEmpty()) {
        throw reject(
            OrderError.UNIT,
            rxg18,
            "give strength units must be a drug amount unit of the library (mg, mcg, g, units,"
                + " milliunits, mEq, mmol; mg also as 263890^MDC_DIM_MILLI_G^MDC)");
      }
      double volumeMl = positive(volume, Hl7Location.field("RXG", 23), "give drug strength volume");
      requireMl(volumeUnits, Hl7Location.field("RXG", 24), "give drug strength volume units");
      return Optional.of(new Concentration(amount, unit.get(), volumeMl));
    }

    private String route(RGV_O15_GIVE give) throws OrderRejection, HL7Exception {
      Hl7Location rxr1 = Hl7Location.field("RXR", 1);
      String route =
          text(give.getRXR().getRxr1_Route().getCwe1_Identifier(), rxr1, "route", MAX_CODE);
      if (route.isEmpty()) {
        throw reject(OrderError.REQUIRED_FIELD, rxr1, "route is missing");
      }
      if (!ROUTES.contains(route)) {
        throw reject(
            OrderError.TABLE_VALUE,
            rxr1,
            "route must be one of %s (HL7 table 0162)%s",
            String.join(", ", ROUTES),
            found(route, QUOTABLE_CODE));
      }
      return route;
    }

    private String deviceSerial(OBX obx) throws OrderRejection {
      Hl7Location obx18 = Hl7Location.field("OBX", 18);
      EI[] equipment = obx.getObx18_EquipmentInstanceIdentifier();
      if (equipment.length == 0) {
        throw reject(
            OrderError.REQUIRED_FIELD,
            obx18,
            "equipment instance identifier (the target pump's serial) is missing");
      }
      return identifier(
          equipment[0].getEi1_EntityIdentifier(),
          obx18,
          "equipment instance identifier (the target pump's serial)");
    }

    private double weight(OBX obx) throws OrderRejection {
      Hl7Location obx2 = Hl7Location.field("OBX", 2);
      if (!"NM".equals(obx.getObx2_ValueType().getValue())) {
        throw reject(OrderError.TABLE_VALUE, obx2, "the patient weight's value type must be NM");
      }
      Hl7Location obx5 = Hl7Location.field("OBX", 5);
      Varies[] values = obx.getObx5_ObservationValue();
      if (values.length > 1) {
        throw reject(OrderError.DATA_TYPE, obx5, "patient weight must have one value");
      }
      Type data = values.length == 0 ? null : values[0].getData();
      String text = data instanceof Primitive primitive ? value(primitive) : "";
      double kg = positive(text, obx5, "patient weight");
      Hl7Location obx6 = Hl7Location.field("OBX", 6);
      Optional<String> unit = unit(obx.getObx6_Units(), obx6, "patient weight units");
      if (!unit.equals(Optional.of("kg"))) {
        throw reject(
            OrderError.UNIT,
            obx6,
            "patient weight units must be kg (263875^MDC_DIM_KILO_G^MDC or kg)");
      }
      return kg;
    }

    // ---- field helpers

    private void requireMl(CWE units, Hl7Location location, String what) throws OrderRejection {
      if (!unit(units, location, what).equals(Optional.of("mL"))) {
        throw reject(
            OrderError.UNIT, location, "%s must be mL (263762^MDC_DIM_MILLI_L^MDC or mL)", what);
      }
    }

    /** The library symbol of a coded unit; required; empty if the pump does not know it. */
    private Optional<String> unit(CWE units, Hl7Location location, String what)
        throws OrderRejection {
      String code = text(units.getCwe1_Identifier(), location, what, MAX_CODE);
      String text = text(units.getCwe2_Text(), location, what, MAX_CODE);
      String system = text(units.getCwe3_NameOfCodingSystem(), location, what, MAX_CODE);
      if (code.isEmpty()) {
        throw reject(OrderError.REQUIRED_FIELD, location, "%s are missing", what);
      }
      return Units.symbol(code, text, system);
    }

    /** A required number above 0. */
    private double positive(String text, Hl7Location location, String what) throws OrderRejection {
      if (text.isEmpty()) {
        throw reject(OrderError.REQUIRED_FIELD, location, "%s is missing", what);
      }
      OptionalDouble value = Decimals.parse(text);
      if (value.isEmpty()) {
        throw reject(
            OrderError.DATA_TYPE,
            location,
            "%s is not a number (HL7 NM, at most %d characters)",
            what,
            Decimals.MAX_LENGTH);
      }
      if (!(value.getAsDouble() > 0)) {
        throw reject(OrderError.INVALID_VALUE, location, "%s must be above 0", what);
      }
      return value.getAsDouble();
    }

    /** A required identifier: printable ASCII without spaces. */
    private String identifier(Primitive primitive, Hl7Location location, String what)
        throws OrderRejection {
      String value = value(primitive);
      if (value.isEmpty()) {
        throw reject(OrderError.REQUIRED_FIELD, location, "%s is missing", what);
      }
      if (!IDENTIFIER.matcher(value).matches()) {
        throw reject(
            OrderError.DATA_TYPE,
            location,
            "%s must be 1-%d printable ASCII characters without spaces",
            what,
            MAX_IDENTIFIER);
      }
      return value;
    }

    /** An optional text ("" if absent) without control characters, at most {@code max} long. */
    private String text(Primitive primitive, Hl7Location location, String what, int max)
        throws OrderRejection {
      String value = value(primitive);
      if (!printable(value, max)) {
        throw reject(
            OrderError.DATA_TYPE,
            location,
            "%s must be at most %d characters without control characters",
            what,
            max);
      }
      return value;
    }

    private static boolean printable(String value, int max) {
      if (value == null) {
        return true;
      }
      if (value.length() > max) {
        return false;
      }
      for (int i = 0; i < value.length(); i++) {
        if (isControl(value.charAt(i))) {
          return false; // escapes such as \X0D\ can produce them after unescaping
        }
      }
      return true;
    }

    private static String value(Primitive primitive) {
      String value = primitive.getValue();
      return value == null ? "" : value;
    }
  }
}
