package org.primum.pump;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.primum.core.crypto.Ed25519KeyPair;
import org.primum.core.crypto.Hashes;
import org.primum.core.crypto.Pem;
import org.primum.core.files.SecureFiles;
import org.primum.core.formats.NoteVerifierKey;
import org.primum.core.formats.SignedNote;
import org.primum.core.json.Json;
import org.primum.device.identity.IdentityStore;
import org.primum.device.patient.PatientRecordStore;

/**
 * Decommissioning a pump (PUMP-SAFETY MN12): every patient record is crypto-shredded (its key
 * destroyed, so the record can never be read again), then every key, credential, the drug library,
 * the console PINs and the kept program are overwritten with random bytes and deleted. Before its
 * evidence key goes, the pump signs a report listing what it erased (path, size, SHA-256 of the
 * content), so the manufacturer can check it against the evidence key the hub witnessed. What
 * stays: the evidence log (no patient data, and the record of the device's life) and the report.
 *
 * <p>Overwriting is best effort on flash storage (wear levelling may keep old blocks); the
 * guarantee for patient data is the crypto-shredding, and for keys the revocation on the hub.
 */
public final class Decommissioning {
  /** The signed report, a C2SP signed note whose text is canonical JSON. */
  public static final String REPORT = "decommission-report.note";

  private static final String KEY_NAME = "primum.decommission";

  /** What was erased, and the report that says so. */
  public record Result(List<String> erased, int patientsShredded, Path report, boolean signed) {}

  private Decommissioning() {}

  /** Decommissions the pump whose data directory is {@code dataDir}. */
  public static Result run(Path dataDir, Clock clock, SecureRandom random) throws IOException {
    String serial =
        new IdentityStore(dataDir)
            .load()
            .map(i -> i.serial())
            .orElse(dataDir.getFileName().toString());
    Optional<Ed25519KeyPair> evidenceKey = evidenceKey(dataDir);

    // 1. Crypto-shred every patient record (the records become unreadable for good).
    int shredded = 0;
    Path patients = dataDir.resolve("patients");
    if (Files.isDirectory(patients)) {
      PatientRecordStore store = PatientRecordStore.open(patients, random);
      for (String pseudonym : store.pseudonyms()) {
        store.erase(pseudonym);
        shredded++;
      }
    }

    // 2. Overwrite and delete every secret and every piece of trusted configuration.
    List<Path> targets = new ArrayList<>();
    for (String dir : List.of("identity", "patients", "druglib", "therapy")) {
      targets.addAll(files(dataDir.resolve(dir)));
    }
    for (String file :
        List.of("evidence/evidence-key.pem", "evidence/hub-receipt-key", "console-pins")) {
      if (Files.exists(dataDir.resolve(file))) {
        targets.add(dataDir.resolve(file));
      }
    }
    ArrayNode erased = JsonNodeFactory.instance.arrayNode();
    List<String> names = new ArrayList<>();
    for (Path file : targets) {
      byte[] content = Files.readAllBytes(file);
      String name = dataDir.relativize(file).toString();
      erased
          .addObject()
          .put("path", name)
          .put("bytes", content.length)
          .put("sha256", HexFormat.of().formatHex(Hashes.sha256(content)));
      names.add(name);
    }

    // 3. The report, signed by the evidence key before it is destroyed.
    ObjectNode report = JsonNodeFactory.instance.objectNode();
    report.put("format", "primum.decommission/v1");
    report.put("device", serial);
    report.put("at", clock.instant().toString());
    report.put("patientRecordsShredded", shredded);
    report.set("erased", erased);
    evidenceKey.ifPresent(
        k ->
            report.put(
                "evidenceKey",
                NoteVerifierKey.of("primum.evidence/" + serial, k.publicKey()).text()));
    String text = new String(Json.canonical(report), StandardCharsets.UTF_8) + "\n";
    String note = evidenceKey.map(k -> SignedNote.sign(text, KEY_NAME, k)).orElse(text);
    Path reportFile = dataDir.resolve(REPORT);
    SecureFiles.writePublic(reportFile, note.getBytes(StandardCharsets.UTF_8));

    for (Path file : targets) {
      overwriteAndDelete(file, random);
    }
    for (String dir : List.of("identity", "patients", "druglib", "therapy")) {
      deleteEmptyDirs(dataDir.resolve(dir));
    }
    // 4. Prove it: none of the erased files exists any more.
    for (Path file : targets) {
      if (Files.exists(file)) {
        throw new IOException("could not erase " + file);
      }
    }
    return new Result(List.copyOf(names), shredded, reportFile, evidenceKey.isPresent());
  }

  /** The key that verifies a report: the device's evidence key under the report's key name. */
  public static NoteVerifierKey reportKey(byte[] evidencePublicKey) {
    return NoteVerifierKey.of(KEY_NAME, evidencePublicKey);
  }

  private static Optional<Ed25519KeyPair> evidenceKey(Path dataDir) throws IOException {
    Path file = dataDir.resolve("evidence/evidence-key.pem");
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          Ed25519KeyPair.fromPem(
              new String(SecureFiles.readSecret(file), StandardCharsets.US_ASCII)));
    } catch (Pem.PemRejection e) {
      return Optional.empty();
    }
  }

  private static List<Path> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static void overwriteAndDelete(Path file, SecureRandom random) throws IOException {
    long size = Files.size(file);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      byte[] noise = new byte[(int) Math.min(size, 1 << 16)];
      long written = 0;
      while (written < size) {
        random.nextBytes(noise);
        int n = (int) Math.min(noise.length, size - written);
        channel.write(ByteBuffer.wrap(noise, 0, n), written);
        written += n;
      }
      channel.force(true);
    }
    Files.delete(file);
  }

  private static void deleteEmptyDirs(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        try (Stream<Path> inside = Files.isDirectory(p) ? Files.list(p) : Stream.empty()) {
          if (Files.isDirectory(p) && inside.findAny().isEmpty()) {
            Files.delete(p);
          }
        }
      }
    }
  }
}
