package io.infergate.engine.config;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TextFormat;
import com.google.protobuf.util.JsonFormat;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads model configurations from Triton's protobuf text format and from JSON. */
public final class ModelConfigParser {

    // Like Triton's C++ parser: unknown fields and a singular field given twice are errors,
    // so a typo in config.pbtxt fails the load instead of being silently ignored.
    private static final TextFormat.Parser TEXT_PARSER = TextFormat.Parser.newBuilder()
            .setAllowUnknownFields(false)
            .setSingularOverwritePolicy(TextFormat.Parser.SingularOverwritePolicy.FORBID_SINGULAR_OVERWRITES)
            .build();

    // Rejects unknown fields by default; accepts int64 values as JSON numbers or strings.
    private static final JsonFormat.Parser JSON_PARSER = JsonFormat.parser();

    private ModelConfigParser() {}

    /** Parses a {@code config.pbtxt} file; errors name the file, line and column. */
    public static ModelConfig parse(Path configFile) throws ModelConfigException {
        String text;
        try {
            text = Files.readString(configFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelConfigException(configFile + ": cannot read: " + e.getMessage(), e);
        }
        return parseText(text, configFile.toString());
    }

    /** Parses configuration text; {@code sourceName} stands in for the file name in errors. */
    public static ModelConfig parseText(String text, String sourceName) throws ModelConfigException {
        ModelConfig.Builder builder = ModelConfig.newBuilder();
        try {
            TEXT_PARSER.merge(text, builder);
        } catch (TextFormat.ParseException e) {
            // The exception's message already starts with "line:column: ".
            throw new ModelConfigException(sourceName + ":" + e.getMessage(), e);
        }
        return builder.build();
    }

    /** Parses a configuration given as JSON, as the model load API passes it. */
    public static ModelConfig parseJson(String json) throws ModelConfigException {
        StrictConfigJson.check(json);
        ModelConfig.Builder builder = ModelConfig.newBuilder();
        try {
            JSON_PARSER.merge(json, builder);
        } catch (InvalidProtocolBufferException e) {
            throw new ModelConfigException("invalid model config JSON: " + e.getMessage(), e);
        }
        return builder.build();
    }
}
