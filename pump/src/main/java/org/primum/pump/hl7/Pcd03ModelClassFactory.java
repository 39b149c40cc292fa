package org.primum.pump.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.Version;
import ca.uhn.hl7v2.model.Group;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.model.v26.datatype.CWE;
import ca.uhn.hl7v2.model.v26.datatype.NM;
import ca.uhn.hl7v2.model.v26.datatype.ST;
import ca.uhn.hl7v2.parser.ModelClassFactory;

/**
 * The only model classes HAPI may use for PCD-03: a closed set, so no class is ever looked up by a
 * name taken from the input.
 *
 * <p>HAPI's default factory loads classes by names built from the message (MSH-9 and MSH-12 pick
 * the message class, OBX-2 picks the OBX-5 type, unknown segment ids become segment class lookups).
 * Here the message class is fixed by the caller ({@code new RGV_O15(factory)}), unknown segments
 * never reach HAPI (the segment sequence is checked first) and would become plain generic segments,
 * and OBX-2 may name only {@code NM}, {@code ST} or {@code CWE}.
 */
final class Pcd03ModelClassFactory implements ModelClassFactory {
  private static final long serialVersionUID = 1L;

  @Override
  public Class<? extends Message> getMessageClass(
      String theName, String theVersion, boolean isExplicit) throws HL7Exception {
    throw new HL7Exception("message classes are not looked up by name");
  }

  @Override
  public Class<? extends Message> getMessageClassInASpecificPackage(
      String theName, String theVersion, boolean isExplicit, String packageName)
      throws HL7Exception {
    throw new HL7Exception("message classes are not looked up by name");
  }

  @Override
  public Class<? extends Group> getGroupClass(String theName, String theVersion)
      throws HL7Exception {
    throw new HL7Exception("group classes are not looked up by name");
  }

  /** None: a segment the message structure does not define stays a generic segment. */
  @Override
  public Class<? extends Segment> getSegmentClass(String theName, String theVersion) {
    return null;
  }

  /** The OBX-5 types PCD-03 uses (HL7 v2.6 only); none for anything else. */
  @Override
  public Class<? extends Type> getTypeClass(String theName, String theVersion) {
    if (!"2.6".equals(theVersion) || theName == null) {
      return null;
    }
    return switch (theName) {
      case "NM" -> NM.class;
      case "ST" -> ST.class;
      case "CWE" -> CWE.class;
      default -> null;
    };
  }

  @Override
  public String getMessageStructureForEvent(String eventName, Version version) {
    return null;
  }
}
