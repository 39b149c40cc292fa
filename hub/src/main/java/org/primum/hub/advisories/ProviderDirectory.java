package org.primum.hub.advisories;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The CSAF trusted provider's public directory (CSAF 2.0 7.1, role 7.2.3), generated from the
 * published TLP:WHITE revisions in the database, so every hub replica serves the same bytes:
 *
 * <pre>
 * /.well-known/csaf/provider-metadata.json                   7.1.7, 7.1.9
 * /.well-known/csaf/openpgp/&lt;FINGERPRINT&gt;.asc                7.1.20
 * /.well-known/csaf/white/                                   7.1.14 listing
 * /.well-known/csaf/white/index.txt                          7.1.12
 * /.well-known/csaf/white/changes.csv                        7.1.13
 * /.well-known/csaf/white/feed-tlp-white.json                7.1.15 (ROLIE)
 * /.well-known/csaf/white/&lt;year&gt;/&lt;id&gt;.json                   7.1.2, 7.1.11
 * /.well-known/csaf/white/&lt;year&gt;/&lt;id&gt;.json.sha256 / .sha512  7.1.18
 * /.well-known/csaf/white/&lt;year&gt;/&lt;id&gt;.json.asc               7.1.19
 * </pre>
 */
public final class ProviderDirectory {
  public static final String WELL_KNOWN = "/.well-known/csaf/";
  public static final String METADATA = WELL_KNOWN + "provider-metadata.json";
  public static final String DIRECTORY = WELL_KNOWN + "white/";
  public static final String KEYS = WELL_KNOWN + "openpgp/";
  public static final String INDEX = "index.txt";
  public static final String CHANGES = "changes.csv";
  public static final String FEED = "feed-tlp-white.json";

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Pattern NOT_ALLOWED = Pattern.compile("[^a-z0-9+\\-]+");
  private static final String CSAF_SCHEMA =
      "https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json";

  /** One file of the directory with its media type. */
  public record File(byte[] content, String contentType) {
    public File {
      content = content.clone();
      Objects.requireNonNull(contentType, "contentType");
    }

    @Override
    public byte[] content() {
      return content.clone();
    }
  }

  private final AdvisoryService advisories;
  private final AdvisoryKeys keys;

  public ProviderDirectory(AdvisoryService advisories, AdvisoryKeys keys) {
    this.advisories = Objects.requireNonNull(advisories, "advisories");
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  /**
   * The file name of a CSAF document (CSAF 2.0 5.1): the tracking id in lower case, every run of
   * characters other than {@code a-z}, {@code 0-9}, {@code +} and {@code -} replaced by one {@code
   * _}, and {@code .json} appended.
   */
  public static String fileName(String trackingId) {
    return NOT_ALLOWED.matcher(trackingId.toLowerCase(Locale.ROOT)).replaceAll("_") + ".json";
  }

  private String base() {
    return advisories.publicUrl();
  }

  /** Where the public key is served (CSAF 2.0 7.1.20). */
  public String keyPath() {
    return KEYS + keys.fingerprint() + ".asc";
  }

  /** An armoured public key that signs publications, if {@code file} names one. */
  public Optional<File> key(String file) {
    for (AdvisoryStore.KeyRow k : advisories.signingKeys()) {
      if (file.equalsIgnoreCase(k.fingerprint() + ".asc")) {
        return Optional.of(
            new File(k.publicKey().getBytes(StandardCharsets.US_ASCII), "application/pgp-keys"));
      }
    }
    return Optional.empty();
  }

  /**
   * {@code provider-metadata.json} (CSAF 2.0 7.1.7): role {@code csaf_trusted_provider}, both
   * distributions (directory and ROLIE), the signing key, and the publisher of the documents.
   */
  public byte[] providerMetadata() {
    String base = base();
    ObjectNode m = F.objectNode();
    m.put("canonical_url", base + METADATA);
    ArrayNode distributions = m.putArray("distributions");
    distributions.addObject().put("directory_url", base + DIRECTORY);
    ObjectNode feed = distributions.addObject().putObject("rolie").putArray("feeds").addObject();
    feed.put("summary", "All TLP:WHITE advisories of " + advisories.publisher().name() + ".");
    feed.put("tlp_label", "WHITE");
    feed.put("url", base + DIRECTORY + FEED);
    m.put("last_updated", AdvisoryDocuments.date(lastUpdated()));
    m.put("list_on_CSAF_aggregators", true);
    m.put("metadata_version", "2.0");
    m.put("mirror_on_CSAF_aggregators", true);
    // CSAF 2.0 7.1.20: this hub's key, then any other key that signed a publication
    ArrayNode keyList = m.putArray("public_openpgp_keys");
    for (AdvisoryStore.KeyRow k : advisories.signingKeys()) {
      keyList
          .addObject()
          .put("fingerprint", k.fingerprint())
          .put("url", base + KEYS + k.fingerprint() + ".asc");
    }
    AdvisoryDocuments.Publisher p = advisories.publisher();
    ObjectNode publisher = m.putObject("publisher");
    publisher.put("category", "vendor");
    p.contactDetails().ifPresent(c -> publisher.put("contact_details", c));
    p.issuingAuthority().ifPresent(c -> publisher.put("issuing_authority", c));
    publisher.put("name", p.name());
    publisher.put("namespace", p.namespace());
    m.put("role", "csaf_trusted_provider");
    return AdvisoryDocuments.bytes(m);
  }

  /** The newest release in the directory, or the key's creation if nothing is published yet. */
  private Instant lastUpdated() {
    Instant last = keys.createdAt();
    for (AdvisoryStore.LatestRow r : advisories.distributed()) {
      if (r.revision().publishedAt().isAfter(last)) {
        last = r.revision().publishedAt();
      }
    }
    return last;
  }

  /** CSAF 2.0 7.1.12: every document's path relative to the directory, one per line. */
  public String index() {
    StringBuilder out = new StringBuilder();
    for (AdvisoryStore.LatestRow r : advisories.distributed()) {
      out.append(path(r)).append('\n');
    }
    return out.toString();
  }

  /**
   * CSAF 2.0 7.1.13: {@code "path","current_release_date"} per document, no heading, the latest
   * release first.
   */
  public String changes() {
    StringBuilder out = new StringBuilder();
    for (AdvisoryStore.LatestRow r : advisories.distributed()) {
      out.append('"')
          .append(path(r))
          .append("\",\"")
          .append(AdvisoryDocuments.date(r.revision().publishedAt()))
          .append("\"\n");
    }
    return out.toString();
  }

  /**
   * CSAF 2.0 7.1.15: the ROLIE feed (RFC 8322, JSON) of all TLP:WHITE documents, each entry linking
   * the document, its hash files and its signature.
   */
  public byte[] feed() {
    String base = base();
    String dir = base + DIRECTORY;
    ObjectNode root = F.objectNode();
    ObjectNode feed = root.putObject("feed");
    feed.put("id", "primum-csaf-feed-tlp-white");
    feed.put("title", advisories.publisher().name() + " CSAF feed (TLP:WHITE)");
    feed.putArray("link").addObject().put("rel", "self").put("href", dir + FEED);
    feed.putArray("category")
        .addObject()
        .put("scheme", "urn:ietf:params:rolie:category:information-type")
        .put("term", "csaf");
    feed.put("updated", AdvisoryDocuments.date(lastUpdated()));
    ArrayNode entries = feed.putArray("entry");
    for (AdvisoryStore.LatestRow r : advisories.distributed()) {
      String url = dir + path(r);
      ObjectNode e = entries.addObject();
      e.put("id", r.trackingId());
      e.put("title", DraftJson.read(r.revision().draftJson()).title());
      ArrayNode link = e.putArray("link");
      link.addObject().put("rel", "self").put("href", url);
      link.addObject().put("rel", "hash").put("href", url + ".sha256");
      link.addObject().put("rel", "hash").put("href", url + ".sha512");
      link.addObject().put("rel", "signature").put("href", url + ".asc");
      e.put("published", AdvisoryDocuments.date(r.initialReleaseAt()));
      e.put("updated", AdvisoryDocuments.date(r.revision().publishedAt()));
      String summary = DraftJson.read(r.revision().draftJson()).summary();
      if (!summary.isEmpty()) {
        e.putObject("summary").put("content", summary);
      }
      e.putObject("content").put("type", "application/json").put("src", url);
      e.putObject("format").put("schema", CSAF_SCHEMA).put("version", "2.0");
    }
    return AdvisoryDocuments.bytes(root);
  }

  /**
   * One file below a year folder: the document ({@code .json}), its hashes ({@code .sha256}, {@code
   * .sha512}, in the {@code sha256sum} format of CSAF 2.0 7.1.18) or its signature ({@code .asc},
   * 7.1.19).
   */
  public Optional<File> file(String year, String name) {
    for (AdvisoryStore.LatestRow r : advisories.distributed()) {
      AdvisoryStore.RevisionRow rev = r.revision();
      if (!Integer.toString(rev.fileYear()).equals(year) || !name.startsWith(rev.fileName())) {
        continue;
      }
      String suffix = name.substring(rev.fileName().length());
      if (!List.of("", ".sha256", ".sha512", ".asc").contains(suffix)) {
        return Optional.empty();
      }
      AdvisoryStore.DocumentsRow docs = advisories.files(rev).orElseThrow();
      return Optional.of(
          switch (suffix) {
            case "" -> new File(docs.csaf().getBytes(StandardCharsets.UTF_8), "application/json");
            case ".sha256" -> text(rev.sha256() + "  " + rev.fileName() + "\n");
            case ".sha512" -> text(docs.sha512() + "  " + rev.fileName() + "\n");
            default ->
                new File(
                    docs.signature().getBytes(StandardCharsets.US_ASCII),
                    "application/pgp-signature");
          });
    }
    return Optional.empty();
  }

  /** The year folders (CSAF 2.0 7.1.11), for the directory listing. */
  public List<String> years() {
    TreeSet<String> years = new TreeSet<>();
    advisories.distributed().forEach(r -> years.add(Integer.toString(r.revision().fileYear())));
    return List.copyOf(years.descendingSet());
  }

  /** The files of one year folder, for its listing (CSAF 2.0 7.1.14). */
  public List<String> files(String year) {
    List<String> out = new ArrayList<>();
    for (AdvisoryStore.LatestRow r : advisories.distributed()) {
      if (Integer.toString(r.revision().fileYear()).equals(year)) {
        String name = r.revision().fileName();
        out.addAll(List.of(name, name + ".asc", name + ".sha256", name + ".sha512"));
      }
    }
    return out;
  }

  private static String path(AdvisoryStore.LatestRow r) {
    return r.revision().fileYear() + "/" + r.revision().fileName();
  }

  private static File text(String content) {
    return new File(content.getBytes(StandardCharsets.US_ASCII), "text/plain; charset=utf-8");
  }
}
