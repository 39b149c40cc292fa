package org.primum.pump.hl7;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import ca.uhn.hl7v2.HapiContext;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Structural guarantees of {@code org.primum.pump.hl7}: MN15, T1 and "never logged". */
class Hl7ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.primum.pump.hl7");
  }

  @Test
  void mn15_hl7Package_neverReachesAnXmlParser() {
    noClasses()
        .that()
        .resideInAPackage("org.primum.pump.hl7..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("javax.xml..", "org.xml..", "org.w3c..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("ca.uhn.hl7v2.parser.XMLParser")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("ca.uhn.hl7v2.parser.DefaultXMLParser")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("ca.uhn.hl7v2.parser.GenericParser")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("ca.uhn.hl7v2.parser.DefaultModelClassFactory")
        .orShould()
        .callMethod(HapiContext.class, "getXMLParser")
        .orShould()
        .callMethod(HapiContext.class, "getGenericParser")
        .because("only the ER7 parser is used, so no DTD or entity is ever read (MN15)")
        .check(classes);
  }

  @Test
  void t1_hl7Package_hasNoPathToDelivery() {
    noClasses()
        .that()
        .resideInAPackage("org.primum.pump.hl7..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.primum.pump.therapy..", "org.primum.device.safety..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("org.primum.pump.PumpProgramming")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("org.primum.pump.SimulatedPump")
        .because("an order from the network is never started automatically (T1)")
        .check(classes);
  }

  @Test
  void privacy_hl7Package_neverLogs() {
    noClasses()
        .that()
        .resideInAPackage("org.primum.pump.hl7..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.slf4j..", "java.util.logging..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.lang.System$Logger")
        .orShould()
        .accessField(System.class, "out")
        .orShould()
        .accessField(System.class, "err")
        .because("orders carry the patient identifier, which never enters logs")
        .check(classes);
  }
}
