package io.infergate.python;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.Map;
import java.util.Set;
import org.graalvm.polyglot.io.FileSystem;

/**
 * The host file system as a model's context sees it: reads only under the policy's readable
 * folders, writes only under its writable ones; everything else fails as a missing permission.
 * GraalPy's own standard library is read through the language home, outside this check.
 */
final class SandboxFileSystem implements FileSystem {
    private final FileSystem host = FileSystem.newDefaultFileSystem();
    private final SandboxPolicy policy;

    SandboxFileSystem(SandboxPolicy policy) {
        this.policy = policy;
    }

    private Path readable(Path path) throws IOException {
        if (!policy.mayRead(path)) {
            throw new SecurityException("the sandbox of this model does not allow reading " + path
                    + " (see the SANDBOX_READ_PATHS model parameter)");
        }
        return path;
    }

    private Path writable(Path path) {
        if (!policy.mayWrite(path)) {
            throw new SecurityException("the sandbox of this model does not allow writing " + path
                    + " (see the SANDBOX_WRITE_PATHS model parameter)");
        }
        return path;
    }

    private static boolean writes(Set<? extends OpenOption> options) {
        return options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND)
                || options.contains(StandardOpenOption.CREATE) || options.contains(StandardOpenOption.CREATE_NEW)
                || options.contains(StandardOpenOption.DELETE_ON_CLOSE);
    }

    @Override
    public Path parsePath(URI uri) {
        return host.parsePath(uri);
    }

    @Override
    public Path parsePath(String path) {
        return host.parsePath(path);
    }

    @Override
    public void checkAccess(Path path, Set<? extends AccessMode> modes, LinkOption... linkOptions) throws IOException {
        host.checkAccess(modes.contains(AccessMode.WRITE) ? writable(path) : readable(path), modes, linkOptions);
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        host.createDirectory(writable(dir), attrs);
    }

    @Override
    public void delete(Path path) throws IOException {
        host.delete(writable(path));
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options,
            FileAttribute<?>... attrs) throws IOException {
        return host.newByteChannel(writes(options) ? writable(path) : readable(path), options, attrs);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        return host.newDirectoryStream(readable(dir), filter);
    }

    @Override
    public Path toAbsolutePath(Path path) {
        return host.toAbsolutePath(path);
    }

    @Override
    public Path toRealPath(Path path, LinkOption... linkOptions) throws IOException {
        return host.toRealPath(readable(path), linkOptions);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options)
            throws IOException {
        return host.readAttributes(readable(path), attributes, options);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        host.setAttribute(writable(path), attribute, value, options);
    }

    @Override
    public void move(Path source, Path target, java.nio.file.CopyOption... options) throws IOException {
        host.move(writable(source), writable(target), options);
    }

    /** GraalPy copies native modules into it (IsolateNativeModules); the policy lets every model write there. */
    @Override
    public Path getTempDirectory() {
        return NativeModuleCopies.directory();
    }

    @Override
    public void setCurrentWorkingDirectory(Path currentWorkingDirectory) {
        host.setCurrentWorkingDirectory(currentWorkingDirectory);
    }
}
