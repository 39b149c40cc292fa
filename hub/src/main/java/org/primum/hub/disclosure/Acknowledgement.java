package org.primum.hub.disclosure;

import java.time.Instant;
import java.util.Optional;

/**
 * A finder credited, by the name or handle they chose, for a case whose advisory is published (the
 * acknowledgements page and advisories list these).
 */
public record Acknowledgement(
    long caseId, String name, Optional<String> cveId, String hardwareId, Instant publishedAt) {}
