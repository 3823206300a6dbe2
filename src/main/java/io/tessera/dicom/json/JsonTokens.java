package io.tessera.dicom.json;

import io.tessera.dicom.DicomException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A pull source of JSON tokens: the live {@link JsonParser}, or a recorded stretch of one replayed. */
interface JsonTokens {

    enum Token { BEGIN_OBJECT, END_OBJECT, BEGIN_ARRAY, END_ARRAY, NAME, STRING, NUMBER, TRUE, FALSE, NULL, END_DOCUMENT }

    Token next() throws IOException;

    /** The text of the current NAME, STRING or NUMBER token (a number exactly as written). */
    String text();

    /** Where the current token is, for error messages. */
    String position();

    default DicomException error(String message) {
        return new DicomException(message + " at " + position());
    }

    /** Consumes the rest of the value that starts with {@code first}, already read. */
    default void skipValue(Token first) throws IOException {
        int depth = opens(first);
        while (depth > 0) {
            depth += opens(next());
        }
    }

    /** Records the value that starts with {@code first} (already read), so that it can be replayed later. */
    default JsonTokens record(Token first) throws IOException {
        List<Token> tokens = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        String where = position();
        Token token = first;
        int depth = 0;
        while (true) {
            tokens.add(token);
            texts.add(token == Token.NAME || token == Token.STRING || token == Token.NUMBER ? text() : null);
            depth += opens(token);
            if (depth == 0) {
                break;
            }
            token = next();
        }
        return new JsonTokens() {
            private int index = -1;

            @Override
            public Token next() {
                index++;
                return index < tokens.size() ? tokens.get(index) : Token.END_DOCUMENT;
            }

            @Override
            public String text() {
                return texts.get(index);
            }

            @Override
            public String position() {
                return "token " + index + " of the value recorded at " + where;
            }
        };
    }

    private static int opens(Token token) {
        return switch (token) {
            case BEGIN_OBJECT, BEGIN_ARRAY -> 1;
            case END_OBJECT, END_ARRAY -> -1;
            default -> 0;
        };
    }
}
