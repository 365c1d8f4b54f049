package io.dirsync.projector.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.dirsync.projector.query.search.ResourceKind;
import io.dirsync.projector.query.search.SearchException;
import io.dirsync.projector.query.search.SearchLimits;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import org.junit.jupiter.api.Test;

/** The search endpoints' parameters are validated before any store is read, and refusals are precise 400s. */
class SearchControllerTest {

    @Test
    void shouldDefaultToTheFirstHundredInIdOrder() {
        SearchController.Query query = SearchController.Query.parse(ResourceKind.USER, null, null, null, null, null,
                SearchLimits.DEFAULT);

        assertThat(query.filter()).isNull();
        assertThat(query.sort()).isNull();
        assertThat(query.startIndex()).isEqualTo(1);
        assertThat(query.count()).isEqualTo(100);
    }

    @Test
    void shouldReadStartIndexBelowOneAsOne() {
        assertThat(SearchController.Query.parse(ResourceKind.GROUP, "displayName eq \"x\"", "displayName",
                "descending", "-3", "0", SearchLimits.DEFAULT).startIndex()).isEqualTo(1);
    }

    @Test
    void shouldRefuseBadParametersWithTheirScimType() {
        assertThat(scimType("userName eq", null, null, null)).isEqualTo("invalidFilter");
        assertThat(scimType(null, "a..b", null, null)).isEqualTo("invalidValue");
        assertThat(scimType(null, null, "sideways", null)).isEqualTo("invalidValue");
        assertThat(scimType(null, null, null, "10001")).isEqualTo("invalidValue");
        assertThat(scimType(null, null, null, "ten")).isEqualTo("invalidValue");
    }

    @Test
    void shouldRenderARefusalAsErrorAndScimType() {
        HttpResponse<String> response = SearchController.badRequest(SearchException.invalidFilter("bad \"x\""));

        assertThat(response.getStatus().getCode()).isEqualTo(HttpStatus.BAD_REQUEST.getCode());
        assertThat((String) response.body()).isEqualTo("{\"error\":\"bad \\\"x\\\"\",\"scimType\":\"invalidFilter\"}");
    }

    private static String scimType(String filter, String sortBy, String sortOrder, String count) {
        try {
            SearchController.Query.parse(ResourceKind.USER, filter, sortBy, sortOrder, null, count, SearchLimits.DEFAULT);
        } catch (SearchException e) {
            return e.scimType();
        }
        throw new AssertionError("accepted");
    }
}
