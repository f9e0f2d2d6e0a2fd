package io.infergate.e2e;

import static io.infergate.testsupport.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infergate.engine.api.ModelStatistics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clients that hang up while their requests wait are never computed, and nothing stays pending. */
class ClientDisconnectTest {
    private static final int CLIENTS = 500;

    @TempDir
    Path repository;

    @Test
    void fiveHundredClientsDisconnectingMidRequestCostNoComputeAndLeaveNothingPending() throws Exception {
        Path model = Files.createDirectories(repository.resolve("slow/1")).getParent();
        Files.writeString(model.resolve("config.pbtxt"), """
                backend: "identity"
                max_batch_size: 8
                input [ { name: "INPUT0" data_type: TYPE_INT32 dims: [ -1 ] } ]
                output [ { name: "OUTPUT0" data_type: TYPE_INT32 dims: [ -1 ] } ]
                parameters { key: "execute_delay_ms" value { string_value: "200" } }
                """);
        try (RunningServer server = RunningServer.serving(repository)) {
            byte[] request = httpRequest(server.server().httpPort());
            List<Socket> clients = new ArrayList<>();
            ModelStatistics atClose;
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    Socket socket = new Socket("127.0.0.1", server.server().httpPort());
                    clients.add(socket);
                    OutputStream out = socket.getOutputStream();
                    out.write(request);
                    out.flush();
                }
                atClose = eventually("every request reached the model", () -> statistics(server),
                        s -> s.pendingRequests() + s.executionCount() >= CLIENTS);
            } finally {
                for (Socket socket : clients) {
                    socket.close();
                }
            }
            ModelStatistics stats = eventually("no request left pending", () -> statistics(server),
                    s -> s.pendingRequests() == 0);
            // a request dispatched in the moment between a socket closing and the server noticing still runs
            long computedAfterClose = stats.executionCount() - atClose.executionCount();
            assertTrue(computedAfterClose <= 5, "computed after the clients left: " + computedAfterClose);
            assertTrue(stats.failures().canceled() >= atClose.pendingRequests() - 5,
                    "canceled: " + stats.failures().canceled() + " of " + atClose.pendingRequests());
            assertEquals(200, server.get("/v2/health/live").statusCode());
        }
    }

    private static byte[] httpRequest(int port) {
        String body = new JsonObject().put("inputs", new JsonArray().add(new JsonObject().put("name", "INPUT0")
                .put("datatype", "INT32").put("shape", new JsonArray().add(1).add(1))
                .put("data", new JsonArray().add(1)))).encode();
        return ("POST /v2/models/slow/infer HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static ModelStatistics statistics(RunningServer server) {
        return server.server().models().statistics("slow", "").getFirst();
    }
}
