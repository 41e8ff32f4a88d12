package chokepoint.alerts.threshold;

import chokepoint.records.Breach;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * The indicators each group remembers, one record each in the {@code threshold-refs} store under
 * {@code ruleId|groupKey|time|indicatorId}: a group's records are contiguous and in time order (the time is written
 * as sixteen hex digits of the millisecond with its sign bit flipped, so that byte order is time order, before 1970
 * too), so a window is one range read and nothing is rewritten when one indicator arrives.
 *
 * <p>The values are the references as binary JSON, written and compared here as bytes: the twenty groups an indicator
 * counts in at a thousand rules get the bytes of one writing, and a reference seen before is recognised without
 * reading it. They are binary JSON as before, less the derived gist ({@link StateJson}), so an upgrade reads every
 * record; a reference kept with its gist is compared by reading it.
 */
final class RememberedRefs {

    static final String STORE = "threshold-refs";
    /** Sorts after every key of a moment ('}' follows '|'). */
    private static final String AFTER_MOMENT = "}";

    private static final ObjectReader READER = StateJson.MAPPER.readerFor(Breach.IndicatorRef.class);
    private static final ObjectWriter WRITER = StateJson.MAPPER.writerFor(Breach.IndicatorRef.class);

    /** What {@link #remember} found. */
    enum Seen { NEW, SAME, CHANGED }

    private final KeyValueStore<String, byte[]> store;
    /** The reference last written and its bytes: the hits of one indicator carry the same reference. */
    private Breach.IndicatorRef lastRef;
    private byte[] lastBytes;

    RememberedRefs(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    static String key(String stateKey, Breach.IndicatorRef ref) {
        return stateKey + "|" + moment(ref.occurredAt()) + "|" + ref.id();
    }

    private static String moment(Instant at) {
        return Moments.sortable(at);
    }

    boolean contains(String stateKey, Breach.IndicatorRef ref) {
        return store.get(key(stateKey, ref)) != null;
    }

    /**
     * Keeps {@code ref} in the group: NEW when the group did not have it, SAME when it had this very reference (nothing
     * is written), CHANGED when it had another copy (a fusion update), which {@code ref} replaces.
     */
    Seen remember(String stateKey, Breach.IndicatorRef ref) {
        String key = key(stateKey, ref);
        byte[] bytes = bytes(ref);
        byte[] known = store.get(key);
        if (known != null && (Arrays.equals(known, bytes) || read(known).equals(ref))) {
            return Seen.SAME;
        }
        store.put(key, bytes);
        return known == null ? Seen.NEW : Seen.CHANGED;
    }

    /** Keeps {@code ref}, which the group is known not to hold (it is newer than the group's clock): NEW. */
    Seen add(String stateKey, Breach.IndicatorRef ref) {
        store.put(key(stateKey, ref), bytes(ref));
        return Seen.NEW;
    }

    void delete(String stateKey, Breach.IndicatorRef ref) {
        store.delete(key(stateKey, ref));
    }

    /** The group's indicators with times in (from, to], oldest first; a null {@code from} reads from the first. */
    List<Breach.IndicatorRef> between(String stateKey, Instant from, Instant to) {
        List<Breach.IndicatorRef> found = new ArrayList<>();
        String first = from == null ? stateKey + "|" : stateKey + "|" + moment(from);
        try (KeyValueIterator<String, byte[]> range = store.range(first, stateKey + "|" + moment(to) + AFTER_MOMENT)) {
            range.forEachRemaining(entry -> {
                Breach.IndicatorRef ref = read(entry.value);
                Instant at = ref.occurredAt();
                if ((from == null || at.isAfter(from)) && !at.isAfter(to)) {
                    found.add(ref);
                }
            });
        }
        return found;
    }

    /** The group's newest indicator, or null: one step of a reverse range read. */
    Breach.IndicatorRef newest(String stateKey) {
        try (KeyValueIterator<String, byte[]> range = store.reverseRange(stateKey + "|", stateKey + "}")) {
            return range.hasNext() ? read(range.next().value) : null;
        }
    }

    /** The group's oldest indicator with a time in (from, to], or null. */
    Breach.IndicatorRef first(String stateKey, Instant from, Instant to) {
        return leaving(stateKey, from, to, (left, severityLeft) -> true);
    }

    /**
     * Walks the group's indicators with times in (from, to], oldest first, as if they left its window one by one:
     * the first whose leaving makes {@code below} true (given how many left and their severities added up), else
     * the oldest (also at once when a severity is negative, as nothing then bounds the sum); null when there is none.
     */
    Breach.IndicatorRef leaving(String stateKey, Instant from, Instant to, BiPredicate<Integer, Long> below) {
        Breach.IndicatorRef oldest = null;
        int left = 0;
        long severityLeft = 0;
        try (KeyValueIterator<String, byte[]> range = store.range(stateKey + "|" + moment(from),
                stateKey + "|" + moment(to) + AFTER_MOMENT)) {
            while (range.hasNext()) {
                Breach.IndicatorRef ref = read(range.next().value);
                if (!ref.occurredAt().isAfter(from) || ref.occurredAt().isAfter(to)) {
                    continue;
                }
                oldest = oldest == null ? ref : oldest;
                if (ref.severity() < 0) {
                    return oldest;
                }
                left++;
                severityLeft += ref.severity();
                if (below.test(left, severityLeft)) {
                    return ref;
                }
            }
        }
        return oldest;
    }

    /**
     * Deletes the group's indicators up to {@code to} inclusive, or all of them when {@code to} is null. Their times
     * are read from their keys (only those of {@code to}'s millisecond are read whole, for the nanoseconds), and each
     * is deleted by writing nothing under its key: a store's {@code delete} reads the value it removes first, one
     * RocksDB lookup per reference (5% of the native samples of a thousand rules).
     */
    void forget(String stateKey, Instant to) {
        List<String> keys = new ArrayList<>();
        String last = to == null ? stateKey + "}" : stateKey + "|" + moment(to) + AFTER_MOMENT;
        String lastMoment = to == null ? null : moment(to);
        int momentAt = stateKey.length() + 1;
        try (KeyValueIterator<String, byte[]> range = store.range(stateKey + "|", last)) {
            range.forEachRemaining(entry -> {
                if (to == null || !entry.key.startsWith(lastMoment, momentAt)
                        || !read(entry.value).occurredAt().isAfter(to)) {
                    keys.add(entry.key);
                }
            });
        }
        // Deleted after the read: a store is not changed while it is iterated.
        keys.forEach(key -> store.put(key, null));
    }

    /** Every remembered indicator of every group, for tests and the memory benchmark. */
    long size() {
        long n = 0;
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> ignored = all.next();
                n++;
            }
        }
        return n;
    }

    private byte[] bytes(Breach.IndicatorRef ref) {
        if (ref != lastRef) {
            try {
                lastBytes = WRITER.writeValueAsBytes(ref);
            } catch (IOException e) {
                throw new SerializationException("cannot write the reference of " + ref.id(), e);
            }
            lastRef = ref;
        }
        return lastBytes;
    }

    private static Breach.IndicatorRef read(byte[] bytes) {
        try {
            return READER.readValue(bytes);
        } catch (IOException e) {
            throw new SerializationException("not a valid IndicatorRef in " + STORE + ": " + e.getMessage(), e);
        }
    }
}
