package org.primum.hub.updates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.primum.core.tuf.SignedMetadata;
import org.primum.core.tuf.TufKey;
import org.primum.core.tuf.TufMetadata;
import org.primum.core.tuf.TufRejection;
import org.primum.core.tuf.TufSigner;

/**
 * Building the metadata that the offline keys sign, on the release manager's machine: root,
 * top-level targets with its delegation to the pharmacy, and targets with one more release. Pure
 * functions: nothing here touches the hub's database or keys.
 */
public final class OfflineSigning {
  /** The delegated role that signs drug libraries. */
  public static final String PHARMACY = "pharmacy";

  /** The target paths the pharmacy may sign for (TUF §4.5 delegation paths). */
  public static final List<String> PHARMACY_PATHS = List.of("druglib/*");

  /** A hardware id, e.g. {@code rp-1}. */
  public static final Pattern HARDWARE_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  /** A release version, e.g. {@code 0.2.0}. */
  public static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+-]{0,63}");

  /** A target file's base name, e.g. {@code primum-rp1-0.2.0.fw}. */
  public static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");

  private OfflineSigning() {}

  /** The keys of one role and how many of them must sign. */
  public record RoleSpec(List<TufKey> keys, int threshold) {
    public RoleSpec {
      keys = List.copyOf(new LinkedHashSet<>(keys));
      if (keys.isEmpty()) {
        throw new IllegalArgumentException("a role needs at least one key");
      }
      if (threshold < 1 || threshold > keys.size()) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "a threshold must be between 1 and the number of distinct keys (%d), found %d",
                keys.size(),
                threshold));
      }
    }

    List<String> keyIds() {
      return keys.stream().map(TufKey::keyId).toList();
    }

    TufMetadata.RoleKeys roleKeys() {
      return new TufMetadata.RoleKeys(keyIds(), threshold);
    }
  }

  /**
   * Root metadata (TUF §4.3) with {@code consistent_snapshot} true: the offline root and targets
   * keys, and the hub's online snapshot and timestamp keys (threshold 1 each).
   */
  public static TufMetadata.Root root(
      long version,
      Instant expires,
      RoleSpec root,
      RoleSpec targets,
      TufKey snapshotKey,
      TufKey timestampKey) {
    Map<String, TufKey> keys = new LinkedHashMap<>();
    root.keys().forEach(k -> keys.put(k.keyId(), k));
    targets.keys().forEach(k -> keys.put(k.keyId(), k));
    keys.put(snapshotKey.keyId(), snapshotKey);
    keys.put(timestampKey.keyId(), timestampKey);
    return new TufMetadata.Root(
        TufMetadata.SPEC_VERSION,
        version,
        expires,
        true,
        keys,
        Map.of(
            "root",
            root.roleKeys(),
            "targets",
            targets.roleKeys(),
            "snapshot",
            new TufMetadata.RoleKeys(List.of(snapshotKey.keyId()), 1),
            "timestamp",
            new TufMetadata.RoleKeys(List.of(timestampKey.keyId()), 1)));
  }

  /**
   * The first top-level targets: no targets yet and, when pharmacy keys are given, the terminating
   * delegation of {@code druglib/*} to the {@value #PHARMACY} role.
   */
  public static TufMetadata.Targets initialTargets(Instant expires, Optional<RoleSpec> pharmacy) {
    Optional<TufMetadata.Delegations> delegations =
        pharmacy.map(
            spec -> {
              Map<String, TufKey> keys = new LinkedHashMap<>();
              spec.keys().forEach(k -> keys.put(k.keyId(), k));
              return new TufMetadata.Delegations(
                  keys,
                  List.of(
                      new TufMetadata.DelegatedRole(
                          PHARMACY,
                          spec.keyIds(),
                          spec.threshold(),
                          true,
                          PHARMACY_PATHS,
                          List.of())));
            });
    return new TufMetadata.Targets(TufMetadata.SPEC_VERSION, 1, expires, Map.of(), delegations);
  }

  /** {@code current} with one more (or a replaced) target, version + 1 and a new expiry. */
  public static TufMetadata.Targets withTarget(
      TufMetadata.Targets current, String path, TufMetadata.TargetFile file, Instant expires) {
    Map<String, TufMetadata.TargetFile> targets = new LinkedHashMap<>(current.targets());
    targets.put(path, file);
    return new TufMetadata.Targets(
        current.specVersion(), current.version() + 1, expires, targets, current.delegations());
  }

  /** {@code current} re-issued unchanged but for version + 1 and a new expiry. */
  public static TufMetadata.Targets reissued(TufMetadata.Targets current, Instant expires) {
    return new TufMetadata.Targets(
        current.specVersion(),
        current.version() + 1,
        expires,
        current.targets(),
        current.delegations());
  }

  /**
   * The image repository's {@code custom} object of a firmware target (see the contract): {@code
   * {"version","hardwareIds","releaseCounter","notes"}}.
   */
  public static ObjectNode firmwareCustom(
      String version, String hardwareId, long releaseCounter, String notesSha256) {
    requireMatch(VERSION, version, "version");
    requireMatch(HARDWARE_ID, hardwareId, "hardware id");
    if (releaseCounter < 1) {
      throw new IllegalArgumentException(
          "a release counter is a positive integer, found " + releaseCounter);
    }
    ObjectNode custom = JsonNodeFactory.instance.objectNode();
    custom.put("version", version);
    custom.putArray("hardwareIds").add(hardwareId);
    custom.put("releaseCounter", releaseCounter);
    custom.put("notes", notesSha256);
    return custom;
  }

  /** {@code firmware/<hardwareId>/<fileName>}. */
  public static String firmwarePath(String hardwareId, String fileName) {
    requireMatch(HARDWARE_ID, hardwareId, "hardware id");
    requireMatch(FILE_NAME, fileName, "image file name");
    return "firmware/" + hardwareId + "/" + fileName;
  }

  /** Where a release's SBOM goes: {@code firmware/<hardwareId>/<fileName>.cdx.json}. */
  public static String sbomPath(String firmwarePath) {
    return firmwarePath + ".cdx.json";
  }

  /**
   * One more than the highest {@code releaseCounter} of any firmware target for {@code hardwareId}
   * in {@code targets} (1 when there is none).
   */
  public static long nextReleaseCounter(TufMetadata.Targets targets, String hardwareId) {
    long max = 0;
    for (var entry : targets.targets().entrySet()) {
      Optional<JsonNode> custom = entry.getValue().custom();
      if (custom.isEmpty() || !hardwareIds(custom.get()).contains(hardwareId)) {
        continue;
      }
      JsonNode counter = custom.get().get("releaseCounter");
      if (counter != null && counter.canConvertToLong()) {
        max = Math.max(max, counter.longValue());
      }
    }
    return max + 1;
  }

  static Set<String> hardwareIds(JsonNode custom) {
    Set<String> ids = new LinkedHashSet<>();
    JsonNode node = custom.get("hardwareIds");
    if (node != null && node.isArray()) {
      node.forEach(id -> ids.add(id.asText()));
    }
    return ids;
  }

  /**
   * Reads signed targets metadata (the envelope and its {@code signed} part), without checking
   * signatures.
   *
   * @throws TufRejection.Malformed if it is not targets metadata
   */
  public static TufMetadata.Targets parseTargets(byte[] envelope) throws TufRejection.Malformed {
    return TufMetadata.Targets.parse(SignedMetadata.parse(envelope).signed());
  }

  /** Reads signed root metadata without checking signatures. */
  public static TufMetadata.Root parseRoot(byte[] envelope) throws TufRejection.Malformed {
    return TufMetadata.Root.parse(SignedMetadata.parse(envelope).signed());
  }

  /** Signs metadata with every signer (canonical JSON envelope). */
  public static byte[] sign(TufMetadata metadata, List<TufSigner> signers) {
    if (signers.isEmpty()) {
      throw new IllegalArgumentException("at least one signing key is needed");
    }
    return SignedMetadata.sign(metadata, signers);
  }

  static void requireMatch(Pattern pattern, String value, String what) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "a %s must match %s, found \"%s\"",
              what,
              pattern.pattern(),
              value == null ? "" : org.primum.core.formats.Texts.printable(value, 80)));
    }
  }
}
