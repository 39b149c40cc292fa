package org.primum.hub.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.primum.core.crypto.Hashes;
import org.primum.hub.TestHub;

/**
 * Headless Chromium (Debian's chromium and chromium-driver) for the browser tests: trusts exactly
 * the test hub's TLS key, as a user who imported the hub CA would, and nothing else; skips the test
 * when the browser is not installed, unless {@code PRIMUM_REQUIRE_BROWSER=true} (CI).
 */
final class Browsers {
  private static final File CHROMIUM = new File("/usr/bin/chromium");
  private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

  private Browsers() {}

  /** A fresh browser profile under {@code dir} for {@code hub}. */
  static WebDriver start(TestHub hub, Path dir) throws IOException {
    boolean installed = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
    if (!installed && "true".equalsIgnoreCase(System.getenv("PRIMUM_REQUIRE_BROWSER"))) {
      throw new IllegalStateException(
          "PRIMUM_REQUIRE_BROWSER is set but chromium/chromedriver are missing");
    }
    Assumptions.assumeTrue(installed, "chromium and chromium-driver are not installed; skipping");
    String spki =
        Base64.getEncoder()
            .encodeToString(
                Hashes.sha256(hub.hub().pki().tlsCertificate().getPublicKey().getEncoded()));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")),
        "--ignore-certificate-errors-spki-list=" + spki,
        "--window-size=1400,900");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER)
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  /**
   * A wait that looks an element up again when the page changed under it (pages refresh themselves
   * and forms navigate).
   */
  static WebDriverWait waiting(WebDriver browser) {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    // An element found just before a form navigated is stale; Chromium sometimes reports that as
    // a plain inspector error ("Node with given id does not belong to the document"). Either way
    // the wait looks again; on a timeout the last error is the cause.
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    wait.ignoring(org.openqa.selenium.WebDriverException.class);
    return wait;
  }

  /**
   * Waits for {@code condition}; on a timeout, fails with the page the browser is on and its
   * console, which says why far better than the timeout does.
   */
  static void await(
      WebDriver browser, String what, java.util.function.Function<WebDriver, Boolean> condition) {
    try {
      waiting(browser).until(condition::apply);
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError(
          "waited for "
              + what
              + ", at "
              + browser.getCurrentUrl()
              + "\n"
              + browser.getPageSource()
              + "\n"
              + browser.manage().logs().get(LogType.BROWSER).getAll(),
          e);
    }
  }

  /** Signs in as {@code user} on the login page the browser was sent to. */
  static void signIn(WebDriver browser, String user, String password) {
    assertThat(browser.getCurrentUrl()).endsWith("/login");
    browser.findElement(By.id("username")).sendKeys(user);
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.id("sign-in")).click();
  }

  /** Asserts the pages raised no CSP violation or script error in the browser's console. */
  static void assertNoConsoleErrors(WebDriver browser) {
    List<String> consoleErrors =
        browser.manage().logs().get(LogType.BROWSER).getAll().stream()
            .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
            .map(LogEntry::getMessage)
            .filter(m -> !m.contains("favicon"))
            .toList();
    assertThat(consoleErrors).as("no CSP violations or script errors").isEmpty();
  }
}
