package io.tessera.deid;

import io.tessera.dicom.Tag;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Basic Application Level Confidentiality Profile with a set of options (PS3.15 E.2, E.3), and the action
 * it asks for each attribute of Table E.1-1 (bundled as {@code confidentiality-profile.tsv}, plus Tessera's
 * {@code supplement.tsv}). Immutable; the tables are loaded once.
 */
public final class DeidProfile {
    /** One row of Table E.1-1: a tag matched under a mask, its basic action and the actions its options ask. */
    public record Rule(int tag, int mask, boolean anyPrivate, DeidAction basic, Map<DeidOption, DeidAction> options,
                       String name) {
        public Rule {
            options = Map.copyOf(options);
        }

        public boolean matches(int candidate) {
            return anyPrivate ? Tag.isPrivate(candidate) : (candidate & mask) == tag;
        }
    }

    private static final Tables TABLES = new Tables();

    private final Set<DeidOption> options;

    private DeidProfile(Set<DeidOption> options) {
        EnumSet<DeidOption> all = EnumSet.of(DeidOption.BASIC_PROFILE);
        all.addAll(options);
        if (all.contains(DeidOption.RETAIN_LONGITUDINAL_FULL_DATES)
                && all.contains(DeidOption.RETAIN_LONGITUDINAL_MODIFIED_DATES)) {
            throw new IllegalArgumentException("options 113106 and 113107 exclude each other");
        }
        this.options = Set.copyOf(all);
    }

    /** The Basic Profile without options. */
    public static DeidProfile basic() {
        return new DeidProfile(Set.of());
    }

    public static DeidProfile withOptions(Collection<DeidOption> options) {
        return new DeidProfile(EnumSet.copyOf(options.isEmpty() ? Set.of(DeidOption.BASIC_PROFILE) : options));
    }

    /** A profile from CID 7050 codes such as "113107" (113100 may be given or left out). */
    public static DeidProfile ofCodes(Collection<String> codes) {
        return withOptions(codes.stream().map(DeidOption::ofCode).collect(Collectors.toSet()));
    }

    /** The Basic Profile and its options, in code order. */
    public List<DeidOption> options() {
        return options.stream().sorted().toList();
    }

    public boolean has(DeidOption option) {
        return options.contains(option);
    }

    /** Every row of Table E.1-1 and of Tessera's supplement. */
    public static List<Rule> rules() {
        return Collections.unmodifiableList(TABLES.rules);
    }

    /**
     * The action this profile asks for {@code tag}, or null when the table does not list it. When several
     * chosen options name the tag, keeping wins over cleaning, which wins over the rest: an option that retains
     * something was asked for explicitly.
     */
    public DeidAction actionFor(int tag) {
        Rule rule = TABLES.ruleFor(tag);
        if (rule == null) {
            return null;
        }
        DeidAction chosen = null;
        for (Map.Entry<DeidOption, DeidAction> entry : rule.options().entrySet()) {
            if (options.contains(entry.getKey()) && (chosen == null || rank(entry.getValue()) < rank(chosen))) {
                chosen = entry.getValue();
            }
        }
        return chosen != null ? chosen : rule.basic();
    }

    /** The action the basic profile alone asks for {@code tag}, or null when unlisted. */
    public DeidAction basicActionFor(int tag) {
        Rule rule = TABLES.ruleFor(tag);
        return rule == null ? null : rule.basic();
    }

    /** True for private data elements that the Retain Safe Private Option keeps (see {@code safe-private.tsv}). */
    public static boolean isSafePrivate(String creator, int tag) {
        return creator != null
                && TABLES.safePrivate.contains(creator.strip() + "/" + Tag.group(tag) + "/" + (Tag.element(tag) & 0xFF));
    }

    private static int rank(DeidAction action) {
        return action == DeidAction.K ? 0 : action == DeidAction.C ? 1 : 2;
    }

    @Override
    public String toString() {
        return options().stream().map(DeidOption::code).collect(Collectors.joining(",", "DeidProfile[", "]"));
    }

    private static final class Tables {
        final List<Rule> rules = new ArrayList<>();
        final Map<Integer, Rule> exact = new HashMap<>();
        final List<Rule> masked = new ArrayList<>();
        final Set<String> safePrivate = new HashSet<>();

        Tables() {
            readRules("confidentiality-profile.tsv");
            readRules("supplement.tsv");
            for (String[] row : rows("safe-private.tsv")) {
                safePrivate.add(row[0] + "/" + Integer.parseInt(row[1], 16) + "/" + Integer.parseInt(row[2], 16));
            }
        }

        Rule ruleFor(int tag) {
            Rule rule = exact.get(tag);
            if (rule != null) {
                return rule;
            }
            for (Rule candidate : masked) {
                if (candidate.matches(tag)) {
                    return candidate;
                }
            }
            return null;
        }

        private void readRules(String resource) {
            for (String[] row : rows(resource)) {
                Map<DeidOption, DeidAction> byOption = new EnumMap<>(DeidOption.class);
                if (!row[2].equals("-")) {
                    for (String pair : row[2].split(" ")) {
                        String[] codeAndAction = pair.split("=");
                        byOption.put(DeidOption.ofCode(codeAndAction[0]), DeidAction.ofCode(codeAndAction[1]));
                    }
                }
                DeidAction basic = DeidAction.ofCode(row[1]);
                Rule rule = row[0].equals("private")
                        ? new Rule(0, 0, true, basic, byOption, row[3])
                        : new Rule(parseHex(row[0]), parseHex(row[0].replaceAll("[0-9A-F]", "F")),
                        false, basic, byOption, row[3]);
                rules.add(rule);
                if (rule.anyPrivate() || rule.mask() != -1) {
                    masked.add(rule);
                } else if (exact.put(rule.tag(), rule) != null) {
                    throw new IllegalStateException("tag listed twice in " + resource + ": " + row[0]);
                }
            }
        }

        /** Eight hex digits, a wildcard 'x' read as 0 (so the same call gives a masked tag and its mask). */
        private static int parseHex(String digits) {
            return (int) Long.parseLong(digits.replace('x', '0'), 16);
        }

        private static List<String[]> rows(String resource) {
            InputStream stream = DeidProfile.class.getResourceAsStream(resource);
            if (stream == null) {
                throw new IllegalStateException("missing resource io/tessera/deid/" + resource);
            }
            List<String[]> rows = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        rows.add(line.split("\t"));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read io/tessera/deid/" + resource, e);
            }
            return List.copyOf(rows);
        }
    }
}
