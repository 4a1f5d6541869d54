package dev.postject.service.resources.api;

import dev.postject.service.sandbox.ProductionAccess;
import java.time.Instant;

/**
 * An account's production-access state. The admin listing adds the account and the request's
 * use case and website.
 */
public record ProductionAccessResponse(
        String accountId,
        String accountName,
        String mode,
        String status,
        Prerequisites prerequisites,
        String useCase,
        String website,
        Instant requestedAt,
        Instant decidedAt,
        String reason) {

    public record Prerequisites(boolean verifiedDomain, boolean sandboxDelivery) {}

    public static ProductionAccessResponse of(ProductionAccess.State state) {
        var account = state.account();
        return new ProductionAccessResponse(
                account.id(),
                account.name(),
                account.mode(),
                account.productionStatus(),
                new Prerequisites(state.verifiedDomain(), account.sandboxDelivery()),
                account.productionUseCase(),
                account.productionWebsite(),
                account.productionRequestedAt(),
                account.productionDecidedAt(),
                account.productionReason());
    }
}
