package io.dirsync.projector.query.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;
import io.dirsync.schemas.UserLifecycle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The SDK-evaluated search over the fold's stores agrees with a hand-written reference model of the filter
 * semantics (case-insensitive strings, case-exact externalId, absent attributes, value paths), and an index
 * lookup answers exactly what a full scan answers.
 */
class SearchPropertyTest {

    private static final String[] NAMES = {"alice", "Bob", "carol", "ALICE2", "dave", "Eve", "bobby", "Carl"};
    private static final String[] TITLES = {"Engineer", "engineer", "Manager", "Tour Guide"};
    private static final String[] TYPES = {"Employee", "Intern", "Contractor"};
    private static final String[] EXTERNAL = {"X1", "x1", "X2", "Y/1"};
    private static final String[] DOMAINS = {"example.com", "example.org", "other.net"};
    private static final String[] KINDS = {"work", "home"};
    private static final String[] PROBES = {"a", "b", "al", "bo", "ALICE", "bob", "Engineer", "eng", "guide",
        "Employee", "intern", "X1", "x1", "X", "Y/1", "example.com", "EXAMPLE.ORG", "net", "work", "home", "zz"};

    private static SearchFixture fixture;
    private static final List<Model> MODEL = new ArrayList<>();

    /** One user as the reference model holds it. */
    record Model(String id, String userName, String title, String userType, String externalId, boolean active,
                 List<String[]> emails) {
    }

    @BeforeContainer
    static void population() {
        fixture = new SearchFixture();
        Random random = new Random(7);
        for (int i = 0; i < 60; i++) {
            String userName = NAMES[i % NAMES.length] + (i / NAMES.length == 0 ? "" : i);
            String title = random.nextInt(3) == 0 ? null : TITLES[random.nextInt(TITLES.length)];
            String type = random.nextInt(4) == 0 ? null : TYPES[random.nextInt(TYPES.length)];
            String external = random.nextInt(3) == 0 ? null : EXTERNAL[random.nextInt(EXTERNAL.length)];
            boolean active = random.nextInt(4) != 0;
            List<String[]> emails = new ArrayList<>();
            for (int e = random.nextInt(3); e > 0; e--) {
                emails.add(new String[] {userName.toLowerCase(Locale.ROOT) + e + "@" + DOMAINS[random.nextInt(3)],
                    KINDS[random.nextInt(2)]});
            }
            Model user = new Model(String.format("u%02d", i), userName, title, type, external, active, emails);
            ObjectNode doc = JsonUtils.getJsonNodeFactory().objectNode();
            doc.put("userName", userName);
            doc.put("active", active);
            if (title != null) {
                doc.put("title", title);
            }
            if (type != null) {
                doc.put("userType", type);
            }
            if (external != null) {
                doc.put("externalId", external);
            }
            if (!emails.isEmpty()) {
                ArrayNode list = doc.putArray("emails");
                emails.forEach(e -> list.addObject().put("value", e[0]).put("type", e[1]));
            }
            fixture.createUser(user.id(), doc.toString());
            MODEL.add(user);
        }
    }

    @AfterContainer
    static void close() {
        fixture.close();
    }

    @Property(tries = 400)
    void shouldMatchWhatTheReferenceModelMatches(@ForAll("filters") Term filter) {
        List<String> expected = MODEL.stream().filter(filter.predicate()).map(Model::id).toList();

        assertThat(fixture.userIds(filter.text())).as(filter.text()).isEqualTo(expected);
    }

    @Property(tries = 200)
    void shouldAnswerAnIndexedEqualityExactlyAsAScan(@ForAll("indexed") Term equality, @ForAll("filters") Term rest) {
        String text = equality.text() + " and (" + rest.text() + ")";
        SearchSource<UserLifecycle> scanOnly = new ScanOnly(fixture.users());

        List<String> viaIndex = fixture.userIds(text);
        List<String> viaScan = SearchFixture.searchUsers(scanOnly, text, null, null, 1, 1000).items().stream()
                .map(UserLifecycle::getUserId).toList();

        assertThat(viaIndex).as(text).isEqualTo(viaScan)
                .isEqualTo(MODEL.stream().filter(equality.predicate().and(rest.predicate())).map(Model::id).toList());
    }

    @Property(tries = 100)
    void shouldSortByUserNameLikeTheReferenceModel(@ForAll("filters") Term filter, @ForAll boolean descending) {
        Comparator<Model> byName = Comparator.comparing(m -> m.userName().toLowerCase(Locale.ROOT));
        List<String> expected = MODEL.stream().filter(filter.predicate())
                .sorted((descending ? byName.reversed() : byName).thenComparing(Model::id)).map(Model::id).toList();

        assertThat(fixture.userIds(filter.text(), "userName", descending ? "descending" : "ascending", 1, 1000))
                .isEqualTo(expected);
    }

    /** A filter's text and the reference model's meaning of it. */
    record Term(String text, Predicate<Model> predicate) {
    }

    @Provide
    Arbitrary<Term> indexed() {
        Arbitrary<Term> userName = Arbitraries.of(MODEL).map(m -> m.userName()).map(n -> n.toUpperCase(Locale.ROOT))
                .map(n -> new Term("userName eq \"" + n + "\"", m -> m.userName().equalsIgnoreCase(n)));
        Arbitrary<Term> external = Arbitraries.of(EXTERNAL)
                .map(x -> new Term("externalId eq \"" + x + "\"", m -> x.equals(m.externalId())));
        Arbitrary<Term> id = Arbitraries.of(MODEL).map(Model::id)
                .map(i -> new Term("id eq \"" + i + "\"", m -> m.id().equals(i)));
        return Arbitraries.oneOf(userName, external, id);
    }

    @Provide
    Arbitrary<Term> filters() {
        return filter(3);
    }

    /** Filters nested at most {@code depth} deep (at most 15 terms, well inside the bounds). */
    private Arbitrary<Term> filter(int depth) {
        if (depth == 0) {
            return leaf();
        }
        Arbitrary<Term> inner = Arbitraries.lazy(() -> filter(depth - 1));
        Arbitrary<Term> and = Combinators.combine(inner, inner).as((a, b) ->
                new Term("(" + a.text() + ") and (" + b.text() + ")", a.predicate().and(b.predicate())));
        Arbitrary<Term> or = Combinators.combine(inner, inner).as((a, b) ->
                new Term(a.text() + " or " + b.text(), a.predicate().or(b.predicate())));
        Arbitrary<Term> not = inner.map(a -> new Term("not (" + a.text() + ")", a.predicate().negate()));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, leaf()), net.jqwik.api.Tuple.of(1, and),
                net.jqwik.api.Tuple.of(1, or), net.jqwik.api.Tuple.of(1, not));
    }

    private Arbitrary<Term> leaf() {
        Arbitrary<String> op = Arbitraries.of("eq", "ne", "co", "sw", "ew", "pr");
        Arbitrary<String> attribute = Arbitraries.of("userName", "USERNAME", "title", "userType", "externalId",
                "emails", "emails.value", "emails.type");
        Arbitrary<Term> comparison = Combinators.combine(attribute, op, Arbitraries.of(PROBES))
                .as(SearchPropertyTest::comparison);
        Arbitrary<Term> active = Arbitraries.of(true, false)
                .map(b -> new Term("active eq " + b, m -> m.active() == b));
        Arbitrary<Term> valuePath = Combinators.combine(Arbitraries.of(KINDS), Arbitraries.of(DOMAINS))
                .as((kind, domain) -> new Term("emails[type eq \"" + kind + "\" and value ew \"" + domain + "\"]",
                        m -> m.emails().stream().anyMatch(e -> e[1].equals(kind) && e[0].endsWith(domain))));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, comparison), net.jqwik.api.Tuple.of(1, active),
                net.jqwik.api.Tuple.of(1, valuePath));
    }

    private static Term comparison(String attribute, String op, String probe) {
        String text = op.equals("pr") ? attribute + " pr" : attribute + " " + op + " \"" + probe + "\"";
        boolean exact = attribute.equals("externalId");
        java.util.function.Function<Model, List<String>> values = switch (attribute.toLowerCase(Locale.ROOT)) {
            case "username" -> m -> List.of(m.userName());
            case "title" -> m -> m.title() == null ? List.of() : List.of(m.title());
            case "usertype" -> m -> m.userType() == null ? List.of() : List.of(m.userType());
            case "externalid" -> m -> m.externalId() == null ? List.of() : List.of(m.externalId());
            case "emails.type" -> m -> m.emails().stream().map(e -> e[1]).toList();
            default -> m -> m.emails().stream().map(e -> e[0]).toList();
        };
        Predicate<String> test = switch (op) {
            case "eq", "ne" -> v -> exact ? v.equals(probe) : v.equalsIgnoreCase(probe);
            case "co" -> v -> fold(v, exact).contains(fold(probe, exact));
            case "sw" -> v -> fold(v, exact).startsWith(fold(probe, exact));
            case "ew" -> v -> fold(v, exact).endsWith(fold(probe, exact));
            default -> v -> true;
        };
        Predicate<Model> any = m -> values.apply(m).stream().anyMatch(test);
        // ne is "no value equals" (an absent attribute is not equal to anything).
        return new Term(text, op.equals("ne") ? any.negate() : any);
    }

    private static String fold(String value, boolean exact) {
        return exact ? value : value.toLowerCase(Locale.ROOT);
    }

    /** The same users without indexes: every search is a scan. */
    private record ScanOnly(SearchSource<UserLifecycle> delegate) implements SearchSource<UserLifecycle> {
        @Override
        public ResourceKind kind() {
            return delegate.kind();
        }

        @Override
        public Set<String> indexed() {
            return Set.of();
        }

        @Override
        public Set<String> exact() {
            return Set.of();
        }

        @Override
        public List<UserLifecycle> lookup(String attribute, String value) {
            throw new AssertionError("no index here");
        }

        @Override
        public void scan(Consumer<UserLifecycle> each) {
            delegate.scan(each);
        }

        @Override
        public String id(UserLifecycle resource) {
            return delegate.id(resource);
        }

        @Override
        public ObjectNode view(UserLifecycle resource) {
            return delegate.view(resource);
        }

        @Override
        public ArrayNode related(UserLifecycle resource, Set<String> ids) {
            return delegate.related(resource, ids);
        }
    }
}
