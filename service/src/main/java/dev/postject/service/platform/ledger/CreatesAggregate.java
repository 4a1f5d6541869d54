package dev.postject.service.platform.ledger;

/**
 * A command that creates its aggregate under an identifier made for it (random, never used): no
 * other transaction can name that aggregate before this one commits, so {@link AggregateLocks}
 * takes no lock on it, a statement fewer in the command's transaction. A command that may name an
 * aggregate another transaction could create too must not be one.
 */
public interface CreatesAggregate {}
