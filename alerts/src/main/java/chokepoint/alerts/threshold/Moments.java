package chokepoint.alerts.threshold;

import java.time.Instant;

/** Moments as the threshold application uses them: in store keys whose byte order is time order, and compared. */
final class Moments {

    private static final String ZEROS = "0000000000000000";

    private Moments() {
    }

    /**
     * Sixteen lower-case hex digits of the millisecond with its sign bit flipped, so that byte order is time order,
     * before 1970 too; the keys every store of the threshold application was written with ({@code %016x}), without
     * a formatter per key (the profile showed one per rule hit).
     */
    static String sortable(Instant at) {
        String hex = Long.toHexString(at.toEpochMilli() ^ Long.MIN_VALUE);
        return ZEROS.substring(hex.length()) + hex;
    }

    /** The earlier of two moments. */
    static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
