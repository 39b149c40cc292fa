package org.primum.pump.druglib;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.primum.core.formats.Texts;
import org.primum.core.json.Json;

/**
 * Reads and writes the drug library format ({@code docs/drug-library.md}).
 *
 * <p>Reading walks the JSON tree by hand rather than binding it, so that every rule (exact JSON
 * types, required and unknown fields, ranges, cross references) is checked with the path where it
 * failed. Duplicate member names, comments, trailing data and deep nesting are already refused by
 * {@link Json}.
 */
final class DrugLibraryFormat {
  /** Largest integer that survives RFC 8785 canonicalization (IEEE 754 doubles) unchanged. */
  static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,47}");
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
  private static final int MAX_NAME = 100;

  private DrugLibraryFormat() {}

  // ---------------------------------------------------------------------------------------------
  // Text rules, shared with the record constructors (which throw IllegalArgumentException).

  static String requireId(String field, String value) {
    if (value == null || !ID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field
              + " must be 1-48 lower-case letters, digits, '.', '_' or '-', found \""
              + Texts.printable(value, 60)
              + "\"");
    }
    return value;
  }

  static String requireCode(String field, String value) {
    if (value == null || !CODE.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field
              + " must be 1-64 letters, digits, '.', '_', ':' or '-', found \""
              + Texts.printable(value, 60)
              + "\"");
    }
    return value;
  }

  /** A name shown on the pump: 1-100 characters, not blank, no control or invisible characters. */
  static String requireName(String field, String value) {
    if (value == null || value.isBlank() || value.length() > MAX_NAME) {
      throw new IllegalArgumentException(
          field
              + " must be 1-"
              + MAX_NAME
              + " characters and not blank, found \""
              + Texts.printable(value, 60)
              + "\"");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      int type = Character.getType(c);
      // Format characters (bidi overrides, zero-width joiners) could make a screen lie.
      if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.SURROGATE) {
        throw new IllegalArgumentException(
            field
                + " must not contain control, invisible or surrogate characters, found \""
                + Texts.printable(value, 60)
                + "\"");
      }
    }
    return value;
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  static DrugLibrary parse(byte[] json) throws DrugLibraryRejection {
    if (json == null) {
      throw reject("", "expected a drug library, found nothing");
    }
    if (json.length > DrugLibrary.MAX_BYTES) {
      throw reject(
          "",
          String.format(
              Locale.ROOT,
              "a drug library is at most %d bytes (4 MiB), found %d bytes",
              DrugLibrary.MAX_BYTES,
              json.length));
    }
    requireUtf8(json);
    JsonNode tree;
    try {
      tree = Json.readTree(json);
    } catch (Json.JsonRejection e) {
      throw reject("", "not valid JSON: " + e.getMessage());
    }
    Obj root = Obj.of(tree, "");
    root.only("format", "version", "deviceType", "issuedAt", "careAreas", "drugs");

    String format = root.string("format");
    if (!DrugLibrary.FORMAT.equals(format)) {
      throw reject(
          "format",
          "expected \"" + DrugLibrary.FORMAT + "\", found \"" + Texts.printable(format, 60) + "\"");
    }
    long version = root.integer("version");
    if (version < 1 || version > MAX_SAFE_INTEGER) {
      throw reject(
          "version",
          "expected a positive integer up to " + MAX_SAFE_INTEGER + ", found " + version);
    }
    String deviceTypeText = root.string("deviceType");
    String deviceType = at("deviceType", () -> requireId("deviceType", deviceTypeText));
    String issuedAt = root.string("issuedAt");
    try {
      Instant.parse(issuedAt);
    } catch (DateTimeParseException e) {
      throw reject(
          "issuedAt",
          "expected an ISO-8601 instant such as 2025-01-31T12:00:00Z, found \""
              + Texts.printable(issuedAt, 60)
              + "\"");
    }

    List<CareArea> careAreas = new ArrayList<>();
    Map<String, Integer> careAreaIndex = new HashMap<>();
    List<JsonNode> areaNodes = root.array("careAreas");
    if (areaNodes.isEmpty()) {
      throw reject("careAreas", "expected at least one care area, found none");
    }
    for (int i = 0; i < areaNodes.size(); i++) {
      CareArea area = careArea(Obj.of(areaNodes.get(i), "careAreas[" + i + "]"));
      Integer earlier = careAreaIndex.putIfAbsent(area.id(), i);
      if (earlier != null) {
        throw reject(
            "careAreas[" + i + "].id",
            "duplicate care area id \"" + area.id() + "\" (also careAreas[" + earlier + "])");
      }
      careAreas.add(area);
    }

    List<Drug> drugs = new ArrayList<>();
    Map<String, Integer> drugIndex = new HashMap<>();
    List<JsonNode> drugNodes = root.array("drugs");
    if (drugNodes.isEmpty()) {
      throw reject("drugs", "expected at least one drug, found none");
    }
    for (int i = 0; i < drugNodes.size(); i++) {
      Drug drug = drug(Obj.of(drugNodes.get(i), "drugs[" + i + "]"), careAreaIndex.keySet());
      Integer earlier = drugIndex.putIfAbsent(drug.code(), i);
      if (earlier != null) {
        throw reject(
            "drugs[" + i + "].code",
            "duplicate drug code \"" + drug.code() + "\" (also drugs[" + earlier + "])");
      }
      drugs.add(drug);
    }
    return new DrugLibrary(version, deviceType, issuedAt, careAreas, drugs);
  }

  private static CareArea careArea(Obj area) throws DrugLibraryRejection {
    area.only("id", "name", "weightKg");
    String idText = area.string("id");
    String id = at(area.child("id"), () -> requireId("id", idText));
    String nameText = area.string("name");
    String name = at(area.child("name"), () -> requireName("name", nameText));
    Obj weight = area.object("weightKg");
    weight.only("min", "max");
    double min = weight.number("min");
    double max = weight.number("max");
    return at(weight.path, () -> new CareArea(id, name, min, max));
  }

  private static Drug drug(Obj drug, Set<String> careAreaIds) throws DrugLibraryRejection {
    drug.only("code", "name", "aliases", "entries");
    String codeText = drug.string("code");
    String code = at(drug.child("code"), () -> requireCode("code", codeText));
    String nameText = drug.string("name");
    String name = at(drug.child("name"), () -> requireName("name", nameText));
    List<String> aliases = new ArrayList<>();
    Set<String> seenAliases = new LinkedHashSet<>();
    List<JsonNode> aliasNodes = drug.array("aliases");
    for (int i = 0; i < aliasNodes.size(); i++) {
      String path = drug.child("aliases") + "[" + i + "]";
      JsonNode aliasNode = aliasNodes.get(i);
      if (!aliasNode.isTextual()) {
        throw reject(path, "expected a string, found " + kind(aliasNode));
      }
      String alias = at(path, () -> requireName("alias", aliasNode.textValue()));
      if (!seenAliases.add(alias.toLowerCase(Locale.ROOT))) {
        throw reject(path, "duplicate alias \"" + alias + "\"");
      }
      aliases.add(alias);
    }
    List<JsonNode> entryNodes = drug.array("entries");
    if (entryNodes.isEmpty()) {
      throw reject(drug.child("entries"), "expected at least one entry, found none");
    }
    List<DrugEntry> entries = new ArrayList<>();
    for (int i = 0; i < entryNodes.size(); i++) {
      String path = drug.child("entries") + "[" + i + "]";
      DrugEntry entry = entry(Obj.of(entryNodes.get(i), path), careAreaIds);
      for (int j = 0; j < entries.size(); j++) {
        DrugEntry other = entries.get(j);
        if (other.careArea().equals(entry.careArea())
            && other.matches(entry.concentration(), entry.doseUnit())) {
          throw reject(
              path,
              "duplicate entry for care area "
                  + entry.careArea()
                  + ", concentration "
                  + entry.concentration().text()
                  + ", dose unit "
                  + entry.doseUnit().text()
                  + " (also entries["
                  + j
                  + "])");
        }
      }
      entries.add(entry);
    }
    return at(drug.path, () -> new Drug(code, name, aliases, entries));
  }

  private static DrugEntry entry(Obj entry, Set<String> careAreaIds) throws DrugLibraryRejection {
    entry.only("careArea", "concentration", "doseUnit", "limits", "pca");
    String careArea = entry.string("careArea");
    if (!careAreaIds.contains(careArea)) {
      throw reject(
          entry.child("careArea"),
          "unknown care area \""
              + Texts.printable(careArea, 60)
              + "\" (expected one of "
              + String.join(", ", careAreaIds.stream().sorted().toList())
              + ")");
    }
    Concentration concentration = concentration(entry.object("concentration"));
    String unitText = entry.string("doseUnit");
    DoseUnit doseUnit =
        DoseUnit.parse(unitText)
            .orElseThrow(
                () ->
                    reject(
                        entry.child("doseUnit"),
                        "expected a dose unit <amount>[/kg]/<min|h> with amount one of "
                            + amountSymbols()
                            + ", found \""
                            + Texts.printable(unitText, 40)
                            + "\""));
    Obj limits = entry.object("limits");
    limits.only("rate", "vtbi", "bolus");
    Limits rate = limits(limits.object("rate"));
    Limits vtbi = limits(limits.object("vtbi"));
    Optional<Obj> bolusObject = limits.optionalObject("bolus");
    Optional<Limits> bolusLimits =
        bolusObject.isPresent() ? Optional.of(limits(bolusObject.get())) : Optional.empty();
    Optional<Obj> pcaObject = entry.optionalObject("pca");
    Optional<PcaLimits> pcaLimits =
        pcaObject.isPresent() ? Optional.of(pca(pcaObject.get())) : Optional.empty();
    return at(
        entry.path,
        () -> new DrugEntry(careArea, concentration, doseUnit, rate, vtbi, bolusLimits, pcaLimits));
  }

  private static Concentration concentration(Obj concentration) throws DrugLibraryRejection {
    concentration.only("amount", "unit", "volumeMl");
    double amount = concentration.number("amount");
    String symbol = concentration.string("unit");
    AmountUnit unit =
        AmountUnit.bySymbol(symbol)
            .filter(u -> u != AmountUnit.ML)
            .orElseThrow(
                () ->
                    reject(
                        concentration.child("unit"),
                        "expected a drug amount unit, one of "
                            + amountSymbols()
                            + " except mL, found \""
                            + Texts.printable(symbol, 40)
                            + "\""));
    double volume = concentration.number("volumeMl");
    return at(concentration.path, () -> new Concentration(amount, unit, volume));
  }

  private static PcaLimits pca(Obj pca) throws DrugLibraryRejection {
    pca.only("bolusDose", "lockoutMinutes", "maxDose1h", "maxDose4h", "basalAllowed");
    Limits bolusDose = limits(pca.object("bolusDose"));
    Limits lockout = limits(pca.object("lockoutMinutes"));
    Limits max1h = limits(pca.object("maxDose1h"));
    Limits max4h = limits(pca.object("maxDose4h"));
    boolean basalAllowed = pca.bool("basalAllowed");
    return new PcaLimits(bolusDose, lockout, max1h, max4h, basalAllowed);
  }

  private static Limits limits(Obj limits) throws DrugLibraryRejection {
    limits.only("soft", "hard");
    Obj soft = limits.object("soft");
    soft.only("min", "max");
    Obj hard = limits.object("hard");
    hard.only("min", "max");
    double softMin = soft.number("min");
    double softMax = soft.number("max");
    double hardMin = hard.number("min");
    double hardMax = hard.number("max");
    return at(limits.path, () -> new Limits(softMin, softMax, hardMin, hardMax));
  }

  private static String amountSymbols() {
    return String.join(", ", Arrays.stream(AmountUnit.values()).map(AmountUnit::symbol).toList());
  }

  private static void requireUtf8(byte[] json) throws DrugLibraryRejection {
    if (json.length >= 3
        && (json[0] & 0xff) == 0xEF
        && (json[1] & 0xff) == 0xBB
        && (json[2] & 0xff) == 0xBF) {
      throw reject("", "a drug library must be UTF-8 without a byte order mark");
    }
    for (byte b : json) {
      if (b == 0) {
        // Valid JSON never holds a NUL byte; UTF-16 and UTF-32 text does.
        throw reject("", "a drug library must be UTF-8 JSON, found a NUL byte");
      }
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(json));
    } catch (CharacterCodingException e) {
      throw reject("", "a drug library must be valid UTF-8");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  static byte[] canonical(DrugLibrary library) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("format", DrugLibrary.FORMAT);
    root.put("version", library.version());
    root.put("deviceType", library.deviceType());
    root.put("issuedAt", library.issuedAtText());
    ArrayNode areas = root.putArray("careAreas");
    for (CareArea area : library.careAreas()) {
      ObjectNode node = areas.addObject();
      node.put("id", area.id());
      node.put("name", area.name());
      ObjectNode weight = node.putObject("weightKg");
      weight.put("min", area.minWeightKg());
      weight.put("max", area.maxWeightKg());
    }
    ArrayNode drugs = root.putArray("drugs");
    for (Drug drug : library.drugs()) {
      ObjectNode node = drugs.addObject();
      node.put("code", drug.code());
      node.put("name", drug.name());
      ArrayNode aliases = node.putArray("aliases");
      drug.aliases().forEach(aliases::add);
      ArrayNode entries = node.putArray("entries");
      for (DrugEntry entry : drug.entries()) {
        ObjectNode e = entries.addObject();
        e.put("careArea", entry.careArea());
        ObjectNode concentration = e.putObject("concentration");
        concentration.put("amount", entry.concentration().amount());
        concentration.put("unit", entry.concentration().unit().symbol());
        concentration.put("volumeMl", entry.concentration().volumeMl());
        e.put("doseUnit", entry.doseUnit().text());
        ObjectNode limits = e.putObject("limits");
        write(limits.putObject("rate"), entry.rate());
        write(limits.putObject("vtbi"), entry.vtbi());
        entry.bolus().ifPresent(bolus -> write(limits.putObject("bolus"), bolus));
        entry
            .pca()
            .ifPresent(
                pca -> {
                  ObjectNode p = e.putObject("pca");
                  write(p.putObject("bolusDose"), pca.bolusDose());
                  write(p.putObject("lockoutMinutes"), pca.lockoutMinutes());
                  write(p.putObject("maxDose1h"), pca.maxDose1h());
                  write(p.putObject("maxDose4h"), pca.maxDose4h());
                  p.put("basalAllowed", pca.basalAllowed());
                });
      }
    }
    return Json.canonical(root);
  }

  private static void write(ObjectNode node, Limits limits) {
    ObjectNode soft = node.putObject("soft");
    soft.put("min", limits.softMin());
    soft.put("max", limits.softMax());
    ObjectNode hard = node.putObject("hard");
    hard.put("min", limits.hardMin());
    hard.put("max", limits.hardMax());
  }

  // ---------------------------------------------------------------------------------------------
  // Strict tree access

  static DrugLibraryRejection reject(String path, String message) {
    return new DrugLibraryRejection(
        DrugLibraryRejection.FORMAT, path.isEmpty() ? message : path + ": " + message);
  }

  /** Runs a constructor whose IllegalArgumentException becomes a rejection at {@code path}. */
  private static <T> T at(String path, Supplier<T> build) throws DrugLibraryRejection {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw reject(path, e.getMessage());
    }
  }

  private static String kind(JsonNode node) {
    JsonNodeType type = node.getNodeType();
    return switch (type) {
      case OBJECT -> "an object";
      case ARRAY -> "an array";
      case STRING -> "a string";
      case NUMBER -> "the number " + node.asText();
      case BOOLEAN -> "the boolean " + node.asText();
      case NULL -> "null";
      default -> type.name().toLowerCase(Locale.ROOT);
    };
  }

  /** One JSON object at a path, read strictly. */
  private static final class Obj {
    final JsonNode node;
    final String path;

    private Obj(JsonNode node, String path) {
      this.node = node;
      this.path = path;
    }

    static Obj of(JsonNode node, String path) throws DrugLibraryRejection {
      if (!node.isObject()) {
        throw reject(path, "expected an object, found " + kind(node));
      }
      return new Obj(node, path);
    }

    String child(String name) {
      return path.isEmpty() ? name : path + "." + name;
    }

    /** Refuses any member not named here. */
    void only(String... names) throws DrugLibraryRejection {
      Set<String> allowed = Set.of(names);
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!allowed.contains(name)) {
          throw reject(
              child(Texts.printable(name, 40)),
              "unknown field (expected only " + String.join(", ", names) + ")");
        }
      }
    }

    JsonNode required(String name) throws DrugLibraryRejection {
      JsonNode value = node.get(name);
      if (value == null) {
        throw reject(child(name), "missing required field");
      }
      return value;
    }

    String string(String name) throws DrugLibraryRejection {
      JsonNode value = required(name);
      if (!value.isTextual()) {
        throw reject(child(name), "expected a string, found " + kind(value));
      }
      return value.textValue();
    }

    /** A finite JSON number of at least 0. */
    double number(String name) throws DrugLibraryRejection {
      JsonNode value = required(name);
      if (!value.isNumber()) {
        throw reject(child(name), "expected a number, found " + kind(value));
      }
      double number = value.doubleValue();
      if (!Double.isFinite(number)) {
        throw reject(child(name), "expected a finite number, found " + value.asText());
      }
      if (number < 0) {
        throw reject(
            child(name), "expected a number of at least 0, found " + Numbers.exact(number));
      }
      return number;
    }

    long integer(String name) throws DrugLibraryRejection {
      JsonNode value = required(name);
      if (!value.isIntegralNumber() || !value.canConvertToLong()) {
        throw reject(child(name), "expected an integer, found " + kind(value));
      }
      return value.longValue();
    }

    boolean bool(String name) throws DrugLibraryRejection {
      JsonNode value = required(name);
      if (!value.isBoolean()) {
        throw reject(child(name), "expected true or false, found " + kind(value));
      }
      return value.booleanValue();
    }

    Obj object(String name) throws DrugLibraryRejection {
      return of(required(name), child(name));
    }

    Optional<Obj> optionalObject(String name) throws DrugLibraryRejection {
      return node.has(name) ? Optional.of(object(name)) : Optional.empty();
    }

    List<JsonNode> array(String name) throws DrugLibraryRejection {
      JsonNode value = required(name);
      if (!value.isArray()) {
        throw reject(child(name), "expected an array, found " + kind(value));
      }
      List<JsonNode> items = new ArrayList<>();
      value.forEach(items::add);
      return items;
    }
  }
}
