package org.primum.hub.disclosure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.primum.hub.cvss.CvssRejection;
import org.primum.hub.cvss.CvssScores;

/**
 * A short guided questionnaire for medical devices, in the spirit of MITRE's "Rubric for Applying
 * CVSS to Medical Devices" (2020): three questions about the clinical consequences that generic
 * CVSS guidance leaves to judgement, each answer suggesting metric values. The hub only suggests;
 * the analyst confirms or overrides the vector.
 *
 * <p>The rules (also in docs/disclosure.md):
 *
 * <ul>
 *   <li>Patient harm MINOR suggests at least low integrity and availability impact (v3.1 I:L/A:L,
 *       v4.0 VI:L/VA:L) and v4.0 Safety S:N (IEC 61508 "negligible").
 *   <li>Patient harm SERIOUS or DEATH_POSSIBLE suggests high integrity and availability impact
 *       (I:H/A:H; VI:H/VA:H), v4.0 Safety S:P (present), and v4.0 MSI:S/MSA:S (the subsequent
 *       system, the patient, suffers a safety impact); it also suggests treating the risk as
 *       uncontrolled (FDA postmarket clocks).
 *   <li>DEATH_POSSIBLE also raises the integrity and availability requirements to high (IR:H/AR:H).
 *   <li>Clinical environment ICU suggests IR:H/AR:H (therapy there is continuous and critical);
 *       HOME suggests IR:H/AR:M (nobody clinical is near to notice tampering); HOSPITAL_WARD
 *       suggests IR:M/AR:M.
 *   <li>Exploitable while therapy runs (YES) suggests high availability impact (A:H; VA:H):
 *       interrupting an infusion is the harm.
 * </ul>
 */
public record DeviceQuestionnaire(
    PatientHarm patientHarm, ClinicalEnvironment environment, InTherapy inTherapy) {
  /** Could exploitation harm a patient, and how badly? */
  public enum PatientHarm {
    NONE("No patient harm"),
    MINOR("Minor harm (no lasting injury)"),
    SERIOUS("Serious injury"),
    DEATH_POSSIBLE("Death possible");

    private final String label;

    PatientHarm(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** Where the device is used. */
  public enum ClinicalEnvironment {
    HOME("Home use"),
    HOSPITAL_WARD("Hospital ward"),
    ICU("Intensive care unit");

    private final String label;

    ClinicalEnvironment(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** Can it be exploited while the device delivers therapy? */
  public enum InTherapy {
    YES("Yes"),
    NO("No"),
    UNKNOWN("Unknown");

    private final String label;

    InTherapy(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** One suggested metric value and why. */
  public record Suggestion(String version, String metric, String value, String reason) {}

  public DeviceQuestionnaire {
    Objects.requireNonNull(patientHarm, "patientHarm");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(inTherapy, "inTherapy");
  }

  /** Every suggestion these answers make, v3.1 first. */
  public List<Suggestion> suggestions() {
    List<Suggestion> out = new ArrayList<>();
    String harm = "patient harm " + patientHarm.name().toLowerCase(java.util.Locale.ROOT);
    switch (patientHarm) {
      case NONE -> out.add(new Suggestion("4.0", "S", "N", "no patient harm"));
      case MINOR -> {
        out.add(new Suggestion("3.1", "I", "L", harm));
        out.add(new Suggestion("3.1", "A", "L", harm));
        out.add(new Suggestion("4.0", "VI", "L", harm));
        out.add(new Suggestion("4.0", "VA", "L", harm));
        out.add(new Suggestion("4.0", "S", "N", harm + " (IEC 61508 negligible)"));
      }
      case SERIOUS, DEATH_POSSIBLE -> {
        out.add(new Suggestion("3.1", "I", "H", harm));
        out.add(new Suggestion("3.1", "A", "H", harm));
        out.add(new Suggestion("4.0", "VI", "H", harm));
        out.add(new Suggestion("4.0", "VA", "H", harm));
        out.add(new Suggestion("4.0", "S", "P", harm + ": safety impact present"));
        out.add(new Suggestion("4.0", "MSI", "S", harm + ": the patient is harmed"));
        out.add(new Suggestion("4.0", "MSA", "S", harm + ": the patient is harmed"));
        if (patientHarm == PatientHarm.DEATH_POSSIBLE) {
          for (String version : List.of("3.1", "4.0")) {
            out.add(new Suggestion(version, "IR", "H", harm));
            out.add(new Suggestion(version, "AR", "H", harm));
          }
        }
      }
    }
    String where = "used in " + environment.label().toLowerCase(java.util.Locale.ROOT);
    for (String version : List.of("3.1", "4.0")) {
      switch (environment) {
        case ICU -> {
          out.add(new Suggestion(version, "IR", "H", where));
          out.add(new Suggestion(version, "AR", "H", where));
        }
        case HOME -> {
          out.add(new Suggestion(version, "IR", "H", where + ", unsupervised"));
          out.add(new Suggestion(version, "AR", "M", where));
        }
        case HOSPITAL_WARD -> {
          out.add(new Suggestion(version, "IR", "M", where));
          out.add(new Suggestion(version, "AR", "M", where));
        }
      }
    }
    if (inTherapy == InTherapy.YES) {
      out.add(new Suggestion("3.1", "A", "H", "exploitable while therapy runs"));
      out.add(new Suggestion("4.0", "VA", "H", "exploitable while therapy runs"));
    }
    return List.copyOf(out);
  }

  /** Whether the answers suggest an uncontrolled risk (FDA postmarket guidance). */
  public boolean suggestsUncontrolledRisk() {
    return patientHarm == PatientHarm.SERIOUS || patientHarm == PatientHarm.DEATH_POSSIBLE;
  }

  /**
   * {@code current} with every suggestion of its version applied where it raises a value; empty
   * without a current vector, because the questionnaire says nothing about exploitability.
   */
  public Optional<String> suggestedVector(String version, Optional<String> current)
      throws DisclosureRefusal {
    if (current.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> metrics;
    try {
      metrics = new LinkedHashMap<>(CvssScores.metrics(version, current.get()));
    } catch (CvssRejection e) {
      throw DisclosureRefusal.badVector(e);
    }
    for (Suggestion s : suggestions()) {
      if (s.version().equals(version)) {
        raise(metrics, s.metric(), s.value());
      }
    }
    return Optional.of(CvssScores.vector(version, metrics));
  }

  private static final Map<String, List<String>> RANKS =
      Map.of(
          "impact", List.of("N", "L", "H"),
          "requirement", List.of("X", "L", "M", "H"),
          "subsequent", List.of("X", "N", "L", "H", "S"),
          "safety", List.of("X", "N", "P"));

  private static void raise(Map<String, String> metrics, String metric, String value) {
    List<String> rank =
        switch (metric) {
          case "IR", "AR", "CR" -> RANKS.get("requirement");
          case "MSI", "MSA" -> RANKS.get("subsequent");
          case "S" -> RANKS.get("safety");
          default -> RANKS.get("impact");
        };
    String current = metrics.getOrDefault(metric, rank.get(0));
    if (rank.indexOf(value) > rank.indexOf(current)) {
      metrics.put(metric, value);
    }
  }
}
