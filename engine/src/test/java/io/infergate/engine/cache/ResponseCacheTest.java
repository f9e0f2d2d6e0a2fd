package io.infergate.engine.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceRequest;
import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.api.RequestedOutput;
import io.infergate.engine.tensor.DataType;
import io.infergate.engine.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The response cache without sockets or models: key rules, LRU by bytes, copies. */
class ResponseCacheTest {
    private final ResponseCache cache = new ResponseCache(1 << 20);
    private final ModelResponseCache model = cache.forVersion("m", "1");

    private static Tensor tensor(String name, DataType type, long[] shape, byte[] bytes) {
        return new Tensor(name, type, shape, ByteBuffer.wrap(bytes));
    }

    private static Tensor tensor(String name, DataType type, long[] shape, int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return tensor(name, type, shape, bytes);
    }

    /** An INT32 input of shape [1, n/4] with these bytes. */
    private static Tensor input(int... bytes) {
        return tensor("IN", DataType.INT32, new long[] {1, bytes.length / 4}, bytes);
    }

    private static InferenceRequest request(List<Tensor> inputs, List<RequestedOutput> outputs,
            Map<String, Object> parameters) {
        return new InferenceRequest("id", "m", "", inputs, outputs, parameters);
    }

    private static InferenceRequest request(Tensor... inputs) {
        return request(List.of(inputs), List.of(), Map.of());
    }

    private static InferenceResponse response(int outputBytes) {
        return new InferenceResponse("id", "m", "1",
                List.of(new Tensor("OUT", DataType.UINT8, new long[] {outputBytes}, ByteBuffer.allocate(outputBytes))),
                Map.of());
    }

    /** Looks up a request and, on a miss, stores {@code answer} for it; whether it was a hit. */
    private boolean lookUpAndStore(ModelResponseCache view, InferenceRequest request, InferenceResponse answer) {
        ModelResponseCache.Lookup lookup = view.lookup(request);
        if (lookup.hit() != null) {
            return true;
        }
        view.insert(lookup, answer);
        return false;
    }

    private void store(InferenceRequest request) {
        lookUpAndStore(model, request, response(4));
    }

    private boolean hits(InferenceRequest request) {
        return model.lookup(request).hit() != null;
    }

    @Test
    void theSameRequestAgainIsAHit() {
        store(request(input(1, 0, 0, 0)));
        assertTrue(hits(request(input(1, 0, 0, 0))));
    }

    @Test
    void differentInputBytesMiss() {
        store(request(input(1, 0, 0, 0)));
        assertNull(model.lookup(request(input(2, 0, 0, 0))).hit());
    }

    @Test
    void aDifferentShapeOfTheSameBytesMisses() {
        store(request(tensor("IN", DataType.INT32, new long[] {2, 1}, new byte[8])));
        assertNull(model.lookup(request(tensor("IN", DataType.INT32, new long[] {1, 2}, new byte[8]))).hit());
    }

    @Test
    void aDifferentDatatypeOfTheSameBytesMisses() {
        store(request(tensor("IN", DataType.INT32, new long[] {1}, new byte[4])));
        assertNull(model.lookup(request(tensor("IN", DataType.FP32, new long[] {1}, new byte[4]))).hit());
    }

    @Test
    void aDifferentInputNameMisses() {
        store(request(tensor("A", DataType.INT32, new long[] {1}, new byte[4])));
        assertNull(model.lookup(request(tensor("B", DataType.INT32, new long[] {1}, new byte[4]))).hit());
    }

    @Test
    void inputsInAnotherOrderHit() {
        Tensor a = tensor("A", DataType.INT32, new long[] {1}, 1, 0, 0, 0);
        Tensor b = tensor("B", DataType.INT32, new long[] {1}, 2, 0, 0, 0);
        store(request(a, b));
        assertTrue(hits(request(b, a)));
    }

    @Test
    void differentRequestedOutputsMiss() {
        store(request(List.of(input(1, 0, 0, 0)), List.of(RequestedOutput.named("OUT0")), Map.of()));
        assertNull(model.lookup(request(List.of(input(1, 0, 0, 0)), List.of(RequestedOutput.named("OUT1")),
                Map.of())).hit());
        assertNull(model.lookup(request(input(1, 0, 0, 0))).hit(), "all outputs is not one output");
    }

    @Test
    void aDifferentClassificationCountMisses() {
        store(request(List.of(input(1, 0, 0, 0)), List.of(new RequestedOutput("OUT", 2, Map.of())), Map.of()));
        assertNull(model.lookup(request(List.of(input(1, 0, 0, 0)), List.of(new RequestedOutput("OUT", 3, Map.of())),
                Map.of())).hit());
    }

    @Test
    void differentOutputParametersMiss() {
        store(request(List.of(input(1, 0, 0, 0)),
                List.of(new RequestedOutput("OUT", 0, Map.of("binary_data", true))), Map.of()));
        assertNull(model.lookup(request(List.of(input(1, 0, 0, 0)),
                List.of(new RequestedOutput("OUT", 0, Map.of("binary_data", false))), Map.of())).hit());
    }

    @Test
    void differentRequestParametersMiss() {
        store(request(List.of(input(1, 0, 0, 0)), List.of(), Map.of("p", 1L)));
        assertNull(model.lookup(request(List.of(input(1, 0, 0, 0)), List.of(), Map.of("p", 2L))).hit());
        assertNull(model.lookup(request(List.of(input(1, 0, 0, 0)), List.of(), Map.of("p", "1"))).hit(),
                "a string is not a number");
    }

    @Test
    void aHitAnswersWithTheNewRequestsIdAndTheStoredOutputs() {
        byte[] out = {9, 8, 7};
        InferenceResponse original = new InferenceResponse("first", "m", "1",
                List.of(tensor("OUT", DataType.UINT8, new long[] {3}, out)), Map.of("k", "v"));
        lookUpAndStore(model, request(input(1, 0, 0, 0)), original);

        InferenceResponse hit = model.lookup(new InferenceRequest("second", "m", "", List.of(input(1, 0, 0, 0)),
                List.of(), Map.of())).hit();

        assertNotNull(hit);
        assertEquals("second", hit.id());
        assertEquals("1", hit.modelVersion());
        assertEquals(Map.of("k", "v"), hit.parameters());
        byte[] read = new byte[3];
        hit.outputs().getFirst().bytes().get(read);
        assertArrayEquals(out, read);
    }

    @Test
    void theCacheKeepsACopyNotTheBackendsBuffer() {
        ByteBuffer backendBuffer = ByteBuffer.wrap(new byte[] {5, 5}).order(ByteOrder.LITTLE_ENDIAN);
        lookUpAndStore(model, request(input(1, 0, 0, 0)), new InferenceResponse("id", "m", "1",
                List.of(new Tensor("OUT", DataType.UINT8, new long[] {2}, backendBuffer)), Map.of()));
        backendBuffer.put(0, (byte) 0); // a backend reusing its output memory

        assertEquals(5, model.lookup(request(input(1, 0, 0, 0))).hit().outputs().getFirst().bytes().get(0));
    }

    @Test
    void anotherLoadOfTheSameVersionDoesNotSeeTheOldEntries() {
        store(request(input(1, 0, 0, 0)));
        ModelResponseCache reloaded = cache.forVersion("m", "1");
        assertNull(reloaded.lookup(request(input(1, 0, 0, 0))).hit());
    }

    @Test
    void theLeastRecentlyUsedEntryLeavesFirstWhenTheBytesRunOut() {
        long entry = CachedResponse.sizeOf(response(1000));
        ResponseCache small = new ResponseCache(3 * entry);
        ModelResponseCache view = small.forVersion("m", "1");
        InferenceRequest first = request(input(1, 0, 0, 0));
        InferenceRequest second = request(input(2, 0, 0, 0));
        InferenceRequest third = request(input(3, 0, 0, 0));
        for (InferenceRequest r : List.of(first, second, third)) {
            lookUpAndStore(view, r, response(1000));
        }
        assertNotNull(view.lookup(first).hit()); // first is now the most recently used

        lookUpAndStore(view, request(input(4, 0, 0, 0)), response(1000));

        assertNull(view.lookup(second).hit(), "the least recently used entry is evicted");
        assertNotNull(view.lookup(first).hit());
        assertNotNull(view.lookup(third).hit());
        assertEquals(3, small.occupancy().entries());
        assertEquals(1, small.occupancy().evictions());
    }

    @Test
    void aLargeEntryEvictsAsManySmallOnesAsItNeeds() {
        long smallEntry = CachedResponse.sizeOf(response(100));
        ResponseCache bounded = new ResponseCache(4 * smallEntry);
        ModelResponseCache view = bounded.forVersion("m", "1");
        for (int i = 0; i < 4; i++) {
            lookUpAndStore(view, request(input(i, 0, 0, 0)), response(100));
        }

        lookUpAndStore(view, request(input(9, 0, 0, 0)), response((int) (3 * smallEntry)));

        assertNotNull(view.lookup(request(input(9, 0, 0, 0))).hit());
        assertTrue(bounded.occupancy().usedBytes() <= 4 * smallEntry);
        assertEquals(1, bounded.occupancy().entries(), "the large entry left room for none of the small ones");
    }

    @Test
    void anEntryLargerThanTheWholeCacheIsNotStored() {
        ResponseCache tiny = new ResponseCache(1000);
        ModelResponseCache view = tiny.forVersion("m", "1");
        lookUpAndStore(view, request(input(1, 0, 0, 0)), response(10));

        lookUpAndStore(view, request(input(2, 0, 0, 0)), response(5000));

        assertNull(view.lookup(request(input(2, 0, 0, 0))).hit());
        assertNotNull(view.lookup(request(input(1, 0, 0, 0))).hit(), "nothing was evicted for it");
    }

    @Test
    void aCacheOfNoBytesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ResponseCache(0));
    }

    @Test
    void concurrentInsertionsNeverHoldMoreThanTheCapacity() throws Exception {
        long entry = CachedResponse.sizeOf(response(500));
        ResponseCache bounded = new ResponseCache(10 * entry);
        ModelResponseCache view = bounded.forVersion("m", "1");
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        lookUpAndStore(view, request(input(thread, i, i >> 8, 0)), response(500));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            threads.shutdown();
        }
        ResponseCache.Occupancy occupancy = bounded.occupancy();
        assertEquals(10, occupancy.entries());
        assertEquals(10 * entry, occupancy.usedBytes());
        assertEquals(2000 - 10, occupancy.evictions());
    }
}
