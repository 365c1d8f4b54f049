package io.dirsync.ingest.scim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket: a burst at once, then the configured rate, each token on its own. */
class RateLimiterTest {

    private final AtomicLong now = new AtomicLong();
    private final RateLimiter limiter = new RateLimiter(new RateLimitConfig(2, 4), now::get);

    @Test
    void shouldAllowTheBurstThenTheRate() {
        for (int i = 0; i < 4; i++) {
            assertThat(limiter.acquire("a")).isEmpty();
        }
        assertThat(limiter.acquire("a")).isEqualTo(OptionalLong.of(1));

        now.addAndGet(500_000_000L);

        assertThat(limiter.acquire("a")).isEmpty();
        assertThat(limiter.acquire("a")).isPresent();
    }

    @Test
    void shouldNeverHoldMoreThanTheBurst() {
        now.addAndGet(3_600_000_000_000L);
        for (int i = 0; i < 4; i++) {
            assertThat(limiter.acquire("a")).isEmpty();
        }
        assertThat(limiter.acquire("a")).isPresent();
    }

    @Test
    void shouldKeepOneBucketPerToken() {
        for (int i = 0; i < 4; i++) {
            limiter.acquire("a");
        }
        assertThat(limiter.acquire("a")).isPresent();
        assertThat(limiter.acquire("b")).isEmpty();
    }

    @Test
    void shouldDefaultTheBurstToOneSecondOfRequests() {
        assertThat(new RateLimitConfig(2.5, 0).capacity()).isEqualTo(3);
        assertThat(new RateLimitConfig(0.2, 0).capacity()).isEqualTo(1);
        assertThat(new RateLimitConfig(0, 0).enabled()).isFalse();
    }
}
