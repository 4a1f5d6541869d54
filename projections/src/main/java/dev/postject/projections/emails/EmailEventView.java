package dev.postject.projections.emails;

import java.time.Instant;

/**
 * One step of an email's timeline: queued, suppressed, delivered, deferred, bounced (while sending or
 * reported later), failed, delayed, complained, opened, clicked.
 */
public record EmailEventView(String type, String recipient, Instant at, String detail) {}
