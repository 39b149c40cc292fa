package org.primum.pump;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.primum.pump.druglib.DoseErrorReduction;
import org.primum.pump.druglib.DrugLibrary;
import org.primum.pump.druglib.LimitName;
import org.primum.pump.druglib.Verdict;

/** The demo's bedside scenarios meet the demo library as the scenarios say they do. */
class DemoClinicianTest {
  private final DoseErrorReduction ders = new DoseErrorReduction(DrugLibrary.demo());

  @Test
  void scenarios_getTheVerdictsTheDemoShows() {
    assertThat(ders.check(DemoClinician.heparin())).isInstanceOf(Verdict.Accepted.class);
    assertThat(ders.check(DemoClinician.norepinephrine())).isInstanceOf(Verdict.Accepted.class);
    assertThat(ders.check(DemoClinician.vancomycin())).isInstanceOf(Verdict.Accepted.class);
    assertThat(ders.check(DemoClinician.insulin(5))).isInstanceOf(Verdict.Accepted.class);
    assertThat(ders.check(DemoClinician.insulin(50))).isInstanceOf(Verdict.Rejected.class);
    Verdict pca = ders.check(DemoClinician.morphinePca());
    assertThat(pca).isInstanceOf(Verdict.NeedsConfirmation.class);
    assertThat(((Verdict.NeedsConfirmation) pca).warnings())
        .extracting(w -> w.limit())
        .containsExactly(LimitName.PCA_BOLUS_MAX);
  }
}
