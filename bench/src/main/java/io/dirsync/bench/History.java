package io.dirsync.bench;

import io.dirsync.schemas.AvroCodec;
import io.dirsync.schemas.ChangeSource;
import io.dirsync.schemas.CreateUser;
import io.dirsync.schemas.DirectoryChange;
import io.dirsync.schemas.ReplaceUser;
import io.dirsync.schemas.Topics;
import io.dirsync.schemas.UserAttributes;
import java.time.Instant;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A generated directory history in the change log: every user joins once, then movers (department and title
 * changes, ~70%) and leavers/rejoiners (~30%) at random over many directories — the shape of a real identity
 * directory's traffic. Deterministic for a seed, so two runs fold the same input.
 */
public final class History {

    private static final AvroCodec<DirectoryChange> CODEC = AvroCodec.of(DirectoryChange.class);

    private final int users;
    private final int directories;
    private final String prefix;
    private final Random random;
    private final boolean[] active;
    private final boolean[] exists;
    private long next;

    public History(String prefix, int users, int directories, long seed) {
        this.prefix = prefix;
        this.users = users;
        this.directories = directories;
        this.random = new Random(seed);
        this.active = new boolean[users];
        this.exists = new boolean[users];
    }

    /** The next change: joiners first (one per user), then movers and leavers. */
    public DirectoryChange next() {
        long i = next++;
        int u = i < users ? (int) i : random.nextInt(users);
        String dir = directory(u);
        Object payload;
        if (!exists[u]) {
            exists[u] = true;
            active[u] = true;
            payload = CreateUser.newBuilder().setUserId(prefix + "u" + u).setUser(user(u, true, "Eng")).build();
        } else {
            boolean flip = random.nextInt(10) < 3;
            active[u] = flip != active[u];
            payload = ReplaceUser.newBuilder().setUserId(prefix + "u" + u)
                    .setUser(user(u, active[u], "Dept-" + random.nextInt(20))).build();
        }
        return DirectoryChange.newBuilder().setChangeId(prefix + "c" + i).setDirectoryId(dir)
                .setSource(ChangeSource.SCIM).setReceivedAt(Instant.ofEpochMilli(1_700_000_000_000L + i))
                .setPayload(payload).build();
    }

    public String directory(int user) {
        return prefix + "dir-" + (user % directories);
    }

    private UserAttributes user(int u, boolean isActive, String department) {
        return UserAttributes.newBuilder().setUserName(prefix + "user" + u + "@example.com").setActive(isActive)
                .setGivenName("Given" + u).setFamilyName("Family").setEmail(prefix + "user" + u + "@example.com")
                .setDepartment(department).setTitle("Engineer").build();
    }

    public static byte[] encode(DirectoryChange change) {
        return CODEC.encode(change);
    }

    /** Writes {@code changes} changes as fast as the broker takes them (acks=all, idempotent); returns bytes. */
    public long write(String bootstrap, long changes) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        long bytes = 0;
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < changes; i++) {
                DirectoryChange change = next();
                byte[] value = encode(change);
                bytes += value.length;
                producer.send(new ProducerRecord<>(Topics.DIRECTORY_CHANGES, change.getDirectoryId(), value));
            }
            producer.flush();
        }
        return bytes;
    }
}
