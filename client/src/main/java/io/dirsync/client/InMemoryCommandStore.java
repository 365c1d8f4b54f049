package io.dirsync.client;

import io.dirsync.schemas.AccessCommand;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link CommandStore} in memory, for apps whose own state lives in memory (it is rebuilt from the beginning of
 * the topic on every start, which is exactly right for them) and for tests. Its transaction handle is unused.
 */
public final class InMemoryCommandStore implements CommandStore<Void> {

    private final Map<String, Applied> applied = new ConcurrentHashMap<>();
    private final Map<String, Long> positions = new ConcurrentHashMap<>();

    @Override
    public synchronized Applied applyOnce(AccessCommand command, Position position, Instant appliedAt,
                                          CommandHandler<Void> handler) throws Exception {
        Applied before = applied.get(command.getCommandId());
        if (before == null) {
            Result result = handler.handle(command, null);
            before = new Applied(command.getCommandId(), result.outcome(), appliedAt, result.detail(), false);
            applied.put(command.getCommandId(), before);
            positions.put(position.groupId() + "/" + position.topic() + "/" + position.partition(), position.nextOffset());
            return before;
        }
        positions.put(position.groupId() + "/" + position.topic() + "/" + position.partition(), position.nextOffset());
        return new Applied(before.commandId(), before.outcome(), before.appliedAt(), before.detail(), true);
    }

    @Override
    public Map<Integer, Long> positions(String groupId, String topic, Collection<Integer> partitions) {
        Map<Integer, Long> out = new HashMap<>();
        for (int p : partitions) {
            Long next = positions.get(groupId + "/" + topic + "/" + p);
            if (next != null) {
                out.put(p, next);
            }
        }
        return out;
    }

    /** How many distinct commands were applied. */
    public int appliedCount() {
        return applied.size();
    }
}
