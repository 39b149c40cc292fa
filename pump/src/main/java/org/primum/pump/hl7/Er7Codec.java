package org.primum.pump.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v26.message.RGV_O15;
import ca.uhn.hl7v2.parser.ModelClassFactory;
import ca.uhn.hl7v2.parser.ParserConfiguration;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.parser.UnexpectedSegmentBehaviourEnum;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

/**
 * HAPI set up for this package: the ER7 (pipe) parser only, never HAPI's XML or generic parser
 * (MN15), a closed set of model classes ({@link Pcd03ModelClassFactory}), and no HAPI validation
 * rules: every check is this package's own, so every rejection is specific (T2).
 *
 * <p>HAPI's pipe parser caches structure definitions in an unsynchronized map, so both methods are
 * synchronized.
 */
final class Er7Codec {
  private final ModelClassFactory classes = new Pcd03ModelClassFactory();
  private final PipeParser parser;

  Er7Codec() {
    ParserConfiguration configuration = new ParserConfiguration();
    configuration.setAllowUnknownVersions(false);
    configuration.setValidating(false);
    configuration.setUnexpectedSegmentBehaviour(UnexpectedSegmentBehaviourEnum.THROW_HL7_EXCEPTION);
    configuration.setDefaultObx2Type(null);
    configuration.setInvalidObx2Type(null);
    DefaultHapiContext context =
        new DefaultHapiContext(configuration, ValidationContextFactory.noValidation(), classes);
    this.parser = context.getPipeParser();
  }

  /** The model class factory new messages must be created with. */
  ModelClassFactory classes() {
    return classes;
  }

  /**
   * Parses {@code er7} (segments separated by CR, sequence already checked) into a PCD-03 order
   * structure.
   *
   * @throws HL7Exception whose message quotes the input: never show or log it
   */
  synchronized RGV_O15 parseOrder(String er7) throws HL7Exception {
    RGV_O15 message = new RGV_O15(classes);
    parser.parse(message, er7);
    return message;
  }

  /** The ER7 encoding of {@code message}, segments separated by CR. */
  synchronized String encode(Message message) throws HL7Exception {
    return parser.encode(message);
  }
}
