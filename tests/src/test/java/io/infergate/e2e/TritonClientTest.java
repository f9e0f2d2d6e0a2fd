package io.infergate.e2e;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * NVIDIA's own Python client, tritonclient[all] from PyPI (HTTP, gRPC, and their asyncio
 * variants), against Triton's example repository: each test runs one check of
 * tritonclient_checks.py in the environment of scripts/client-env. Skipped where that environment
 * is missing.
 */
class TritonClientTest {
    @RegisterExtension
    static final ClientPythonServer SERVER = ClientPythonServer.tritonExamples();
    private static final String CHECKS = ClientPython.SCRIPTS.resolve("tritonclient_checks.py").toString();

    private static void check(String name) throws Exception {
        ClientPython.run(Map.of(), List.of(CHECKS, SERVER.httpTarget(), SERVER.grpcTarget(), name));
    }

    @Test
    void httpInferWithBinaryTensors() throws Exception {
        check("http_simple_binary");
    }

    @Test
    void httpInferWithJsonTensors() throws Exception {
        check("http_simple_json");
    }

    @Test
    void grpcInfer() throws Exception {
        check("grpc_simple");
    }

    @Test
    void httpInferGzipCompressedBothWays() throws Exception {
        check("http_gzip_both_ways");
    }

    @Test
    void httpClassificationReturnsTheTopClasses() throws Exception {
        check("http_classification");
    }

    @Test
    void httpInferWithBytesTensors() throws Exception {
        check("http_simple_string");
    }

    @Test
    void grpcInferWithBytesTensors() throws Exception {
        check("grpc_simple_string");
    }

    @Test
    void httpHealthAndServerAndModelMetadata() throws Exception {
        check("http_health_and_metadata");
    }

    @Test
    void grpcHealthAndServerAndModelMetadata() throws Exception {
        check("grpc_health_and_metadata");
    }

    @Test
    void httpModelConfig() throws Exception {
        check("http_model_config");
    }

    @Test
    void grpcModelConfig() throws Exception {
        check("grpc_model_config");
    }

    @Test
    void httpRepositoryIndexListsTheExamplesReady() throws Exception {
        check("http_repository_index");
    }

    @Test
    void grpcRepositoryIndexListsTheExamplesReady() throws Exception {
        check("grpc_repository_index");
    }

    @Test
    void httpStatisticsCountAnInference() throws Exception {
        check("http_statistics");
    }

    @Test
    void grpcStatisticsCountAnInference() throws Exception {
        check("grpc_statistics");
    }

    @Test
    void httpAsyncInferAnswersEveryRequestInItsOrder() throws Exception {
        check("http_async_infer");
    }

    @Test
    void grpcAsyncInferCallsBackWithTheResult() throws Exception {
        check("grpc_async_infer");
    }

    @Test
    void grpcStreamOfDecoupledModelDeliversEachResponseThenTheFinalFlag() throws Exception {
        check("grpc_stream_decoupled");
    }

    @Test
    void httpAioInfer() throws Exception {
        check("http_aio_infer");
    }

    @Test
    void grpcAioInfer() throws Exception {
        check("grpc_aio_infer");
    }

    @Test
    void httpUnknownModelRaisesWithItsName() throws Exception {
        check("http_unknown_model");
    }

    @Test
    void grpcUnknownModelIsNotFoundWithItsName() throws Exception {
        check("grpc_unknown_model");
    }

    @Test
    void httpWrongDatatypeIsRefusedWithBothDatatypes() throws Exception {
        check("http_wrong_datatype");
    }

    @Test
    void grpcWrongDatatypeIsInvalidArgumentWithBothDatatypes() throws Exception {
        check("grpc_wrong_datatype");
    }

    @Test
    void httpWrongShapeIsRefusedWithBothShapes() throws Exception {
        check("http_wrong_shape");
    }

    @Test
    void grpcWrongShapeIsInvalidArgumentWithBothShapes() throws Exception {
        check("grpc_wrong_shape");
    }

    @Test
    void grpcExplicitIntContentAndTritonsWordsForContentsBesideRawContents() throws Exception {
        check("grpc_explicit_int_content");
    }

    @Test
    void grpcExplicitInt8Content() throws Exception {
        check("grpc_explicit_int8_content");
    }

    @Test
    void grpcExplicitByteContent() throws Exception {
        check("grpc_explicit_byte_content");
    }

    @Test
    void grpcRequestsCompressedWithDeflateAndGzipOnOneChannel() throws Exception {
        check("grpc_compression_deflate_and_gzip");
    }

    @Test
    void grpcAioRequestCompressedWithDeflate() throws Exception {
        check("grpc_aio_compression_deflate");
    }

    @Test
    void grpcCustomChannelArgumentsAndHeaders() throws Exception {
        check("grpc_custom_args");
    }

    @Test
    void grpcKeepaliveOptions() throws Exception {
        check("grpc_keepalive");
    }

    @Test
    void httpAioHealthAndMetadata() throws Exception {
        check("http_aio_health_and_metadata");
    }

    @Test
    void grpcAioHealthAndMetadata() throws Exception {
        check("grpc_aio_health_and_metadata");
    }

    @Test
    void httpAioInferWithBytesTensors() throws Exception {
        check("http_aio_string_infer");
    }

    @Test
    void grpcAioInferWithBytesTensors() throws Exception {
        check("grpc_aio_string_infer");
    }

    @Test
    void httpSequencesOfTheDirectAndTheOldestSequenceBatcher() throws Exception {
        check("http_sequence_sync");
    }

    @Test
    void grpcSequencesWithIntegerAndStringIds() throws Exception {
        check("grpc_sequence_sync");
    }

    @Test
    void grpcInterleavedSequencesOnOneStream() throws Exception {
        check("grpc_sequence_stream");
    }

    @Test
    void grpcAioSequenceOnAStream() throws Exception {
        check("grpc_aio_sequence_stream");
    }

    @Test
    void grpcStatisticsOfADecoupledModelCarryResponseStats() throws Exception {
        check("grpc_statistics_of_a_decoupled_model");
    }

    @Test
    void httpStatisticsOfADecoupledModelCarryResponseStatsAndMemoryUsage() throws Exception {
        check("http_statistics_of_a_decoupled_model");
    }

    @Test
    void httpLogSettings() throws Exception {
        check("http_log_settings");
    }

    @Test
    void grpcLogSettings() throws Exception {
        check("grpc_log_settings");
    }

    @Test
    void httpTraceSettings() throws Exception {
        check("http_trace_settings");
    }

    @Test
    void grpcTraceSettings() throws Exception {
        check("grpc_trace_settings");
    }
}
