package io.dirsync.ingest.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.utils.FilterEvaluator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FilterDialectTest {

    private static final ScimLimits LIMITS = ScimLimits.DEFAULT;

    private static final ObjectNode ADA = ScimJson.parseObject("""
            {"userName":"ada@example.com","emails":[{"type":"home","value":"ada@home.example"},
             {"type":"work","value":"ada@work.example"}],"title":"Countess"}""");

    private static boolean matches(String filter) throws Exception {
        return FilterEvaluator.evaluate(Filter.fromString(LIMITS.rfcFilter(filter)), ADA);
    }

    @Test
    void shouldMatchEntrasWorkEmailFilterOnlyOnTheWorkEmail() throws Exception {
        assertThat(LIMITS.rfcFilter("emails[type eq \"work\"].value eq \"ada@work.example\""))
                .isEqualTo("emails[(type eq \"work\") and value eq \"ada@work.example\"]");
        assertThat(matches("emails[type eq \"work\"].value eq \"ada@work.example\"")).isTrue();
        assertThat(matches("emails[type eq \"work\"].value eq \"ada@home.example\"")).isFalse();
        assertThat(matches("emails[type eq \"home\"].value pr and title eq \"Countess\"")).isTrue();
    }

    @Test
    void shouldQuoteABareStringValue() throws Exception {
        assertThat(LIMITS.rfcFilter("userName eq ada@example.com")).isEqualTo("userName eq \"ada@example.com\"");
        assertThat(matches("userName eq ada@example.com and title eq Countess")).isTrue();
        assertThat(LIMITS.rfcFilter("userName eq ada and active eq true"))
                .isEqualTo("userName eq \"ada\" and active eq true");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "userName eq \"a].value eq b\"",
            "emails[type eq \"work\" and value co \"@\"]",
            "meta.lastModified gt \"2011-05-13T04:42:34Z\"",
            "not (title pr) or userName sw \"j\""})
    void shouldLeaveAnRfcFilterAsSent(String filter) throws Exception {
        assertThat(LIMITS.rfcFilter(filter)).isSameAs(filter);
    }

    @ParameterizedTest
    @ValueSource(strings = {"userName eq", "emails[type eq \"work\"].value", "userName eq john smith",
            "emails[type eq \"work\"].value eq \"unclosed"})
    void shouldRefuseWhatNeitherFormReadsWithTheErrorOfTheFilterSent(String filter) {
        assertThatThrownBy(() -> LIMITS.rfcFilter(filter))
                .isInstanceOfSatisfying(BadRequestException.class,
                        e -> assertThat(e.getScimError().getScimType()).isEqualTo("invalidFilter"));
    }
}
