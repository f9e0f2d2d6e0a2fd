package io.infergate.gateway.s3;

import io.infergate.engine.api.InferenceException;
import io.infergate.engine.api.ModelNames;
import io.infergate.engine.repository.spi.ModelFingerprint;
import io.infergate.engine.repository.spi.ModelRepository;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A model repository in an S3 bucket (AWS or an S3-compatible store). Its model folders are the
 * key prefixes below the repository's path; a model's fingerprint is the key, size and ETag of
 * each of its objects, so poll mode sees an object added, removed or replaced; before a model
 * loads, its objects are copied to a private local folder ({@link ModelCopies}) that the loaders
 * read unchanged. Everything the store answers is checked: keys ({@link ObjectKeyPaths}), counts
 * and sizes, the bytes of each object against its listed size. The client is made on first use.
 */
public final class S3ModelRepository implements ModelRepository {
    private static final System.Logger LOG = System.getLogger(S3ModelRepository.class.getName());
    /** Objects one model may have; a listing longer than this is refused, not truncated. */
    static final int MAX_OBJECTS_PER_MODEL = 10_000;
    /** Bytes one model may have: far above any model, far below a full disk. */
    static final long MAX_MODEL_BYTES = 256L << 30;
    /** Pages of one listing (1,000 keys each): a store that keeps answering "more" is cut off. */
    private static final int MAX_PAGES = 100;

    private final S3Location location;
    private final S3Access access;
    private final ModelCopies copies;
    private S3Client client;

    /**
     * @param cacheParent the folder the private folder of local copies is made in
     */
    public S3ModelRepository(S3Location location, S3Access access, Path cacheParent) {
        this.location = location;
        this.access = access;
        this.copies = new ModelCopies(cacheParent, "infergate-s3-" + location.bucket() + "-");
    }

    @Override
    public String location() {
        return location.toString();
    }

    @Override
    public List<String> modelNames() throws IOException {
        List<String> names = new ArrayList<>();
        for (ListObjectsV2Response page : list(location.prefix(), request -> request.delimiter("/"))) {
            for (CommonPrefix folder : page.commonPrefixes()) {
                modelName(folder.prefix()).ifPresent(names::add);
            }
        }
        names.sort(null);
        return names;
    }

    /** The model name of a listed folder; a folder no model may be named after is skipped, and logged. */
    private Optional<String> modelName(String folderPrefix) {
        if (folderPrefix == null || !folderPrefix.startsWith(location.prefix()) || !folderPrefix.endsWith("/")) {
            LOG.log(System.Logger.Level.WARNING, location + ": skipped a folder outside the repository");
            return Optional.empty();
        }
        String name = folderPrefix.substring(location.prefix().length(), folderPrefix.length() - 1);
        try {
            return name.startsWith(".") ? Optional.empty() : Optional.of(ModelNames.requireValid(name));
        } catch (InferenceException invalid) {
            LOG.log(System.Logger.Level.WARNING, location + ": skipped a folder no model may be named after: "
                    + invalid.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public String fingerprint(String model) throws IOException {
        List<S3Object> objects = objectsOf(model);
        if (objects.isEmpty()) {
            throw new IOException(location + "/" + model + " holds no objects");
        }
        return fingerprint(objects);
    }

    @Override
    public Optional<Path> localFolder(String model) throws IOException {
        List<S3Object> objects = objectsOf(model);
        if (objects.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(copies.folderFor(model, fingerprint(objects), folder -> download(model, objects, folder)));
    }

    /** Every object of a model folder, checked for count and total size. */
    private List<S3Object> objectsOf(String model) throws IOException {
        List<S3Object> objects = new ArrayList<>();
        long bytes = 0;
        for (ListObjectsV2Response page : list(location.prefix() + model + "/", request -> { })) {
            objects.addAll(page.contents());
            if (objects.size() > MAX_OBJECTS_PER_MODEL) {
                throw new IOException(location + "/" + model + " holds more than " + MAX_OBJECTS_PER_MODEL + " objects");
            }
        }
        for (S3Object object : objects) {
            if (object.key() == null || object.size() == null || object.size() < 0) {
                throw new IOException(location + "/" + model + ": the store listed an object without a key or size");
            }
            bytes += object.size();
        }
        if (bytes > MAX_MODEL_BYTES) {
            throw new IOException(location + "/" + model + " holds " + bytes + " bytes, more than the "
                    + MAX_MODEL_BYTES + " a model may have");
        }
        return objects;
    }

    /** Every page of a listing under a prefix. */
    private List<ListObjectsV2Response> list(String prefix, Consumer<ListObjectsV2Request.Builder> options)
            throws IOException {
        List<ListObjectsV2Response> pages = new ArrayList<>();
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = call(() -> client().listObjectsV2(request -> {
                request.bucket(location.bucket()).prefix(prefix).continuationToken(continuation);
                options.accept(request);
            }));
            pages.add(page);
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            if (pages.size() >= MAX_PAGES && token != null) {
                throw new IOException(location + ": listing " + prefix + " did not end after " + MAX_PAGES + " pages");
            }
        } while (token != null);
        return pages;
    }

    /** Copies a model's objects into an empty folder, each checked against its key and listed size. */
    private void download(String model, List<S3Object> objects, Path folder) throws IOException {
        long bytes = objects.stream().mapToLong(S3Object::size).sum();
        long free = Files.getFileStore(folder).getUsableSpace();
        if (bytes > free) {
            throw new IOException("copying " + location + "/" + model + " needs " + bytes + " bytes, "
                    + free + " are free in " + folder);
        }
        String modelPrefix = location.prefix() + model + "/";
        for (S3Object object : objects) {
            String relative = ObjectKeyPaths.relativePath(object.key(), modelPrefix);
            Path target = ObjectKeyPaths.resolveInside(folder, relative);
            if (relative.isEmpty() || relative.endsWith("/")) {
                Files.createDirectories(target);
            } else {
                Files.createDirectories(target.getParent());
                copyObject(object, target);
            }
        }
    }

    /** Writes one object, refusing more or fewer bytes than the listing said it has. */
    private void copyObject(S3Object object, Path target) throws IOException {
        try (InputStream in = call(() -> client().getObject(request -> request.bucket(location.bucket())
                        .key(object.key())));
                OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
            byte[] buffer = new byte[64 * 1024];
            long written = 0;
            int read;
            while ((read = in.read(buffer)) >= 0) {
                written += read;
                if (written > object.size()) {
                    throw new IOException("object '" + object.key() + "' is longer than its listed "
                            + object.size() + " bytes (changed while copied?)");
                }
                out.write(buffer, 0, read);
            }
            if (written != object.size()) {
                throw new IOException("object '" + object.key() + "' ended after " + written + " of its listed "
                        + object.size() + " bytes (changed while copied?)");
            }
        }
    }

    private static String fingerprint(List<S3Object> objects) {
        return ModelFingerprint.ofLines(objects.stream().sorted(Comparator.comparing(S3Object::key))
                .map(object -> object.key() + "\u0000" + object.size() + "\u0000" + object.eTag()).toList());
    }

    /** Runs a request, turning the SDK's failures into messages that say what to check. */
    private <T> T call(Supplier<T> request) throws IOException {
        try {
            return request.get();
        } catch (NoSuchBucketException e) {
            throw new IOException("bucket '" + location.bucket() + "' does not exist", e);
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            if (e.statusCode() == 401 || e.statusCode() == 403) {
                throw new IOException("access denied (" + code + "): check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY"
                        + " and AWS_SESSION_TOKEN", e);
            }
            throw new IOException("the store answered " + e.statusCode() + " " + code, e);
        } catch (SdkClientException e) {
            throw new IOException("cannot reach " + location.endpoint().map(Object::toString).orElse("S3") + ": "
                    + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private synchronized S3Client client() {
        if (client == null) {
            client = S3Clients.create(location, access);
        }
        return client;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
        copies.close();
    }
}
