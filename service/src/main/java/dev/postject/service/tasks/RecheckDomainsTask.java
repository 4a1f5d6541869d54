package dev.postject.service.tasks;

import dev.postject.service.domains.Domains;
import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /tasks/recheck-domains} on the admin port: checks every verified domain's DNS records
 * now, as the periodic recheck does.
 */
public final class RecheckDomainsTask extends Task {
    private final Domains domains;

    public RecheckDomainsTask(Domains domains) {
        super("recheck-domains");
        this.domains = domains;
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        output.println("Domains that lost their verification: " + domains.recheckVerified());
    }
}
