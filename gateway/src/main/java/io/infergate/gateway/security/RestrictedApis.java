package io.infergate.gateway.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The categories of one service that need a header, from tritonserver's
 * {@code API[,API...]:KEY=VALUE} entries. A category is restricted by one key only.
 */
public final class RestrictedApis {
    /** Nothing restricted. */
    public static final RestrictedApis NONE = new RestrictedApis(Map.of());

    /** Header names: HTTP token characters, so the key travels as a header and in gRPC metadata. */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]+");

    private final Map<ApiCategory, Restriction> restrictions;

    private RestrictedApis(Map<ApiCategory, Restriction> restrictions) {
        this.restrictions = Map.copyOf(restrictions);
    }

    /** The restriction on the category, if it has one. */
    public Optional<Restriction> of(ApiCategory category) {
        return Optional.ofNullable(restrictions.get(category));
    }

    public boolean isEmpty() {
        return restrictions.isEmpty();
    }

    /**
     * Parses the entries of a flag. An entry without ':' names categories that belong to the next
     * entry: the environment form, comma-separated, splits {@code a,b:k=v} into {@code a} and {@code b:k=v}.
     *
     * @throws IllegalArgumentException naming the entry and what is wrong with it
     */
    public static RestrictedApis parse(List<String> entries) {
        Map<ApiCategory, Restriction> restrictions = new EnumMap<>(ApiCategory.class);
        List<String> pending = new ArrayList<>();
        for (String entry : entries) {
            int colon = entry.lastIndexOf(':');
            if (colon < 0) {
                pending.add(entry);
                continue;
            }
            pending.add(entry.substring(0, colon));
            String group = String.join(",", pending) + entry.substring(colon);
            Restriction restriction = restriction(group, entry.substring(colon + 1));
            for (String name : String.join(",", pending).split(",")) {
                ApiCategory category = ApiCategory.byFlagName(name.strip()).orElseThrow(() -> new IllegalArgumentException(
                        "'" + group + "' names unknown API '" + name.strip() + "' (known: " + known() + ")"));
                if (restrictions.putIfAbsent(category, restriction) != null) {
                    throw new IllegalArgumentException("API '" + category.flagName()
                            + "' is restricted more than once: a category takes one key only");
                }
            }
            pending.clear();
        }
        if (!pending.isEmpty()) {
            throw new IllegalArgumentException("'" + String.join(",", pending) + "' is not API[,API...]:KEY=VALUE");
        }
        return new RestrictedApis(restrictions);
    }

    private static Restriction restriction(String group, String keyValue) {
        int equals = keyValue.indexOf('=');
        String key = equals < 0 ? "" : keyValue.substring(0, equals).strip();
        String value = equals < 0 ? "" : keyValue.substring(equals + 1);
        if (!KEY.matcher(key).matches() || value.isEmpty()) {
            throw new IllegalArgumentException("'" + group + "' is not API[,API...]:KEY=VALUE with a header name"
                    + " (letters, digits, '-', '_', '.') as KEY and a non-empty VALUE");
        }
        return new Restriction(key, value);
    }

    private static String known() {
        return Arrays.stream(ApiCategory.values()).map(ApiCategory::flagName).collect(Collectors.joining(", "));
    }
}
