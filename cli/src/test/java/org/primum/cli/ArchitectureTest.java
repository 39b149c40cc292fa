package org.primum.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rules of ARCHITECTURE.md, checked on the compiled production classes. */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.primum");
  }

  @Test
  void core_dependsOnNoOtherPrimumModule() {
    noClasses()
        .that()
        .resideInAPackage("org.primum.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.primum.device..", "org.primum.pump..", "org.primum.hub..", "org.primum.cli..")
        .check(classes);
  }

  @Test
  void deviceKit_neverDependsOnHubPumpOrCli_norOnWebOrSql() {
    noClasses()
        .that()
        .resideInAPackage("org.primum.device..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.primum.hub..",
            "org.primum.pump..",
            "org.primum.cli..",
            "java.sql..",
            "javax.sql..",
            "org.jdbi..",
            "io.javalin..",
            "org.eclipse.jetty..")
        .check(classes);
  }

  @Test
  void pump_dependsOnTheKitNotTheHub() {
    noClasses()
        .that()
        .resideInAPackage("org.primum.pump..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.primum.hub..", "org.primum.cli..", "java.sql..", "io.javalin..")
        .check(classes);
  }

  @Test
  void sql_onlyInStores() {
    noClasses()
        .that()
        .resideOutsideOfPackage("org.primum.hub.store..")
        .and()
        .resideOutsideOfPackage("org.primum.testing..")
        .and()
        .haveSimpleNameNotEndingWith("Store")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.sql..", "org.jdbi.v3.core.statement..", "org.jdbi.v3.core.result..")
        .check(classes);
  }

  @Test
  void bouncyCastle_onlyInCoreCrypto() {
    // Two exceptions: the hub's OpenPGP keys (ADR 0020, ADR 0021) — disclosure (RFC 9116
    // Encryption, decrypting reports, signing security.txt) and CSAF signatures. bcpg is a
    // hub-only dependency, so it stays out of core (and out of the device kit).
    noClasses()
        .that()
        .resideOutsideOfPackage("org.primum.core.crypto..")
        .and()
        .haveNameNotMatching(
            "org\\.primum\\.hub\\.(disclosure\\.DisclosureKeys|advisories\\.AdvisoryKeys)(\\$.*)?")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.bouncycastle..")
        .check(classes);
  }

  @Test
  void hubCapabilities_useEachOtherOnlyThroughServices() {
    // fleet, staff and audit may use web and store plumbing; across capabilities only the
    // service classes (and their value types) are visible.
    noClasses()
        .that()
        .resideInAPackage("org.primum.hub.fleet..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.primum.hub.staff..")
        .check(classes);
    // The image repository knows the supply-chain gate only as its own ReleaseGate interface.
    noClasses()
        .that()
        .resideInAPackage("org.primum.hub.updates..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.primum.hub.supplychain..")
        .check(classes);
    // Rollouts and disclosure tell people through the hub's one outbox, which they know only as
    // their own SiteNotices and ResearcherNotices interfaces; org.primum.hub connects them.
    noClasses()
        .that()
        .resideInAnyPackage("org.primum.hub.updates..", "org.primum.hub.disclosure..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.primum.hub.advisories..")
        .check(classes);
    classes()
        .that()
        .resideInAPackage("org.primum.hub.audit..")
        .and()
        .haveSimpleNameEndingWith("Store")
        .should()
        .notBePublic()
        .check(classes);
    classes()
        .that()
        .resideInAPackage("org.primum.hub..")
        .and()
        .haveSimpleNameEndingWith("Store")
        .should()
        .notBePublic()
        .check(classes);
  }

  @Test
  void hubCvss_isPlumbing_thatNoCapabilityReachesThroughAnother() {
    // CVSS scoring is shared by disclosure and the supply chain (ADR 0021): it depends on core,
    // the JDK and the calculator only, and the supply chain uses it directly, not via disclosure.
    classes()
        .that()
        .resideInAPackage("org.primum.hub.cvss..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "org.primum.hub.cvss..", "org.primum.core..", "java..", "us.springett.cvss..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("org.primum.hub.supplychain..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.primum.hub.disclosure..")
        .check(classes);
  }

  @Test
  void noWallClock_inLogic() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "org.primum.core..", "org.primum.device..", "org.primum.pump..", "org.primum.hub..")
        .should()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(java.time.LocalDateTime.class, "now")
        .orShould()
        .callMethod(java.time.Clock.class, "systemUTC")
        .orShould()
        .callMethod(java.time.Clock.class, "systemDefaultZone")
        .because("time comes in through an injected Clock (STYLE.md)")
        .check(classes);
  }

  @Test
  void noNameGrabBags() {
    noClasses()
        .should()
        .haveSimpleNameEndingWith("Manager")
        .orShould()
        .haveSimpleNameEndingWith("Helper")
        .orShould()
        .haveSimpleNameEndingWith("Util")
        .orShould()
        .haveSimpleNameEndingWith("Utils")
        .check(classes);
  }
}
