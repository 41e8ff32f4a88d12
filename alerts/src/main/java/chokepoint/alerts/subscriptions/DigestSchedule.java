package chokepoint.alerts.subscriptions;

import chokepoint.records.Subscription;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/** When a held breach is due: at the next digest of its subscription, or when its quiet hours are over. */
public final class DigestSchedule {

    private DigestSchedule() {
    }

    /** Whether a breach held since {@code heldSince} should go out at {@code now}. */
    public static boolean due(Subscription subscription, Instant heldSince, Instant now) {
        if (subscription.mode().digest() && now.isBefore(nextDigest(subscription.mode(), heldSince))) {
            return false;
        }
        return !SubscriptionMatcher.inQuietHours(subscription.quietHours(), now);
    }

    /** The first digest time strictly after {@code after}. */
    public static Instant nextDigest(Subscription.Mode mode, Instant after) {
        ZoneId zone = ZoneId.of(mode.zone() == null ? "UTC" : mode.zone());
        LocalTime at = mode.at() == null ? LocalTime.of(8, 0) : mode.at();
        ZonedDateTime local = after.atZone(zone);
        ZonedDateTime next;
        switch (mode.cadence() == null ? Subscription.Cadence.DAILY : mode.cadence()) {
            case HOURLY -> {
                next = local.truncatedTo(ChronoUnit.HOURS).withMinute(at.getMinute());
                if (!next.isAfter(local)) {
                    next = next.plusHours(1);
                }
            }
            case WEEKLY -> {
                DayOfWeek day = mode.day() == null ? DayOfWeek.MONDAY : mode.day();
                next = local.with(TemporalAdjusters.nextOrSame(day)).with(at);
                if (!next.isAfter(local)) {
                    next = local.with(TemporalAdjusters.next(day)).with(at);
                }
            }
            default -> {
                next = local.with(at);
                if (!next.isAfter(local)) {
                    next = local.plusDays(1).with(at);
                }
            }
        }
        return next.toInstant();
    }
}
