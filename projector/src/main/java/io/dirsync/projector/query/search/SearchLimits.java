package io.dirsync.projector.query.search;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Bounds on a filter ({@code dirsync.projector.search.*}): a filter longer than {@code maxFilterLength}
 * characters or with more than {@code maxFilterNodes} nodes (comparisons, and / or / not, value paths) is a
 * 400 invalidFilter before anything is read, so one request cannot make a scan arbitrarily expensive.
 *
 * @param maxFilterLength characters in the filter string
 * @param maxFilterNodes  nodes of the parsed filter tree
 */
@ConfigurationProperties("dirsync.projector.search")
public record SearchLimits(
        @Bindable(defaultValue = "4096") int maxFilterLength,
        @Bindable(defaultValue = "64") int maxFilterNodes) {

    public static final SearchLimits DEFAULT = new SearchLimits(4096, 64);
}
