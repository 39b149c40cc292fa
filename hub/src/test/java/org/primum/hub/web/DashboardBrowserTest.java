package org.primum.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.primum.core.formats.AlarmPriority;
import org.primum.core.formats.StatusReport;
import org.primum.device.DeviceAgent;
import org.primum.device.DeviceStatus;
import org.primum.hub.TestHub;

/**
 * Real headless Chromium (Debian's chromium and chromium-driver) against a real hub: sign in, see
 * the fleet refresh live, revoke a pump, and see the pump cut off.
 */
class DashboardBrowserTest {
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
  void staff_signsIn_seesTheFleetLive_andRevokesAPump() throws Exception {
    AtomicReference<DeviceStatus> second =
        new AtomicReference<>(new DeviceStatus("INFUSING", List.of()));
    DeviceAgent one = enroll("PUMP-0001", () -> new DeviceStatus("IDLE", List.of()));
    DeviceAgent two = enroll("PUMP-0002", second::get);
    DeviceAgent three =
        enroll(
            "PUMP-0003",
            () ->
                new DeviceStatus(
                    "PAUSED",
                    List.of(
                        new StatusReport.Alarm(
                            "BATTERY_LOW", AlarmPriority.MEDIUM, "Battery low"))));
    for (DeviceAgent agent : List.of(one, two, three)) {
      assertThat(agent.reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
    }

    browser.get(hub.uri() + "/fleet");
    Browsers.signIn(browser, "admin", hub.hub().firstAdminPassword().orElseThrow());
    WebDriverWait wait = Browsers.waiting(browser);
    try {
      wait.until(d -> d.getCurrentUrl().endsWith("/fleet"));
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError(
          "sign-in did not reach /fleet: at "
              + browser.getCurrentUrl()
              + "\n"
              + browser.getPageSource()
              + "\n"
              + browser.manage().logs().get(LogType.BROWSER).getAll(),
          e);
    }

    List<WebElement> rows = browser.findElements(By.cssSelector("#fleet-rows tr"));
    assertThat(rows)
        .extracting(r -> r.getAttribute("data-serial"))
        .containsExactly("PUMP-0001", "PUMP-0002", "PUMP-0003");
    String row3 = browser.findElement(By.id("device-PUMP-0003")).getText();
    assertThat(row3).contains("Test pump", "1.0.0", "ONLINE", "PAUSED", "MEDIUM · BATTERY_LOW");

    // A new high-priority alarm appears without reloading the page (fleet.js, allowed by the CSP).
    second.set(
        new DeviceStatus(
            "ALARM",
            List.of(
                new StatusReport.Alarm(
                    "OCCLUSION_DOWNSTREAM", AlarmPriority.HIGH, "Downstream occlusion"))));
    assertThat(two.reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
    wait.until(
        d ->
            d.findElement(By.id("device-PUMP-0002"))
                .getText()
                .contains("HIGH · OCCLUSION_DOWNSTREAM"));
    assertThat(browser.findElement(By.id("count-high")).getText())
        .isEqualTo("1 with a high-priority alarm");

    browser.findElement(By.linkText("PUMP-0002")).click();
    wait.until(d -> d.findElement(By.id("device-title")).getText().equals("Device PUMP-0002"));
    browser.findElement(By.id("revoke-reason")).sendKeys("tampering suspected");
    browser.findElement(By.id("revoke")).click();
    wait.until(d -> d.findElement(By.id("device-status")).getText().equals("REVOKED"));
    assertThat(browser.getPageSource()).contains("tampering suspected");

    assertThat(two.reportNow()).isEqualTo(DeviceAgent.ReportOutcome.REFUSED);
    assertThat(one.reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
    browser.get(hub.uri() + "/fleet");
    wait.until(d -> d.findElement(By.id("device-PUMP-0002")).getText().contains("REVOKED"));

    Browsers.assertNoConsoleErrors(browser);
  }

  private DeviceAgent enroll(String serial, org.primum.device.StatusSource source)
      throws Exception {
    DeviceAgent agent = hub.agent(dir.resolve(serial), Clock.systemUTC(), source);
    agent.enrollIfNeeded(
        Optional.of(hub.token(serial)), Optional.of(hub.hub().pki().caCertificate()));
    return agent;
  }

  static Map<String, String> none() {
    return Map.of();
  }
}
