package dev.postject.service.platform.ledger;

import dev.postject.service.platform.db.Transactions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageDispatchInterceptor;

/**
 * The ledger's command gateway: each command waited for runs in {@link Transactions#inTransaction},
 * so a command sent with no transaction open (an open or a click) is run once more when the
 * aggregate this node had loaded was behind the ledger, as one sent inside a transaction is with
 * that whole transaction (a delivery outcome and its queue change, an inbound report). Axon's unit
 * of work joins the transaction: no statement more than it would run alone.
 *
 * <p>{@link #send} (not waited for) goes to Axon as it is, without that second run.
 */
final class CommandsInTransaction implements CommandGateway {
    private final CommandGateway axon;
    private final Transactions transactions;

    CommandsInTransaction(CommandGateway axon, Transactions transactions) {
        this.axon = axon;
        this.transactions = transactions;
    }

    @Override
    public <R> R sendAndWait(Object command) {
        return transactions.inTransaction(() -> axon.sendAndWait(command));
    }

    @Override
    public <R> R sendAndWait(Object command, long timeout, TimeUnit unit) {
        return transactions.inTransaction(() -> axon.sendAndWait(command, timeout, unit));
    }

    @Override
    public <C, R> void send(C command, CommandCallback<? super C, ? super R> callback) {
        axon.send(command, callback);
    }

    @Override
    public <R> CompletableFuture<R> send(Object command) {
        return axon.send(command);
    }

    @Override
    public Registration registerDispatchInterceptor(
            MessageDispatchInterceptor<? super CommandMessage<?>> dispatchInterceptor) {
        return axon.registerDispatchInterceptor(dispatchInterceptor);
    }
}
