package dev.postject.service.mail.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The messages under {@code src/test/resources/reports/}, as bytes, and what they parse to. */
final class Fixtures {
    private Fixtures() {}

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/reports/" + name)) {
            assertThat(in).as("fixture " + name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Dsn dsn(String name) {
        DeliveryReport report = DeliveryReports.parse(bytes(name));
        assertThat(report).as(name).isInstanceOf(Dsn.class);
        return (Dsn) report;
    }

    static Complaint complaint(String name) {
        DeliveryReport report = DeliveryReports.parse(bytes(name));
        assertThat(report).as(name).isInstanceOf(Complaint.class);
        return (Complaint) report;
    }
}
