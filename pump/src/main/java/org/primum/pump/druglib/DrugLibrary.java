package org.primum.pump.druglib;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed, well-formed drug library ({@value #FORMAT}): care areas, drugs and the soft and hard
 * limits dose error reduction checks programs against. The format is described in {@code
 * docs/drug-library.md}.
 *
 * <p>Security guarantees: a {@code DrugLibrary} exists only if every rule of the format held while
 * parsing (strict types, no unknown or duplicate fields, soft limits inside hard limits, unique
 * drug codes and entry keys, ...). Parsing alone says nothing about who wrote it: a library that
 * came from outside the pump must be opened with {@link SignedDrugLibrary#open}, which checks the
 * pharmacy signatures, device type and version first.
 */
public final class DrugLibrary {
  /** The format identifier this class reads. */
  public static final String FORMAT = "primum.drug-library/v1";

  /** Largest library accepted, in bytes (4 MiB). */
  public static final int MAX_BYTES = 4 * 1024 * 1024;

  /** Resource path of the synthetic demo library shipped with the pump. */
  public static final String DEMO_RESOURCE = "/druglib/demo-library.json";

  private final long version;
  private final String deviceType;
  private final String issuedAt;
  private final List<CareArea> careAreas;
  private final List<Drug> drugs;
  private final Map<String, CareArea> careAreasById = new LinkedHashMap<>();
  private final Map<String, Drug> drugsByCode = new LinkedHashMap<>();

  /** Only {@link DrugLibraryFormat} builds libraries, after checking every rule. */
  DrugLibrary(
      long version,
      String deviceType,
      String issuedAt,
      List<CareArea> careAreas,
      List<Drug> drugs) {
    this.version = version;
    this.deviceType = deviceType;
    this.issuedAt = issuedAt;
    this.careAreas = List.copyOf(careAreas);
    this.drugs = List.copyOf(drugs);
    for (CareArea area : this.careAreas) {
      careAreasById.put(area.id(), area);
    }
    for (Drug drug : this.drugs) {
      drugsByCode.put(drug.code(), drug);
    }
  }

  /**
   * Parses a drug library document (UTF-8 JSON, at most {@value #MAX_BYTES} bytes), strictly.
   *
   * @throws DrugLibraryRejection with code {@code "format"} and a message naming the path
   */
  public static DrugLibrary parse(byte[] json) throws DrugLibraryRejection {
    return DrugLibraryFormat.parse(json);
  }

  /**
   * The synthetic demo library shipped in the pump's resources ({@value #DEMO_RESOURCE}). Not for
   * clinical use; unsigned, so it is for demos and tests only.
   */
  public static DrugLibrary demo() {
    try (InputStream in = DrugLibrary.class.getResourceAsStream(DEMO_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + DEMO_RESOURCE);
      }
      return parse(in.readNBytes(MAX_BYTES + 1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (DrugLibraryRejection e) {
      throw new IllegalStateException("the shipped demo library is invalid: " + e.getMessage(), e);
    }
  }

  /** The RFC 8785 (JCS) canonical JSON of this library: the bytes pharmacy keys sign. */
  public byte[] canonicalJson() {
    return DrugLibraryFormat.canonical(this);
  }

  /** The library version, a positive integer that increases with every release. */
  public long version() {
    return version;
  }

  /** The device type this library is for, e.g. {@code "primum-rp1"}. */
  public String deviceType() {
    return deviceType;
  }

  /** When the pharmacy issued the library. */
  public Instant issuedAt() {
    return Instant.parse(issuedAt);
  }

  /** The issue time exactly as written in the library. */
  String issuedAtText() {
    return issuedAt;
  }

  public List<CareArea> careAreas() {
    return careAreas;
  }

  public List<Drug> drugs() {
    return drugs;
  }

  /** The care area with exactly this id. */
  public Optional<CareArea> careArea(String id) {
    return Optional.ofNullable(careAreasById.get(id));
  }

  /** The drug with exactly this code (T3: codes only, never names or aliases). */
  public Optional<Drug> drug(String code) {
    return Optional.ofNullable(drugsByCode.get(code));
  }

  /** The entries of a drug in a care area, for the pump to offer as choices. */
  public List<DrugEntry> entries(String careAreaId, String drugCode) {
    return drug(drugCode).map(Drug::entries).orElse(List.of()).stream()
        .filter(entry -> entry.careArea().equals(careAreaId))
        .toList();
  }

  /** The entry with the D3 key (care area, drug, concentration, dose unit), if there is one. */
  public Optional<DrugEntry> entry(
      String careAreaId, String drugCode, Concentration concentration, DoseUnit doseUnit) {
    return entries(careAreaId, drugCode).stream()
        .filter(entry -> entry.matches(concentration, doseUnit))
        .findFirst();
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "DrugLibrary[v%d for %s, %d care areas, %d drugs]",
        version,
        deviceType,
        careAreas.size(),
        drugs.size());
  }
}
