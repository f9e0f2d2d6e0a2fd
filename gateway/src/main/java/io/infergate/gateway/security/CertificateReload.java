package io.infergate.gateway.security;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.ServerSSLOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Watches one service's TLS files and hands the servers that use them the new contents when a
 * file's modification time or size changes: new connections get the new certificate, open ones
 * keep theirs. A change that does not load (a half-written file, a key that is not PEM) is logged,
 * the old certificate stays, and the next check tries again.
 */
public final class CertificateReload {
    private static final Logger LOG = Logger.getLogger(CertificateReload.class.getName());

    private final Vertx vertx;
    private final TlsOptions tls;
    private final List<HttpServer> servers;
    private final long intervalMs;
    private List<Stamp> loaded;
    private long timer = -1;
    private volatile boolean stopped;

    private CertificateReload(Vertx vertx, TlsOptions tls, List<HttpServer> servers, long intervalMs) {
        this.vertx = vertx;
        this.tls = tls;
        this.servers = List.copyOf(servers);
        this.intervalMs = intervalMs;
    }

    /** Starts checking every {@code intervalMs}; the files as they are now count as loaded. */
    public static CertificateReload start(Vertx vertx, TlsOptions tls, List<HttpServer> servers, long intervalMs) {
        CertificateReload reload = new CertificateReload(vertx, tls, servers, intervalMs);
        reload.loaded = stamps(tls.files());
        reload.schedule();
        return reload;
    }

    public void stop() {
        stopped = true;
        vertx.cancelTimer(timer);
    }

    /** One check at a time: the next is armed when this one is over. */
    private void schedule() {
        if (!stopped) {
            timer = vertx.setTimer(intervalMs, id -> check().onComplete(done -> schedule()));
        }
    }

    private Future<Void> check() {
        return vertx.executeBlocking(() -> {
            List<Stamp> now = stamps(tls.files());
            return now.equals(loaded) ? null : new Change(now, ServerTls.sslOptions(tls));
        }, false).compose(change -> change == null ? Future.<Void>succeededFuture() : apply(change))
                .recover(failure -> {
                    LOG.warning("TLS files " + tls.files() + " changed but did not load (the old certificate stays): "
                            + failure.getMessage());
                    return Future.succeededFuture();
                });
    }

    private Future<Void> apply(Change change) {
        List<Future<Boolean>> updates = new ArrayList<>();
        for (HttpServer server : servers) {
            // forced: the options may compare equal to the old ones while the files behind them changed
            updates.add(server.updateSSLOptions(change.options(), true));
        }
        return Future.all(updates).map(all -> {
            loaded = change.stamps();
            LOG.info("TLS files reloaded: " + tls.files());
            return null;
        });
    }

    private static List<Stamp> stamps(List<Path> files) {
        List<Stamp> stamps = new ArrayList<>();
        for (Path file : files) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                // the file key (inode) tells a file moved into place from one rewritten in the same millisecond
                stamps.add(new Stamp(attributes.fileKey(), attributes.lastModifiedTime().toMillis(), attributes.size()));
            } catch (IOException e) {
                // a file being replaced may be missing for a moment: counts as a change, loads later
                stamps.add(new Stamp(null, -1, -1));
            }
        }
        return stamps;
    }

    private record Stamp(Object fileKey, long modifiedMillis, long size) {
    }

    private record Change(List<Stamp> stamps, ServerSSLOptions options) {
    }
}
