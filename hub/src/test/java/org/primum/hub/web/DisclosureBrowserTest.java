package org.primum.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import org.primum.hub.TestHub;
import org.primum.hub.disclosure.IntakeLimits;

/**
 * Real headless Chromium against a real hub, the disclosure journey by hand: a researcher finds the
 * form from security.txt's policy, files a report with a script in its title, keeps the token and
 * follows the case; the team signs in, acknowledges it and scores it with CVSS v4.0; the researcher
 * sees the new state and answers; the title stays text everywhere and no page breaks its CSP.
 */
class DisclosureBrowserTest {
  private static final String TITLE = "Bolus <script>alert(1)</script> limit bypass";

  @TempDir Path dir;
  private TestHub hub;
  private WebDriver browser;

  @BeforeEach
  void start() throws Exception {
    hub = TestHub.start(TestHub.Db.SQLITE, dir);
    browser = Browsers.start(hub, dir);
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void researcherReports_teamAcknowledgesAndScores_researcherFollowsAndAnswers() throws Exception {
    // The researcher: policy page → report form.
    browser.get(hub.uri() + "/security/policy");
    browser.findElement(By.cssSelector("a[href='/security/report']")).click();
    Browsers.await(
        browser,
        "d.getCurrentUrl().endsWith(\"/security/report\")",
        d -> d.getCurrentUrl().endsWith("/security/report"));
    new Select(browser.findElement(By.id("product"))).selectByIndex(0);
    browser.findElement(By.id("title")).sendKeys(TITLE);
    browser
        .findElement(By.id("description"))
        .sendKeys("A bolus request over the hourly PCA limit is accepted after a restart.");
    browser.findElement(By.id("steps")).sendKeys("1. Program PCA\n2. Restart\n3. Press bolus");
    browser.findElement(By.id("impact")).sendKeys("Overdose of an opioid.");
    browser.findElement(By.id("contact")).sendKeys("finder@example.org");
    browser.findElement(By.cssSelector("input[name='credit'][value='named']")).click();
    browser.findElement(By.id("creditName")).sendKeys("Ada Finder");
    // The form is refused when sent back faster than a person fills it in (no CAPTCHA).
    Thread.sleep(IntakeLimits.defaults().minimumFillTime().toMillis() + 500);
    browser.findElement(By.id("send-report")).click();
    Browsers.await(
        browser,
        "!d.findElements(By.id(\"token\")).isEmpty()",
        d -> !d.findElements(By.id("token")).isEmpty());
    String token = browser.findElement(By.id("token")).getText();
    assertThat(token).matches("[A-Za-z0-9_-]{32}");
    browser.findElement(By.id("case-link")).click();
    Browsers.await(
        browser,
        "!d.findElements(By.id(\"case-state\")).isEmpty()",
        d -> !d.findElements(By.id("case-state")).isEmpty());
    assertThat(browser.findElement(By.id("case-title")).getText()).contains(TITLE);
    assertThat(browser.findElement(By.id("case-state")).getText()).isEqualTo("Received");
    String caseUrl = browser.getCurrentUrl();

    // The team: the case list, then the case.
    browser.get(hub.uri() + "/disclosures");
    Browsers.signIn(browser, "admin", hub.hub().firstAdminPassword().orElseThrow());
    Browsers.await(browser, "signed in", d -> d.getCurrentUrl().endsWith("/fleet"));
    browser.get(hub.uri() + "/disclosures");
    assertThat(browser.findElement(By.id("cases")).getText()).contains(TITLE);
    browser.findElement(By.cssSelector("#cases a[href^='/disclosures/']")).click();
    Browsers.await(
        browser,
        "!d.findElements(By.id(\"transition-to\")).isEmpty()",
        d -> !d.findElements(By.id("transition-to")).isEmpty());
    new Select(browser.findElement(By.id("transition-to"))).selectByValue("ACKNOWLEDGED");
    browser.findElement(By.id("transition-note")).sendKeys("Thank you, we are looking at it.");
    browser.findElement(By.id("transition")).click();
    Browsers.await(
        browser,
        "d.findElement(By.id(\"case-state\")).getText().contains(\"Acknowledged\")",
        d -> d.findElement(By.id("case-state")).getText().contains("Acknowledged"));
    browser.findElement(By.id("cvss40")).clear();
    browser
        .findElement(By.id("cvss40"))
        .sendKeys("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N");
    browser.findElement(By.id("save-scoring")).click();
    Browsers.await(
        browser,
        "d.findElement(By.id(\"cvss40-score\")).getText().contains(\"8.7\")",
        d -> d.findElement(By.id("cvss40-score")).getText().contains("8.7"));
    assertThat(browser.findElement(By.id("cvss40-score")).getText()).contains("High");

    // The researcher again, with only the token: the new state, and an answer.
    browser.manage().deleteAllCookies();
    browser.get(caseUrl);
    Browsers.await(
        browser,
        "d.findElement(By.id(\"case-state\")).getText().equals(\"Acknowledged\")",
        d -> d.findElement(By.id("case-state")).getText().equals("Acknowledged"));
    browser.findElement(By.id("message-body")).sendKeys("It also works with the clinician PIN.");
    browser.findElement(By.id("send-message")).click();
    Browsers.await(
        browser,
        "d.getPageSource().contains(\"It also works with the clinician PIN.\")",
        d -> d.getPageSource().contains("It also works with the clinician PIN."));
    assertThat(browser.getPageSource()).doesNotContain("<script>alert(1)</script>");

    Browsers.assertNoConsoleErrors(browser);
  }
}
