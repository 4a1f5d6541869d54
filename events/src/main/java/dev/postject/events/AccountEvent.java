package dev.postject.events;

/** The events of the {@code Account} aggregate. Each one names the account it belongs to. */
public sealed interface AccountEvent
        permits AccountOpened,
                ApiKeyCreated,
                ApiKeyRevoked,
                ApiKeyExpired,
                ServerTokenCreated,
                ServerTokenRevoked,
                ServerTokenExpired,
                SandboxEmailAdded,
                SandboxConfirmationSent,
                SandboxEmailConfirmed,
                SandboxEmailRemoved,
                RecipientSuppressed,
                SuppressionRemoved,
                DomainAdded,
                DomainVerified,
                DomainVerificationLost,
                DomainRemoved,
                SandboxSendSucceeded,
                ProductionAccessRequested,
                ProductionAccessApproved,
                ProductionAccessRejected,
                AccountDefaultsChanged,
                WebhookCreated,
                WebhookUpdated,
                WebhookSecretRotated,
                WebhookDeleted,
                WebhookDisabled,
                SendingReputationAtRisk,
                AccountSendingPaused,
                AccountSendingResumed {
    AccountId accountId();
}
