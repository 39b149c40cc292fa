package org.primum.hub.evidence.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.evidence.EvidenceBundles;
import org.primum.core.evidence.EvidenceEntry;
import org.primum.core.evidence.EvidenceUpload;
import org.primum.core.evidence.Severity;
import org.primum.core.formats.Checkpoint;
import org.primum.core.formats.NoteVerifierKey;
import org.primum.core.json.Json;
import org.primum.core.merkle.MerkleHashes;
import org.primum.core.merkle.MerkleTree;
import org.primum.device.DeviceAgent;
import org.primum.device.evidence.EvidenceKeys;
import org.primum.device.evidence.EvidenceLog;
import org.primum.device.link.HubLink;
import org.primum.hub.TestHub;
import org.primum.hub.evidence.EvidenceService;

/**
 * The stage every hub-side attack test plays on: a real hub (SQLite or PostgreSQL) on a free port,
 * enrolled devices talking mutual TLS, an attacker who holds a device's evidence key and can sign
 * whatever log it likes ({@link Forger}), and bundles exported by the hub to tamper with.
 */
public final class Scene implements AutoCloseable {
  private final TestHub hub;
  private final Path dir;
  private final SecureRandom random = new SecureRandom();
  private final List<DeviceAgent> agents = new ArrayList<>();

  private Scene(TestHub hub, Path dir) {
    this.hub = hub;
    this.dir = dir;
  }

  public static Scene start(TestHub.Db db, Path dir) throws Exception {
    return new Scene(TestHub.start(db, dir), dir);
  }

  public TestHub hub() {
    return hub;
  }

  /** An enrolled device, and the evidence key an attacker who owns it would hold. */
  public record Device(DeviceAgent agent, String serial, Path data, Ed25519KeyPair evidenceKey) {
    public EvidenceLog log() {
      return agent.evidence().orElseThrow().log().orElseThrow();
    }

    public String origin() {
      return EvidenceService.originOf(serial);
    }

    public String keyText() {
      return NoteVerifierKey.of(origin(), evidenceKey.publicKey()).text();
    }
  }

  /** Enrolls a device and uploads its first evidence, so the hub already witnesses a log. */
  public Device witnessedDevice(String serial) throws Exception {
    Path data = dir.resolve(serial);
    DeviceAgent agent = hub.enroll(serial, data);
    agents.add(agent);
    Device device =
        new Device(
            agent, serial, data, EvidenceKeys.loadOrCreate(data.resolve("evidence"), random));
    for (int i = 0; i < 3; i++) {
      agent.recordEvent("safety.dose.programmed", Severity.NOTICE, "rate " + (i + 1) + " ml/h");
    }
    assertThat(agent.reportNow()).isEqualTo(DeviceAgent.ReportOutcome.ACCEPTED);
    assertThat(heldSize(device)).isGreaterThanOrEqualTo(3);
    return device;
  }

  /** Starts a device again on the same data directory (after its storage was tampered with). */
  public DeviceAgent restart(Device device) throws Exception {
    DeviceAgent agent = hub.agent(device.data(), java.time.Clock.systemUTC(), TestHub.IDLE);
    agents.add(agent);
    agent.enrollIfNeeded(Optional.empty(), Optional.empty());
    return agent;
  }

  public HubLink.Response post(Device device, EvidenceUpload upload) throws Exception {
    return post(device, device.serial(), upload);
  }

  /** Posts as {@code device} to the evidence endpoint of {@code serial} (maybe not its own). */
  public HubLink.Response post(Device device, String serial, EvidenceUpload upload)
      throws Exception {
    HubLink link =
        HubLink.create(
            hub.uri(),
            hub.hub().pki().caCertificate(),
            Optional.of(device.agent().identity().orElseThrow().tlsIdentity()),
            random,
            Duration.ofSeconds(10),
            Optional.empty());
    return link.post(
        "/api/v1/devices/" + serial + "/evidence",
        "application/json",
        Json.write(upload),
        Map.of());
  }

  public long heldSize(Device device) {
    return hub.hub().evidence().log(device.serial()).orElseThrow().size();
  }

  public String heldRoot(Device device) {
    return hub.hub().evidence().log(device.serial()).orElseThrow().rootHash();
  }

  /** The upload was refused as an integrity incident of this kind. */
  public static void assertIncident(HubLink.Response response, String kind) throws Exception {
    assertThat(response.status()).as(response.bodyText()).isEqualTo(409);
    JsonNode body = Json.readTree(response.body());
    assertThat(body.path("error").asText()).isEqualTo("evidence-incident");
    assertThat(body.path("message").asText()).contains("(" + kind + ")");
  }

  /** The upload was refused as an integrity incident of one of these kinds. */
  public static void assertIncidentOneOf(HubLink.Response response, String... kinds)
      throws Exception {
    assertThat(response.status()).as(response.bodyText()).isEqualTo(409);
    JsonNode body = Json.readTree(response.body());
    assertThat(body.path("error").asText()).isEqualTo("evidence-incident");
    String message = body.path("message").asText();
    assertThat(java.util.Arrays.stream(kinds).anyMatch(k -> message.contains("(" + k + ")")))
        .as("%s names one of %s", message, java.util.Arrays.toString(kinds))
        .isTrue();
  }

  public List<String> incidentKinds(Device device) {
    return hub.hub().evidence().incidents(device.serial()).stream()
        .map(EvidenceService.IncidentView::kind)
        .toList();
  }

  /**
   * Nothing the hub held was overwritten, the log shows an incident, and every incident kept the
   * held checkpoint beside the presented one as proof.
   */
  public void assertHeldUnchanged(Device device, long size, String root) {
    var log = hub.hub().evidence().log(device.serial()).orElseThrow();
    assertThat(log.size()).isEqualTo(size);
    assertThat(log.rootHash()).isEqualTo(root);
    assertThat(log.integrity()).isEqualTo("INCIDENT");
    assertThat(hub.hub().evidence().incidents(device.serial()))
        .isNotEmpty()
        .allSatisfy(
            i -> {
              assertThat(i.heldCheckpoint()).contains(device.origin());
              assertThat(i.presentedCheckpoint()).isNotBlank();
            });
  }

  /** Builds uploads of arbitrary logs, signed with a key the attacker holds. */
  public static final class Forger {
    private final MerkleTree tree = new MerkleTree();
    private final List<byte[]> entries = new ArrayList<>();
    private final Ed25519KeyPair key;
    private final String origin;

    public Forger(Ed25519KeyPair key, String origin) {
      this.key = key;
      this.origin = origin;
    }

    public Forger add(byte[] entry) {
      entries.add(entry);
      tree.append(MerkleHashes.leaf(entry));
      return this;
    }

    /** Appends a well-formed entry numbered as the next in this forged log. */
    public Forger add(long boot, long monotonic, String message) {
      return add(entry(entries.size(), boot, monotonic, message));
    }

    public static byte[] entry(long sequence, long boot, long monotonic, String message) {
      try {
        return new EvidenceEntry(
                sequence,
                "2026-11-22T12:00:00Z",
                monotonic,
                boot,
                "forged.event",
                Severity.INFO,
                JsonNodeFactory.instance.objectNode().put("message", message))
            .encode();
      } catch (org.primum.core.evidence.EvidenceRejection e) {
        throw new IllegalArgumentException(e);
      }
    }

    public long size() {
      return entries.size();
    }

    public byte[] root(long size) {
      return tree.root(size);
    }

    public List<String> proof(long from, long to) {
      return tree.consistencyProof(from, to).stream()
          .map(Base64.getEncoder()::encodeToString)
          .toList();
    }

    public String checkpoint(long size) {
      return new Checkpoint(origin, size, tree.root(size)).sign(key);
    }

    public List<String> entries(long from, long to) {
      return entries.subList((int) from, (int) to).stream()
          .map(Base64.getEncoder()::encodeToString)
          .toList();
    }

    /** An honest-looking upload of entries [from, to) with the proof from {@code from}. */
    public EvidenceUpload upload(long from, long to) {
      return new EvidenceUpload(
          checkpoint(to),
          from,
          from == 0 ? List.of() : proof(from, to),
          entries(from, to),
          NoteVerifierKey.of(origin, key.publicKey()).text());
    }
  }

  /** A forger holding a copy of the first {@code count} entries of the device's honest log. */
  public Forger honestCopy(Device device, long count) throws Exception {
    Forger forger = new Forger(device.evidenceKey(), device.origin());
    for (long i = 0; i < count; i++) {
      forger.add(device.log().entryBytes(i));
    }
    return forger;
  }

  /** A bundle of the device's whole witnessed log, exported by the hub as an analyst would. */
  public Path exportBundle(Device device) throws Exception {
    return hub.hub()
        .evidence()
        .exports()
        .export(
            device.serial(),
            Optional.empty(),
            Optional.empty(),
            "staff:sam",
            "attack test",
            "127.0.0.1")
        .file();
  }

  /** Verifies a bundle offline against this hub's receipt key, as {@code primum verify} does. */
  public EvidenceBundles.Report verify(Path bundle) throws Exception {
    return EvidenceBundles.verify(
        bundle, Optional.of(hub.hub().evidence().receiptKey()), false, n -> {});
  }

  /** A copy of a bundle with its members edited. */
  public Path rewrite(Path bundle, UnaryOperator<Map<String, byte[]>> edit) throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (ZipInputStream in =
        new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(bundle)))) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        files.put(entry.getName(), in.readAllBytes());
      }
    }
    files = edit.apply(files);
    Path out = dir.resolve("tampered-" + random.nextInt(1_000_000_000) + ".zip");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(out))) {
      for (var file : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(file.getKey()));
        zip.write(file.getValue());
        zip.closeEntry();
      }
    }
    return out;
  }

  /** A copy of a bundle with its entry lines (one canonical JSON entry per line) edited. */
  public Path withEntries(Path bundle, UnaryOperator<List<String>> edit) throws Exception {
    return rewrite(
        bundle,
        files -> {
          List<String> lines =
              new ArrayList<>(
                  List.of(
                      new String(files.get("entries.jsonl"), StandardCharsets.UTF_8).split("\n")));
          files.put(
              "entries.jsonl",
              (String.join("\n", edit.apply(lines)) + "\n").getBytes(StandardCharsets.UTF_8));
          return files;
        });
  }

  public static void copyTree(Path from, Path to) throws Exception {
    try (var paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else if (!path.getFileName().toString().equals(".lock")) {
          Files.copy(path, target);
        }
      }
    }
  }

  public static void deleteTree(Path root) throws Exception {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  @Override
  public void close() {
    for (DeviceAgent agent : agents) {
      try {
        agent.close();
      } catch (RuntimeException e) {
        // already closed by the test
      }
    }
    hub.closeAndDrop();
  }
}
