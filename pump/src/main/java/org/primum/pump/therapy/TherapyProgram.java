package org.primum.pump.therapy;

import java.util.List;

/**
 * A program the pump may run: verified by dose error reduction and confirmed by a clinician. What
 * the screen shows ({@link #displayLines()}) and what the motor does ({@link #plan()}) derive from
 * the same verified object (PUMP-SAFETY MN10).
 */
public interface TherapyProgram {
  /** The drug's library code (free text never reaches delivery, T3). */
  String drugCode();

  /** The numbers the delivery loop runs on. */
  DeliveryPlan plan();

  /** What the pump's screen shows for confirmation and while running. */
  List<String> displayLines();

  /** Whether this program runs without the drug library's limits (always indicated, D6). */
  boolean basicInfusion();

  /** The version of the drug library that checked it (0 for basic infusion). */
  long libraryVersion();
}
