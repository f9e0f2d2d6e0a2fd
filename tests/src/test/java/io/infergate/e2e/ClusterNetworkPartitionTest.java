package io.infergate.e2e;

import static io.infergate.testsupport.Await.await;
import static io.infergate.testsupport.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway and three workers, each in a network namespace of its own with its own address
 * ({@link NamespacedCluster}), under steady load while the network between them is cut: one
 * worker's link, then the cluster split in two halves. Every test heals the network and waits
 * for the whole cluster before the next. Skipped where namespaces cannot be made (not root).
 */
class ClusterNetworkPartitionTest {
    private static final int CLIENTS = 8;
    /** A cut-off member is noticed after 5 s without heartbeats; allow for a loaded machine. */
    private static final Duration NOTICED_WITHIN = Duration.ofSeconds(30);
    /** Hazelcast merges a healed split within its merge-check period (5 s here) and a join. */
    private static final Duration MERGED_WITHIN = Duration.ofSeconds(90);
    /** Answers after a change that show the cluster serving in its new shape. */
    private static final int ANSWERS_AFTER = 40;
    /** Longer than the gateway's re-read of the published states (2 s). */
    private static final Duration STATISTICS_SETTLE = Duration.ofMillis(2_500);

    @TempDir
    static Path workDir;
    static Optional<String> unavailable;
    static NamespacedCluster cluster;

    @BeforeAll
    static void startCluster() {
        unavailable = NetworkNamespaces.unavailableReason();
        if (unavailable.isEmpty()) {
            cluster = NamespacedCluster.start(workDir);
        }
    }

    /** Each test, not the class, is skipped: surefire reports a skipped class as no tests and drops the reason. */
    @BeforeEach
    void requireNamespaces() {
        Assumptions.assumeTrue(unavailable.isEmpty(), () -> unavailable.orElseThrow());
    }

    @AfterEach
    void healAndAwaitAllWorkers() {
        if (cluster != null) {
            cluster.net().heal();
            cluster.awaitAllWorkers();
        }
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    @Test
    void requestsOfACutOffWorkerGoToTheOthers() {
        try (SteadyLoad load = SteadyLoad.start(cluster.http(), CLIENTS)) {
            awaitAnswers(load, System.currentTimeMillis());
            String lostBefore = partitionsLost(readiness());

            cluster.net().cut("worker3");
            cluster.awaitWorkersSeen(List.of("worker1", "worker2"), NOTICED_WITHIN);
            long others = othersExecutions();
            awaitAnswers(load, System.currentTimeMillis());

            List<SteadyLoad.Answer> answers = load.stop();
            String readiness = readiness();
            assertEveryRequestAnsweredOnce(answers);
            System.out.printf("worker cut off under load: %d answers, the slowest after %d ms%n", answers.size(),
                    answers.stream().mapToLong(a -> a.answeredMs() - a.sentMs()).max().orElse(0));
            eventually("worker1 and worker2 to take the load", Duration.ofSeconds(30),
                    () -> othersExecutions() - others >= ANSWERS_AFTER);
            assertTrue(readiness.contains("left at"), "readiness names the lost member: " + readiness);
            // the states have a backup on another member: one member lost loses none of them
            assertEquals(lostBefore, partitionsLost(readiness), readiness);
        }
    }

    /** The body of the gateway's readiness answer, "" when it has nothing to say. */
    private static String readiness() {
        return Objects.requireNonNullElse(await(cluster.http().get("/v2/health/ready").send()).bodyAsString(), "");
    }

    /** The readiness issue that counts lost data partitions, or "" when there is none. */
    private static String partitionsLost(String readiness) {
        return readiness.isEmpty() ? "" : new JsonObject(readiness).getJsonArray("issues").stream()
                .map(String::valueOf).filter(issue -> issue.contains("partitions lost")).findFirst().orElse("");
    }

    private static long othersExecutions() {
        return cluster.executions("worker1") + cluster.executions("worker2");
    }

    @Test
    void healedWorkerRejoinsAndNoRequestRunsMoreThanItsLoss() {
        long executedBefore = settledExecutions();
        try (SteadyLoad load = SteadyLoad.start(cluster.http(), CLIENTS)) {
            awaitAnswers(load, System.currentTimeMillis());
            cluster.net().cut("worker3");
            cluster.awaitWorkersSeen(List.of("worker1", "worker2"), NOTICED_WITHIN);

            cluster.net().heal();
            cluster.awaitWorkersSeen(NamespacedCluster.WORKERS, MERGED_WITHIN);
            long rejoined = cluster.executions("worker3");
            eventually("the gateway to route to the healed worker again", Duration.ofSeconds(30),
                    () -> cluster.executions("worker3") > rejoined);
            List<SteadyLoad.Answer> answers = load.stop();

            assertEveryRequestAnsweredOnce(answers);
            // Each client has one request in flight: at most that one ran on the cut-off worker and again elsewhere.
            long executed = settledExecutions() - executedBefore;
            System.out.printf("worker cut off and healed under load: %d answers, %d executions%n", answers.size(),
                    executed);
            assertTrue(executed >= answers.size() && executed <= answers.size() + CLIENTS,
                    executed + " executions for " + answers.size() + " answers from " + CLIENTS + " clients");
        }
    }

    @Test
    void splitBrainGatewaySideServesThroughItsWorkerAndTheHalvesMergeOnHeal() {
        try (SteadyLoad load = SteadyLoad.start(cluster.http(), CLIENTS)) {
            awaitAnswers(load, System.currentTimeMillis());

            cluster.net().partition(List.of("worker2", "worker3"));
            cluster.awaitWorkersSeen(List.of("worker1"), NOTICED_WITHIN);
            assertEquals(2, cluster.cluster().getJsonArray("members").size(), "the gateway's half: itself and worker1");
            long worker1 = cluster.executions("worker1");
            awaitAnswers(load, System.currentTimeMillis());
            eventually("worker1 to serve the split", Duration.ofSeconds(30),
                    () -> cluster.executions("worker1") - worker1 >= ANSWERS_AFTER);

            cluster.net().heal();
            cluster.awaitWorkersSeen(NamespacedCluster.WORKERS, MERGED_WITHIN);
            assertEquals(4, cluster.cluster().getJsonArray("members").size(), "one cluster again");
            long worker2 = cluster.executions("worker2");
            long worker3 = cluster.executions("worker3");
            eventually("the gateway to route to the other half again", Duration.ofSeconds(30),
                    () -> cluster.executions("worker2") > worker2 && cluster.executions("worker3") > worker3);
            assertEveryRequestAnsweredOnce(load.stop());
        }
    }

    private static void awaitAnswers(SteadyLoad load, long sinceMs) {
        eventually(ANSWERS_AFTER + " answers", Duration.ofSeconds(60), () -> load.answeredSince(sinceMs) >= ANSWERS_AFTER);
    }

    /** The executions of all workers once their statistics stopped changing (published states lag a little). */
    private static long settledExecutions() {
        long previous = -1;
        for (int i = 0; i < 30; i++) {
            long now = NamespacedCluster.WORKERS.stream().mapToLong(cluster::executions).sum();
            if (now == previous) {
                return now;
            }
            previous = now;
            sleep(STATISTICS_SETTLE);
        }
        throw new AssertionError("the workers' statistics kept changing without load");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void assertEveryRequestAnsweredOnce(List<SteadyLoad.Answer> answers) {
        assertTrue(answers.stream().allMatch(SteadyLoad.Answer::ok), "every request answered OK: "
                + answers.stream().filter(a -> !a.ok()).toList());
        Map<String, Long> perId = SteadyLoad.answersPerId(answers);
        assertEquals(answers.stream().map(SteadyLoad.Answer::requestId).collect(Collectors.toSet()), perId.keySet(),
                "every request id answered");
        assertTrue(perId.values().stream().allMatch(n -> n == 1), "ids answered more than once: "
                + perId.entrySet().stream().filter(e -> e.getValue() != 1).toList());
    }
}
