package io.infergate.engine.repository.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One model repository: a folder on disk, or a remote store whose model folders are copied to a
 * local folder before they load. Loaders only ever read local folders; a repository tells which
 * models it holds, when one of them changed, and where its files are on disk. Every method may
 * block (file or network IO): call from a worker thread.
 */
public interface ModelRepository {

    /** Where the repository is, for messages: a folder or a URL. */
    String location();

    /**
     * The names of its model folders, sorted; a folder whose name starts with '.' is not a model.
     *
     * @throws IOException when the repository cannot be listed (gone, unreachable, refused)
     */
    List<String> modelNames() throws IOException;

    /**
     * A digest of one model folder that changes when any of its files changes: poll mode reloads
     * a model when it does.
     *
     * @throws IOException when the folder cannot be read (for one, deleted while it is read)
     */
    String fingerprint(String model) throws IOException;

    /**
     * A local folder with the model's files as they are now, named after the model; empty when
     * the repository has no such model.
     *
     * @throws IOException when the files cannot be read or copied
     */
    Optional<Path> localFolder(String model) throws IOException;

    /** Releases what the repository holds (a remote one's client and local copies). */
    default void close() {
    }
}
