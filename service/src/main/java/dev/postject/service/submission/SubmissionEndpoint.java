package dev.postject.service.submission;

/** Where SMTP clients submit: a host, the STARTTLS port and the implicit-TLS port. */
public record SubmissionEndpoint(String host, int starttlsPort, int tlsPort) {}
