package dev.postject.service.tasks;

import dev.postject.service.platform.ledger.Ledger;
import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /tasks/replay-projection?name=<projection>} on the admin port: rebuilds a read model
 * from the ledger while the service runs.
 */
public final class ReplayProjectionTask extends Task {
    private final Ledger ledger;

    public ReplayProjectionTask(Ledger ledger) {
        super("replay-projection");
        this.ledger = ledger;
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        List<String> names = parameters.getOrDefault("name", List.of());
        if (names.size() != 1) {
            output.println("Name one projection: ?name=" + String.join("|", ledger.projections()));
            return;
        }
        ledger.replay(names.get(0));
        output.println("Replayed " + names.get(0));
    }
}
