package io.dirsync.projector.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.UserAttributes;
import io.dirsync.schemas.UserLifecycle;
import io.dirsync.schemas.UserState;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;

/** Listing a directory: pages in store order, deleted users neither listed nor counted, at any startIndex. */
class UserQueriesTest {

    private static final AvroCodec<UserLifecycle> CODEC = AvroCodec.of(UserLifecycle.class);
    private static final List<KeyValue<String, byte[]>> STORE = List.of(
            user("u1", UserState.ACTIVE), user("u2", UserState.DELETED), user("u3", UserState.INACTIVE),
            user("u4", UserState.DELETED), user("u5", UserState.ACTIVE));

    @Test
    void shouldListAndCountOnlyUsersThatAreNotDeleted() {
        UserQueries.Page first = UserQueries.page(iterator(), 1, 2);
        UserQueries.Page second = UserQueries.page(iterator(), 3, 2);

        assertThat(first.totalResults()).isEqualTo(3);
        assertThat(first.items()).extracting(UserLifecycle::getUserId).containsExactly("u1", "u3");
        assertThat(second.totalResults()).isEqualTo(3);
        assertThat(second.items()).extracting(UserLifecycle::getUserId).containsExactly("u5");
    }

    @Test
    void shouldCountWithoutListingForCountZero() {
        UserQueries.Page page = UserQueries.page(iterator(), 1, 0);

        assertThat(page.totalResults()).isEqualTo(3);
        assertThat(page.items()).isEmpty();
    }

    private static KeyValue<String, byte[]> user(String id, UserState state) {
        return KeyValue.pair("dir-1/" + id, CODEC.encode(UserLifecycle.newBuilder().setDirectoryId("dir-1")
                .setUserId(id).setState(state).setVersion(1)
                .setUser(UserAttributes.newBuilder().setUserName(id + "@example.com").setActive(true).build())
                .setCreatedAt(Instant.EPOCH).setLastModified(Instant.EPOCH).setLastChangeId("c-" + id)
                .setEverActive(true).build()));
    }

    private static KeyValueIterator<String, byte[]> iterator() {
        Iterator<KeyValue<String, byte[]>> it = STORE.iterator();
        return new KeyValueIterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public KeyValue<String, byte[]> next() {
                return it.next();
            }

            @Override
            public void close() {
            }

            @Override
            public String peekNextKey() {
                throw new UnsupportedOperationException();
            }
        };
    }
}
