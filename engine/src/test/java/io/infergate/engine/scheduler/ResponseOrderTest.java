package io.infergate.engine.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseOrderTest {
    @Test
    void preservedOrderHoldsLaterBatchesBehindEarlierOnes() {
        ResponseOrder order = new ResponseOrder();
        List<Long> released = new ArrayList<>();
        long first = order.ticket();
        long second = order.ticket();
        order.finished(second, () -> released.add(second));
        assertEquals(List.of(), released);
        order.finished(first, () -> released.add(first));
        assertEquals(List.of(first, second), released);
    }
}
