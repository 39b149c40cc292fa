package org.primum.core.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.primum.core.crypto.Hashes;

/**
 * The four top-level TUF roles' metadata (TUF 1.0 §4.3–§4.6), parsed strictly from the {@code
 * signed} part of an envelope and written back by the repository. Values are valid from birth.
 *
 * <p>Unknown fields are tolerated on reading (signatures cover the canonical form of the whole
 * {@code signed} object, so nothing unknown can slip past them).
 */
public sealed interface TufMetadata
    permits TufMetadata.Root, TufMetadata.Timestamp, TufMetadata.Snapshot, TufMetadata.Targets {

  /** The spec version Primum writes. */
  String SPEC_VERSION = "1.0.31";

  /** The role type ({@code root}, {@code timestamp}, {@code snapshot}, {@code targets}). */
  String type();

  long version();

  Instant expires();

  /** The {@code signed} object for this metadata. */
  ObjectNode toJson();

  /** The keys and threshold of one role (TUF §4.3 "ROLE"). */
  record RoleKeys(List<String> keyIds, int threshold) {
    public RoleKeys {
      keyIds = List.copyOf(keyIds);
      if (threshold < 1) {
        throw new IllegalArgumentException("threshold must be at least 1, found " + threshold);
      }
    }

    static RoleKeys parse(JsonNode node, String where) throws TufRejection.Malformed {
      if (node == null || !node.isObject()) {
        throw new TufRejection.Malformed(where + " must be an object");
      }
      long threshold = TufFields.positive(node, "threshold", where, 1);
      if (threshold > 1000) {
        throw new TufRejection.Malformed(where + ": threshold " + threshold + " is unreasonable");
      }
      return new RoleKeys(TufFields.strings(node, "keyids", where), (int) threshold);
    }

    ObjectNode toJson() {
      ObjectNode node = JsonNodeFactory.instance.objectNode();
      keyIds.forEach(node.putArray("keyids")::add);
      node.put("threshold", threshold);
      return node;
    }
  }

  /** What a timestamp or snapshot says about another metadata file (TUF §4.4 "METAFILES"). */
  record MetaFile(long version, OptionalLong length, Map<String, String> hashes) {
    public MetaFile {
      hashes = Map.copyOf(hashes);
    }

    public static MetaFile of(long version) {
      return new MetaFile(version, OptionalLong.empty(), Map.of());
    }

    public static MetaFile of(long version, byte[] content) {
      return new MetaFile(
          version, OptionalLong.of(content.length), Map.of("sha256", Hashes.sha256Hex(content)));
    }

    static MetaFile parse(JsonNode node, String where) throws TufRejection.Malformed {
      if (node == null || !node.isObject()) {
        throw new TufRejection.Malformed(where + " must be an object");
      }
      long version = TufFields.positive(node, "version", where, 1);
      OptionalLong length =
          node.has("length")
              ? OptionalLong.of(TufFields.positive(node, "length", where, 0))
              : OptionalLong.empty();
      return new MetaFile(version, length, TufFields.hashes(node, where, false));
    }

    ObjectNode toJson() {
      ObjectNode node = JsonNodeFactory.instance.objectNode();
      node.put("version", version);
      length.ifPresent(l -> node.put("length", l));
      if (!hashes.isEmpty()) {
        ObjectNode h = node.putObject("hashes");
        new java.util.TreeMap<>(hashes).forEach(h::put);
      }
      return node;
    }
  }

  /** One target file (TUF §4.5 "TARGETS"): its length, hashes and custom data. */
  record TargetFile(long length, Map<String, String> hashes, Optional<JsonNode> custom) {
    public TargetFile {
      hashes = Map.copyOf(hashes);
      Objects.requireNonNull(custom);
      if (length < 0) {
        throw new IllegalArgumentException("length must not be negative");
      }
    }

    /** A target for {@code content} with its SHA-256 and SHA-512. */
    public static TargetFile of(byte[] content, Optional<JsonNode> custom) {
      return new TargetFile(
          content.length,
          Map.of(
              "sha256",
              Hashes.sha256Hex(content),
              "sha512",
              HexFormat.of().formatHex(sha512(content))),
          custom);
    }

    static TargetFile parse(JsonNode node, String where) throws TufRejection.Malformed {
      if (node == null || !node.isObject()) {
        throw new TufRejection.Malformed(where + " must be an object");
      }
      JsonNode custom = node.get("custom");
      if (custom != null && !custom.isObject()) {
        throw new TufRejection.Malformed(where + ": custom must be an object");
      }
      return new TargetFile(
          TufFields.positive(node, "length", where, 0),
          TufFields.hashes(node, where, true),
          Optional.ofNullable(custom));
    }

    ObjectNode toJson() {
      ObjectNode node = JsonNodeFactory.instance.objectNode();
      node.put("length", length);
      ObjectNode h = node.putObject("hashes");
      new java.util.TreeMap<>(hashes).forEach(h::put);
      custom.ifPresent(c -> node.set("custom", c.deepCopy()));
      return node;
    }

    private static byte[] sha512(byte[] content) {
      try {
        return java.security.MessageDigest.getInstance("SHA-512").digest(content);
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * A delegated targets role (TUF §4.5 "DELEGATIONS"): who may sign it and which target paths it
   * may speak for, by path pattern or by path-hash prefix.
   */
  record DelegatedRole(
      String name,
      List<String> keyIds,
      int threshold,
      boolean terminating,
      List<String> paths,
      List<String> pathHashPrefixes) {
    public DelegatedRole {
      keyIds = List.copyOf(keyIds);
      paths = List.copyOf(paths);
      pathHashPrefixes = List.copyOf(pathHashPrefixes);
    }

    public RoleKeys roleKeys() {
      return new RoleKeys(keyIds, threshold);
    }

    /**
     * Whether this role may speak for {@code targetPath} (TUF §5.6.7.2): a path pattern matches
     * segment by segment with shell-style wildcards ({@code *} never crosses {@code /}), or the hex
     * SHA-256 of the path starts with a listed prefix.
     */
    public boolean matches(String targetPath) {
      for (String pattern : paths) {
        if (matchesPattern(targetPath, pattern)) {
          return true;
        }
      }
      if (!pathHashPrefixes.isEmpty()) {
        String digest = Hashes.sha256Hex(targetPath.getBytes(StandardCharsets.UTF_8));
        for (String prefix : pathHashPrefixes) {
          if (digest.startsWith(prefix)) {
            return true;
          }
        }
      }
      return false;
    }

    static boolean matchesPattern(String path, String pattern) {
      String[] pathParts = path.split("/", -1);
      String[] patternParts = pattern.split("/", -1);
      if (pathParts.length != patternParts.length) {
        return false;
      }
      for (int i = 0; i < pathParts.length; i++) {
        if (!glob(patternParts[i], pathParts[i])) {
          return false;
        }
      }
      return true;
    }

    /**
     * Shell-style wildcard matching as Python's {@code fnmatch} does it ({@code *}, {@code ?},
     * {@code [seq]}, {@code [!seq]}, ranges; a {@code [} without its {@code ]} is literal), by hand
     * rather than through a regular expression built from outside input: linear backtracking on the
     * last {@code *} only, so no pattern can make it slow.
     */
    static boolean glob(String pattern, String text) {
      int p = 0;
      int t = 0;
      int starP = -1;
      int starT = -1;
      while (t < text.length()) {
        if (p < pattern.length()) {
          char c = pattern.charAt(p);
          if (c == '*') {
            starP = p++;
            starT = t;
            continue;
          }
          if (c == '?') {
            p++;
            t++;
            continue;
          }
          int end = c == '[' ? classEnd(pattern, p) : -1;
          if (end > 0) {
            if (classMatches(pattern, p, end, text.charAt(t))) {
              p = end + 1;
              t++;
              continue;
            }
          } else if (c == text.charAt(t)) {
            p++;
            t++;
            continue;
          }
        }
        if (starP < 0) {
          return false;
        }
        p = starP + 1;
        t = ++starT;
      }
      while (p < pattern.length() && pattern.charAt(p) == '*') {
        p++;
      }
      return p == pattern.length();
    }

    /** Where the set starting at {@code open} ends ({@code ]}), or -1 if it never does. */
    private static int classEnd(String pattern, int open) {
      int j = open + 1;
      if (j < pattern.length() && pattern.charAt(j) == '!') {
        j++;
      }
      if (j < pattern.length() && pattern.charAt(j) == ']') {
        j++;
      }
      while (j < pattern.length() && pattern.charAt(j) != ']') {
        j++;
      }
      return j < pattern.length() ? j : -1;
    }

    private static boolean classMatches(String pattern, int open, int close, char c) {
      int k = open + 1;
      boolean negated = pattern.charAt(k) == '!';
      if (negated) {
        k++;
      }
      boolean found = false;
      while (k < close) {
        char first = pattern.charAt(k);
        if (k + 2 < close && pattern.charAt(k + 1) == '-') {
          found |= first <= c && c <= pattern.charAt(k + 2);
          k += 3;
        } else {
          found |= first == c;
          k++;
        }
      }
      return found != negated;
    }

    static DelegatedRole parse(JsonNode node, String where) throws TufRejection.Malformed {
      if (node == null || !node.isObject()) {
        throw new TufRejection.Malformed(where + " must be an object");
      }
      String name = TufFields.text(node, "name", where);
      RoleKeys keys = RoleKeys.parse(node, where + " " + name);
      boolean hasPaths = node.has("paths");
      boolean hasPrefixes = node.has("path_hash_prefixes");
      if (hasPaths == hasPrefixes) {
        throw new TufRejection.Malformed(
            where + " " + name + ": exactly one of paths and path_hash_prefixes is required");
      }
      return new DelegatedRole(
          name,
          keys.keyIds(),
          keys.threshold(),
          TufFields.bool(node, "terminating", where, false),
          hasPaths ? TufFields.strings(node, "paths", where) : List.of(),
          hasPrefixes ? TufFields.strings(node, "path_hash_prefixes", where) : List.of());
    }

    ObjectNode toJson() {
      ObjectNode node = JsonNodeFactory.instance.objectNode();
      node.put("name", name);
      keyIds.forEach(node.putArray("keyids")::add);
      node.put("threshold", threshold);
      node.put("terminating", terminating);
      if (!pathHashPrefixes.isEmpty()) {
        pathHashPrefixes.forEach(node.putArray("path_hash_prefixes")::add);
      } else {
        paths.forEach(node.putArray("paths")::add);
      }
      return node;
    }
  }

  /** The delegations of a targets role: the keys and, in order of trust, the delegated roles. */
  record Delegations(Map<String, TufKey> keys, List<DelegatedRole> roles) {
    public Delegations {
      keys = Map.copyOf(keys);
      roles = List.copyOf(roles);
    }

    static Delegations parse(JsonNode node, String where) throws TufRejection.Malformed {
      if (!node.isObject()) {
        throw new TufRejection.Malformed(where + ": delegations must be an object");
      }
      Map<String, TufKey> keys = parseKeys(TufFields.object(node, "keys", where), where);
      JsonNode roles = node.get("roles");
      if (roles == null || !roles.isArray()) {
        throw new TufRejection.Malformed(where + ": delegations.roles must be an array");
      }
      List<DelegatedRole> parsed = new ArrayList<>();
      java.util.Set<String> names = new java.util.HashSet<>();
      for (JsonNode role : roles) {
        DelegatedRole delegated = DelegatedRole.parse(role, where + " delegated role");
        // TUF §4.5: role names are unique within one delegations object.
        if (!names.add(delegated.name())) {
          throw new TufRejection.Malformed(
              where + ": delegated role " + delegated.name() + " is listed twice");
        }
        parsed.add(delegated);
      }
      return new Delegations(keys, parsed);
    }

    ObjectNode toJson() {
      ObjectNode node = JsonNodeFactory.instance.objectNode();
      ObjectNode k = node.putObject("keys");
      new java.util.TreeMap<>(keys).forEach((id, key) -> k.set(id, key.toJson()));
      roles.forEach(role -> node.withArray("roles").add(role.toJson()));
      if (roles.isEmpty()) {
        node.putArray("roles");
      }
      return node;
    }
  }

  /** Root metadata (TUF §4.3): the keys and thresholds of every top-level role. */
  record Root(
      String specVersion,
      long version,
      Instant expires,
      boolean consistentSnapshot,
      Map<String, TufKey> keys,
      Map<String, RoleKeys> roles)
      implements TufMetadata {
    public static final List<String> TOP_LEVEL =
        List.of("root", "timestamp", "snapshot", "targets");

    public Root {
      keys = Map.copyOf(keys);
      roles = Map.copyOf(roles);
      for (String role : TOP_LEVEL) {
        if (!roles.containsKey(role)) {
          throw new IllegalArgumentException("root must define the " + role + " role");
        }
      }
    }

    @Override
    public String type() {
      return "root";
    }

    /** The role's keys and threshold. */
    public RoleKeys role(String name) {
      return roles.get(name);
    }

    public static Root parse(JsonNode signed) throws TufRejection.Malformed {
      Header header = Header.parse(signed, "root");
      Map<String, TufKey> keys = parseKeys(TufFields.object(signed, "keys", "root"), "root");
      JsonNode rolesNode = TufFields.object(signed, "roles", "root");
      Map<String, RoleKeys> roles = new LinkedHashMap<>();
      for (String role : TOP_LEVEL) {
        roles.put(role, RoleKeys.parse(rolesNode.get(role), "root: role " + role));
      }
      return new Root(
          header.specVersion,
          header.version,
          header.expires,
          TufFields.bool(signed, "consistent_snapshot", "root", false),
          keys,
          roles);
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode node = Header.write("root", specVersion, version, expires);
      node.put("consistent_snapshot", consistentSnapshot);
      ObjectNode k = node.putObject("keys");
      new java.util.TreeMap<>(keys).forEach((id, key) -> k.set(id, key.toJson()));
      ObjectNode r = node.putObject("roles");
      new java.util.TreeMap<>(roles).forEach((name, role) -> r.set(name, role.toJson()));
      return node;
    }
  }

  /** Timestamp metadata (TUF §4.6): the current snapshot's version (and optionally hashes). */
  record Timestamp(String specVersion, long version, Instant expires, MetaFile snapshot)
      implements TufMetadata {
    @Override
    public String type() {
      return "timestamp";
    }

    public static Timestamp parse(JsonNode signed) throws TufRejection.Malformed {
      Header header = Header.parse(signed, "timestamp");
      JsonNode meta = TufFields.object(signed, "meta", "timestamp");
      if (meta.size() != 1 || !meta.has("snapshot.json")) {
        throw new TufRejection.Malformed("timestamp: meta must hold exactly snapshot.json");
      }
      return new Timestamp(
          header.specVersion,
          header.version,
          header.expires,
          MetaFile.parse(meta.get("snapshot.json"), "timestamp: meta snapshot.json"));
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode node = Header.write("timestamp", specVersion, version, expires);
      node.putObject("meta").set("snapshot.json", snapshot.toJson());
      return node;
    }
  }

  /** Snapshot metadata (TUF §4.4): the versions of targets and every delegated targets role. */
  record Snapshot(String specVersion, long version, Instant expires, Map<String, MetaFile> meta)
      implements TufMetadata {
    public Snapshot {
      meta = Map.copyOf(meta);
    }

    @Override
    public String type() {
      return "snapshot";
    }

    public static Snapshot parse(JsonNode signed) throws TufRejection.Malformed {
      Header header = Header.parse(signed, "snapshot");
      JsonNode metaNode = TufFields.object(signed, "meta", "snapshot");
      Map<String, MetaFile> meta = new LinkedHashMap<>();
      for (var it = metaNode.fields(); it.hasNext(); ) {
        var entry = it.next();
        meta.put(
            entry.getKey(), MetaFile.parse(entry.getValue(), "snapshot: meta " + entry.getKey()));
      }
      return new Snapshot(header.specVersion, header.version, header.expires, meta);
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode node = Header.write("snapshot", specVersion, version, expires);
      ObjectNode m = node.putObject("meta");
      new java.util.TreeMap<>(meta).forEach((name, file) -> m.set(name, file.toJson()));
      return node;
    }
  }

  /** Targets metadata (TUF §4.5), top-level or delegated. */
  record Targets(
      String specVersion,
      long version,
      Instant expires,
      Map<String, TargetFile> targets,
      Optional<Delegations> delegations)
      implements TufMetadata {
    public Targets {
      targets = Map.copyOf(targets);
      Objects.requireNonNull(delegations);
    }

    @Override
    public String type() {
      return "targets";
    }

    public static Targets parse(JsonNode signed) throws TufRejection.Malformed {
      Header header = Header.parse(signed, "targets");
      JsonNode targetsNode = TufFields.object(signed, "targets", "targets");
      Map<String, TargetFile> targets = new LinkedHashMap<>();
      for (var it = targetsNode.fields(); it.hasNext(); ) {
        var entry = it.next();
        targets.put(
            entry.getKey(),
            TargetFile.parse(entry.getValue(), "targets: target " + entry.getKey()));
      }
      JsonNode delegations = signed.get("delegations");
      return new Targets(
          header.specVersion,
          header.version,
          header.expires,
          targets,
          delegations == null
              ? Optional.empty()
              : Optional.of(Delegations.parse(delegations, "targets")));
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode node = Header.write("targets", specVersion, version, expires);
      ObjectNode t = node.putObject("targets");
      new java.util.TreeMap<>(targets).forEach((path, file) -> t.set(path, file.toJson()));
      delegations.ifPresent(d -> node.set("delegations", d.toJson()));
      return node;
    }
  }

  /** Parses a {@code keys} object: key id → key. */
  static Map<String, TufKey> parseKeys(JsonNode keysNode, String where)
      throws TufRejection.Malformed {
    Map<String, TufKey> keys = new LinkedHashMap<>();
    for (var it = keysNode.fields(); it.hasNext(); ) {
      var entry = it.next();
      keys.put(entry.getKey(), TufKey.fromJson(entry.getValue()));
    }
    return keys;
  }

  /** The fields every role shares (TUF §4.2 "_type", "spec_version", "version", "expires"). */
  record Header(String specVersion, long version, Instant expires) {
    static Header parse(JsonNode signed, String type) throws TufRejection.Malformed {
      if (signed == null || !signed.isObject()) {
        throw new TufRejection.Malformed(type + ": signed must be an object");
      }
      String found = TufFields.text(signed, "_type", type);
      if (!found.equals(type)) {
        throw new TufRejection.Malformed(
            "expected "
                + type
                + " metadata, found _type \""
                + TufFields.describe(signed.get("_type"))
                + "\"");
      }
      String spec = TufFields.text(signed, "spec_version", type);
      // TUF §5.3.5 (spec_version): refuse a different major version.
      if (!spec.equals("1") && !spec.startsWith("1.")) {
        throw new TufRejection.Malformed(type + ": unsupported spec_version " + spec);
      }
      return new Header(
          spec,
          TufFields.positive(signed, "version", type, 1),
          TufFields.instant(signed, "expires", type));
    }

    static ObjectNode write(String type, String spec, long version, Instant expires) {
      ObjectNode node = JsonNodeFactory.instance.objectNode();
      node.put("_type", type);
      node.put("spec_version", spec);
      node.put("version", version);
      node.put("expires", expires.truncatedTo(ChronoUnit.SECONDS).toString());
      return node;
    }
  }
}
