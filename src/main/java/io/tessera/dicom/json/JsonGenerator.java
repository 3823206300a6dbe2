package io.tessera.dicom.json;

import java.io.IOException;
import java.io.Writer;
import java.util.BitSet;

/**
 * A minimal streaming JSON generator (RFC 8259): writes tokens straight to a {@link Writer} and only remembers,
 * per open container, whether a comma is due. Callers are trusted to nest correctly.
 */
final class JsonGenerator {
    private final Writer out;
    /** Bit {@code depth} set: the container at that depth already holds a member, so the next one needs a comma. */
    private final BitSet hasMember = new BitSet();
    private int depth;
    /** A name was just written, so the next value follows its colon without a comma. */
    private boolean afterName;

    JsonGenerator(Writer out) {
        this.out = out;
    }

    void beginObject() throws IOException {
        open('{');
    }

    void endObject() throws IOException {
        close('}');
    }

    void beginArray() throws IOException {
        open('[');
    }

    void endArray() throws IOException {
        close(']');
    }

    void name(String name) throws IOException {
        separate();
        quoted(name);
        out.write(':');
        afterName = true;
    }

    void string(String value) throws IOException {
        separate();
        quoted(value);
    }

    /** Writes {@code text}, which the caller guarantees is a valid JSON number, unquoted. */
    void number(String text) throws IOException {
        separate();
        out.write(text);
    }

    void nullValue() throws IOException {
        separate();
        out.write("null");
    }

    /** Starts a string value whose content the caller writes with {@link #rawStringContent}, e.g. base64. */
    void beginRawString() throws IOException {
        separate();
        out.write('"');
    }

    /** Writes characters that need no escaping (the caller guarantees it) inside a string begun above. */
    void rawStringContent(char[] chars, int length) throws IOException {
        out.write(chars, 0, length);
    }

    void endRawString() throws IOException {
        out.write('"');
    }

    void flush() throws IOException {
        out.flush();
    }

    private void open(char bracket) throws IOException {
        separate();
        out.write(bracket);
        depth++;
        hasMember.clear(depth);
    }

    private void close(char bracket) throws IOException {
        out.write(bracket);
        depth--;
    }

    private void separate() throws IOException {
        if (afterName) {
            afterName = false;
        } else if (hasMember.get(depth)) {
            out.write(',');
        }
        hasMember.set(depth);
    }

    private void quoted(String text) throws IOException {
        out.write('"');
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String escape = switch (c) {
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case '\b' -> "\\b";
                case '\f' -> "\\f";
                default -> c < 0x20 ? String.format("\\u%04x", (int) c) : null;
            };
            if (escape != null) {
                out.write(text, start, i - start);
                out.write(escape);
                start = i + 1;
            }
        }
        out.write(text, start, text.length() - start);
        out.write('"');
    }
}
