package io.dirsync.ingest.scim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.utils.FilterEvaluator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link FilterDialect} against a reference model: Entra's {@code emails[type eq "T"].value eq "V"} selects a
 * user exactly when one and the same email has type T and value V (strings compared without case, as RFC 7643
 * §4.1.2 defines them), a filter the SDK already reads is never rewritten, and no text makes it fail with anything
 * but 400 invalidFilter.
 */
class FilterDialectPropertyTest {

    record Email(String type, String value) {
    }

    @Property(tries = 1000)
    void shouldSelectAUserWhenOneEmailHasBothTheTypeAndTheValue(@ForAll("emails") List<Email> emails,
                                                                  @ForAll("types") String type,
                                                                  @ForAll("values") String value) throws Exception {
        ObjectNode user = ScimJson.object().put("userName", "ada");
        ArrayNode list = user.putArray("emails");
        emails.forEach(e -> list.addObject().put("type", e.type()).put("value", e.value()));
        boolean expected = emails.stream()
                .anyMatch(e -> e.type().equalsIgnoreCase(type) && e.value().equalsIgnoreCase(value));

        String rfc = ScimLimits.DEFAULT.rfcFilter("emails[type eq " + json(type) + "].value eq " + json(value));

        assertThat(FilterEvaluator.evaluate(Filter.fromString(rfc), user)).isEqualTo(expected);
    }

    @Property(tries = 1000)
    void shouldLeaveEveryFilterTheSdkReadsAsSent(@ForAll("filters") String filter) throws Exception {
        assertThat(ScimLimits.DEFAULT.rfcFilter(filter)).isSameAs(filter);
    }

    private static String json(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    @Property(tries = 3000)
    void shouldAnswerAnyTextWithAFilterOrInvalidFilterNeverAnotherError(@ForAll("scraps") String text) {
        try {
            Filter.fromString(ScimLimits.DEFAULT.rfcFilter(text));
        } catch (BadRequestException e) {
            assertThat(e.getScimError().getScimType()).isEqualTo("invalidFilter");
        }
    }

    @Provide
    Arbitrary<String> scraps() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("ab .[]()\"\\eqprandot").ofMaxLength(40),
                Arbitraries.of("emails", "[", "]", ".value", " eq ", " pr", "\"x\"", "\"", "\\", "(", ")", " and ",
                        "not", "x", " ").list().ofMaxSize(12).map(parts -> String.join("", parts)));
    }

    @Provide
    Arbitrary<List<Email>> emails() {
        return Combinators.combine(types(), values()).as(Email::new).list().ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> types() {
        return Arbitraries.of("work", "Work", "home", "other");
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.of("ada@example.com", "ADA@example.com", "eve@example.com", "x].value eq \"y");
    }

    @Provide
    Arbitrary<String> filters() {
        Arbitrary<String> atoms = Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of("userName", "title", "name.familyName", "emails.value",
                                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"),
                        Arbitraries.of("eq", "ne", "co", "sw", "ew", "gt", "lt"), values())
                        .as((a, op, v) -> a + " " + op + " " + json(v)),
                Arbitraries.of("title pr", "active eq true", "meta.version eq null", "emails[type eq \"work\"]",
                        "emails[type eq \"work\" and value co \"@\"]"));
        return Arbitraries.recursive(() -> atoms, inner -> Arbitraries.oneOf(
                Combinators.combine(inner, Arbitraries.of(" and ", " or "), inner).as((a, op, b) -> a + op + b),
                inner.map(f -> "not (" + f + ")"),
                inner.map(f -> "(" + f + ")")), 3);
    }
}
