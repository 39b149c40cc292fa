package org.primum.hub.supplychain.sbom;

import com.fasterxml.jackson.core.JsonParser.Feature;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.exception.ParseException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.primum.core.formats.Texts;

/**
 * Reads software bills of materials made by any tool: CycloneDX JSON and XML (1.2 to 1.6), each
 * validated against the official schema of the version it declares by {@code cyclonedx-core-java},
 * then checked for what the schema cannot say (unique bom-refs, dependencies that point at real
 * components), and reduced to an {@link Sbom}.
 *
 * <p>Security guarantees: the input is bounded in size, JSON nesting and component count; XML with
 * a document type declaration is refused before any XML parser sees it (no external entities); a
 * refused SBOM yields nothing, so nothing is ever half-imported.
 */
public final class Sboms {
  /** Largest SBOM accepted: a 100,000-component SBOM is about 30 MiB of JSON. */
  public static final int MAX_BYTES = 64 * 1024 * 1024;

  /** Most components (nested ones included) in one SBOM. */
  public static final int MAX_COMPONENTS = 200_000;

  /** Deepest JSON nesting accepted; real SBOMs stay far below. */
  static final int MAX_JSON_DEPTH = 200;

  /** Deepest component nesting accepted. */
  static final int MAX_COMPONENT_DEPTH = 32;

  /** Property names Primum reads for the FDA support fields. */
  public static final String SUPPORT_LEVEL_PROPERTY = "primum:support-level";

  public static final String END_OF_SUPPORT_PROPERTY = "primum:end-of-support";

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(Feature.STRICT_DUPLICATE_DETECTION).build();

  static {
    JSON.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_JSON_DEPTH)
                .maxStringLength(MAX_BYTES)
                .build());
  }

  /** Compiled schemas by version: compiling one takes tens of milliseconds, validating far less. */
  private static final java.util.Map<Version, JsonSchema> SCHEMAS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private Sboms() {}

  private static JsonSchema schema(Version version) throws IOException {
    JsonSchema cached = SCHEMAS.get(version);
    if (cached != null) {
      return cached;
    }
    JsonSchema compiled = new org.cyclonedx.parsers.JsonParser().getJsonSchema(version, JSON);
    SCHEMAS.putIfAbsent(version, compiled);
    return compiled;
  }

  /** Validates and reads a CycloneDX SBOM in JSON or XML. */
  public static Sbom parse(byte[] bytes) throws SbomRejection {
    if (bytes.length == 0) {
      throw new SbomRejection("sbom-empty", "expected a CycloneDX SBOM, found an empty file");
    }
    if (bytes.length > MAX_BYTES) {
      throw new SbomRejection(
          "sbom-too-large",
          String.format(
              Locale.ROOT, "an SBOM may have at most %d bytes, found %d", MAX_BYTES, bytes.length));
    }
    int first = firstSignificant(bytes);
    if (first == '{') {
      return parseJson(bytes);
    }
    if (first == '<') {
      return parseXml(bytes);
    }
    throw new SbomRejection(
        "sbom-format", "expected CycloneDX JSON (starting with '{') or XML (starting with '<')");
  }

  private static Sbom parseJson(byte[] bytes) throws SbomRejection {
    JsonNode tree;
    try {
      tree = JSON.readTree(bytes);
    } catch (StreamConstraintsException e) {
      throw new SbomRejection(
          "sbom-too-deep", "the JSON nests deeper than " + MAX_JSON_DEPTH + " levels");
    } catch (IOException e) {
      throw new SbomRejection("sbom-json", "not valid JSON: " + firstLine(e.getMessage()));
    }
    if (tree == null || !tree.isObject()) {
      throw new SbomRejection("sbom-json", "expected a JSON object at the top level");
    }
    if (tree.has("spdxVersion")) {
      throw new SbomRejection(
          "sbom-spdx",
          "SPDX documents are not imported yet; convert to CycloneDX (e.g. with cyclonedx-cli)");
    }
    if (!"CycloneDX".equals(tree.path("bomFormat").asText(null))) {
      throw new SbomRejection(
          "sbom-format",
          "expected \"bomFormat\": \"CycloneDX\", found " + describe(tree.get("bomFormat")));
    }
    Version version = specVersion(tree.path("specVersion").asText(""));
    List<String> problems = new ArrayList<>();
    try {
      JsonSchema schema = schema(version);
      // Messages in English whatever the JVM's locale (they reach users and logs).
      for (ValidationMessage m :
          schema.validate(tree, ctx -> ctx.getExecutionConfig().setLocale(Locale.ENGLISH))) {
        problems.add(m.getMessage());
      }
    } catch (IOException | RuntimeException e) {
      throw new SbomRejection(
          "sbom-schema", "the schema check failed: " + firstLine(e.getMessage()));
    }
    rejectSchemaProblems(problems, version);
    return reduce(tree, "CycloneDX " + version.getVersionString() + " JSON");
  }

  private static Sbom parseXml(byte[] bytes) throws SbomRejection {
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.contains("<!DOCTYPE") || text.contains("<!ENTITY")) {
      // XML entities are how XXE and billion-laughs attacks arrive; CycloneDX never needs them.
      throw new SbomRejection(
          "sbom-xml-doctype", "an SBOM must not contain a document type declaration or entities");
    }
    int ns = text.indexOf("http://cyclonedx.org/schema/bom/");
    if (ns < 0) {
      throw new SbomRejection(
          "sbom-format",
          "expected the CycloneDX namespace http://cyclonedx.org/schema/bom/<version>");
    }
    int end = ns + "http://cyclonedx.org/schema/bom/".length();
    int stop = end;
    while (stop < text.length()
        && stop - end < 8
        && text.charAt(stop) != '"'
        && text.charAt(stop) != '\'') {
      stop++;
    }
    Version version = specVersion(text.substring(end, stop));
    org.cyclonedx.parsers.XmlParser parser = new org.cyclonedx.parsers.XmlParser();
    List<String> problems = new ArrayList<>();
    try {
      for (ParseException p : parser.validate(bytes, version)) {
        problems.add(p.getMessage());
      }
    } catch (IOException | RuntimeException e) {
      throw new SbomRejection(
          "sbom-schema", "the schema check failed: " + firstLine(e.getMessage()));
    }
    rejectSchemaProblems(problems, version);
    try {
      // The XML is read into the library's model and written out as JSON of the same version, so
      // one reducer serves both encodings.
      Bom bom = parser.parse(bytes);
      String json = BomGeneratorFactory.createJson(version, bom).toJsonString();
      return reduce(JSON.readTree(json), "CycloneDX " + version.getVersionString() + " XML");
    } catch (ParseException | GeneratorException | IOException | RuntimeException e) {
      throw new SbomRejection("sbom-read", "could not read the SBOM: " + firstLine(e.getMessage()));
    }
  }

  private static Version specVersion(String text) throws SbomRejection {
    for (Version v : Version.values()) {
      if (v.getVersionString().equals(text) && v.getVersion() >= 1.2) {
        return v;
      }
    }
    throw new SbomRejection(
        "sbom-spec-version",
        "expected CycloneDX specVersion 1.2 to 1.6, found \"" + clip(text) + "\"");
  }

  private static void rejectSchemaProblems(List<String> problems, Version version)
      throws SbomRejection {
    if (problems.isEmpty()) {
      return;
    }
    List<String> lines = new ArrayList<>();
    for (String p : problems) {
      if (lines.size() == 5) {
        lines.add("and " + (problems.size() - 5) + " more");
        break;
      }
      lines.add(firstLine(p));
    }
    throw new SbomRejection(
        "sbom-schema",
        "not valid against the CycloneDX "
            + version.getVersionString()
            + " schema: "
            + String.join("; ", lines));
  }

  private static Sbom reduce(JsonNode bom, String format) throws SbomRejection {
    List<String> warnings = new ArrayList<>();
    List<SbomComponent> components = new ArrayList<>();
    Set<String> refs = new HashSet<>();
    JsonNode metadata = bom.path("metadata");
    Optional<SbomComponent> subject = Optional.empty();
    if (metadata.path("component").isObject()) {
      List<SbomComponent> subjectOnly = new ArrayList<>();
      collect(List.of(metadata.get("component")), List.of(), subjectOnly, refs, warnings, 0);
      subject = Optional.of(subjectOnly.get(0));
    }
    collect(elements(bom.path("components")), List.of(), components, refs, warnings, 0);
    services(bom.path("services"), refs, 0);
    Map<String, List<String>> dependencies = new LinkedHashMap<>();
    for (JsonNode d : elements(bom.path("dependencies"))) {
      String ref = d.path("ref").asText("");
      if (ref.isEmpty()) {
        throw new SbomRejection("sbom-dependency", "a dependency entry has no \"ref\"");
      }
      if (!refs.contains(ref)) {
        throw new SbomRejection(
            "sbom-dependency",
            "the dependency entry \""
                + clip(ref)
                + "\" names no component or service of this SBOM");
      }
      if (dependencies.containsKey(ref)) {
        throw new SbomRejection(
            "sbom-dependency", "the dependency entry \"" + clip(ref) + "\" appears twice");
      }
      List<String> on = new ArrayList<>();
      for (JsonNode child : elements(d.path("dependsOn"))) {
        String target = child.asText("");
        if (!refs.contains(target)) {
          throw new SbomRejection(
              "sbom-dependency",
              "\""
                  + clip(ref)
                  + "\" depends on \""
                  + clip(target)
                  + "\", which names no component or service of this SBOM");
        }
        on.add(target);
      }
      dependencies.put(ref, on);
    }
    cycle(dependencies).ifPresent(c -> warnings.add("dependency cycle: " + String.join(" -> ", c)));
    return new Sbom(
        format,
        bom.path("serialNumber").asText(""),
        subject,
        author(metadata),
        metadata.path("timestamp").asText(""),
        components,
        dependencies,
        warnings);
  }

  private static void collect(
      List<JsonNode> in,
      List<String> path,
      List<SbomComponent> out,
      Set<String> refs,
      List<String> warnings,
      int depth)
      throws SbomRejection {
    if (depth > MAX_COMPONENT_DEPTH) {
      throw new SbomRejection(
          "sbom-too-deep", "components nest deeper than " + MAX_COMPONENT_DEPTH + " levels");
    }
    for (JsonNode c : in) {
      if (out.size() >= MAX_COMPONENTS) {
        throw new SbomRejection(
            "sbom-too-many", "an SBOM may list at most " + MAX_COMPONENTS + " components");
      }
      String name = c.path("name").asText("");
      if (name.isBlank()) {
        throw new SbomRejection("sbom-component", "a component has no name");
      }
      addRef(c, name, refs);
      out.add(component(c, path, warnings));
      List<JsonNode> inner = elements(c.path("components"));
      if (!inner.isEmpty()) {
        List<String> innerPath = new ArrayList<>(path);
        innerPath.add(name);
        collect(inner, innerPath, out, refs, warnings, depth + 1);
      }
    }
  }

  /** Services are not matched against vulnerability data, but dependencies may name them. */
  private static void services(JsonNode in, Set<String> refs, int depth) throws SbomRejection {
    if (depth > MAX_COMPONENT_DEPTH) {
      throw new SbomRejection(
          "sbom-too-deep", "services nest deeper than " + MAX_COMPONENT_DEPTH + " levels");
    }
    for (JsonNode s : elements(in)) {
      addRef(s, s.path("name").asText(""), refs);
      services(s.path("services"), refs, depth + 1);
    }
  }

  private static void addRef(JsonNode node, String name, Set<String> refs) throws SbomRejection {
    JsonNode ref = node.get("bom-ref");
    if (ref == null) {
      return;
    }
    String text = ref.asText("");
    if (text.isEmpty()) {
      throw new SbomRejection("sbom-bom-ref", "\"" + clip(name) + "\" has an empty bom-ref");
    }
    if (!refs.add(text)) {
      // CycloneDX 1.6 "bom-ref": unique within the BOM.
      throw new SbomRejection("sbom-bom-ref", "the bom-ref \"" + clip(text) + "\" is used twice");
    }
  }

  private static SbomComponent component(JsonNode c, List<String> path, List<String> warnings) {
    String name = c.path("name").asText("");
    Optional<String> purl = Optional.empty();
    String purlText = c.path("purl").asText("");
    if (!purlText.isBlank()) {
      try {
        purl = Optional.of(new PackageURL(purlText).canonicalize());
      } catch (MalformedPackageURLException e) {
        warnings.add(
            "component \""
                + clip(name)
                + "\": purl \""
                + clip(purlText)
                + "\" is not a valid package URL ("
                + firstLine(e.getMessage())
                + ")");
      }
    }
    Map<String, String> hashes = new LinkedHashMap<>();
    for (JsonNode h : elements(c.path("hashes"))) {
      if (h.hasNonNull("alg") && h.hasNonNull("content")) {
        hashes.put(h.get("alg").asText(), h.get("content").asText().toLowerCase(Locale.ROOT));
      }
    }
    SupportLevel support = SupportLevel.UNKNOWN;
    Optional<LocalDate> endOfSupport = Optional.empty();
    for (JsonNode p : elements(c.path("properties"))) {
      String key = p.path("name").asText("");
      String value = p.path("value").asText("");
      if (SUPPORT_LEVEL_PROPERTY.equals(key)) {
        Optional<SupportLevel> level = SupportLevel.parse(value);
        if (level.isPresent()) {
          support = level.get();
        } else {
          warnings.add(
              "component \""
                  + clip(name)
                  + "\": unknown support level \""
                  + clip(value)
                  + "\" (expected active, security-only or unsupported)");
        }
      } else if (END_OF_SUPPORT_PROPERTY.equals(key)) {
        try {
          endOfSupport = Optional.of(LocalDate.parse(value.trim()));
        } catch (DateTimeParseException e) {
          warnings.add(
              "component \""
                  + clip(name)
                  + "\": end of support \""
                  + clip(value)
                  + "\" is not a date (YYYY-MM-DD)");
        }
      }
    }
    String ref = c.path("bom-ref").asText(purl.orElse(name));
    String supplier = c.path("supplier").path("name").asText(c.path("publisher").asText(""));
    return new SbomComponent(
        ref,
        c.path("type").asText(""),
        supplier,
        c.path("group").asText(""),
        name,
        c.path("version").asText(""),
        purl,
        c.path("cpe").asText(""),
        hashes,
        support,
        endOfSupport,
        path);
  }

  private static List<JsonNode> elements(JsonNode node) {
    List<JsonNode> out = new ArrayList<>();
    if (node != null && node.isArray()) {
      node.forEach(out::add);
    }
    return out;
  }

  /** Finds one dependency cycle, if any, by depth-first search with an explicit stack. */
  static Optional<List<String>> cycle(Map<String, List<String>> graph) {
    Map<String, Integer> state = new HashMap<>(); // 1 = on the stack, 2 = done
    for (String start : graph.keySet()) {
      if (state.containsKey(start)) {
        continue;
      }
      Deque<String> stack = new ArrayDeque<>();
      Deque<Integer> next = new ArrayDeque<>();
      stack.push(start);
      next.push(0);
      state.put(start, 1);
      while (!stack.isEmpty()) {
        String node = stack.peek();
        int i = next.pop();
        List<String> edges = graph.getOrDefault(node, List.of());
        if (i < edges.size()) {
          next.push(i + 1);
          String to = edges.get(i);
          Integer s = state.get(to);
          if (s == null) {
            state.put(to, 1);
            stack.push(to);
            next.push(0);
          } else if (s == 1) {
            List<String> cycle = new ArrayList<>();
            for (String n : stack) {
              cycle.add(0, n);
              if (n.equals(to)) {
                break;
              }
            }
            cycle.add(to);
            return Optional.of(cycle);
          }
        } else {
          state.put(node, 2);
          stack.pop();
        }
      }
    }
    return Optional.empty();
  }

  private static String author(JsonNode metadata) {
    String author = metadata.path("authors").path(0).path("name").asText("");
    if (!author.isBlank()) {
      return author;
    }
    String manufacturer = metadata.path("manufacturer").path("name").asText("");
    return manufacturer.isBlank()
        ? metadata.path("supplier").path("name").asText("")
        : manufacturer;
  }

  private static int firstSignificant(byte[] bytes) {
    int i = 0;
    if (bytes.length >= 3
        && (bytes[0] & 0xff) == 0xEF
        && (bytes[1] & 0xff) == 0xBB
        && (bytes[2] & 0xff) == 0xBF) {
      i = 3; // UTF-8 byte order mark
    }
    for (; i < bytes.length; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return b;
      }
    }
    return -1;
  }

  private static String describe(JsonNode node) {
    return node == null ? "nothing" : clip(node.toString());
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /** At most 120 printable characters of outside text, for a message. */
  private static String clip(String s) {
    return s == null ? "" : Texts.printable(s, 120);
  }

  /** The first line of a library's message, clipped. */
  private static String firstLine(String s) {
    return s == null ? "no detail" : clip(s.lines().findFirst().orElse(""));
  }
}
