package org.primum.cli;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.primum.hub.Hub;
import org.primum.hub.HubConfig;
import org.primum.hub.advisories.AdvisoryService;
import org.primum.hub.advisories.NotificationSettings;
import org.primum.hub.advisories.SmtpSettings;
import org.primum.hub.disclosure.IntakeLimits;
import org.primum.hub.fleet.FleetService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code primum hub}: runs the hub until interrupted. */
@Command(
    name = "hub",
    mixinStandardHelpOptions = true,
    description = "Run the hub: device enrollment (EST), mutual-TLS device API, dashboard.")
final class HubCommand implements Callable<Integer> {
  @Mixin DataOptions data;

  @Option(
      names = "--port",
      defaultValue = "8443",
      description = "HTTPS port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}; use 0.0.0.0 for all).")
  String bind;

  @Option(
      names = "--hostname",
      paramLabel = "NAME",
      description = "A DNS name or IP address devices use to reach the hub (repeatable).")
  List<String> hostNames = new ArrayList<>();

  @Option(
      names = "--public-url",
      paramLabel = "URL",
      description = "The URL shown to users and devices.")
  String publicUrl;

  @Option(
      names = "--security-contact",
      paramLabel = "EMAIL",
      description = {
        "Where researchers report vulnerabilities: the Contact of /.well-known/security.txt and",
        "the CSAF publisher's contact details (default: security@example.org — set it)."
      })
  String securityContact;

  @Option(
      names = "--publisher",
      paramLabel = "NAME",
      description = "Who publishes the security advisories (CSAF publisher and vendor name).")
  String publisher;

  @Option(
      names = "--smtp",
      paramLabel = "HOST:PORT",
      description = "SMTP server for advisory e-mail to subscribers (none: e-mail is not sent).")
  String smtp;

  @Option(
      names = "--smtp-from",
      paramLabel = "ADDRESS",
      description = "Sender address of advisory e-mail (default: the --security-contact).")
  String smtpFrom;

  @Option(
      names = "--smtp-no-starttls",
      description = "Send advisory e-mail without STARTTLS (only for a relay on this host).")
  boolean smtpPlain;

  @Option(
      names = "--device-cert-days",
      defaultValue = "30",
      description = "Lifetime of device certificates in days (default: ${DEFAULT-VALUE}).")
  int deviceCertDays;

  @Option(
      names = "--intake-reports-per-hour",
      paramLabel = "N",
      description = {
        "New vulnerability reports accepted per source address per hour (default: 5). Raise it",
        "when many researchers share one address, e.g. behind a reverse proxy."
      })
  Integer intakeReportsPerHour;

  @Option(
      names = "--intake-concurrency",
      paramLabel = "N",
      description =
          "Vulnerability reports read and stored at once; more wait for a 503 (default: 4).")
  Integer intakeConcurrency;

  /** The intake options applied to {@code config}. */
  HubConfig withIntakeLimits(HubConfig config) {
    IntakeLimits limits = config.intake();
    if (intakeReportsPerHour != null) {
      limits = limits.withRates(intakeReportsPerHour, limits.statusPerMinute());
    }
    if (intakeConcurrency != null) {
      limits = limits.withConcurrentIntakes(intakeConcurrency);
    }
    return config.withIntake(limits);
  }

  /** The disclosure contact, advisory publisher and SMTP options applied to {@code config}. */
  HubConfig withSecurityPublishing(HubConfig config) {
    AdvisoryService.Settings advisories = config.advisories();
    if (publisher != null || securityContact != null) {
      advisories =
          new AdvisoryService.Settings(
              publisher != null ? publisher : advisories.publisherName(),
              publisher != null ? publisher : advisories.vendor(),
              securityContact != null ? Optional.of(securityContact) : advisories.contactDetails(),
              advisories.issuingAuthority());
    }
    NotificationSettings notifications = config.notifications();
    if (smtp != null) {
      int colon = smtp.lastIndexOf(':');
      if (colon <= 0 || colon == smtp.length() - 1) {
        throw new IllegalArgumentException("--smtp: expected HOST:PORT, found " + smtp);
      }
      int smtpPort;
      try {
        smtpPort = Integer.parseInt(smtp.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--smtp: expected a port number, found " + smtp);
      }
      String from = smtpFrom != null ? smtpFrom : securityContact;
      if (from == null) {
        throw new IllegalArgumentException("--smtp needs --smtp-from or --security-contact");
      }
      notifications =
          notifications.withSmtp(
              SmtpSettings.of(smtp.substring(0, colon), smtpPort, from, !smtpPlain));
    }
    return config.withAdvisories(advisories).withNotifications(notifications);
  }

  @Override
  public Integer call() throws Exception {
    FleetService.Settings defaults = FleetService.Settings.defaults();
    HubConfig config =
        new HubConfig(
            data.dataDir,
            Optional.ofNullable(data.jdbcUrl),
            bind,
            port,
            hostNames,
            Optional.ofNullable(publicUrl),
            new FleetService.Settings(
                Duration.ofDays(deviceCertDays),
                defaults.defaultTokenValidity(),
                defaults.silenceLimit(),
                defaults.reportRetention()));
    config = withSecurityPublishing(config);
    config = withIntakeLimits(config);
    CountDownLatch stopped = new CountDownLatch(1);
    try (Hub hub = Hub.start(config, Clock.systemUTC(), new SecureRandom())) {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    hub.close();
                    stopped.countDown();
                  },
                  "primum-hub-shutdown"));
      Banner.hub(System.out, hub, data.dataDir);
      stopped.await();
    }
    return 0;
  }
}
