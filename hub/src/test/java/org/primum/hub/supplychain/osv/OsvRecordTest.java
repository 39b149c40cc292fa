package org.primum.hub.supplychain.osv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.primum.hub.supplychain.osv.OsvFixtures.entry;
import static org.primum.hub.supplychain.osv.OsvFixtures.parse;
import static org.primum.hub.supplychain.osv.OsvFixtures.record;
import static org.primum.hub.supplychain.osv.OsvFixtures.utf8;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OSV record parsing: the fields read, the schema rules enforced, hostile input refused. */
class OsvRecordTest {
  @Test
  void parse_log4shell_fieldsRead() {
    OsvRecord record = OsvFixtures.advisory("GHSA-jfh8-c2jp-5v3q.json");
    assertThat(record.id()).isEqualTo("GHSA-jfh8-c2jp-5v3q");
    assertThat(record.aliases()).containsExactly("CVE-2021-44228");
    assertThat(record.published()).contains(Instant.parse("2021-12-10T00:40:56Z"));
    assertThat(record.withdrawn()).isEmpty();
    assertThat(record.summary()).isEqualTo("Remote code injection in Log4j");
    assertThat(record.severity().rating()).isEqualTo(Severity.Rating.CRITICAL);
    assertThat(record.severity().score()).hasValue(10.0);
    assertThat(record.affected()).hasSize(4);
    OsvRecord.Affected first = record.affected().get(0);
    assertThat(first.ecosystem()).contains(Ecosystem.MAVEN);
    assertThat(first.pkg().orElseThrow().name()).isEqualTo("org.apache.logging.log4j:log4j-core");
    assertThat(first.ranges().get(0).toString())
        .isEqualTo("ECOSYSTEM [introduced 2.13.0, fixed 2.15.0]");
    assertThat(record.unevaluable()).isEmpty();
  }

  @Test
  void parse_everyAdvisory_parses() {
    assertThat(OsvFixtures.advisories()).hasSize(5);
  }

  @Test
  void parse_ecosystemWithSuffix_baseKeptAndSuffixRead() {
    OsvRecord record =
        parse(
            record(
                "TEST-1",
                String.join(
                    ",",
                    entry("Debian:12", "openssh", "ECOSYSTEM", "{\"introduced\": \"0\"}"),
                    entry("Ubuntu:22.04:LTS", "openssh", "ECOSYSTEM", "{\"introduced\": \"0\"}"),
                    entry(
                        "Maven:https://maven.google.com",
                        "androidx.core:core",
                        "ECOSYSTEM",
                        "{\"introduced\": \"0\"}"))));
    List<OsvRecord.Affected> affected = record.affected();
    assertThat(affected.get(0).ecosystem()).contains(Ecosystem.DEBIAN);
    assertThat(affected.get(0).pkg().orElseThrow().release()).contains("12");
    assertThat(affected.get(1).ecosystem()).contains(Ecosystem.UBUNTU);
    assertThat(affected.get(1).pkg().orElseThrow().release()).contains("22.04:LTS");
    assertThat(affected.get(2).ecosystem()).contains(Ecosystem.MAVEN);
  }

  @Test
  void parse_unknownEcosystem_readAndFlaggedNeverGuessed() {
    // crates.io is an OSV ecosystem this matcher has no ordering for; its versions are not read.
    OsvRecord record =
        parse(
            record(
                "RUSTSEC-2099-0001",
                entry(
                    "crates.io",
                    "smallvec",
                    "SEMVER",
                    "{\"introduced\": \"0\"}, {\"fixed\": \"not even semver\"}")));
    assertThat(record.unevaluable())
        .hasValueSatisfying(
            flagged -> {
              assertThat(flagged.flag()).isEqualTo(Flag.UNSUPPORTED_ECOSYSTEM);
              assertThat(flagged.detail()).contains("crates.io");
            });
    assertThatThrownBy(() -> record.affected().get(0).affects("1.0.0"))
        .isInstanceOf(NotEvaluable.class)
        .hasMessageContaining("unsupported ecosystem \"crates.io\"");
  }

  @Test
  void parse_gitOnlyRanges_flagged() {
    OsvRecord record =
        parse(
            record(
                "OSV-2099-1",
                """
                {"package": {"ecosystem": "PyPI", "name": "example"},
                 "ranges": [{"type": "GIT", "repo": "https://example.org/r.git",
                   "events": [{"introduced": "0"}, {"fixed": "4b825dc642cb6eb9a060e54bf8d69288fbee4904"}]}]}
                """));
    assertThat(record.unevaluable().orElseThrow().flag()).isEqualTo(Flag.GIT_ONLY);
  }

  @Test
  void parse_gitRangeBesideEcosystemRange_gitIgnoredRecordEvaluable() throws Exception {
    OsvRecord record =
        parse(
            record(
                "PYSEC-2099-1",
                """
                {"package": {"ecosystem": "PyPI", "name": "example"},
                 "ranges": [
                   {"type": "GIT", "repo": "https://example.org/r.git",
                    "events": [{"introduced": "0"}, {"fixed": "4b825dc642cb6eb9a060e54bf8d69288fbee4904"}]},
                   {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.2"}]}]}
                """));
    assertThat(record.unevaluable()).isEmpty();
    assertThat(record.affected().get(0).affects("1.1")).isPresent();
    assertThat(record.affected().get(0).affects("1.2")).isEmpty();
  }

  @Test
  void parse_withdrawn_flagged() {
    OsvRecord record =
        parse(
            """
            {"id": "GHSA-xxxx-xxxx-xxxx", "modified": "2024-01-01T00:00:00Z",
             "withdrawn": "2024-01-02T00:00:00Z", "affected": []}
            """);
    assertThat(record.isWithdrawn()).isTrue();
    assertThat(record.unevaluable().orElseThrow().flag()).isEqualTo(Flag.WITHDRAWN);
  }

  @Test
  void parse_unreadableVersionsListEntries_skippedAndCounted() throws Exception {
    // An entry that is not a PEP 440 version can never equal a PEP 440 package version, so
    // skipping it cannot hide a match; the count keeps it visible.
    OsvRecord record =
        parse(
            record(
                "PYSEC-2099-2",
                """
                {"package": {"ecosystem": "PyPI", "name": "example"},
                 "versions": ["1.0", "1.0-foo-bar", "2.0.0"]}
                """));
    OsvRecord.Affected affected = record.affected().get(0);
    assertThat(affected.versions()).hasSize(3);
    assertThat(affected.unreadableVersions()).isEqualTo(1);
    assertThat(affected.affects("2.0")).hasValueSatisfying(e -> assertThat(e.listed()).isTrue());
    assertThat(affected.affects("1.5")).isEmpty();
  }

  @Test
  void parse_unknownFields_ignoredAsTheSchemaAllows() {
    OsvRecord record =
        parse(
            """
            {"id": "TEST-2", "modified": "2024-01-01T00:00:00Z", "some_future_field": {"a": [1]},
             "references": [{"type": "WEB", "url": "https://example.org"}],
             "affected": [{"package": {"ecosystem": "npm", "name": "x"},
               "ecosystem_specific": {"imports": []},
               "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}],
                 "database_specific": {"source": "x"}}]}]}
            """);
    assertThat(record.affected()).hasSize(1);
  }

  /** Each case: a record that must be refused, and the rejection code expected. */
  @Test
  void parse_schemaViolationsAndHostileInput_refusedWithTheirReason() {
    Map<String, String[]> cases = new LinkedHashMap<>();
    String ok = "{\"introduced\": \"0\"}, {\"fixed\": \"1.0.0\"}";
    cases.put("empty body", new String[] {"", "bad-json"});
    cases.put("not json", new String[] {"GHSA-", "bad-json"});
    cases.put("trailing tokens", new String[] {record("A-1", "") + " {}", "bad-json"});
    cases.put("array", new String[] {"[]", "not-an-object"});
    cases.put("string", new String[] {"\"GHSA\"", "not-an-object"});
    cases.put(
        "missing id", new String[] {"{\"modified\": \"2024-01-01T00:00:00Z\"}", "missing-id"});
    cases.put(
        "id not a string", new String[] {"{\"id\": 7, \"modified\": \"x\"}", "bad-field-type"});
    cases.put("id with spaces", new String[] {record("GHSA x", ""), "bad-id"});
    cases.put(
        "id with control char", new String[] {record("GHSA\\u0000", ""), "control-character"});
    cases.put("missing modified", new String[] {"{\"id\": \"A-1\"}", "missing-modified"});
    cases.put(
        "modified not RFC 3339",
        new String[] {"{\"id\": \"A-1\", \"modified\": \"yesterday\"}", "bad-timestamp"});
    cases.put(
        "schema 2",
        new String[] {
          "{\"schema_version\": \"2.0.0\", \"id\": \"A-1\", \"modified\": \"2024-01-01T00:00:00Z\"}",
          "bad-schema-version"
        });
    cases.put(
        "duplicate key",
        new String[] {
          "{\"id\": \"A-1\", \"id\": \"A-2\", \"modified\": \"2024-01-01T00:00:00Z\"}", "bad-json"
        });
    cases.put(
        "deep nesting",
        new String[] {
          "{\"id\": \"A-1\", \"modified\": \"2024-01-01T00:00:00Z\", \"database_specific\": "
              + "{\"a\": ".repeat(100)
              + "1"
              + "}".repeat(100)
              + "}",
          "bad-json"
        });
    cases.put(
        "too many aliases",
        new String[] {
          "{\"id\": \"A-1\", \"modified\": \"2024-01-01T00:00:00Z\", \"aliases\": ["
              + String.join(",", java.util.Collections.nCopies(1001, "\"CVE-1\""))
              + "]}",
          "too-many-items"
        });
    cases.put(
        "too many events",
        new String[] {
          record(
              "A-1",
              entry(
                  "npm",
                  "x",
                  "SEMVER",
                  "{\"introduced\": \"0\"},"
                      + String.join(
                          ",", java.util.Collections.nCopies(10_000, "{\"fixed\": \"1.0.0\"}")))),
          "too-many-items"
        });
    cases.put(
        "affected not array",
        new String[] {record("A-1", "").replace("[]", "{}"), "bad-field-type"});
    cases.put(
        "package without name",
        new String[] {record("A-1", "{\"package\": {\"ecosystem\": \"npm\"}}"), "missing-name"});
    cases.put(
        "event with two keys",
        new String[] {
          record(
              "A-1",
              entry("npm", "x", "SEMVER", "{\"introduced\": \"1.0.0\", \"fixed\": \"1.0.2\"}")),
          "event-keys"
        });
    cases.put(
        "event with no key",
        new String[] {record("A-1", entry("npm", "x", "SEMVER", "{}, " + ok)), "event-keys"});
    cases.put(
        "event with unknown key",
        new String[] {
          record("A-1", entry("npm", "x", "SEMVER", "{\"patched\": \"1.0.0\"}")), "event-keys"
        });
    cases.put(
        "event value not a string",
        new String[] {
          record("A-1", entry("npm", "x", "SEMVER", "{\"introduced\": 0}")), "bad-field-type"
        });
    cases.put(
        "range without introduced",
        new String[] {
          record("A-1", entry("npm", "x", "SEMVER", "{\"fixed\": \"1.0.0\"}")),
          "range-without-introduced"
        });
    cases.put(
        "fixed and last_affected",
        new String[] {
          record(
              "A-1",
              entry(
                  "npm",
                  "x",
                  "SEMVER",
                  "{\"introduced\": \"0\"}, {\"fixed\": \"1.0.0\"}, {\"last_affected\": \"2.0.0\"}")),
          "fixed-and-last-affected"
        });
    cases.put(
        "empty events",
        new String[] {record("A-1", entry("npm", "x", "SEMVER", "")), "missing-events"});
    cases.put(
        "unknown range type",
        new String[] {record("A-1", entry("npm", "x", "RANGE", ok)), "bad-range-type"});
    cases.put(
        "git range without repo",
        new String[] {record("A-1", entry("npm", "x", "GIT", ok)), "git-range-without-repo"});
    cases.put(
        "invalid PyPI version",
        new String[] {
          record(
              "A-1",
              entry(
                  "PyPI",
                  "x",
                  "ECOSYSTEM",
                  "{\"introduced\": \"0\"}, {\"fixed\": \"french toast\"}")),
          "invalid-version"
        });
    cases.put(
        "invalid SemVer in a SEMVER range",
        new String[] {
          record(
              "A-1",
              entry("Maven", "g:a", "SEMVER", "{\"introduced\": \"0\"}, {\"fixed\": \"1.0\"}")),
          "invalid-version"
        });
    cases.put(
        "invalid Debian version",
        new String[] {
          record(
              "A-1",
              entry(
                  "Debian:12", "x", "ECOSYSTEM", "{\"introduced\": \"0\"}, {\"fixed\": \"abc\"}")),
          "invalid-version"
        });
    cases.put(
        "invalid Go version",
        new String[] {
          record(
              "A-1",
              entry(
                  "Go",
                  "example.org/m",
                  "SEMVER",
                  "{\"introduced\": \"0\"}, {\"fixed\": \"v1.0.0\"}")),
          "invalid-version"
        });
    cases.put(
        "malformed CVSS v3",
        new String[] {
          "{\"id\": \"A-1\", \"modified\": \"2024-01-01T00:00:00Z\", \"severity\": [{\"type\":"
              + " \"CVSS_V3\", \"score\": \"CVSS:3.1/AV:N/AC:L\"}]}",
          "bad-severity"
        });
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, String[]> c : cases.entrySet()) {
      try {
        OsvRecord record = OsvRecord.parse(utf8(c.getValue()[0]));
        failures.add(
            c.getKey() + ": expected rejection " + c.getValue()[1] + ", parsed " + record.id());
      } catch (OsvRejection e) {
        if (!e.code().equals(c.getValue()[1])) {
          failures.add(
              c.getKey()
                  + ": expected code "
                  + c.getValue()[1]
                  + ", found "
                  + e.code()
                  + " ("
                  + e.getMessage()
                  + ")");
        }
        if (e.getMessage() == null || !e.getMessage().contains("expected")) {
          failures.add(c.getKey() + ": message does not say what was expected: " + e.getMessage());
        }
      } catch (RuntimeException e) {
        failures.add(c.getKey() + ": escaped as " + e);
      }
    }
    assertThat(failures).as("%d cases", cases.size()).isEmpty();
  }

  @Test
  void parse_invalidVersion_messageNamesPathEcosystemAndText() {
    assertThatThrownBy(
            () ->
                OsvRecord.parse(
                    utf8(
                        record(
                            "A-1",
                            entry(
                                "PyPI",
                                "x",
                                "ECOSYSTEM",
                                "{\"introduced\": \"0\"}, {\"fixed\": \"french toast\"}")))))
        .isInstanceOf(OsvRejection.class)
        .hasMessageContaining("$.affected[0].ranges[0].events[1].fixed")
        .hasMessageContaining("PyPI")
        .hasMessageContaining("\"french toast\"");
  }

  @Test
  void parse_overlongRecord_refusedBeforeParsing() {
    byte[] huge = new byte[OsvRecord.MAX_BYTES + 1];
    assertThatThrownBy(() -> OsvRecord.parse(huge))
        .isInstanceOf(OsvRejection.class)
        .hasMessageContaining("at most " + OsvRecord.MAX_BYTES + " bytes");
  }

  @Test
  void parse_hugeVersionsListWithinBounds_read() {
    StringBuilder versions = new StringBuilder();
    for (int i = 0; i < 50_000; i++) {
      versions.append(i == 0 ? "" : ",").append("\"1.").append(i).append('"');
    }
    OsvRecord record =
        parse(
            record(
                "PYSEC-2099-3",
                "{\"package\": {\"ecosystem\": \"PyPI\", \"name\": \"x\"}, \"versions\": ["
                    + versions
                    + "]}"));
    assertThat(record.affected().get(0).versions()).hasSize(50_000);
  }

  @Test
  void parse_mavenVersionsMavenCannotOrderConsistently_refusedNotCrashed() {
    // ComparableVersion is not transitive on some odd strings; sorting 300 of them (seed 21)
    // makes TimSort detect the broken contract. That must be a rejection, not a crash.
    java.util.Random random = new java.util.Random(21);
    StringBuilder versions = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      StringBuilder version = new StringBuilder("1.");
      int length = 1 + random.nextInt(7);
      for (int j = 0; j < length; j++) {
        version.append("0129.-abr".charAt(random.nextInt(9)));
      }
      versions.append(i == 0 ? "" : ",").append('"').append(version).append('"');
    }
    assertThatThrownBy(
            () ->
                OsvRecord.parse(
                    utf8(
                        record(
                            "A-1",
                            "{\"package\": {\"ecosystem\": \"Maven\", \"name\": \"g:a\"},"
                                + " \"versions\": ["
                                + versions
                                + "]}"))))
        .isInstanceOf(OsvRejection.class)
        .hasFieldOrPropertyWithValue("code", "unorderable-versions")
        .hasMessageContaining("$.affected[0].versions");
  }
}
