package io.tessera.dicom.json;

import io.tessera.dicom.DicomException;

import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/**
 * A strict pull parser for one JSON text (RFC 8259). It validates the grammar as it goes and enforces a limit on
 * the document size (in characters) and on the nesting depth, so hostile input fails fast with a
 * {@link DicomException} instead of exhausting memory or the stack.
 */
final class JsonParser implements JsonTokens {
    private enum Expect { VALUE, VALUE_OR_END_ARRAY, NAME, NAME_OR_END_OBJECT, COMMA_OR_END, DONE }

    private final Reader in;
    private final long maxChars;
    private final int maxDepth;
    private final char[] buffer = new char[8192];
    private int bufferPos;
    private int bufferEnd;
    /** Characters consumed so far, which is also the offset of the next one. */
    private long consumed;
    private long tokenStart;

    /** {@code inObject[d]}: the container at depth d is an object (else an array). */
    private boolean[] inObject;
    private int depth;
    private Expect expect = Expect.VALUE;
    private final StringBuilder text = new StringBuilder();

    JsonParser(Reader in, long maxChars, int maxDepth) {
        this.in = in;
        this.maxChars = maxChars;
        this.maxDepth = maxDepth;
        this.inObject = new boolean[Math.min(maxDepth, 64) + 1];
    }

    @Override
    public String text() {
        return text.toString();
    }

    @Override
    public String position() {
        return "character " + tokenStart;
    }

    @Override
    public Token next() throws IOException {
        int c = skipWhitespace();
        tokenStart = consumed - 1;
        switch (expect) {
            case DONE:
                if (c != -1) {
                    throw error("unexpected " + describe(c) + " after the end of the JSON value");
                }
                tokenStart = consumed;
                return Token.END_DOCUMENT;
            case COMMA_OR_END:
                if (depth == 0) {
                    expect = Expect.DONE;
                    pushBack(c);
                    return next();
                }
                if (c == ',') {
                    expect = inObject[depth] ? Expect.NAME : Expect.VALUE;
                    return next();
                }
                return close(c);
            case NAME_OR_END_OBJECT:
                return c == '}' ? close(c) : name(c);
            case NAME:
                return name(c);
            case VALUE_OR_END_ARRAY:
                return c == ']' ? close(c) : value(c);
            default:
                return value(c);
        }
    }

    private Token name(int c) throws IOException {
        if (c != '"') {
            throw error("expected a member name in quotes but found " + describe(c));
        }
        readString();
        if (skipWhitespace() != ':') {
            throw error("expected ':' after member name \"" + text + "\"");
        }
        expect = Expect.VALUE;
        return Token.NAME;
    }

    private Token value(int c) throws IOException {
        switch (c) {
            case '{':
                open(true);
                expect = Expect.NAME_OR_END_OBJECT;
                return Token.BEGIN_OBJECT;
            case '[':
                open(false);
                expect = Expect.VALUE_OR_END_ARRAY;
                return Token.BEGIN_ARRAY;
            case '"':
                readString();
                expect = Expect.COMMA_OR_END;
                return Token.STRING;
            case 't':
                return literal("true", Token.TRUE);
            case 'f':
                return literal("false", Token.FALSE);
            case 'n':
                return literal("null", Token.NULL);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    readNumber(c);
                    expect = Expect.COMMA_OR_END;
                    return Token.NUMBER;
                }
                throw error("expected a value but found " + describe(c));
        }
    }

    private void open(boolean object) throws DicomException {
        if (depth == maxDepth) {
            throw error("JSON nesting deeper than " + maxDepth);
        }
        depth++;
        if (depth == inObject.length) {
            inObject = Arrays.copyOf(inObject, inObject.length * 2);
        }
        inObject[depth] = object;
    }

    private Token close(int c) throws DicomException {
        boolean object = inObject[depth];
        if (c != (object ? '}' : ']')) {
            throw error("expected ',' or '" + (object ? '}' : ']') + "' but found " + describe(c));
        }
        depth--;
        expect = Expect.COMMA_OR_END;
        return object ? Token.END_OBJECT : Token.END_ARRAY;
    }

    private Token literal(String word, Token token) throws IOException {
        for (int i = 1; i < word.length(); i++) {
            if (read() != word.charAt(i)) {
                throw error("invalid literal, expected " + word);
            }
        }
        expect = Expect.COMMA_OR_END;
        return token;
    }

    private void readNumber(int first) throws IOException {
        text.setLength(0);
        int c = first;
        if (c == '-') {
            text.append('-');
            c = read();
        }
        if (c == '0') {
            text.append('0');
            c = read();
        } else {
            c = digits(c, "a digit");
        }
        if (c == '.') {
            text.append('.');
            c = digits(read(), "a digit after '.'");
        }
        if (c == 'e' || c == 'E') {
            text.append((char) c);
            c = read();
            if (c == '+' || c == '-') {
                text.append((char) c);
                c = read();
            }
            c = digits(c, "a digit in the exponent");
        }
        pushBack(c);
    }

    /** Appends one or more digits starting with {@code c}; returns the first character after them. */
    private int digits(int c, String expected) throws IOException {
        if (c < '0' || c > '9') {
            throw error("invalid number: expected " + expected + " but found " + describe(c));
        }
        while (c >= '0' && c <= '9') {
            text.append((char) c);
            c = read();
        }
        return c;
    }

    private void readString() throws IOException {
        text.setLength(0);
        while (true) {
            int c = read();
            if (c == '"') {
                return;
            }
            if (c == -1) {
                throw error("unterminated string");
            }
            if (c < 0x20) {
                throw error("unescaped control character " + describe(c) + " in string");
            }
            text.append(c == '\\' ? escaped() : (char) c);
        }
    }

    private char escaped() throws IOException {
        int c = read();
        return switch (c) {
            case '"', '\\', '/' -> (char) c;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> {
                int code = 0;
                for (int i = 0; i < 4; i++) {
                    int digit = Character.digit(read(), 16);
                    if (digit < 0) {
                        throw error("invalid \\u escape");
                    }
                    code = code * 16 + digit;
                }
                yield (char) code;
            }
            default -> throw error("invalid escape \\" + (c == -1 ? "" : (char) c));
        };
    }

    private int skipWhitespace() throws IOException {
        int c;
        do {
            c = read();
        } while (c == ' ' || c == '\t' || c == '\n' || c == '\r');
        return c;
    }

    private int read() throws IOException {
        if (bufferPos == bufferEnd) {
            int n = in.read(buffer, 0, buffer.length);
            if (n <= 0) {
                return -1;
            }
            bufferPos = 0;
            bufferEnd = n;
        }
        if (++consumed > maxChars) {
            throw new DicomException("JSON document longer than " + maxChars + " characters");
        }
        return buffer[bufferPos++];
    }

    private void pushBack(int c) {
        if (c != -1) {
            bufferPos--;
            consumed--;
        }
    }

    private static String describe(int c) {
        return c == -1 ? "end of input" : c < 0x20 ? String.format("U+%04X", c) : "'" + (char) c + "'";
    }
}
