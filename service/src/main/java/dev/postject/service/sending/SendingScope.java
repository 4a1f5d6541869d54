package dev.postject.service.sending;

/**
 * Which senders a credential may send as: any the account may ({@link #ANY}: server tokens,
 * full-access API keys, sending-access keys with no domain), or only addresses of one domain of
 * the account, by its id and (lower-case) name: an API key limited to that domain, which sends
 * nothing while the domain is not verified (or was removed).
 */
public record SendingScope(String domainId, String domain) {
    public static final SendingScope ANY = new SendingScope(null, null);

    public SendingScope {
        if ((domainId == null) != (domain == null)) {
            throw new IllegalArgumentException("A domain limit names the domain's id and its name, or neither");
        }
    }

    public static SendingScope of(String domainId, String domain) {
        return domainId == null ? ANY : new SendingScope(domainId, domain);
    }

    public boolean limited() {
        return domainId != null;
    }
}
