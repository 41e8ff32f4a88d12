package chokepoint.topics;

import java.time.Instant;

/**
 * The topics one run of the classifier and threshold topologies reads and writes. The live pipeline runs on
 * {@link #live()}; a replay runs the same topologies on its own lane: the stored items of a time range in, its own
 * rules, indicators, breaches and dead letters out, so nothing it does reaches the live topics or their readers.
 *
 * @param items       where items are read (the live items topic for replays too: it is the record of what came in)
 * @param from        items published before this are skipped (null: none)
 * @param to          items published at or after this are skipped (null: none)
 * @param measures    where the measure register is written
 */
public record Lane(String items, Instant from, Instant to, String rules, String indicators, String breaches,
                   String deadLetters, String measures) {

    /** The live topics, under the deployment's topic prefix. */
    public static Lane live() {
        return new Lane(Topics.ITEMS.name(), null, null, Topics.RULES.name(), Topics.INDICATORS.name(),
                Topics.BREACHES.name(), Topics.DEAD_LETTERS.name(), Topics.MEASURES.name());
    }

    /** The lane of replay {@code id} over items published in [from, to). */
    public static Lane replay(String id, Instant from, Instant to) {
        String prefix = Topics.prefix() + "replay." + id + ".";
        return new Lane(Topics.ITEMS.name(), from, to, prefix + "rules", prefix + "indicators", prefix + "breaches",
                prefix + "dead-letters", prefix + "measures");
    }

    /** The live lane: the one that also carries what only live operation has (source health, subscriptions). */
    public boolean isLive() {
        return equals(live());
    }

    public boolean ranged() {
        return from != null || to != null;
    }

    public boolean inRange(long timestamp) {
        return (from == null || timestamp >= from.toEpochMilli()) && (to == null || timestamp < to.toEpochMilli());
    }
}
