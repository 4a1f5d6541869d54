package dev.postject.service.resources.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.postject.projections.domains.DomainView;
import dev.postject.service.domains.DnsChecks;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A domain with the DNS records to publish; {@code checks} only in the answer to a verify. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DomainResponse(
        String id,
        String name,
        String status,
        List<DnsRecord> records,
        Instant createdAt,
        Instant verifiedAt,
        Map<String, String> checks) {

    public record DnsRecord(String type, String name, String value, String purpose) {}

    public static DomainResponse of(DomainView domain, DnsChecks dns) {
        return of(domain, dns, null);
    }

    public static DomainResponse of(DomainView domain, DnsChecks dns, DnsChecks.Checks checks) {
        List<DnsRecord> records = List.of(
                new DnsRecord(
                        "TXT",
                        DnsChecks.ownershipHost(domain.name()),
                        DnsChecks.ownershipValue(domain.verificationToken()),
                        "ownership"),
                new DnsRecord(
                        "TXT",
                        DnsChecks.dkimHost(domain.name(), domain.dkimSelector()),
                        DnsChecks.dkimValue(domain.dkimPublicKey()),
                        "dkim"),
                new DnsRecord("TXT", domain.name(), dns.spfValue(), "spf"));
        Map<String, String> shown = checks == null
                ? null
                : Map.of(
                        "ownership", checks.ownership().wireName(),
                        "dkim", checks.dkim().wireName(),
                        "spf", checks.spf().wireName());
        return new DomainResponse(
                domain.id(), domain.name(), domain.status(), records, domain.createdAt(), domain.verifiedAt(), shown);
    }
}
