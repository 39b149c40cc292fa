package org.primum.pump;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.primum.core.formats.EnrollmentTokens;
import org.primum.device.DeviceAgent;
import org.primum.device.LinkState;
import org.primum.device.identity.DeviceIdentity;
import org.primum.device.identity.EnrollmentRefused;
import org.primum.device.patient.PatientPseudonyms;
import org.primum.device.patient.PatientRecordStore;

/**
 * One simulated reference pump: the device kit's agent (enrollment, mutual TLS, signed status
 * reports, renewal) driven by the demo therapy simulator. Used by {@code primum pump} and {@code
 * primum demo}.
 */
public final class SimulatedPump implements AutoCloseable {
  private final DeviceAgent agent;
  private final DeviceIdentity identity;

  private SimulatedPump(DeviceAgent agent, DeviceIdentity identity) {
    this.agent = agent;
    this.identity = identity;
  }

  /**
   * Enrolls (when the data directory holds no identity yet) and starts reporting.
   *
   * @param token the one-time enrollment token, needed on first start only
   * @param hubCa the hub CA given at provisioning, needed on first start only
   */
  public static SimulatedPump start(
      URI hub,
      Path dataDir,
      Optional<EnrollmentTokens.Token> token,
      Optional<X509Certificate> hubCa,
      Duration reportInterval,
      Clock clock,
      SecureRandom random,
      ScheduledExecutorService scheduler,
      Optional<Executor> httpExecutor)
      throws EnrollmentRefused, IOException {
    DeviceAgent.Config config =
        new DeviceAgent.Config(
            hub,
            dataDir,
            ReferencePump.MODEL,
            ReferencePump.FIRMWARE,
            reportInterval,
            Duration.ofSeconds(10));
    long seed = dataDir.toAbsolutePath().toString().hashCode();
    ObjectNode subject = programDemoPatient(dataDir, seed, random);
    // The recorder needs the agent, and the agent needs the status source: tie the knot once.
    DeviceAgent[] agentHolder = new DeviceAgent[1];
    DeviceAgent agent =
        new DeviceAgent(
            config,
            new RecordingStatusSource(
                new DemoTherapySimulator(clock, seed),
                event ->
                    agentHolder[0].recordEvent(event.type(), event.severity(), event.payload()),
                subject),
            clock,
            random,
            scheduler,
            httpExecutor);
    agentHolder[0] = agent;
    DeviceIdentity identity = agent.enrollIfNeeded(token, hubCa);
    agent.start();
    return new SimulatedPump(agent, identity);
  }

  /**
   * Keeps the demo patient this pump is programmed for in its patient record store, and returns the
   * pseudonyms evidence may carry instead.
   */
  private static ObjectNode programDemoPatient(Path dataDir, long seed, SecureRandom random)
      throws IOException {
    Path patients = dataDir.resolve("patients");
    PatientPseudonyms pseudonyms = PatientPseudonyms.loadOrCreate(patients, random);
    PatientRecordStore records = PatientRecordStore.open(patients, random);
    DemoPatients.Patient patient = DemoPatients.forSeed(seed);
    String pseudonym = pseudonyms.patient(patient.medicalRecordNumber());
    if (!records.pseudonyms().contains(pseudonym)) {
      records.put(pseudonym, patient.record());
    }
    ObjectNode subject = JsonNodeFactory.instance.objectNode();
    subject.put("patient", pseudonym);
    subject.put("infusion", pseudonyms.infusion(patient.orderId()));
    return subject;
  }

  public String serial() {
    return identity.serial();
  }

  public DeviceIdentity identity() {
    return agent.identity().orElse(identity);
  }

  public LinkState linkState() {
    return agent.linkState();
  }

  public String lastProblem() {
    return agent.lastProblem();
  }

  public DeviceAgent agent() {
    return agent;
  }

  @Override
  public void close() {
    agent.close();
  }
}
