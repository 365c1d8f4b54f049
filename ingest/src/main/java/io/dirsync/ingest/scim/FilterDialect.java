package io.dirsync.ingest.scim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Filters as Entra and SCIM test tools write them, rewritten into RFC 7644 §3.4.2.2 filters. Two forms:
 * a comparison on a value path's sub-attribute, {@code emails[type eq "work"].value eq "a@b.c"} (Entra matching
 * users by work email; the RFC grammar has no sub-attribute after {@code ]}), becomes
 * {@code emails[(type eq "work") and value eq "a@b.c"]}, which selects the same users; and an unquoted string
 * value, {@code userName eq ada@example.com}, is quoted. Only a filter the SDK refuses is rewritten, so an RFC
 * filter is never changed.
 */
final class FilterDialect {

    private static final Set<String> COMPARISONS = Set.of("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le");
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?");

    private enum Kind { WORD, STRING, OPEN, CLOSE, OPEN_VALUE, CLOSE_VALUE }

    private record Token(Kind kind, String text, boolean spaceBefore) {
    }

    private FilterDialect() {
    }

    /** The filter in RFC syntax; the text itself when neither form occurs (or it cannot be tokenised). */
    static String rewrite(String filter) {
        List<Token> tokens = tokens(filter);
        if (tokens == null) {
            return filter;
        }
        List<Token> out = quoteBareValues(valuePathComparisons(tokens));
        StringBuilder text = new StringBuilder(filter.length() + 16);
        for (Token t : out) {
            if (t.spaceBefore() && !text.isEmpty()) {
                text.append(' ');
            }
            text.append(t.text());
        }
        return text.toString();
    }

    /** {@code attr[f].sub op value} → {@code attr[(f) and sub op value]}; {@code op pr} takes no value. */
    private static List<Token> valuePathComparisons(List<Token> in) {
        List<Token> out = new ArrayList<>(in.size() + 8);
        int i = 0;
        while (i < in.size()) {
            Token t = in.get(i);
            int close = t.kind() == Kind.OPEN_VALUE ? closing(in, i) : -1;
            if (close < 0 || close + 2 >= in.size()) {
                out.add(t);
                i++;
                continue;
            }
            Token sub = in.get(close + 1);
            Token op = in.get(close + 2);
            boolean present = op.kind() == Kind.WORD && op.text().equalsIgnoreCase("pr");
            boolean compared = op.kind() == Kind.WORD && COMPARISONS.contains(op.text().toLowerCase(Locale.ROOT))
                    && close + 3 < in.size() && (in.get(close + 3).kind() == Kind.WORD
                    || in.get(close + 3).kind() == Kind.STRING);
            if (sub.kind() != Kind.WORD || sub.spaceBefore() || !sub.text().startsWith(".")
                    || sub.text().length() < 2 || !(present || compared)) {
                out.add(t);
                i++;
                continue;
            }
            out.add(t);
            out.add(new Token(Kind.OPEN, "(", false));
            out.addAll(in.subList(i + 1, close));
            out.add(new Token(Kind.CLOSE, ")", false));
            out.add(new Token(Kind.WORD, "and", true));
            out.add(new Token(Kind.WORD, sub.text().substring(1), true));
            out.add(new Token(Kind.WORD, op.text(), true));
            int next = close + 3;
            if (compared) {
                Token value = in.get(close + 3);
                out.add(new Token(value.kind(), value.text(), true));
                next++;
            }
            out.add(new Token(Kind.CLOSE_VALUE, "]", false));
            i = next;
        }
        return out;
    }

    /** The index of the {@code ]} closing the {@code [} at {@code open}, or -1. */
    private static int closing(List<Token> tokens, int open) {
        for (int j = open + 1; j < tokens.size(); j++) {
            if (tokens.get(j).kind() == Kind.CLOSE_VALUE) {
                return j;
            }
            if (tokens.get(j).kind() == Kind.OPEN_VALUE) {
                return -1;
            }
        }
        return -1;
    }

    /** A comparison's value that is a bare word, neither a JSON literal nor a number, becomes a JSON string. */
    private static List<Token> quoteBareValues(List<Token> in) {
        List<Token> out = new ArrayList<>(in);
        for (int i = 1; i + 1 < out.size(); i++) {
            Token op = out.get(i);
            Token value = out.get(i + 1);
            if (op.kind() == Kind.WORD && COMPARISONS.contains(op.text().toLowerCase(Locale.ROOT))
                    && out.get(i - 1).kind() == Kind.WORD && value.kind() == Kind.WORD && !literal(value.text())) {
                out.set(i + 1, new Token(Kind.STRING, quote(value.text()), value.spaceBefore()));
            }
        }
        return out;
    }

    private static boolean literal(String word) {
        return word.equals("true") || word.equals("false") || word.equals("null")
                || JSON_NUMBER.matcher(word).matches();
    }

    private static String quote(String word) {
        return '"' + word.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** Words, JSON strings, parentheses and brackets, each knowing whether whitespace preceded it; null if a
     * string is not closed. */
    private static List<Token> tokens(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        boolean space = false;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                space = true;
                i++;
                continue;
            }
            int start = i;
            Kind kind;
            switch (c) {
                case '(' -> { kind = Kind.OPEN; i++; }
                case ')' -> { kind = Kind.CLOSE; i++; }
                case '[' -> { kind = Kind.OPEN_VALUE; i++; }
                case ']' -> { kind = Kind.CLOSE_VALUE; i++; }
                case '"' -> {
                    kind = Kind.STRING;
                    i++;
                    while (i < text.length() && text.charAt(i) != '"') {
                        i += text.charAt(i) == '\\' ? 2 : 1;
                    }
                    if (i >= text.length()) {
                        return null;
                    }
                    i++;
                }
                default -> {
                    kind = Kind.WORD;
                    while (i < text.length() && !Character.isWhitespace(text.charAt(i))
                            && "()[]\"".indexOf(text.charAt(i)) < 0) {
                        i++;
                    }
                }
            }
            tokens.add(new Token(kind, text.substring(start, i), space));
            space = false;
        }
        return tokens;
    }
}
