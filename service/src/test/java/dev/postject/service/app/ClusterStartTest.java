package dev.postject.service.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.postject.projections.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A cluster starts all at once: nodes that create the schema at the same moment all come up. */
class ClusterStartTest {
    private static final int ROUNDS = 4;

    @Test
    void twoNodesStartedAtTheSameMoment_onAFreshDatabase_bothStart_everyTime() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                String database = TestPostgres.newDatabase();
                Path dataDir = Files.createTempDirectory("postject-cluster");
                List<PostjectApp> nodes =
                        List.of(PostjectApp.twin(database, dataDir), PostjectApp.twin(database, dataDir));
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> starts = new ArrayList<>();
                for (PostjectApp node : nodes) {
                    starts.add(threads.submit(() -> {
                        go.await();
                        node.start();
                        return null;
                    }));
                }
                go.countDown();
                List<Throwable> failures = new ArrayList<>();
                for (Future<?> start : starts) {
                    try {
                        start.get(2, TimeUnit.MINUTES);
                    } catch (java.util.concurrent.ExecutionException e) {
                        failures.add(e.getCause());
                    }
                }
                try {
                    assertThat(failures).as("round " + round).isEmpty();
                    String key = nodes.get(0)
                            .api()
                            .signUp("round" + round + "@cluster.test")
                            .token();
                    assertThat(nodes.get(1).api().get("/v1/account", key).status())
                            .isEqualTo(200);
                } finally {
                    for (PostjectApp node : nodes) {
                        try {
                            node.stop();
                        } catch (RuntimeException e) {
                            // a node that did not start has nothing to stop
                        }
                    }
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
