package org.primum.device.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.primum.core.crypto.Hashes;
import org.primum.core.evidence.Severity;
import org.primum.core.merkle.MerkleHashes;

/**
 * What a full evidence log could not keep: the entries dropped since storage filled up, summarised
 * so the loss is explicit. The summary becomes an {@code evidence.gap} entry — signed like every
 * other entry by the next checkpoint — as soon as there is room again; until then it is kept in
 * {@code <evidence dir>/gap.json} so a restart does not forget it.
 *
 * <p>Each dropped entry was encoded exactly as it would have been stored, with the sequence number
 * the gap record later takes; the summary keeps the RFC 9162 leaf hashes of the first and last
 * dropped entries and a hash chain over all of them ({@code chain = SHA-256(chain || leaf hash)},
 * starting from 32 zero bytes), so a device that still holds a copy elsewhere can prove what the
 * gap covers.
 */
final class EvidenceGap {
  /** The event type of a gap record. */
  static final String TYPE = "evidence.gap";

  /** At most this many distinct event types are named; the rest are counted as "other". */
  private static final int MAX_TYPES = 64;

  private final long since;
  private long dropped;
  private long unqueued;
  private final Map<String, Long> types = new TreeMap<>();
  private final Map<String, Long> severities = new TreeMap<>();
  private String firstDeviceTime = "";
  private String lastDeviceTime = "";
  private byte[] firstLeafHash = new byte[0];
  private byte[] lastLeafHash = new byte[0];
  private byte[] chain = new byte[MerkleHashes.SIZE];

  /** A gap that starts where entry {@code since} would have been stored. */
  EvidenceGap(long since) {
    this.since = since;
  }

  /** The sequence number at which entries began to be dropped. */
  long since() {
    return since;
  }

  long dropped() {
    return dropped;
  }

  /** Counts one dropped entry, given its canonical bytes as they would have been stored. */
  void add(byte[] entryBytes, String type, Severity severity, String deviceTime) {
    byte[] leaf = MerkleHashes.leaf(entryBytes);
    if (dropped == 0) {
      firstLeafHash = leaf;
      firstDeviceTime = deviceTime;
    }
    lastLeafHash = leaf;
    lastDeviceTime = deviceTime;
    chain = link(chain, leaf);
    dropped++;
    String key = types.containsKey(type) || types.size() < MAX_TYPES ? type : "other";
    types.merge(key, 1L, Long::sum);
    severities.merge(severity.name(), 1L, Long::sum);
  }

  private static byte[] link(byte[] chain, byte[] next) {
    java.security.MessageDigest digest = Hashes.newSha256();
    digest.update(chain);
    digest.update(next);
    return digest.digest();
  }

  /**
   * Counts an entry that never reached the writer (its queue was full): it has no encoding, so it
   * is counted by type and severity but is not in the hash chain.
   */
  void addUnqueued(String type, Severity severity, long count) {
    dropped += count;
    unqueued += count;
    String key = types.containsKey(type) || types.size() < MAX_TYPES ? type : "other";
    types.merge(key, count, Long::sum);
    severities.merge(severity.name(), count, Long::sum);
  }

  /** Adds a later gap's drops to this one (used when writing the gap record failed). */
  void absorb(EvidenceGap later) {
    if (later == null || later.dropped == 0) {
      return;
    }
    if (dropped == 0) {
      firstLeafHash = later.firstLeafHash;
      firstDeviceTime = later.firstDeviceTime;
    }
    lastLeafHash = later.lastLeafHash;
    lastDeviceTime = later.lastDeviceTime;
    chain = link(chain, later.chain);
    dropped += later.dropped;
    unqueued += later.unqueued;
    later.types.forEach((k, v) -> types.merge(k, v, Long::sum));
    later.severities.forEach((k, v) -> severities.merge(k, v, Long::sum));
  }

  /** The gap record's payload (also the content of {@code gap.json}). */
  ObjectNode toJson(String reason) {
    Base64.Encoder b64 = Base64.getEncoder();
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("since", since);
    out.put("dropped", dropped);
    out.put("notHashed", unqueued);
    ObjectNode typeCounts = out.putObject("types");
    types.forEach(typeCounts::put);
    ObjectNode severityCounts = out.putObject("severities");
    severities.forEach(severityCounts::put);
    out.put("firstDeviceTime", firstDeviceTime);
    out.put("lastDeviceTime", lastDeviceTime);
    out.put("firstLeafHash", b64.encodeToString(firstLeafHash));
    out.put("lastLeafHash", b64.encodeToString(lastLeafHash));
    out.put("droppedChain", b64.encodeToString(chain));
    out.put("reason", reason);
    return out;
  }

  /** Reads {@code gap.json} back. */
  static EvidenceGap fromJson(JsonNode json) {
    Base64.Decoder b64 = Base64.getDecoder();
    EvidenceGap gap = new EvidenceGap(json.path("since").asLong());
    gap.dropped = json.path("dropped").asLong();
    gap.unqueued = json.path("notHashed").asLong();
    for (Iterator<Map.Entry<String, JsonNode>> it = json.path("types").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      gap.types.put(e.getKey(), e.getValue().asLong());
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = json.path("severities").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      gap.severities.put(e.getKey(), e.getValue().asLong());
    }
    gap.firstDeviceTime = json.path("firstDeviceTime").asText();
    gap.lastDeviceTime = json.path("lastDeviceTime").asText();
    gap.firstLeafHash = b64.decode(json.path("firstLeafHash").asText());
    gap.lastLeafHash = b64.decode(json.path("lastLeafHash").asText());
    gap.chain = b64.decode(json.path("droppedChain").asText());
    return gap;
  }
}
