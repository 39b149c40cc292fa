package org.primum.hub.advisories.csaf;

import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.resource.InputStreamSource;
import com.networknt.schema.resource.SchemaLoader;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.util.Map;

/**
 * Serves the CSAF 2.0 schemas (document and provider metadata) and the FIRST CVSS schemas from the
 * classpath, and refuses every other schema IRI, so validation never touches the network.
 *
 * <p>The FIRST schemas name themselves with a query ({@code cvss-v3.1.json?20211103}) while the
 * CSAF schema refers to them without one; both spellings resolve to the same bundled file.
 */
final class BundledSchemas implements SchemaLoader {
  static final String CSAF = "https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json";
  static final String PROVIDER =
      "https://docs.oasis-open.org/csaf/csaf/v2.0/provider_json_schema.json";
  static final String CVSS_V2 = "https://www.first.org/cvss/cvss-v2.0.json";
  static final String CVSS_V30 = "https://www.first.org/cvss/cvss-v3.0.json";
  static final String CVSS_V31 = "https://www.first.org/cvss/cvss-v3.1.json";

  private static final Map<String, String> FILES =
      Map.of(
          CSAF, "csaf_json_schema.json",
          PROVIDER, "provider_json_schema.json",
          CVSS_V2, "cvss-v2.0.json",
          CVSS_V30, "cvss-v3.0.json",
          CVSS_V31, "cvss-v3.1.json");

  @Override
  public InputStreamSource getSchema(AbsoluteIri iri) {
    String text = iri.toString();
    if (text.startsWith("classpath:")) {
      return null; // the validator's own meta-schemas, bundled in its jar
    }
    int end = indexOfAny(text, '?', '#');
    String file = FILES.get(end < 0 ? text : text.substring(0, end));
    if (file == null) {
      return () -> {
        throw new FileNotFoundException("schema " + text + " is not bundled; no network is used");
      };
    }
    return () -> open(file);
  }

  static InputStream open(String file) throws FileNotFoundException {
    InputStream in = BundledSchemas.class.getResourceAsStream(file);
    if (in == null) {
      throw new FileNotFoundException("bundled schema missing from the classpath: " + file);
    }
    return in;
  }

  private static int indexOfAny(String text, char a, char b) {
    int i = text.indexOf(a);
    int j = text.indexOf(b);
    return i < 0 ? j : (j < 0 ? i : Math.min(i, j));
  }
}
