package io.infergate.engine.config;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.infergate.engine.config.proto.ModelConfigProto.ModelConfig;
import java.util.List;

/**
 * Prints a model configuration as Triton's {@code GET /v2/models/{m}/config} does: fields in
 * declaration order under their proto names, fields without presence printed even when default
 * (so {@code "max_batch_size":0} and empty lists appear), unset messages and oneofs left out,
 * enums by name. Protobuf's own JSON printer quotes 64-bit integers, but Triton prints them as
 * numbers and its clients do arithmetic on {@code dims}, hence this small descriptor walk.
 */
public final class ModelConfigJson {

    private ModelConfigJson() {}

    public static String toJson(ModelConfig config) {
        StringBuilder out = new StringBuilder();
        appendMessage(out, config);
        return out.toString();
    }

    private static void appendMessage(StringBuilder out, Message message) {
        out.append('{');
        String separator = "";
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            if (field.hasPresence() && !message.hasField(field)) {
                continue;
            }
            out.append(separator);
            separator = ",";
            JsonStrings.appendQuoted(out, field.getName());
            out.append(':');
            appendField(out, field, message.getField(field));
        }
        out.append('}');
    }

    private static void appendField(StringBuilder out, FieldDescriptor field, Object value) {
        if (field.isMapField()) {
            appendMap(out, field, (List<?>) value);
        } else if (field.isRepeated()) {
            out.append('[');
            String separator = "";
            for (Object element : (List<?>) value) {
                out.append(separator);
                separator = ",";
                appendValue(out, field, element);
            }
            out.append(']');
        } else {
            appendValue(out, field, value);
        }
    }

    // A map field reads as a list of key/value entry messages; JSON object keys are always strings.
    private static void appendMap(StringBuilder out, FieldDescriptor field, List<?> entries) {
        FieldDescriptor keyField = field.getMessageType().findFieldByName("key");
        FieldDescriptor valueField = field.getMessageType().findFieldByName("value");
        out.append('{');
        String separator = "";
        for (Object entry : entries) {
            Message pair = (Message) entry;
            out.append(separator);
            separator = ",";
            JsonStrings.appendQuoted(out, scalarText(keyField, pair.getField(keyField)));
            out.append(':');
            appendValue(out, valueField, pair.getField(valueField));
        }
        out.append('}');
    }

    private static void appendValue(StringBuilder out, FieldDescriptor field, Object value) {
        switch (field.getJavaType()) {
            case MESSAGE -> appendMessage(out, (Message) value);
            case STRING -> JsonStrings.appendQuoted(out, (String) value);
            case ENUM -> JsonStrings.appendQuoted(out, ((EnumValueDescriptor) value).getName());
            case FLOAT, DOUBLE -> appendFloatingPoint(out, (Number) value);
            case BYTE_STRING -> throw new IllegalArgumentException("no bytes fields in the model config");
            default -> out.append(scalarText(field, value));
        }
    }

    /** Integers and booleans as JSON writes them, honouring unsigned types. */
    private static String scalarText(FieldDescriptor field, Object value) {
        return switch (field.getType()) {
            case UINT32, FIXED32 -> Integer.toUnsignedString((Integer) value);
            case UINT64, FIXED64 -> Long.toUnsignedString((Long) value);
            default -> value.toString();
        };
    }

    // JSON has no NaN or infinities; protobuf's JSON mapping writes them as strings.
    // A Float prints through its own toString so 0.1f stays 0.1 rather than its double expansion.
    private static void appendFloatingPoint(StringBuilder out, Number value) {
        double d = value.doubleValue();
        if (Double.isFinite(d)) {
            out.append(value);
        } else {
            JsonStrings.appendQuoted(out, Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
        }
    }
}
