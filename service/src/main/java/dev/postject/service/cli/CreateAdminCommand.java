package dev.postject.service.cli;

import dev.postject.service.PostjectConfiguration;
import dev.postject.service.auth.DashboardAuth;
import dev.postject.service.platform.db.Database;
import dev.postject.service.platform.text.Addresses;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import java.nio.file.Path;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code create-admin --email E --password P config.yml}: a platform admin who logs in through
 * {@code /v1/auth/login}. Works with the service running (it uses the service's embedded
 * database) or stopped; refuses when there is no database yet where the settings point (a
 * different data directory than the service's), rather than make one nobody uses.
 */
public final class CreateAdminCommand extends ConfiguredCommand<PostjectConfiguration> {
    public CreateAdminCommand() {
        super("create-admin", "Creates a platform admin");
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("--email").required(true).help("the admin's login email");
        subparser.addArgument("--password").required(true).help("at least 10 characters");
    }

    /** A refusal is told in one line, without a stack trace. */
    @Override
    public void onError(Cli cli, Namespace namespace, Throwable e) {
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            cli.getStdErr().println("create-admin: " + e.getMessage());
        } else {
            super.onError(cli, namespace, e);
        }
    }

    @Override
    protected void run(Bootstrap<PostjectConfiguration> bootstrap, Namespace namespace, PostjectConfiguration config) {
        String email = namespace.getString("email");
        String password = namespace.getString("password");
        if (!email.matches(Addresses.PATTERN)) {
            throw new IllegalArgumentException("--email is not a valid email address");
        }
        if (password.length() < 10) {
            throw new IllegalArgumentException("--password must be at least 10 characters long");
        }
        Database database =
                Database.open(config.database(), Path.of(config.dataDir()), bootstrap.getMetricRegistry(), true);
        try {
            if (!DashboardAuth.createAdmin(database.jdbi(), java.time.Clock.systemUTC(), email, password)) {
                throw new IllegalArgumentException("A user with the email " + email + " already exists");
            }
            System.out.println("Created admin " + email + " in the database of "
                    + (config.database().isEmbedded()
                            ? "the data directory "
                                    + Path.of(config.dataDir()).toAbsolutePath().normalize()
                            : "POSTJECT_DATABASE_URL"));
        } finally {
            database.close();
        }
    }
}
