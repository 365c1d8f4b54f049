package io.dirsync.client;

/**
 * Where the app (consumer group {@code groupId}) may resume reading one partition of {@code dirsync.access-commands}: every record below
 * {@code nextOffset} has been applied (or deduplicated). A store persists it in the same transaction as the
 * change, so after a crash the app neither skips a command nor (thanks to the commandId record) applies one twice.
 */
public record Position(String groupId, String topic, int partition, long nextOffset) {
}
