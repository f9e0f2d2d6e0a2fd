package io.infergate.gateway.config;

/**
 * The gRPC service's settings.
 *
 * @param allow            serve gRPC
 * @param address          address to bind
 * @param maxMessageSize   largest message received (after gzip inflation) or sent, in bytes
 * @param streamQueueSize  per stream: requests in flight plus responses not yet sent
 * @param keepaliveTimeMs  idle time between keepalive pings, 0 for none
 * @param keepaliveTimeoutMs how long a ping may go unanswered before the connection is closed
 */
public record GrpcOptions(boolean allow, String address, long maxMessageSize, int streamQueueSize,
        long keepaliveTimeMs, long keepaliveTimeoutMs) {

    /** The built-in defaults (the Setting enum's), for servers built in code. */
    public static final GrpcOptions DEFAULTS = from(new SettingValues(SettingValues.defaults()));

    public GrpcOptions {
        if (maxMessageSize <= 0 || streamQueueSize <= 0 || keepaliveTimeMs < 0 || keepaliveTimeoutMs < 0) {
            throw new IllegalArgumentException("gRPC sizes must be positive and times non-negative");
        }
    }

    static GrpcOptions from(SettingValues values) {
        return new GrpcOptions(values.bool(Setting.ALLOW_GRPC), values.text(Setting.GRPC_ADDRESS),
                values.size(Setting.GRPC_MAX_MESSAGE_SIZE), values.positiveInt(Setting.GRPC_STREAM_QUEUE_SIZE),
                values.nonNegativeInt(Setting.GRPC_KEEPALIVE_TIME), values.nonNegativeInt(Setting.GRPC_KEEPALIVE_TIMEOUT));
    }
}
