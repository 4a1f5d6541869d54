package dev.postject.service.platform.net;

import java.util.List;

/**
 * What one DNS question got: records, a name that exists without records of the type asked
 * (NODATA), a name that does not exist (NXDOMAIN), or no answer to rely on (SERVFAIL, REFUSED, a
 * timeout, a CNAME chain that loops or runs too long): the only case worth asking again later.
 */
public sealed interface DnsAnswer<T> {
    record Found<T>(List<T> records) implements DnsAnswer<T> {
        public Found {
            records = List.copyOf(records);
        }
    }

    record NoRecords<T>() implements DnsAnswer<T> {}

    record NoSuchName<T>() implements DnsAnswer<T> {}

    record Failed<T>(String reason) implements DnsAnswer<T> {}

    /** The records found; none for every other answer. */
    default List<T> records() {
        return this instanceof Found<T> found ? found.records() : List.of();
    }
}
