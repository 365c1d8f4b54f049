package io.dirsync.client;

import io.dirsync.schemas.AccessAck;
import io.dirsync.schemas.AccessCommand;
import io.dirsync.schemas.AccessCommandType;
import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.ChangeSource;
import io.dirsync.schemas.GroupRef;
import io.dirsync.schemas.Keys;
import io.dirsync.schemas.UserAttributes;
import io.dirsync.schemas.UserState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Test data and plumbing for kit and app tests: access commands as the projector writes them (deterministic
 * commandIds), a producer of them, and a reader of acks. Shared with the example app's tests (test-jar).
 */
public final class TestCommands {

    private static final AvroCodec<AccessCommand> COMMANDS = AvroCodec.of(AccessCommand.class);
    private static final AvroCodec<AccessAck> ACKS = AvroCodec.of(AccessAck.class);

    private TestCommands() {
    }

    /** A command like the projector's: commandId {@code <changeId>:<userId>:<TYPE>}. */
    public static AccessCommand command(String directoryId, String userId, String changeId, AccessCommandType type,
                                        long version, String userName, String department) {
        boolean active = type != AccessCommandType.DEPROVISION;
        return AccessCommand.newBuilder()
                .setCommandId(changeId + ":" + userId + ":" + type)
                .setDirectoryId(directoryId)
                .setUserId(userId)
                .setType(type)
                .setUser(UserAttributes.newBuilder().setUserName(userName).setActive(active)
                        .setEmail(userName).setDepartment(department).setDisplayName(userName).build())
                .setFromState(type == AccessCommandType.PROVISION ? UserState.NONE
                        : type == AccessCommandType.REPROVISION ? UserState.INACTIVE : UserState.ACTIVE)
                .setToState(active ? UserState.ACTIVE : UserState.INACTIVE)
                .setVersion(version)
                .setChangeId(changeId)
                .setSource(ChangeSource.SCIM)
                .setReceivedAt(Instant.parse("2026-03-01T09:00:00Z").plusSeconds(version))
                .build();
    }

    public static AccessCommand command(String directoryId, String userId, String changeId, AccessCommandType type,
                                        long version) {
        return command(directoryId, userId, changeId, type, version, userId + "@example.com", "eng");
    }

    /** A GRANT_GROUP_ACCESS / REVOKE_GROUP_ACCESS command for a group. */
    public static AccessCommand groupCommand(String directoryId, String userId, String changeId,
                                             AccessCommandType type, long version, String groupId) {
        AccessCommand c = command(directoryId, userId, changeId, type, version);
        c.setCommandId(changeId + ":" + userId + ":" + type + ":" + groupId);
        c.setGroup(GroupRef.newBuilder().setGroupId(groupId).setDisplayName("Group " + groupId).build());
        return c;
    }

    public static byte[] encode(AccessCommand command) {
        return COMMANDS.encode(command);
    }

    /** Writes commands to a topic, keyed {@code directoryId/userId}, and waits for the broker. */
    public static void produce(String bootstrapServers, String topic, List<AccessCommand> commands) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (AccessCommand c : commands) {
                producer.send(new ProducerRecord<>(topic, Keys.user(c.getDirectoryId(), c.getUserId()), encode(c)));
            }
            producer.flush();
        }
    }

    /** Writes raw bytes under a key (e.g. a record no schema can decode). */
    public static void produceRaw(String bootstrapServers, String topic, String key, byte[] value) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value));
            producer.flush();
        }
    }

    /** Every committed ack on a topic up to its current end. */
    public static List<AccessAck> readAcks(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<AccessAck> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(ACKS.decode(r.value()));
                }
            }
        }
        return out;
    }
}
