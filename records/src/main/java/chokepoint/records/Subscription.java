package chokepoint.records;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;

/**
 * Someone's standing request to be told about breaches, on the compacted {@code chokepoint.subscriptions} topic
 * keyed by {@link #id()}; a tombstone deletes it. Secrets in channels (webhook URLs, signing secrets) are stored
 * sealed, never in clear.
 *
 * @param id         stable identifier
 * @param owner      who manages it (the bearer token's owner)
 * @param name       what the owner calls it
 * @param filter     which breaches it wants
 * @param channels   where they go
 * @param mode       at once, or as a digest
 * @param quietHours a daily span in which immediate messages wait (null: none)
 * @param silences   rules or keys muted for a time or until their breach resolves
 * @param paused     nothing is sent while paused
 * @param version    how many changes were stored before this one (0: none through the change processor yet): a change
 *                   is written for the version it was made from, and refused if another came first
 */
public record Subscription(String id, String owner, String name, Filter filter, List<Channel> channels, Mode mode,
                           QuietHours quietHours, List<Silence> silences, boolean paused, Instant createdAt,
                           Instant updatedAt, long version) implements Complete {
    @Override
    public java.util.List<String> missing() {
        return Complete.nulls(new String[]{"id", "owner"}, id, owner);
    }


    public Subscription {
        channels = channels == null ? List.of() : List.copyOf(channels);
        silences = silences == null ? List.of() : List.copyOf(silences);
        filter = filter == null ? Filter.ANY : filter;
        mode = mode == null ? Mode.IMMEDIATE : mode;
    }

    public Subscription withChannels(List<Channel> newChannels, Instant now) {
        return new Subscription(id, owner, name, filter, newChannels, mode, quietHours, silences, paused, createdAt, now, version);
    }

    public Subscription withSilences(List<Silence> newSilences, Instant now) {
        return new Subscription(id, owner, name, filter, channels, mode, quietHours, newSilences, paused, createdAt, now, version);
    }

    /** The same subscription as the change processor stored it. */
    public Subscription withVersion(long stored) {
        return new Subscription(id, owner, name, filter, channels, mode, quietHours, silences, paused, createdAt, updatedAt, stored);
    }

    public Subscription withPaused(boolean nowPaused, Instant now) {
        return new Subscription(id, owner, name, filter, channels, mode, quietHours, silences, nowPaused, createdAt, now, version);
    }

    /**
     * Which breaches: every list that is not empty must contain the breach's value (rules by id, actors and
     * targets as ISO codes or EU, measures, sectors), and the breach must hold an indicator of at least
     * {@code minSeverity}.
     */
    public record Filter(List<String> rules, List<String> actors, List<String> targets, List<Measure> measures,
                         List<String> sectors, int minSeverity) {

        public static final Filter ANY = new Filter(List.of(), List.of(), List.of(), List.of(), List.of(), 0);

        public Filter {
            rules = rules == null ? List.of() : List.copyOf(rules);
            actors = actors == null ? List.of() : List.copyOf(actors);
            targets = targets == null ? List.of() : List.copyOf(targets);
            measures = measures == null ? List.of() : List.copyOf(measures);
            sectors = sectors == null ? List.of() : List.copyOf(sectors);
        }
    }

    public enum ChannelType { SLACK, EMAIL, WEBHOOK }

    /** PENDING until an email address confirms; FAILING after a permanent refusal, until the owner changes it. */
    public enum ChannelStatus { PENDING, ACTIVE, FAILING }

    /**
     * @param id      stable within the subscription ({@code c1}, {@code c2}, …)
     * @param type    slack, email or webhook
     * @param address the email address; for URLs only the host, for display
     * @param sealed  the URL (and for webhooks the signing secret), sealed with the deployment's key
     * @param status  whether it receives messages
     * @param detail  why it is pending or failing, safe to show
     */
    public record Channel(String id, ChannelType type, String address, String sealed, ChannelStatus status,
                          String detail, Instant statusAt) {

        public Channel withStatus(ChannelStatus newStatus, String newDetail, Instant at) {
            return new Channel(id, type, address, sealed, newStatus, newDetail, at);
        }
    }

    public enum Cadence { HOURLY, DAILY, WEEKLY }

    /**
     * @param digest  false: each breach goes out as it fires (after the group wait); true: collected into a digest
     * @param cadence how often a digest goes out
     * @param at      local time of the digest (daily, weekly; hourly uses its minutes)
     * @param day     the day of a weekly digest
     * @param zone    the time zone of {@code at} and {@code day}
     */
    public record Mode(boolean digest, Cadence cadence, LocalTime at, DayOfWeek day, String zone) {
        public static final Mode IMMEDIATE = new Mode(false, null, null, null, null);
    }

    /** A daily span, in a time zone, possibly across midnight (22:00 to 07:00). */
    public record QuietHours(LocalTime from, LocalTime to, String zone) {
    }

    /**
     * Mutes breaches of a rule, of a group key (an actor, or actor→target), or of both.
     *
     * @param rule           the rule id, or null for any rule
     * @param key            the breach's group key, or null for any key
     * @param until          the end of the silence, or null
     * @param untilResolved  true: ends when a matching breach resolves
     */
    public record Silence(String rule, String key, Instant until, boolean untilResolved) {
    }
}
