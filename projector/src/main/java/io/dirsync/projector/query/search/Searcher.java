package io.dirsync.projector.query.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Runs a SCIM search (RFC 7644 §3.4.2) over one directory: an equality on an indexed attribute (alone or as a
 * term of the top-level {@code and}) reads only the index's candidates, anything else scans the directory;
 * every candidate is evaluated with the full filter by the SDK, unless the filter is that equality alone on an
 * attribute whose index answers it exactly. Without sortBy results are in id order; with
 * it, only the first {@code startIndex + count - 1} are kept while scanning. Either way the order is total,
 * so consecutive pages neither repeat nor skip a resource while the directory is unchanged.
 */
public final class Searcher {

    private Searcher() {
    }

    /**
     * @param filter     null for every resource
     * @param sort       null for id order
     * @param startIndex 1-based (RFC 7644 §3.4.2.4); below 1 means 1
     * @param count      page size; below 0 means 0
     */
    public static <T> Page<T> search(SearchSource<T> source, SearchFilter filter, SortSpec sort, int startIndex,
                                     int count) {
        int start = Math.max(1, startIndex);
        int size = Math.max(0, count);
        Collector<T> collector = sort == null ? new InOrder<>(start, size) : new Sorted<>(sort, start, size);
        Optional<SearchFilter.IndexKey> key = filter == null ? Optional.empty() : filter.indexKey(source.indexed());
        if (key.isPresent()) {
            List<T> candidates = new ArrayList<>(source.lookup(key.get().attribute(), key.get().value()));
            candidates.sort(Comparator.comparing(source::id));
            // "userName eq …" alone (IdPs' most frequent query): the index's answer is the filter's.
            SearchFilter evaluate = filter.isEqualityOn(source.exact()) ? null : filter;
            candidates.forEach(c -> offer(source, evaluate, collector, c));
        } else {
            source.scan(c -> offer(source, filter, collector, c));
        }
        return new Page<>(collector.total(), start, collector.page());
    }

    private static <T> void offer(SearchSource<T> source, SearchFilter filter, Collector<T> collector, T resource) {
        ObjectNode view = null;
        if (filter != null) {
            view = source.view(resource);
            if (filter.usesRelation()) {
                view.set(source.kind().relation(), source.related(resource, filter.relationValues()));
            }
            if (!filter.matches(view)) {
                return;
            }
        }
        collector.add(source, view, resource);
    }

    /** One page of matches and how many matched in all. */
    public record Page<T>(long totalResults, int startIndex, List<T> items) {
    }

    private interface Collector<T> {
        void add(SearchSource<T> source, ObjectNode view, T resource);

        long total();

        List<T> page();
    }

    /** Matches arrive in id order: keep the ones on the page, count the rest. */
    private static final class InOrder<T> implements Collector<T> {
        private final long skip;
        private final int size;
        private final List<T> page = new ArrayList<>();
        private long total;

        InOrder(int start, int size) {
            this.skip = start - 1L;
            this.size = size;
        }

        @Override
        public void add(SearchSource<T> source, ObjectNode view, T resource) {
            if (total >= skip && page.size() < size) {
                page.add(resource);
            }
            total++;
        }

        @Override
        public long total() {
            return total;
        }

        @Override
        public List<T> page() {
            return page;
        }
    }

    /** Keeps the best {@code start + size - 1} matches in a heap whose head is the worst of them. */
    private static final class Sorted<T> implements Collector<T> {
        private final SortSpec sort;
        private final Comparator<SortSpec.Keyed<T>> order;
        private final int start;
        private final long keep;
        private final PriorityQueue<SortSpec.Keyed<T>> best;
        private long total;

        Sorted(SortSpec sort, int start, int size) {
            this.sort = sort;
            this.order = sort.comparator();
            this.start = start;
            this.keep = size == 0 ? 0 : start - 1L + size;
            this.best = new PriorityQueue<>(order.reversed());
        }

        @Override
        public void add(SearchSource<T> source, ObjectNode view, T resource) {
            total++;
            if (keep == 0) {
                return;
            }
            JsonNode key = sort.key(view == null ? source.view(resource) : view);
            SortSpec.Keyed<T> keyed = new SortSpec.Keyed<>(key, source.id(resource), resource);
            if (best.size() < keep) {
                best.add(keyed);
            } else if (order.compare(keyed, best.peek()) < 0) {
                best.poll();
                best.add(keyed);
            }
        }

        @Override
        public long total() {
            return total;
        }

        @Override
        public List<T> page() {
            List<SortSpec.Keyed<T>> all = new ArrayList<>(best);
            all.sort(order);
            return all.stream().skip(start - 1L).map(SortSpec.Keyed::resource).toList();
        }
    }
}
