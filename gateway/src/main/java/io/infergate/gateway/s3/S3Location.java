package io.infergate.gateway.s3;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an S3 model repository is, in Triton's forms: {@code s3://bucket/path} on AWS, or
 * {@code s3://host:port/bucket/path} for an S3-compatible store at that endpoint, over HTTP
 * unless written {@code s3://https://host:port/bucket/path}.
 *
 * @param endpoint the custom endpoint, empty for AWS itself
 * @param bucket   the bucket
 * @param prefix   the key prefix of the repository's model folders: "" for the bucket's root,
 *                 else the path with a trailing '/'
 */
public record S3Location(Optional<URI> endpoint, String bucket, String prefix) {
    public static final String SCHEME = "s3://";

    /** Host and port, then the rest; a first segment without a port is a bucket, as in Triton. */
    private static final Pattern CUSTOM_ENDPOINT = Pattern.compile("(https?://)?([A-Za-z0-9.-]+):([0-9]{1,5})/(.*)");
    /** S3's bucket naming rules (lower case, digits, '.', '-'; 3 to 63 characters). */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    /** Whether a --model-repository value names an S3 repository rather than a folder. */
    public static boolean isS3(String location) {
        return location.startsWith(SCHEME);
    }

    /**
     * Reads an {@code s3://} location.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static S3Location parse(String location) {
        if (!isS3(location)) {
            throw new IllegalArgumentException("'" + location + "' is not an s3:// location");
        }
        String rest = location.substring(SCHEME.length());
        Optional<URI> endpoint = Optional.empty();
        Matcher custom = CUSTOM_ENDPOINT.matcher(rest);
        if (custom.matches()) {
            int port = Integer.parseInt(custom.group(3));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("'" + location + "': port " + port + " is out of range");
            }
            String scheme = custom.group(1) == null ? "http://" : custom.group(1);
            endpoint = Optional.of(URI.create(scheme + custom.group(2) + ":" + port));
            rest = custom.group(4);
        }
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new IllegalArgumentException("'" + location + "': '" + bucket + "' is not a valid bucket name"
                    + " (s3://bucket/path or s3://host:port/bucket/path)");
        }
        String path = slash < 0 ? "" : rest.substring(slash + 1).replaceAll("/+$", "");
        for (String segment : path.split("/")) {
            if (segment.equals("..") || segment.equals(".") || (!path.isEmpty() && segment.isEmpty())) {
                throw new IllegalArgumentException("'" + location + "': the path may not hold '.', '..' or '//'");
            }
        }
        return new S3Location(endpoint, bucket, path.isEmpty() ? "" : path + "/");
    }

    /** The location as Triton writes it, for messages. */
    @Override
    public String toString() {
        String host = endpoint.map(uri -> (uri.getScheme().equals("https") ? "https://" : "") + uri.getAuthority() + "/")
                .orElse("");
        return SCHEME + host + bucket + (prefix.isEmpty() ? "" : "/" + prefix.substring(0, prefix.length() - 1));
    }
}
