package io.tessera.index;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One condition on a clinical variable, as query strings write it: {@code RT-PCR=positive}, {@code age>=60},
 * {@code age<60}, {@code date>2020-03-01}, or with HL7 FHIR's search prefixes, which need no percent-encoding (HTTP
 * servers refuse a raw {@code <} or {@code >} in the request line): {@code age=ge60}, {@code date=gt2020-03-01}
 * (docs/clinical.md). Where other parameters share the query string (QIDO-RS, manifests, archives) the column is
 * prefixed {@value #PREFIX}.
 */
public record ClinicalFilter(String column, Operator operator, String operand) {
    /** Marks a clinical filter among other query parameters. */
    public static final String PREFIX = "clinical.";
    private static final Pattern FHIR_PREFIX = Pattern.compile("(eq|gt|ge|lt|le)(.+)");

    public enum Operator {
        EQUALS("="), LESS("<"), LESS_OR_EQUAL("<="), GREATER(">"), GREATER_OR_EQUAL(">=");

        final String sql;

        Operator(String sql) {
            this.sql = sql;
        }
    }

    /** A filter that cannot be applied: the message says why (the caller answers 400). */
    public static final class Invalid extends IllegalArgumentException {
        public Invalid(String message) {
            super(message);
        }
    }

    /** The filter with its column's type and the operand in the stored form it is compared with. */
    public record Typed(ClinicalFilter filter, ClinicalColumnType type, Double number) {
    }

    /**
     * From one query parameter as decoded by JAX-RS. A query string splits at its first {@code =}, so
     * {@code age>=60} arrives as key {@code age>} and value {@code 60}, and {@code age<60} as key {@code age<60} with
     * an empty value; both are put back together here. {@code key} is without the {@value #PREFIX} prefix.
     */
    public static ClinicalFilter fromParameter(String key, String value) {
        String expression = hasOperator(key) && value.isEmpty() ? key : key + "=" + value;
        int at = 0;
        while (at < expression.length() && "<>=".indexOf(expression.charAt(at)) < 0) {
            at++;
        }
        String column = expression.substring(0, at).strip();
        if (column.isEmpty()) {
            throw new Invalid("A clinical filter needs a column name, e.g. age>=60 or RT-PCR=positive");
        }
        char first = expression.charAt(at);
        boolean orEqual = first != '=' && at + 1 < expression.length() && expression.charAt(at + 1) == '=';
        Operator operator = switch (first) {
            case '<' -> orEqual ? Operator.LESS_OR_EQUAL : Operator.LESS;
            case '>' -> orEqual ? Operator.GREATER_OR_EQUAL : Operator.GREATER;
            default -> Operator.EQUALS;
        };
        String operand = expression.substring(at + (orEqual ? 2 : 1)).strip();
        if (operand.isEmpty()) {
            throw new Invalid("The clinical filter on " + column + " needs a value after " + operator.sql);
        }
        return new ClinicalFilter(column, operator, operand);
    }

    /** Whether a column name may be used in filters: none of the operator characters, no control characters. */
    public static boolean isFilterableName(String name) {
        return !hasOperator(name) && name.chars().noneMatch(c -> c < 0x20 || c == '&' || c == 0x7f);
    }

    /**
     * This filter applied to a column of {@code type}; Invalid when the operator or operand does not fit it. On numbers
     * and dates, a value starting with a FHIR prefix ({@code eq gt ge lt le}) compares as that prefix says.
     */
    public Typed typed(ClinicalColumnType type) {
        Matcher prefixed = FHIR_PREFIX.matcher(operand);
        if (type.ordered() && operator == Operator.EQUALS && prefixed.matches()) {
            Operator spelled = switch (prefixed.group(1)) {
                case "gt" -> Operator.GREATER;
                case "ge" -> Operator.GREATER_OR_EQUAL;
                case "lt" -> Operator.LESS;
                case "le" -> Operator.LESS_OR_EQUAL;
                default -> Operator.EQUALS;
            };
            return new ClinicalFilter(column, spelled, prefixed.group(2)).typed(type);
        }
        if (operator != Operator.EQUALS && !type.ordered()) {
            throw new Invalid("The clinical column " + column + " holds " + type.label()
                    + " values: only = applies, not " + operator.sql);
        }
        Double number = type.comparable(operand);
        if (type.ordered() && number == null) {
            throw new Invalid("The clinical column " + column + " holds " + type.label() + " values: '" + operand
                    + "' is not " + (type == ClinicalColumnType.DATE ? "a date (YYYY-MM-DD)" : "a number"));
        }
        return new Typed(this, type, number);
    }

    private static boolean hasOperator(String text) {
        return text.indexOf('<') >= 0 || text.indexOf('>') >= 0 || text.indexOf('=') >= 0;
    }
}
