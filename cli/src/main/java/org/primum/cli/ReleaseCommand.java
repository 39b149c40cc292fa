package org.primum.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.primum.core.Rejection;
import org.primum.core.crypto.Hashes;
import org.primum.core.files.SecureFiles;
import org.primum.core.tuf.TufKey;
import org.primum.core.tuf.TufMetadata;
import org.primum.core.tuf.TufSigner;
import org.primum.hub.LocalRepository;
import org.primum.hub.updates.OfflineBundles;
import org.primum.hub.updates.OfflineSigning;
import org.primum.hub.updates.ReleaseFixes;
import org.primum.hub.updates.ReleaseSummary;
import org.primum.hub.updates.UpdateRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code primum release}: the TUF image repository from the release manager's side. {@code
 * init-repo}, {@code rotate-root} and {@code publish} act on a hub's data directory; {@code sign}
 * runs offline with nothing but the targets metadata, the image and the targets keys.
 *
 * <p>Exit codes: 0 done, 1 refused (the message says why; nothing was stored), 2 usage error.
 */
@Command(
    name = "release",
    mixinStandardHelpOptions = true,
    description = "Sign and publish releases in the hub's TUF image repository.",
    subcommands = {
      ReleaseCommand.InitRepo.class,
      ReleaseCommand.RotateRoot.class,
      ReleaseCommand.Sign.class,
      ReleaseCommand.Publish.class,
      ReleaseCommand.Bundle.class
    })
final class ReleaseCommand implements Runnable {
  @Override
  public void run() {
    System.err.println(
        "Use one of: release init-repo | release rotate-root | release sign | release publish"
            + " (see --help).");
  }

  static String actor() {
    return "cli:" + System.getProperty("user.name", "unknown");
  }

  /** Runs {@code body}, turning refusals and bad arguments into exit codes with a message. */
  static int guarded(Callable<Integer> body) throws Exception {
    try {
      return body.call();
    } catch (Rejection e) {
      System.err.println("Refused (" + e.code() + "): " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    } catch (NoSuchFileException e) {
      System.err.println("No such file: " + e.getFile());
      return 2;
    }
  }

  /** The keys a role lists (every file given) and the signers among them (private keys). */
  record KeySet(List<TufKey> keys, List<TufSigner> signers) {
    static KeySet of(List<Path> files) throws IOException {
      Map<String, TufKey> keys = new LinkedHashMap<>();
      List<TufSigner> signers = new ArrayList<>();
      for (Path file : files) {
        if (KeysCommand.isPublic(file)) {
          TufKey key = KeysCommand.publicKey(file);
          keys.put(key.keyId(), key);
        } else {
          TufSigner signer = KeysCommand.signer(file);
          keys.put(signer.key().keyId(), signer.key());
          signers.add(signer);
        }
      }
      return new KeySet(List.copyOf(keys.values()), signers);
    }
  }

  @Command(
      name = "init-repo",
      mixinStandardHelpOptions = true,
      description = {
        "Create the image repository: root v1 signed by the root keys given as private keys, and",
        "targets v1 (delegating druglib/* to the pharmacy keys, if given) signed by the targets keys",
        "given as private keys. A key given as FILE.pub.json is listed but does not sign. The hub's",
        "online snapshot and timestamp keys are created in its data directory and listed in root."
      })
  static final class InitRepo implements Callable<Integer> {
    @Mixin DataOptions data;

    @Option(names = "--root-key", required = true, arity = "1..*", paramLabel = "KEY")
    List<Path> rootKeys;

    @Option(names = "--root-threshold", required = true)
    int rootThreshold;

    @Option(names = "--targets-key", required = true, arity = "1..*", paramLabel = "KEY")
    List<Path> targetsKeys;

    @Option(names = "--targets-threshold", required = true)
    int targetsThreshold;

    @Option(names = "--pharmacy-pub", arity = "1..*", paramLabel = "KEY")
    List<Path> pharmacyKeys = new ArrayList<>();

    @Option(names = "--pharmacy-threshold", defaultValue = "1")
    int pharmacyThreshold;

    @Option(
        names = "--expires-days",
        defaultValue = "365",
        description = "Root lifetime in days (default: ${DEFAULT-VALUE}).")
    int rootDays;

    @Option(
        names = "--targets-expires-days",
        defaultValue = "90",
        description = "Targets lifetime in days (default: ${DEFAULT-VALUE}).")
    int targetsDays;

    @Override
    public Integer call() throws Exception {
      return guarded(
          () -> {
            KeySet root = KeySet.of(rootKeys);
            KeySet targets = KeySet.of(targetsKeys);
            Optional<OfflineSigning.RoleSpec> pharmacy = Optional.empty();
            if (!pharmacyKeys.isEmpty()) {
              List<TufKey> keys = new ArrayList<>();
              for (Path file : pharmacyKeys) {
                keys.add(KeysCommand.publicKey(file));
              }
              pharmacy = Optional.of(new OfflineSigning.RoleSpec(keys, pharmacyThreshold));
            }
            Instant now = Clock.systemUTC().instant();
            try (LocalRepository local =
                LocalRepository.open(data.config(), Clock.systemUTC(), new SecureRandom())) {
              UpdateRepository repository = local.repository();
              TufMetadata.Root rootMetadata =
                  OfflineSigning.root(
                      1,
                      now.plus(Duration.ofDays(positive(rootDays, "--expires-days"))),
                      new OfflineSigning.RoleSpec(root.keys(), rootThreshold),
                      new OfflineSigning.RoleSpec(targets.keys(), targetsThreshold),
                      repository.onlineKeys().snapshotKey(),
                      repository.onlineKeys().timestampKey());
              TufMetadata.Targets targetsMetadata =
                  OfflineSigning.initialTargets(
                      now.plus(Duration.ofDays(positive(targetsDays, "--targets-expires-days"))),
                      pharmacy);
              repository.initialize(
                  OfflineSigning.sign(rootMetadata, root.signers()),
                  OfflineSigning.sign(targetsMetadata, targets.signers()),
                  actor());
              System.out.println(
                  "Image repository created: root v1 ("
                      + rootThreshold
                      + " of "
                      + root.keys().size()
                      + " root keys), targets v1 ("
                      + targetsThreshold
                      + " of "
                      + targets.keys().size()
                      + " targets keys)"
                      + pharmacy
                          .map(
                              p ->
                                  ", druglib/* delegated to pharmacy ("
                                      + p.threshold()
                                      + " of "
                                      + p.keys().size()
                                      + ")")
                          .orElse("")
                      + ".");
            }
            return 0;
          });
    }
  }

  @Command(
      name = "rotate-root",
      mixinStandardHelpOptions = true,
      description = {
        "Sign the next root version with a threshold of the current root keys and of the new ones",
        "(TUF 5.3.4). With --new-targets-key, the targets keys change too and the current targets",
        "are re-signed by the new targets keys."
      })
  static final class RotateRoot implements Callable<Integer> {
    @Mixin DataOptions data;

    @Option(names = "--old-root-key", required = true, arity = "1..*", paramLabel = "KEY")
    List<Path> oldRootKeys;

    @Option(names = "--new-root-key", required = true, arity = "1..*", paramLabel = "KEY")
    List<Path> newRootKeys;

    @Option(names = "--root-threshold", description = "Default: the current root threshold.")
    Integer rootThreshold;

    @Option(names = "--new-targets-key", arity = "1..*", paramLabel = "KEY")
    List<Path> newTargetsKeys = new ArrayList<>();

    @Option(names = "--targets-threshold", description = "Default: the current targets threshold.")
    Integer targetsThreshold;

    @Option(names = "--expires-days", defaultValue = "365")
    int rootDays;

    @Option(names = "--targets-expires-days", defaultValue = "90")
    int targetsDays;

    @Override
    public Integer call() throws Exception {
      return guarded(
          () -> {
            KeySet oldRoot = KeySet.of(oldRootKeys);
            KeySet newRoot = KeySet.of(newRootKeys);
            Instant now = Clock.systemUTC().instant();
            try (LocalRepository local =
                LocalRepository.open(data.config(), Clock.systemUTC(), new SecureRandom())) {
              UpdateRepository repository = local.repository();
              TufMetadata.Root current =
                  OfflineSigning.parseRoot(
                      repository
                          .currentRoot()
                          .orElseThrow(
                              () ->
                                  new IllegalArgumentException(
                                      "the image repository has no root yet; run release"
                                          + " init-repo")));
              OfflineSigning.RoleSpec targets;
              Optional<KeySet> newTargets = Optional.empty();
              if (newTargetsKeys.isEmpty()) {
                List<TufKey> keys = new ArrayList<>();
                current.role("targets").keyIds().forEach(id -> keys.add(current.keys().get(id)));
                targets =
                    new OfflineSigning.RoleSpec(
                        keys,
                        targetsThreshold != null
                            ? targetsThreshold
                            : current.role("targets").threshold());
              } else {
                newTargets = Optional.of(KeySet.of(newTargetsKeys));
                targets =
                    new OfflineSigning.RoleSpec(
                        newTargets.get().keys(),
                        targetsThreshold != null
                            ? targetsThreshold
                            : Math.min(
                                current.role("targets").threshold(),
                                newTargets.get().keys().size()));
              }
              int threshold =
                  rootThreshold != null
                      ? rootThreshold
                      : Math.min(current.role("root").threshold(), newRoot.keys().size());
              TufMetadata.Root next =
                  OfflineSigning.root(
                      current.version() + 1,
                      now.plus(Duration.ofDays(positive(rootDays, "--expires-days"))),
                      new OfflineSigning.RoleSpec(newRoot.keys(), threshold),
                      targets,
                      repository.onlineKeys().snapshotKey(),
                      repository.onlineKeys().timestampKey());
              Map<String, TufSigner> signers = new LinkedHashMap<>();
              oldRoot.signers().forEach(s -> signers.put(s.key().keyId(), s));
              newRoot.signers().forEach(s -> signers.put(s.key().keyId(), s));
              Optional<byte[]> signedTargets = Optional.empty();
              if (newTargets.isPresent()) {
                TufMetadata.Targets reissued =
                    OfflineSigning.reissued(
                        OfflineSigning.parseTargets(repository.currentTargets().orElseThrow()),
                        now.plus(Duration.ofDays(positive(targetsDays, "--targets-expires-days"))));
                signedTargets =
                    Optional.of(OfflineSigning.sign(reissued, newTargets.get().signers()));
              }
              repository.rotateRoot(
                  OfflineSigning.sign(next, List.copyOf(signers.values())), signedTargets, actor());
              System.out.println(
                  "Root v"
                      + next.version()
                      + " stored ("
                      + threshold
                      + " of "
                      + newRoot.keys().size()
                      + " root keys)"
                      + (newTargets.isPresent()
                          ? "; targets re-signed by the new targets keys"
                          : "")
                      + ".");
            }
            return 0;
          });
    }
  }

  /** The options that describe one release. */
  static final class ReleaseOptions {
    @Option(names = "--image", required = true, paramLabel = "FILE")
    Path image;

    @Option(names = "--version", required = true, paramLabel = "V", description = "e.g. 0.2.0")
    String version;

    @Option(names = "--hardware", required = true, paramLabel = "H", description = "e.g. rp-1")
    String hardware;

    @Option(names = "--notes", required = true, paramLabel = "FILE", description = "Release notes.")
    Path notes;

    @Option(
        names = "--sbom",
        paramLabel = "FILE",
        description = {
          "CycloneDX SBOM (JSON or XML). Default: the one primum firmware build wrote beside the",
          "image (IMAGE.cdx.json), if there is one. The hub's release gate refuses a release",
          "without an SBOM, or with a known high/critical flaw no VEX covers, or a component past",
          "its end of support, unless --justification is given."
        })
    Path sbom;

    @Option(
        names = "--justification",
        paramLabel = "TEXT",
        description = {
          "Why to publish despite the release gate's findings. It is appended to the release",
          "notes (so it is signed and reaches every device) and kept in the audit trail."
        })
    String justification;

    @Option(
        names = "--release-counter",
        paramLabel = "N",
        description = "Anti-rollback counter (default: the highest for the hardware + 1).")
    Long releaseCounter;

    @Option(
        names = "--expires-days",
        defaultValue = "90",
        description = "Targets lifetime in days (default: ${DEFAULT-VALUE}).")
    int expiresDays;

    /** {@code current} plus this release's image (and SBOM) as targets, version + 1. */
    /** The SBOM given, or the one beside the image. */
    Optional<Path> sbomFile() {
      if (sbom != null) {
        return Optional.of(sbom);
      }
      Path beside = FirmwareCommand.sbomBeside(image);
      return Files.isRegularFile(beside) ? Optional.of(beside) : Optional.empty();
    }

    /** The notes file, with the gate justification appended when one is given. */
    byte[] notesBytes() throws IOException {
      byte[] text = Files.readAllBytes(notes);
      if (justification == null) {
        return text;
      }
      if (justification.isBlank()) {
        throw new IllegalArgumentException("--justification must say why");
      }
      String withReason =
          new String(text, java.nio.charset.StandardCharsets.UTF_8).stripTrailing()
              + "\n\nSupply-chain release gate: published with a recorded justification: "
              + justification.strip()
              + "\n";
      return withReason.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    TufMetadata.Targets nextTargets(TufMetadata.Targets current, long hubNextCounter, Instant now)
        throws IOException {
      byte[] notesBytes = notesBytes();
      long counter =
          releaseCounter != null
              ? releaseCounter
              : Math.max(hubNextCounter, OfflineSigning.nextReleaseCounter(current, hardware));
      String path = OfflineSigning.firmwarePath(hardware, image.getFileName().toString());
      Instant expires = now.plus(Duration.ofDays(positive(expiresDays, "--expires-days")));
      TufMetadata.Targets next =
          OfflineSigning.withTarget(
              current,
              path,
              targetFile(
                  image,
                  Optional.of(
                      OfflineSigning.firmwareCustom(
                          version, hardware, counter, Hashes.sha256Hex(notesBytes)))),
              expires);
      if (sbomFile().isPresent()) {
        TufMetadata.Targets withSbom =
            OfflineSigning.withTarget(
                current,
                OfflineSigning.sbomPath(path),
                targetFile(sbomFile().get(), Optional.empty()),
                expires);
        Map<String, TufMetadata.TargetFile> all = new LinkedHashMap<>(next.targets());
        all.putAll(withSbom.targets());
        next =
            new TufMetadata.Targets(
                next.specVersion(), next.version(), expires, all, next.delegations());
      }
      return next;
    }

    UpdateRepository.Publication publication(byte[] signedTargets) throws IOException {
      return new UpdateRepository.Publication(
          image,
          version,
          hardware,
          notesBytes(),
          sbomFile(),
          signedTargets,
          Optional.ofNullable(justification).map(String::strip));
    }
  }

  @Command(
      name = "sign",
      mixinStandardHelpOptions = true,
      description = {
        "Offline: add a release to targets metadata and sign it with the targets keys (a threshold",
        "of them). Take the current targets from the hub (/tuf/N.targets.json) and hand the output",
        "to release publish --signed-targets."
      })
  static final class Sign implements Callable<Integer> {
    @Option(
        names = "--targets",
        required = true,
        paramLabel = "FILE",
        description = "The current signed targets metadata.")
    Path targets;

    @Option(names = "--targets-key", required = true, arity = "1..*", paramLabel = "KEY")
    List<Path> targetsKeys;

    @Option(names = "--out", required = true, paramLabel = "FILE")
    Path out;

    @Mixin ReleaseOptions release;

    @Override
    public Integer call() throws Exception {
      return guarded(
          () -> {
            KeySet keys = KeySet.of(targetsKeys);
            if (keys.signers().isEmpty()) {
              throw new IllegalArgumentException("--targets-key needs private keys to sign with");
            }
            TufMetadata.Targets current = OfflineSigning.parseTargets(Files.readAllBytes(targets));
            TufMetadata.Targets next = release.nextTargets(current, 1, Clock.systemUTC().instant());
            SecureFiles.writePublic(out, OfflineSigning.sign(next, keys.signers()));
            System.out.println(
                out
                    + ": targets v"
                    + next.version()
                    + " with "
                    + OfflineSigning.firmwarePath(
                        release.hardware, release.image.getFileName().toString())
                    + ", signed by "
                    + keys.signers().size()
                    + " key(s)");
            return 0;
          });
    }
  }

  @Command(
      name = "publish",
      mixinStandardHelpOptions = true,
      description = {
        "Add a release (image, notes, optional SBOM) to the hub's image repository. The targets",
        "are signed here with --targets-key, or come signed offline with --signed-targets; either",
        "way the hub checks them against the current root's targets threshold before storing."
      })
  static final class Publish implements Callable<Integer> {
    @Mixin DataOptions data;

    @Mixin ReleaseOptions release;

    @Option(names = "--targets-key", arity = "1..*", paramLabel = "KEY")
    List<Path> targetsKeys = new ArrayList<>();

    @Option(names = "--signed-targets", paramLabel = "FILE")
    Path signedTargets;

    @Override
    public Integer call() throws Exception {
      return guarded(
          () -> {
            if (targetsKeys.isEmpty() == (signedTargets == null)) {
              throw new IllegalArgumentException(
                  "give either --targets-key (sign here) or --signed-targets (signed offline)");
            }
            try (LocalRepository local =
                LocalRepository.open(data.config(), Clock.systemUTC(), new SecureRandom())) {
              UpdateRepository repository = local.repository();
              byte[] signed;
              if (signedTargets != null) {
                signed = Files.readAllBytes(signedTargets);
              } else {
                KeySet keys = KeySet.of(targetsKeys);
                byte[] current =
                    repository
                        .currentTargets()
                        .orElseThrow(
                            () ->
                                new IllegalArgumentException(
                                    "the image repository has no targets yet; run release"
                                        + " init-repo"));
                TufMetadata.Targets next =
                    release.nextTargets(
                        OfflineSigning.parseTargets(current),
                        repository.nextReleaseCounter(release.hardware),
                        Clock.systemUTC().instant());
                signed = OfflineSigning.sign(next, keys.signers());
              }
              ReleaseSummary published = repository.publish(release.publication(signed), actor());
              System.out.println(
                  "Published "
                      + published.version()
                      + " for "
                      + published.hardwareId()
                      + " (release counter "
                      + published.releaseCounter()
                      + ") as "
                      + published.targetPath()
                      + ".");
              System.out.print(fixesText(published, local.fixes().of(published)));
            }
            return 0;
          });
    }
  }

  @Command(
      name = "bundle",
      mixinStandardHelpOptions = true,
      description = {
        "Write an offline update bundle for one device that cannot reach the hub: the image",
        "repository's metadata, the device's director metadata and its assigned image, laid out as",
        "the hub serves them. The device verifies it exactly as online, within a freshness window."
      })
  static final class Bundle implements Callable<Integer> {
    @Mixin DataOptions data;

    @Option(names = "--serial", required = true, description = "The device, e.g. PUMP-0042.")
    String serial;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "A new directory.")
    Path out;

    @Override
    public Integer call() throws Exception {
      return guarded(
          () -> {
            try (LocalRepository local =
                LocalRepository.open(data.config(), Clock.systemUTC(), new SecureRandom())) {
              OfflineBundles.Written written =
                  OfflineBundles.write(local.repository(), serial, out);
              System.out.println(
                  "Wrote the offline update bundle for "
                      + serial
                      + " to "
                      + out
                      + ": "
                      + written.rootVersions()
                      + " root version(s), "
                      + written.target().map(t -> "assigned image " + t).orElse("no image assigned")
                      + ".");
            }
            return 0;
          });
    }
  }

  /**
   * What a just published release fixes, from the supply chain, for the release manager's screen;
   * the hub's release page adds the advisories that list it as fixed.
   */
  static String fixesText(ReleaseSummary release, ReleaseFixes.Report report) {
    StringBuilder out = new StringBuilder();
    out.append(
        "What it fixes (derived from the supply-chain records as they stand; the signed notes"
            + " stay as published):\n");
    if (!report.sbom()) {
      out.append("  No SBOM on record: nothing can be compared.\n");
    } else if (report.previous().isEmpty()) {
      out.append(
          "  Removed: nothing to compare with (first release of " + release.hardwareId() + ").\n");
    } else if (!report.previousSbom()) {
      out.append(
          "  Removed: "
              + report.previous().get().version()
              + " has no SBOM on record, so nothing can be compared.\n");
    } else {
      List<ReleaseFixes.Item> removed = report.of(ReleaseFixes.Kind.REMOVED);
      out.append(
          "  Removed since "
              + report.previous().get().version()
              + ": "
              + (removed.isEmpty() ? "none" : removed.size())
              + "\n");
      removed.forEach(i -> out.append("    ").append(line(i)).append("\n"));
    }
    if (report.sbom()) {
      List<ReleaseFixes.Item> open = report.of(ReleaseFixes.Kind.STILL_OPEN);
      out.append("  Still open: " + (open.isEmpty() ? "none" : open.size()) + "\n");
      open.forEach(i -> out.append("    ").append(line(i)).append("\n"));
      if (report.cleared() > 0) {
        out.append("  Cleared by VEX: " + report.cleared() + "\n");
      }
    }
    out.append(
        "  Advisories that list it as fixed: on the hub's page /updates/releases/"
            + release.id()
            + "\n");
    return out.toString();
  }

  private static String line(ReleaseFixes.Item i) {
    return org.primum.core.formats.Texts.printable(
        i.severity()
            + " "
            + i.id()
            + (i.aliases().isEmpty() ? "" : " (" + String.join(", ", i.aliases()) + ")")
            + (i.title().isEmpty() ? "" : ": " + i.title())
            + " ["
            + i.detail()
            + "]",
        300);
  }

  /**
   * A target entry for a file: length and SHA-256, computed while streaming. One strong hash: a
   * pump verifies every hash a target lists, and SHA-512 as well would more than double its
   * verification time for no security gain.
   */
  static TufMetadata.TargetFile targetFile(
      Path file, Optional<com.fasterxml.jackson.databind.JsonNode> custom) throws IOException {
    MessageDigest sha256 = digest("SHA-256");
    long length = 0;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      int read;
      while ((read = in.read(buffer)) > 0) {
        sha256.update(buffer, 0, read);
        length += read;
      }
    }
    return new TufMetadata.TargetFile(
        length, Map.of("sha256", HexFormat.of().formatHex(sha256.digest())), custom);
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static int positive(int days, String option) {
    if (days < 1) {
      throw new IllegalArgumentException(option + " must be at least 1, found " + days);
    }
    return days;
  }
}
