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
      names = "--device-cert-days",
      defaultValue = "30",
      description = "Lifetime of device certificates in days (default: ${DEFAULT-VALUE}).")
  int deviceCertDays;

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
