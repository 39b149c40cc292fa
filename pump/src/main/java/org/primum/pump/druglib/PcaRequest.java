package org.primum.pump.druglib;

/**
 * Requested patient-controlled analgesia settings, in the entry's drug amount unit (e.g. mg) except
 * the lockout, in minutes. Untrusted: {@link DoseErrorReduction} checks every value.
 *
 * @param bolusDose the patient-demand dose
 * @param lockoutMinutes the minimum interval between demand doses
 * @param maxDose1h the most drug (basal and demand) in any 1 h window
 * @param maxDose4h the most drug (basal and demand) in any 4 h window
 */
public record PcaRequest(
    double bolusDose, double lockoutMinutes, double maxDose1h, double maxDose4h) {}
