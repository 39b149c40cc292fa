package org.primum.hub.staff;

import java.time.Instant;
import org.primum.hub.web.Role;

/** A staff account as pages and the API show it (never the password hash). */
public record StaffAccount(
    String username, Role role, Instant createdAt, String createdBy, boolean disabled) {}
