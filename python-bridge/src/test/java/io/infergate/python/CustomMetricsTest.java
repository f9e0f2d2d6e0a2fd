package io.infergate.python;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.InferenceResponse;
import io.infergate.engine.metrics.CustomMetric;
import io.infergate.engine.metrics.CustomMetricFamily;
import io.infergate.engine.metrics.CustomMetrics;
import io.infergate.engine.metrics.MetricKind;
import io.infergate.engine.tensor.BytesElements;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * pb_utils.MetricFamily and Metric as Triton documents them: counters, gauges and histograms land
 * in the process's {@link CustomMetrics} (which /metrics renders), invalid use raises
 * TritonModelException in the model, and a model's families vanish when it is unloaded.
 */
class CustomMetricsTest {
    private static final String MODEL = """
            import json
            import triton_python_backend_utils as pb_utils
            """ + PythonEngine.ATTEMPT + """

            class TritonPythonModel:
                def initialize(self, args):
                    self.requests = pb_utils.MetricFamily(name="cm_requests", description="Requests seen",
                                                          kind=pb_utils.MetricFamily.COUNTER)
                    self.counter = self.requests.Metric(labels={"model": args["model_name"], "version": "1"})
                    self.depth = pb_utils.MetricFamily("cm_depth", "Current depth", pb_utils.MetricFamily.GAUGE).Metric()
                    self.sizes = pb_utils.MetricFamily("cm_sizes", "Input sizes", pb_utils.MetricFamily.HISTOGRAM)
                    self.histogram = self.sizes.Metric(labels={"kind": "text"}, buckets=[1, 5, 10])

                def execute(self, requests):
                    word = pb_utils.get_input_tensor_by_name(requests[0], "IN").as_list()[0].decode()
                    if word == "bad":
                        out = {
                            "other_kind": attempt(lambda: pb_utils.MetricFamily("cm_requests", "again",
                                                                                pb_utils.MetricFamily.GAUGE)),
                            "label_value": attempt(lambda: self.requests.Metric(labels={"model": 1})),
                            "label_key": attempt(lambda: self.requests.Metric(labels={2: "x"})),
                            "label_name": attempt(lambda: self.requests.Metric(labels={"bad-name": "x"})),
                            "decrement": attempt(lambda: self.counter.increment(-1)),
                            "counter_set": attempt(lambda: self.counter.set(3)),
                            "name": attempt(lambda: pb_utils.MetricFamily("9lives", "x", pb_utils.MetricFamily.GAUGE)),
                            "reserved": attempt(lambda: pb_utils.MetricFamily("nv_mine", "x",
                                                                              pb_utils.MetricFamily.GAUGE)),
                            "kind": attempt(lambda: pb_utils.MetricFamily("cm_kind", "x", 7)),
                            "no_buckets": attempt(lambda: self.sizes.Metric(labels={"kind": "other"})),
                            "unsorted_buckets": attempt(lambda: self.sizes.Metric(labels={"k": "v"}, buckets=[5, 1])),
                            "histogram_value": attempt(lambda: self.histogram.value()),
                            "not_a_number": attempt(lambda: self.counter.increment("1")),
                        }
                    else:
                        self.counter.increment(2)
                        self.depth.set(len(word))
                        self.depth.increment(-1)
                        self.histogram.observe(len(word))
                        same = self.requests.Metric(labels={"version": "1", "model": "metrics"})
                        out = {"counter": self.counter.value(), "same_series": same.value(), "depth": self.depth.value()}
                    return [pb_utils.InferenceResponse(output_tensors=[
                        pb_utils.Tensor.from_list("OUT", [json.dumps(out)], "BYTES")])]
            """;

    @RegisterExtension
    static final PythonEngine python = new PythonEngine();

    @BeforeAll
    static void start() throws Exception {
        python.model("metrics", PythonEngine.TEXT_IO, MODEL).load("metrics");
    }

    private static String ask(String word) throws Exception {
        InferenceResponse response = python.infer("metrics", Map.of(), Tensors.strings("IN", word));
        return BytesElements.toStrings(response.outputs().getFirst().bytes())[0];
    }

    private static Optional<CustomMetricFamily> family(String name) {
        return CustomMetrics.shared().families().stream().filter(f -> f.name().equals(name)).findFirst();
    }

    @Test
    void counterGaugeAndHistogramReachTheRegistry() throws Exception {
        ask("abcdefg");
        CustomMetricFamily requests = family("cm_requests").orElseThrow();
        assertEquals(MetricKind.COUNTER, requests.kind());
        assertEquals("Requests seen", requests.description());
        CustomMetric.Snapshot counter = requests.snapshot().getFirst();
        assertEquals(Map.of("model", "metrics", "version", "1"), counter.labels());
        assertTrue(counter.value() >= 2);
        CustomMetric.Snapshot histogram = family("cm_sizes").orElseThrow().snapshot().getFirst();
        assertArrayEquals(new double[] {1, 5, 10}, histogram.bounds());
        assertTrue(histogram.count() >= 1);
        assertEquals(histogram.count(), histogram.cumulativeCounts()[2]);
    }

    @Test
    void valueReadsBackAndTheSameLabelsGiveTheSameSeries() throws Exception {
        var out = new JsonObject(ask("four"));
        assertEquals(out.getDouble("counter"), out.getDouble("same_series"));
        assertEquals(3.0, out.getDouble("depth"));
    }

    @Test
    void invalidUseRaisesTritonModelExceptionWithTheReason() throws Exception {
        var out = new JsonObject(ask("bad"));
        assertTrue(out.getString("other_kind").contains("already exists as a counter"), out.encodePrettily());
        assertTrue(out.getString("label_value").contains("labels must be a dict of str to str"));
        assertTrue(out.getString("label_key").contains("labels must be a dict of str to str"));
        assertTrue(out.getString("label_name").contains("'bad-name' is not a valid label name"));
        assertTrue(out.getString("decrement").contains("a counter cannot decrease"));
        assertTrue(out.getString("counter_set").contains("set() is for gauges only"));
        assertTrue(out.getString("name").contains("'9lives' is not a valid metric name"));
        assertTrue(out.getString("reserved").contains("reserved for the server's own metrics"));
        assertTrue(out.getString("kind").contains("kind must be MetricFamily.COUNTER, GAUGE or HISTOGRAM"));
        assertTrue(out.getString("no_buckets").contains("a histogram metric needs buckets"));
        assertTrue(out.getString("unsorted_buckets").contains("strictly ascending"));
        assertTrue(out.getString("histogram_value").contains("a histogram has buckets"));
        assertTrue(out.getString("not_a_number").contains("metric values are numbers"));
    }

    @Test
    void familiesVanishWhenTheModelIsUnloaded() throws Exception {
        python.model("short_lived", PythonEngine.TEXT_IO, MODEL.replace("cm_", "cm_short_")).load("short_lived");
        assertTrue(family("cm_short_requests").isPresent());
        PythonEngine.await(python.engine.unload("short_lived", false));
        assertEquals(List.of(), CustomMetrics.shared().families().stream().map(CustomMetricFamily::name)
                .filter(name -> name.startsWith("cm_short_")).toList());
    }
}
