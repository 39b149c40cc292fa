package org.primum.pump.druglib;

import java.util.Objects;

/**
 * Patient-controlled analgesia limits of one library entry (P4), in the entry's drug amount unit
 * (e.g. mg for a mg/h entry) except the lockout, in minutes.
 *
 * @param bolusDose the patient-demand dose
 * @param lockoutMinutes the minimum interval between demand doses
 * @param maxDose1h the most drug (basal and demand doses) in any 1 h window
 * @param maxDose4h the most drug (basal and demand doses) in any 4 h window
 * @param basalAllowed whether a continuous (basal) rate may run with PCA
 */
public record PcaLimits(
    Limits bolusDose,
    Limits lockoutMinutes,
    Limits maxDose1h,
    Limits maxDose4h,
    boolean basalAllowed) {
  public PcaLimits {
    Objects.requireNonNull(bolusDose, "bolusDose");
    Objects.requireNonNull(lockoutMinutes, "lockoutMinutes");
    Objects.requireNonNull(maxDose1h, "maxDose1h");
    Objects.requireNonNull(maxDose4h, "maxDose4h");
  }
}
