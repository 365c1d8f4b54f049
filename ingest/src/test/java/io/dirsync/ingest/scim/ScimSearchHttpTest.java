package io.dirsync.ingest.scim;

import static io.dirsync.ingest.scim.ScimClient.enc;
import static io.dirsync.ingest.scim.ScimClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /Users?filter=…&sortBy=…} over real HTTP: the filter examples of RFC 7644 §3.4.2.2, case rules,
 * sorting, paging, and precise 400s for what is refused.
 */
@MicronautTest(environments = "test")
class ScimSearchHttpTest {

    @Inject
    EmbeddedServer server;
    @Inject
    InMemoryDirectory directory;

    private ScimClient scim;

    @BeforeEach
    void users() {
        directory.reset();
        scim = new ScimClient(server);
        create("""
                {"userName":"bjensen","externalId":"E-1","name":{"familyName":"Jensen"},"title":"Tour Guide",
                 "userType":"Employee","emails":[{"value":"bjensen@example.com","type":"work","primary":true},
                 {"value":"babs@jensen.org","type":"home"}]}""");
        create("""
                {"userName":"JSmith","externalId":"e-1","name":{"familyName":"O'Malley"},"userType":"Intern",
                 "emails":[{"value":"js@example.org","type":"work"}]}""");
        create("""
                {"userName":"jdoe","title":"Engineer","userType":"Employee","active":false,
                 "emails":[{"value":"jd@other.net","type":"work"}]}""");
        create("""
                {"userName":"kim","userType":"Contractor","emails":[{"value":"kim@other.net","type":"work"}]}""");
    }

    @Test
    void shouldAnswerEveryFilterExampleOfRfc7644() {
        assertThat(userNames("userName eq \"bjensen\"")).containsExactly("bjensen");
        assertThat(userNames("name.familyName co \"O'Malley\"")).containsExactly("JSmith");
        assertThat(userNames("userName sw \"J\"")).containsExactlyInAnyOrder("JSmith", "jdoe");
        assertThat(userNames("title pr")).containsExactlyInAnyOrder("bjensen", "jdoe");
        assertThat(userNames("meta.lastModified gt \"2011-05-13T04:42:34Z\"")).hasSize(4);
        assertThat(userNames("meta.lastModified lt \"2011-05-13T04:42:34Z\"")).isEmpty();
        assertThat(userNames("title pr and userType eq \"Employee\"")).containsExactlyInAnyOrder("bjensen", "jdoe");
        assertThat(userNames("title pr or userType eq \"Intern\"")).containsExactlyInAnyOrder("bjensen", "jdoe", "JSmith");
        assertThat(userNames("userType eq \"Employee\" and (emails co \"example.com\" or emails.value co \"example.org\")"))
                .containsExactly("bjensen");
        assertThat(userNames("userType ne \"Employee\" and not (emails co \"example.com\" or emails.value co \"example.org\")"))
                .containsExactly("kim");
        assertThat(userNames("emails[type eq \"work\" and value co \"@example.com\"]")).containsExactly("bjensen");
    }

    @Test
    void shouldAnswerEntrasWorkEmailFilterAndAnUnquotedValueAsTheirRfcForms() {
        assertThat(userNames("emails[type eq \"work\"].value eq \"bjensen@example.com\"")).containsExactly("bjensen");
        assertThat(userNames("emails[type eq \"work\"].value eq \"babs@jensen.org\"")).isEmpty();
        assertThat(userNames("Emails[Type eq \"work\"].Value eq \"JS@example.org\"")).containsExactly("JSmith");
        assertThat(userNames("userName eq kim")).containsExactly("kim");
    }

    @Test
    void shouldMatchAttributeNamesAndUserNameWithoutCaseButExternalIdExactly() {
        assertThat(userNames("USERNAME Eq \"BJENSEN\"")).containsExactly("bjensen");
        assertThat(userNames("externalId eq \"E-1\"")).containsExactly("bjensen");
        assertThat(userNames("externalid eq \"e-1\"")).containsExactly("JSmith");
        assertThat(userNames("active eq false")).containsExactly("jdoe");
    }

    @Test
    void shouldAnswerASearchByPostWithFilterAndSort() {
        HttpResponse<String> r = scim.send("POST", "/Users/.search", "application/scim+json", """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                 "filter":"userType eq \\"Employee\\"","sortBy":"userName","sortOrder":"descending"}""");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(names(json(r))).containsExactly("jdoe", "bjensen");
    }

    @Test
    void shouldSortByTheGivenAttributeWithMissingValuesLast() {
        assertThat(names(list("?sortBy=userName"))).containsExactly("bjensen", "jdoe", "JSmith", "kim");
        assertThat(names(list("?sortBy=userName&sortOrder=descending"))).containsExactly("kim", "JSmith", "jdoe", "bjensen");
        assertThat(names(list("?sortBy=title&filter=" + enc("userType pr")))).startsWith("jdoe", "bjensen");
        assertThat(names(list("?sortBy=name.familyName&sortOrder=ascending"))).startsWith("bjensen", "JSmith");
    }

    @Test
    void shouldPageASortedSearchWithoutRepeatsOrGaps() {
        for (int i = 0; i < 17; i++) {
            create("{\"userName\":\"p" + i + "\",\"title\":\"" + (i % 3 == 0 ? "T" : "S") + "\"}");
        }
        List<String> all = names(list("?sortBy=title&count=100&filter=" + enc("userName sw \"p\"")));
        List<String> paged = new ArrayList<>();
        for (int start = 1; start <= 17; start += 5) {
            JsonNode page = list("?sortBy=title&count=5&startIndex=" + start + "&filter=" + enc("userName sw \"p\""));
            assertThat(page.path("totalResults").asInt()).isEqualTo(17);
            assertThat(page.path("startIndex").asInt()).isEqualTo(start);
            paged.addAll(names(page));
        }

        assertThat(all).hasSize(17).doesNotHaveDuplicates();
        assertThat(paged).isEqualTo(all);
    }

    @Test
    void shouldRefuseAMalformedFilterWithInvalidFilter() {
        for (String bad : List.of("userName eq", "(userName eq \"x\"", "userName xx \"a\"", "userName eq john smith",
                "emails[type eq \"work\"", "userName eq \"a\" and")) {
            HttpResponse<String> r = scim.get("/Users?filter=" + enc(bad));
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(json(r).path("scimType").asText()).as(bad).isEqualTo("invalidFilter");
            assertThat(json(r).path("schemas").get(0).asText()).isEqualTo(ScimErrors.ERROR_SCHEMA);
        }
    }

    @Test
    void shouldRefuseAFilterBeyondItsBounds() {
        HttpResponse<String> wide = scim.get("/Users?filter="
                + enc(String.join(" or ", java.util.Collections.nCopies(64, "userName eq \"x\""))));
        // A query string that long is refused by the HTTP layer already (413); by POST it reaches the bound.
        HttpResponse<String> longOne = scim.send("POST", "/Users/.search", "application/scim+json",
                "{\"filter\":\"userName eq \\\"" + "x".repeat(4100) + "\\\"\"}");

        assertThat(wide.statusCode()).isEqualTo(400);
        assertThat(json(wide).path("scimType").asText()).isEqualTo("invalidFilter");
        assertThat(json(wide).path("detail").asText()).contains("at most 64");
        assertThat(longOne.statusCode()).isEqualTo(400);
        assertThat(json(longOne).path("detail").asText()).contains("at most 4096");
    }

    @Test
    void shouldRefuseABadSortOrderWithInvalidValue() {
        HttpResponse<String> r = scim.get("/Users?sortBy=userName&sortOrder=sideways");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("scimType").asText()).isEqualTo("invalidValue");
    }

    @Test
    void shouldAdvertiseFilteringAndSortingAsSupported() {
        JsonNode config = json(scim.get("/ServiceProviderConfig"));

        assertThat(config.path("filter").path("supported").asBoolean()).isTrue();
        assertThat(config.path("filter").path("maxResults").asInt()).isEqualTo(UsersController.MAX_COUNT);
        assertThat(config.path("sort").path("supported").asBoolean()).isTrue();
    }

    private List<String> userNames(String filter) {
        return names(list("?count=100&filter=" + enc(filter)));
    }

    private JsonNode list(String query) {
        HttpResponse<String> r = scim.get("/Users" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    private static List<String> names(JsonNode page) {
        return StreamSupport.stream(page.path("Resources").spliterator(), false)
                .map(u -> u.path("userName").asText()).toList();
    }

    private void create(String body) {
        HttpResponse<String> r = scim.send("POST", "/Users", "application/scim+json", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
}
