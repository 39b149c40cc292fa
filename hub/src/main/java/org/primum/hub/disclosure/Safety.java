package org.primum.hub.disclosure;

/** The finder's answer to "could this harm a patient?". */
public enum Safety {
  YES("Yes: it could harm a patient"),
  NO("No"),
  UNKNOWN("Not sure");

  private final String label;

  Safety(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
