package io.tessera.dicom.json;

import io.tessera.dicom.json.JsonTokens.Token;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test helper: parses JSON with the codec's own parser into maps, lists, strings, BigDecimals, booleans and nulls. */
final class JsonTree {
    private JsonTree() {
    }

    static Object parse(String json) throws IOException {
        JsonParser parser = new JsonParser(new StringReader(json), Long.MAX_VALUE, 1000);
        Object value = value(parser, parser.next());
        if (parser.next() != Token.END_DOCUMENT) {
            throw new IllegalStateException("trailing content");
        }
        return value;
    }

    private static Object value(JsonTokens tokens, Token token) throws IOException {
        switch (token) {
            case BEGIN_OBJECT: {
                Map<String, Object> object = new LinkedHashMap<>();
                for (Token t = tokens.next(); t != Token.END_OBJECT; t = tokens.next()) {
                    String name = tokens.text();
                    object.put(name, value(tokens, tokens.next()));
                }
                return object;
            }
            case BEGIN_ARRAY: {
                List<Object> array = new ArrayList<>();
                for (Token t = tokens.next(); t != Token.END_ARRAY; t = tokens.next()) {
                    array.add(value(tokens, t));
                }
                return array;
            }
            case STRING:
                return tokens.text();
            case NUMBER:
                return new BigDecimal(tokens.text());
            case TRUE:
                return Boolean.TRUE;
            case FALSE:
                return Boolean.FALSE;
            case NULL:
                return null;
            default:
                throw new IllegalStateException("unexpected " + token);
        }
    }
}
