package io.dirsync.projector.query.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dirsync.projector.topology.ProjectorTopology;
import io.dirsync.schemas.UserLifecycle;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Searches over the stores the real fold wrote: RFC 7644 §3.4.2.2's filter examples, indexes, sorting, paging. */
class SearchTest {

    private SearchFixture fixture;

    @BeforeEach
    void directory() {
        fixture = new SearchFixture();
        fixture.createUser("u1", """
                {"userName":"bjensen","externalId":"E-1","name":{"familyName":"Jensen"},"title":"Tour Guide",
                 "userType":"Employee","emails":[{"value":"bjensen@example.com","type":"work","primary":true},
                 {"value":"babs@jensen.org","type":"home"}]}""");
        fixture.createUser("u2", """
                {"userName":"JSmith","externalId":"e-1","name":{"familyName":"O'Malley"},"userType":"Intern",
                 "emails":[{"value":"js@example.org","type":"work"}]}""");
        fixture.createUser("u4", """
                {"userName":"mary","userType":"Contractor","emails":[{"value":"mary@example.com","type":"home"}]}""");
        fixture.createUser("u5", """
                {"userName":"kim","userType":"Contractor","emails":[{"value":"kim@other.net","type":"work"}]}""");
        fixture.at("2011-05-13T04:42:40Z").createUser("u3", """
                {"userName":"jdoe","title":"Engineer","userType":"Employee","active":false,
                 "emails":[{"value":"jd@other.net","type":"work"}]}""");
        fixture.deleteUser("u4");
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void shouldAnswerTheFilterExamplesOfRfc7644() {
        assertThat(fixture.userIds("userName eq \"bjensen\"")).containsExactly("u1");
        assertThat(fixture.userIds("name.familyName co \"O'Malley\"")).containsExactly("u2");
        assertThat(fixture.userIds("userName sw \"J\"")).containsExactly("u2", "u3");
        assertThat(fixture.userIds("title pr")).containsExactly("u1", "u3");
        assertThat(fixture.userIds("meta.lastModified gt \"2011-05-13T04:42:34Z\"")).containsExactly("u3");
        assertThat(fixture.userIds("title pr and userType eq \"Employee\"")).containsExactly("u1", "u3");
        assertThat(fixture.userIds("title pr or userType eq \"Intern\"")).containsExactly("u1", "u2", "u3");
        assertThat(fixture.userIds(
                "userType eq \"Employee\" and (emails co \"example.com\" or emails.value co \"example.org\")"))
                .containsExactly("u1");
        assertThat(fixture.userIds(
                "userType ne \"Employee\" and not (emails co \"example.com\" or emails.value co \"example.org\")"))
                .containsExactly("u5");
        assertThat(fixture.userIds("emails[type eq \"work\" and value co \"@example.com\"]")).containsExactly("u1");
    }

    @Test
    void shouldMatchAttributeNamesAndUserNamesWithoutCase() {
        assertThat(fixture.userIds("USERNAME EQ \"BJensen\"")).containsExactly("u1");
        assertThat(fixture.userIds("Emails.Value ew \"@EXAMPLE.ORG\"")).containsExactly("u2");
        assertThat(fixture.userIds("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"jsmith\""))
                .containsExactly("u2");
    }

    @Test
    void shouldCompareExternalIdAndIdExactly() {
        assertThat(fixture.userIds("externalId eq \"E-1\"")).containsExactly("u1");
        assertThat(fixture.userIds("externalId eq \"e-1\"")).containsExactly("u2");
        assertThat(fixture.userIds("id eq \"U1\"")).isEmpty();
        assertThat(fixture.userIds("externalId sw \"E\"")).containsExactly("u1");
    }

    @Test
    void shouldReadActiveFromTheLifecycleState() {
        assertThat(fixture.userIds("active eq false")).containsExactly("u3");
        assertThat(fixture.userIds("active eq true")).containsExactly("u1", "u2", "u5");
    }

    @Test
    void shouldNeverReturnADeletedUser() {
        assertThat(fixture.userIds("userName eq \"mary\"")).isEmpty();
        assertThat(fixture.userIds("userType eq \"Contractor\"")).containsExactly("u5");
        assertThat(fixture.userIds(null)).containsExactly("u1", "u2", "u3", "u5");
    }

    @Test
    void shouldAnswerEqualityOnIndexedAttributesWithoutAScan() {
        Counting<UserLifecycle> source = new Counting<>(fixture.users());

        assertThat(ids(source, "userName eq \"BJENSEN\"")).containsExactly("u1");
        assertThat(ids(source, "title pr and (userName eq \"jdoe\")")).containsExactly("u3");
        assertThat(ids(source, "externalId eq \"e-1\" and userType eq \"Intern\"")).containsExactly("u2");
        assertThat(ids(source, "id eq \"u5\"")).containsExactly("u5");
        assertThat(ids(source, "userName eq \"nobody\"")).isEmpty();
        assertThat(source.scans).isZero();

        assertThat(ids(source, "userName eq \"bjensen\" or userName eq \"jdoe\"")).containsExactly("u1", "u3");
        assertThat(source.scans).isEqualTo(1);
    }

    @Test
    void shouldKeepTheExternalIdIndexEqualToTheUsersExternalIds() {
        fixture.replaceUser("u1", "{\"userName\":\"bjensen\",\"externalId\":\"E-2\"}");
        fixture.deleteUser("u2");

        assertThat(fixture.userIds("externalId eq \"E-1\"")).isEmpty();
        assertThat(fixture.userIds("externalId eq \"E-2\"")).containsExactly("u1");
        assertThat(fixture.userIds("externalId eq \"e-1\"")).isEmpty();
        List<String> keys = new ArrayList<>();
        fixture.<String>store(ProjectorTopology.EXTERNALIDS_STORE).all().forEachRemaining(kv -> keys.add(kv.key));
        assertThat(keys).containsExactly("dir-1/E-2/u1");
    }

    @Test
    void shouldFindEveryUserSharingAnExternalIdEvenWithSlashes() {
        fixture.createUser("u6", "{\"userName\":\"a\",\"externalId\":\"x/y\"}");
        fixture.createUser("u7", "{\"userName\":\"b\",\"externalId\":\"x/y\"}");
        fixture.createUser("u8", "{\"userName\":\"c\",\"externalId\":\"x/y/z\"}");

        assertThat(fixture.userIds("externalId eq \"x/y\"")).containsExactly("u6", "u7");
        assertThat(fixture.userIds("externalId eq \"x\"")).isEmpty();
    }

    @Test
    void shouldSortByAnyAttributeWithMissingValuesLastAscendingAndFirstDescending() {
        assertThat(fixture.userIds(null, "userName", "ascending", 1, 10)).containsExactly("u1", "u3", "u2", "u5");
        assertThat(fixture.userIds(null, "userName", "descending", 1, 10)).containsExactly("u5", "u2", "u3", "u1");
        assertThat(fixture.userIds(null, "title", null, 1, 10)).containsExactly("u3", "u1", "u2", "u5");
        assertThat(fixture.userIds(null, "title", "DESCENDING", 1, 10)).containsExactly("u2", "u5", "u1", "u3");
        // A multi-valued attribute sorts by its primary value, else its first.
        assertThat(fixture.userIds(null, "emails", null, 1, 10)).containsExactly("u1", "u3", "u2", "u5");
        assertThat(fixture.userIds(null, "meta.created", "descending", 1, 10)).containsExactly("u3", "u1", "u2", "u5");
        assertThat(fixture.userIds("userType eq \"Employee\"", "name.familyName", null, 1, 10))
                .containsExactly("u1", "u3");
    }

    @Test
    void shouldPageStablyWhetherSortedOrNot() {
        for (int i = 0; i < 30; i++) {
            fixture.createUser("p" + (char) ('a' + (i * 7) % 26) + i,
                    "{\"userName\":\"p" + i + "\",\"title\":\"" + (i % 3 == 0 ? "" : "T" + (i % 4)) + "\"}");
        }
        for (String sortBy : new String[] {null, "title", "userName"}) {
            List<String> all = fixture.userIds("userName sw \"p\"", sortBy, null, 1, 100);
            List<String> paged = new ArrayList<>();
            for (int start = 1; start <= all.size(); start += 7) {
                paged.addAll(fixture.userIds("userName sw \"p\"", sortBy, null, start, 7));
            }
            assertThat(all).hasSize(30).doesNotHaveDuplicates();
            assertThat(paged).as("pages sorted by %s", sortBy).isEqualTo(all);
        }
    }

    @Test
    void shouldCountEveryMatchWhateverThePage() {
        Searcher.Page<UserLifecycle> page = SearchFixture.searchUsers(fixture.users(), "userName sw \"j\"", "userName",
                null, 2, 1);

        assertThat(page.totalResults()).isEqualTo(2);
        assertThat(page.startIndex()).isEqualTo(2);
        assertThat(page.items()).extracting(UserLifecycle::getUserId).containsExactly("u2");
        assertThat(SearchFixture.searchUsers(fixture.users(), "userName sw \"j\"", null, null, 1, 0).totalResults())
                .isEqualTo(2);
    }

    @Test
    void shouldRefuseMalformedFiltersAsInvalidFilter() {
        for (String bad : new String[] {"userName eq", "(userName eq \"x\"", "userName xx \"a\"", "userName eq bjensen",
                "userName eq \"a\" and", "emails[type eq \"work\"", "\"bjensen\"", "   "}) {
            assertThatThrownBy(() -> fixture.userIds(bad)).as(bad).isInstanceOf(SearchException.class)
                    .extracting(e -> ((SearchException) e).scimType()).isEqualTo("invalidFilter");
        }
        assertThatThrownBy(() -> fixture.userIds("active gt true")).isInstanceOf(SearchException.class)
                .extracting(e -> ((SearchException) e).scimType()).isEqualTo("invalidFilter");
    }

    @Test
    void shouldRefuseAFilterBeyondTheBounds() {
        String wide = String.join(" or ", java.util.Collections.nCopies(64, "userName eq \"x\""));
        SearchLimits limits = new SearchLimits(100, 64);

        assertThatThrownBy(() -> SearchFilter.parse(wide, ResourceKind.USER, SearchLimits.DEFAULT))
                .isInstanceOf(SearchException.class).hasMessageContaining("at most 64");
        assertThatThrownBy(() -> SearchFilter.parse("userName eq \"" + "x".repeat(100) + "\"", ResourceKind.USER, limits))
                .isInstanceOf(SearchException.class).hasMessageContaining("at most 100 are accepted");
        assertThat(SearchFilter.parse(String.join(" or ", java.util.Collections.nCopies(63, "userName eq \"x\"")),
                ResourceKind.USER, SearchLimits.DEFAULT)).isNotNull();
    }

    @Test
    void shouldRefuseABadSortAsInvalidValue() {
        for (String[] bad : new String[][] {{"userName[", null}, {"userName", "upwards"}, {"groups", null}}) {
            assertThatThrownBy(() -> fixture.userIds(null, bad[0], bad[1], 1, 10)).isInstanceOf(SearchException.class)
                    .extracting(e -> ((SearchException) e).scimType()).isEqualTo("invalidValue");
        }
    }

    @Test
    void shouldSearchGroupsWithMembersFromTheMembershipStores() {
        fixture.createGroup("g1", "Engineering", "G-1", List.of("u1", "u2"));
        fixture.createGroup("g2", "Sales", null, List.of("u3"));
        fixture.createGroup("g3", "Empty", "G-3", List.of());

        assertThat(fixture.groupIds("displayName eq \"ENGINEERING\"")).containsExactly("g1");
        assertThat(fixture.groupIds("externalId eq \"G-1\"")).containsExactly("g1");
        assertThat(fixture.groupIds("members[value eq \"u1\"]")).containsExactly("g1");
        assertThat(fixture.groupIds("id eq \"g1\" and members[value eq \"u3\"]")).isEmpty();
        assertThat(fixture.groupIds("members.value eq \"u2\"")).containsExactly("g1");
        assertThat(fixture.groupIds("members eq \"u3\"")).containsExactly("g2");
        assertThat(fixture.groupIds("members pr")).containsExactly("g1", "g2");
        assertThat(fixture.groupIds("not (members pr)")).containsExactly("g3");
        assertThat(fixture.groupIds("members[value ne \"u1\"]")).containsExactly("g1", "g2");
        assertThat(fixture.groupIds("members[value eq \"u3\"] or displayName sw \"e\"")).containsExactly("g1", "g2", "g3");
        assertThat(fixture.groupIds("meta.resourceType eq \"Group\" and displayName co \"al\"")).containsExactly("g2");
        assertThat(fixture.userIds("groups[value eq \"g1\"]")).containsExactly("u1", "u2");
        assertThat(fixture.userIds("groups pr")).containsExactly("u1", "u2", "u3");

        fixture.updateGroup("g1", null, List.of("u3"), List.of("u1"));
        fixture.deleteGroup("g3");

        assertThat(fixture.groupIds("members[value eq \"u3\"]")).containsExactly("g1", "g2");
        assertThat(fixture.groupIds("members[value eq \"u1\"]")).isEmpty();
        assertThat(fixture.groupIds("externalId eq \"G-3\"")).isEmpty();
        assertThat(fixture.userIds("groups[value eq \"g1\"]")).containsExactly("u2", "u3");
        assertThatThrownBy(() -> fixture.groupIds("members[display co \"a\"]")).isInstanceOf(SearchException.class);
        assertThatThrownBy(() -> fixture.groupIds("members.display eq \"a\"")).isInstanceOf(SearchException.class);
        assertThatThrownBy(() -> fixture.groupIds("members co \"u\"")).isInstanceOf(SearchException.class);
    }

    @Test
    void shouldAnswerGroupMembershipFiltersThroughTheIndexes() {
        fixture.createGroup("g1", "Engineering", "G-1", List.of("u1", "u2"));
        fixture.createGroup("g2", "Sales", null, List.of("u1"));
        Counting<io.dirsync.schemas.GroupState> source = new Counting<>(fixture.groups());

        assertThat(ids(source, "members[value eq \"u1\"]")).containsExactly("g1", "g2");
        assertThat(ids(source, "displayName eq \"sales\" and members[value eq \"u1\"]")).containsExactly("g2");
        assertThat(source.scans).isZero();
    }

    @Test
    void shouldAnswerAnEqualityAloneFromTheIndexWithoutEvaluatingIt() {
        Counting<io.dirsync.schemas.UserLifecycle> source = new Counting<>(fixture.users());

        assertThat(ids(source, "USERNAME eq \"BJENSEN\"")).containsExactly("u1");
        assertThat(ids(source, "userName eq \"nobody\"")).isEmpty();
        assertThat(source.views).isZero();

        // With another term the candidates are still judged by the whole filter.
        assertThat(ids(source, "userName eq \"bjensen\" and title eq \"Nobody\"")).isEmpty();
        assertThat(source.views).isEqualTo(1);
        assertThat(source.scans).isZero();
    }

    private static <T> List<String> ids(Counting<T> source, String filter) {
        return SearchFixture.searchUsers(source, filter, null, null, 1, 100).items().stream().map(source::id).toList();
    }

    /** Counts scans and views, to tell an index lookup from a scan and an evaluation from none. */
    private static final class Counting<T> implements SearchSource<T> {
        private final SearchSource<T> delegate;
        int scans;
        int views;

        Counting(SearchSource<T> delegate) {
            this.delegate = delegate;
        }

        @Override
        public ResourceKind kind() {
            return delegate.kind();
        }

        @Override
        public Set<String> indexed() {
            return delegate.indexed();
        }

        @Override
        public Set<String> exact() {
            return delegate.exact();
        }

        @Override
        public List<T> lookup(String attribute, String value) {
            return delegate.lookup(attribute, value);
        }

        @Override
        public void scan(Consumer<T> each) {
            scans++;
            delegate.scan(each);
        }

        @Override
        public String id(T resource) {
            return delegate.id(resource);
        }

        @Override
        public ObjectNode view(T resource) {
            views++;
            return delegate.view(resource);
        }

        @Override
        public ArrayNode related(T resource, Set<String> ids) {
            return delegate.related(resource, ids);
        }
    }
}
