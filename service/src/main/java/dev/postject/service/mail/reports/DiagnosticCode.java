package dev.postject.service.mail.reports;

/**
 * What the remote server said, as a report quotes it ({@code Diagnostic-Code: smtp; 550 5.1.1 ...}).
 *
 * @param type how to read {@code text}: {@code smtp} (an SMTP reply), {@code x-postfix} (Postfix's
 *     own words) ...; lower case, null when the report gives none
 * @param text the reply or explanation, unfolded, at most {@link DeliveryReports#MAX_TEXT} characters
 */
public record DiagnosticCode(String type, String text) {}
