package dev.postject.service.inbound;

/** An email and one of its recipients, as sent to: whom a report is credited to. */
record Credit(String emailId, String recipient) {}
