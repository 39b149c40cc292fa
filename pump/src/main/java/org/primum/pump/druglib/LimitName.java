package org.primum.pump.druglib;

/**
 * One side of one limited value of a library entry: the name a soft-limit warning, a hard-limit
 * violation and a clinician's {@link SoftLimitOverride} all use, so an override covers exactly one
 * limit.
 */
public enum LimitName {
  RATE_MIN("rate", "dose rate", false),
  RATE_MAX("rate", "dose rate", true),
  VTBI_MIN("vtbi", "VTBI", false),
  VTBI_MAX("vtbi", "VTBI", true),
  BOLUS_MIN("bolus", "bolus", false),
  BOLUS_MAX("bolus", "bolus", true),
  PCA_BOLUS_MIN("pca.bolusDose", "PCA dose", false),
  PCA_BOLUS_MAX("pca.bolusDose", "PCA dose", true),
  PCA_LOCKOUT_MIN("pca.lockoutMinutes", "PCA lockout", false),
  PCA_LOCKOUT_MAX("pca.lockoutMinutes", "PCA lockout", true),
  PCA_MAX_1H_MIN("pca.maxDose1h", "PCA 1 h limit", false),
  PCA_MAX_1H_MAX("pca.maxDose1h", "PCA 1 h limit", true),
  PCA_MAX_4H_MIN("pca.maxDose4h", "PCA 4 h limit", false),
  PCA_MAX_4H_MAX("pca.maxDose4h", "PCA 4 h limit", true);

  private final String field;
  private final String label;
  private final boolean max;

  LimitName(String field, String label, boolean max) {
    this.field = field;
    this.label = label;
    this.max = max;
  }

  /**
   * The limited value's field in the library format, e.g. {@code "rate"}, {@code "pca.maxDose1h"}.
   */
  public String field() {
    return field;
  }

  /** The value's name for people, e.g. {@code "dose rate"}. */
  public String label() {
    return label;
  }

  /** Whether this is an upper limit. */
  public boolean isMax() {
    return max;
  }

  /** Stable text for logs, e.g. {@code "rate.max"}. */
  public String id() {
    return field + (max ? ".max" : ".min");
  }
}
