package io.infergate.engine.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.config.proto.ModelConfigProto.ModelRateLimiter;
import io.infergate.engine.RateLimitOptions;
import io.infergate.engine.RateLimitOptions.ResourceCount;
import io.infergate.engine.ratelimit.RateLimiter.Claimant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The rate limiter's resource accounting, without models or threads. */
class RateLimiterTest {
    private static ModelRateLimiter needs(String name, int count) {
        return needs(name, count, false, 0);
    }

    private static ModelRateLimiter needs(String name, int count, boolean global, int priority) {
        return ModelRateLimiter.newBuilder().setPriority(priority).addResources(ModelRateLimiter.Resource.newBuilder()
                .setName(name).setCount(count).setGlobal(global)).build();
    }

    private static RateLimiter limiter(ResourceCount... counts) {
        return new RateLimiter(new RateLimitOptions(true, List.of(counts)).countsFor(RateLimiter.CPU_DEVICE));
    }

    private static ResourceCount count(String name, long count) {
        return new ResourceCount(name, count, ResourceCount.ALL_DEVICES);
    }

    @Test
    void aClaimantGetsFreeResourcesAtOnce() throws Exception {
        Claimant a = limiter(count("R", 1)).register("a", needs("R", 1));
        assertTrue(a.request(() -> { }));
        assertTrue(a.holds());
    }

    @Test
    void aSecondClaimantWaitsUntilTheFirstReleasesAndIsThenCalledBack() throws Exception {
        RateLimiter limiter = limiter(count("R", 1));
        Claimant a = limiter.register("a", needs("R", 1));
        Claimant b = limiter.register("b", needs("R", 1));
        AtomicInteger called = new AtomicInteger();
        assertTrue(a.request(() -> { }));

        assertFalse(b.request(called::incrementAndGet));
        assertTrue(b.waits());
        assertEquals(0, called.get());

        a.release();
        assertEquals(1, called.get());
        assertTrue(b.holds());
    }

    @Test
    void aCountOfTwoLetsTwoRunTogether() throws Exception {
        RateLimiter limiter = limiter(count("R", 2));
        assertTrue(limiter.register("a", needs("R", 1)).request(() -> { }));
        assertTrue(limiter.register("b", needs("R", 1)).request(() -> { }));
        assertFalse(limiter.register("c", needs("R", 1)).request(() -> { }));
    }

    @Test
    void moreThanTheServerProvidesIsRefusedNamingTheResource() {
        RateLimitException e = assertThrows(RateLimitException.class,
                () -> limiter(count("R", 2)).register("model 'm' instance 0", needs("R", 3)));
        assertTrue(e.getMessage().contains("model 'm' instance 0 needs 3 of resource 'R' but --rate-limit-resource"
                + " gives 2"), e.getMessage());
    }

    @Test
    void withoutACountAResourceHasTheMostAnyInstanceAsksFor() throws Exception {
        RateLimiter limiter = limiter();
        Claimant big = limiter.register("big", needs("R", 3));
        Claimant small = limiter.register("small", needs("R", 2));
        assertTrue(small.request(() -> { }));
        assertFalse(big.request(() -> { }), "2 of 3 copies are taken");
        small.release();
        assertTrue(big.holds());
    }

    @Test
    void theCountForDeviceZeroWinsOverTheOneForAllDevices() throws Exception {
        RateLimiter limiter = limiter(count("R", 1), new ResourceCount("R", 2, 0), new ResourceCount("R", 9, 1));
        assertTrue(limiter.register("a", needs("R", 1)).request(() -> { }));
        assertTrue(limiter.register("b", needs("R", 1)).request(() -> { }));
        assertFalse(limiter.register("c", needs("R", 1)).request(() -> { }), "device 1's count is not the CPU's");
    }

    @Test
    void aResourceGlobalForOneInstanceAndPerDeviceForAnotherIsRefused() throws Exception {
        RateLimiter limiter = limiter();
        limiter.register("a", needs("R", 1, true, 0));
        RateLimitException e = assertThrows(RateLimitException.class, () -> limiter.register("b", needs("R", 1)));
        assertTrue(e.getMessage().contains("resource 'R'"), e.getMessage());
    }

    @Test
    void unregisteringAHolderLetsTheNextOneRun() throws Exception {
        RateLimiter limiter = limiter(count("R", 1));
        Claimant a = limiter.register("a", needs("R", 1));
        Claimant b = limiter.register("b", needs("R", 1));
        a.request(() -> { });
        AtomicInteger called = new AtomicInteger();
        b.request(called::incrementAndGet);

        a.unregister();

        assertEquals(1, called.get());
        assertTrue(b.holds());
    }

    @Test
    void theFirstInLineBlocksSmallerClaimsBehindIt() throws Exception {
        RateLimiter limiter = limiter(count("R", 2));
        Claimant one = limiter.register("one", needs("R", 1));
        Claimant two = limiter.register("two", needs("R", 2));
        Claimant other = limiter.register("other", needs("R", 1));
        assertTrue(one.request(() -> { }));
        assertFalse(two.request(() -> { }));

        assertFalse(other.request(() -> { }), "one copy is free, but 'two' waits for both first");
        one.release();
        assertTrue(two.holds());
    }

    @Test
    void amongWaitingInstancesPriorityOneGetsTwiceTheTurnsOfPriorityTwo() throws Exception {
        RateLimiter limiter = limiter(count("R", 1));
        List<Claimant> all = new ArrayList<>();
        for (String name : List.of("A1", "A2", "B1", "B2")) {
            all.add(limiter.register(name, needs("R", 1, false, name.startsWith("A") ? 1 : 2)));
        }
        all.forEach(claimant -> claimant.request(() -> { }));
        List<String> turns = new ArrayList<>();
        for (int i = 0; i < 300; i++) { // the holder executes, gives the resource back and asks again
            Claimant holder = all.stream().filter(Claimant::holds).findFirst().orElseThrow();
            turns.add(holder.toString().substring(0, 1));
            holder.release();
            holder.request(() -> { });
        }
        assertEquals(200, turns.stream().filter("A"::equals).count(), String.join("", turns));
    }

    @Test
    void aClaimantWithTheSameResourceTwiceNeedsBothCounts() throws Exception {
        ModelRateLimiter twice = ModelRateLimiter.newBuilder()
                .addResources(ModelRateLimiter.Resource.newBuilder().setName("R").setCount(1))
                .addResources(ModelRateLimiter.Resource.newBuilder().setName("R").setCount(1)).build();
        RateLimitException e = assertThrows(RateLimitException.class, () -> limiter(count("R", 1)).register("a", twice));
        assertTrue(e.getMessage().contains("needs 2 of resource 'R'"), e.getMessage());
    }
}
