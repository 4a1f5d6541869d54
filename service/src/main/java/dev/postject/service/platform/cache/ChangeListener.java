package dev.postject.service.platform.cache;

import io.dropwizard.lifecycle.Managed;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for account changes made by any node and evicts them from this node's cache, so other
 * nodes see a revoked key fail within a second, and from whatever else this node keeps of an
 * account ({@code alsoForget}: its loaded aggregate, which another node's change left behind).
 * While the listening connection is down, nothing is cached from it: everything is forgotten on
 * every (re)connect.
 */
public final class ChangeListener implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeListener.class);

    private final String url;
    private final Properties credentials;
    private final ReadModelCaches caches;
    private final Consumer<String> alsoForget;
    private final Runnable alsoForgetAll;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Thread thread;

    public ChangeListener(
            String url,
            String user,
            String password,
            ReadModelCaches caches,
            Consumer<String> alsoForget,
            Runnable alsoForgetAll) {
        this.url = url;
        this.credentials = new Properties();
        credentials.setProperty("user", user);
        if (password != null && !password.isEmpty()) {
            credentials.setProperty("password", password);
        }
        this.caches = caches;
        this.alsoForget = alsoForget;
        this.alsoForgetAll = alsoForgetAll;
    }

    @Override
    public void start() {
        thread = new Thread(this::run, "postject-change-listener");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() throws InterruptedException {
        stopped.countDown();
        if (thread != null) {
            thread.join(5_000);
        }
    }

    private void run() {
        while (stopped.getCount() > 0) {
            try (Connection connection = DriverManager.getConnection(url, credentials)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CacheInvalidator.CHANNEL);
                }
                forgetAll();
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (stopped.getCount() > 0) {
                    PGNotification[] notifications = pg.getNotifications(500);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            caches.evictAccount(notification.getParameter());
                            alsoForget.accept(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                forgetAll();
                LOG.warn("Change notifications interrupted, reconnecting: {}", e.getMessage());
                awaitStop(1, TimeUnit.SECONDS);
            }
        }
    }

    private void forgetAll() {
        caches.clear();
        alsoForgetAll.run();
    }

    private void awaitStop(long amount, TimeUnit unit) {
        try {
            stopped.await(amount, unit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
