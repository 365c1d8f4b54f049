package io.dirsync.projector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.dirsync.projector.lifecycle.GuardState;
import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.DeprovisionBucket;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AvroMappingTest {

    private static final Instant T = Instant.parse("2026-06-30T12:00:00Z");

    // Through the store's codec, as the guard store reads and writes it.
    private final AvroCodec<io.dirsync.schemas.GuardState> codec = AvroCodec.of(io.dirsync.schemas.GuardState.class);

    @Test
    void shouldReadGuardStateWrittenBeforeSlicesAsSlicesOfOne() {
        io.dirsync.schemas.GuardState legacy = io.dirsync.schemas.GuardState.newBuilder()
                .setDirectoryId("d").setActiveUsers(40)
                .setRecentDeprovisions(List.of(T, T.plusSeconds(1)))
                .build();

        GuardState state = AvroMapping.toCore(codec.decode(codec.encode(legacy)));

        assertThat(state.recent()).containsExactly(new GuardState.Slice(T, 1), new GuardState.Slice(T.plusSeconds(1), 1));
        assertThat(state.activeUsers()).isEqualTo(40);
    }

    @Test
    void shouldWriteGuardStateAsSlicesOnly() {
        GuardState state = new GuardState(7, List.of(new GuardState.Slice(T, 30)), true, T, "c-1", 4);

        io.dirsync.schemas.GuardState avro = codec.decode(codec.encode(AvroMapping.toAvro("d", state)));

        assertThat(avro.getRecentDeprovisions()).isEmpty();
        assertThat(avro.getDeprovisionBuckets()).containsExactly(new DeprovisionBucket(T, 30L));
        assertThat(AvroMapping.toCore(avro)).isEqualTo(state);
    }
}
