package io.infergate.engine.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Checks a configuration's JSON before protobuf's parser reads it, for what would cost out of
 * proportion there. That parser reads an unsigned integer field through
 * {@code BigDecimal.toBigIntegerExact()}, so {@code "max_queue_delay_microseconds": 1e1000000} (or
 * the same in a string) has it build a million-digit integer: 150 MB and a second from 20 bytes,
 * minutes from a larger exponent. No field needs more than {@value #MAX_DIGITS} digits (a double's
 * range ends near 1e308 and 1e-324), so a number spelled longer, or whose exponent moves its point
 * further, is refused. The JSON must be strict (as Triton's is, NaN and Infinity aside): protobuf's
 * parser is lenient, and a number in single quotes or unquoted must not slip past this check. Found by {@code LoadApiConfigFuzzTest}.
 */
final class StrictConfigJson {
    static final int MAX_DIGITS = 400;
    private static final int SHOWN = 40;
    // NaN and Infinity as Python's json.dumps writes them (a Python model's auto-complete), as protobuf reads them
    private static final JsonFactory JSON = JsonFactory.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private StrictConfigJson() {
    }

    /** INVALID config unless {@code json} is strict JSON whose numbers (and numeric strings) fit. */
    static void check(String json) throws ModelConfigException {
        try (JsonParser parser = JSON.createParser(json)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.VALUE_STRING || token == JsonToken.VALUE_NUMBER_INT
                        || token == JsonToken.VALUE_NUMBER_FLOAT) {
                    checkNumber(parser.getText());
                }
            }
        } catch (IOException e) {
            throw new ModelConfigException("invalid model config JSON: " + firstLine(e.getMessage()), e);
        }
    }

    private static void checkNumber(String text) throws ModelConfigException {
        String number = text.strip();
        if (!looksNumeric(number)) {
            return;
        }
        if (number.length() > MAX_DIGITS) {
            throw outOfRange(number);
        }
        BigDecimal value;
        try {
            value = new BigDecimal(number);
        } catch (NumberFormatException e) {
            return;
        }
        if (Math.abs((long) value.scale()) > MAX_DIGITS) {
            throw outOfRange(number);
        }
    }

    /** Only the characters of a decimal number, and a digit among them: cheap to tell, before parsing. */
    private static boolean looksNumeric(String text) {
        boolean digit = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '-' && c != '+' && c != '.' && c != 'e' && c != 'E') {
                return false;
            }
        }
        return digit;
    }

    private static ModelConfigException outOfRange(String number) {
        String shown = number.length() > SHOWN ? number.substring(0, SHOWN) + "..." : number;
        return new ModelConfigException("invalid model config JSON: number " + shown + " is out of range (a number has"
                + " at most " + MAX_DIGITS + " digits before or after its point)");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed JSON";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
