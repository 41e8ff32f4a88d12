package chokepoint.alerts.subscriptions;

import chokepoint.records.Vocabulary;
import chokepoint.records.Breach;
import chokepoint.records.Subscription;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;

/** Whether a subscription wants a breach, and whether it wants it now. Pure functions of their arguments. */
public final class SubscriptionMatcher {

    private SubscriptionMatcher() {
    }

    /**
     * The filter: each non-empty list must hold the breach's value. Source-health breaches only reach
     * subscriptions that name their rule: they concern operators, not analysts.
     */
    public static boolean wants(Subscription subscription, Breach breach) {
        Subscription.Filter filter = subscription.filter();
        if ("health".equals(breach.kind()) && !filter.rules().contains(breach.ruleId())) {
            return false;
        }
        return (filter.rules().isEmpty() || filter.rules().contains(breach.ruleId()))
                && (filter.actors().isEmpty() || breach.actor() != null && filter.actors().contains(breach.actor()))
                && (filter.targets().isEmpty() || Vocabulary.anyTargetMatches(filter.targets(), breach.targets()))
                && (filter.sectors().isEmpty() || overlaps(filter.sectors(), breach.sectors()))
                && (filter.measures().isEmpty() || breach.indicators().stream().anyMatch(ref -> filter.measures().contains(ref.measure())))
                && (filter.minSeverity() <= 0 || breach.indicators().stream().anyMatch(ref -> ref.severity() >= filter.minSeverity()));
    }

    /** A silence in force mutes the breach: by rule, by group key, or both. */
    public static boolean silenced(Subscription subscription, Breach breach, Instant now) {
        return subscription.silences().stream().anyMatch(silence -> covers(silence, breach)
                && (silence.untilResolved() || silence.until() == null || now.isBefore(silence.until())));
    }

    /** The silences that remain once {@code resolved} has resolved (those waiting for it end). */
    public static List<Subscription.Silence> afterResolution(Subscription subscription, Breach resolved) {
        return subscription.silences().stream().filter(s -> !(s.untilResolved() && covers(s, resolved))).toList();
    }

    /** Timed silences that are over, kept out of what the page shows. */
    public static boolean expired(Subscription.Silence silence, Instant now) {
        return !silence.untilResolved() && silence.until() != null && !now.isBefore(silence.until());
    }

    public static boolean inQuietHours(Subscription.QuietHours quiet, Instant now) {
        if (quiet == null || quiet.from() == null || quiet.to() == null || quiet.from().equals(quiet.to())) {
            return false;
        }
        LocalTime time = now.atZone(ZoneId.of(quiet.zone() == null ? "UTC" : quiet.zone())).toLocalTime();
        return quiet.from().isBefore(quiet.to())
                ? !time.isBefore(quiet.from()) && time.isBefore(quiet.to())
                : !time.isBefore(quiet.from()) || time.isBefore(quiet.to());
    }

    private static boolean covers(Subscription.Silence silence, Breach breach) {
        return (silence.rule() == null || silence.rule().equals(breach.ruleId()))
                && (silence.key() == null || groupKey(silence.key()).equals(groupKey(breach.groupKey())));
    }

    /**
     * A group key as rules write it ({@code CN->EU}), however a person typed it: the README and the page show
     * {@code CN→EU}, people type {@code cn -> eu}; a silence written one way must mute breaches keyed the other.
     */
    public static String groupKey(String written) {
        if (written == null || written.isBlank() || written.trim().equalsIgnoreCase("all")) {
            return written == null ? null : written.trim().toLowerCase(java.util.Locale.ROOT);
        }
        return written.replace("→", "->").replace("=>", "->").replaceAll("\\s+", "").toUpperCase(java.util.Locale.ROOT);
    }

    private static boolean overlaps(Collection<String> wanted, Collection<String> present) {
        return present.stream().anyMatch(wanted::contains);
    }
}
