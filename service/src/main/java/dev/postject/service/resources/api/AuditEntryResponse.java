package dev.postject.service.resources.api;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.postject.projections.auditlog.AuditEntryView;
import java.time.Instant;

public record AuditEntryResponse(
        String id,
        String type,
        Instant occurredAt,
        ActorResponse actor,
        String requestId,
        String ip,
        @JsonRawValue String data) {

    public record ActorResponse(String type, String id) {}

    public static AuditEntryResponse of(AuditEntryView view) {
        return new AuditEntryResponse(
                view.id(),
                view.type(),
                view.occurredAt(),
                new ActorResponse(view.actorType(), view.actorId()),
                view.requestId(),
                view.clientIp(),
                view.data());
    }
}
