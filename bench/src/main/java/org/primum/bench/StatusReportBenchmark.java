package org.primum.bench;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.primum.core.crypto.EcKeyPair;
import org.primum.core.formats.AlarmPriority;
import org.primum.core.formats.StatusReport;
import org.primum.core.formats.StatusReports;

/** What the hub spends per status report before the database: envelope, signature, JSON. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class StatusReportBenchmark {
  private EcKeyPair device;
  private StatusReport report;
  private byte[] envelope;
  private org.primum.core.crypto.EcVerifier prepared;

  @Setup
  public void setup() {
    device = EcKeyPair.generate(new SecureRandom());
    report =
        new StatusReport(
            "PUMP-0001",
            4294967297L,
            Instant.parse("2026-11-22T12:00:00Z").toString(),
            "Primum RP-1 infusion pump",
            "0.1.0",
            "INFUSING",
            "ONLINE",
            List.of(new StatusReport.Alarm("BATTERY_LOW", AlarmPriority.LOW, "Battery below 30%")),
            100);
    envelope = StatusReports.sign(report, device);
    prepared = org.primum.core.crypto.EcVerifier.of(device.publicKey());
  }

  @Benchmark
  public StatusReport verify() throws Exception {
    return StatusReports.verify(envelope, device.publicKey());
  }

  /** The hub's path: the device key prepared once per certificate. */
  @Benchmark
  public StatusReport verifyWithPreparedKey() throws Exception {
    return StatusReports.verify(envelope, prepared);
  }

  @Benchmark
  public byte[] sign() {
    return StatusReports.sign(report, device);
  }
}
