package chokepoint.alerts.delivery;

/**
 * What the delivery topology decided to tell one recipient about one breach, last: the phase, how many indicators the
 * breach had then, and when (wall clock). The group interval of the next update counts from {@code at}.
 *
 * @param phase {@code FIRING}, {@code UPDATE-<count>}, {@code RESOLVED}, or {@code DEFERRED} (held for a digest or
 *              quiet hours, which tells nothing yet)
 */
record Told(String phase, int count, long at) {

    static final String FIRING = "FIRING";
    static final String RESOLVED = "RESOLVED";
    static final String DEFERRED = "DEFERRED";

    static String update(int count) {
        return "UPDATE-" + count;
    }

    boolean resolved() {
        return RESOLVED.equals(phase);
    }

    boolean deferred() {
        return DEFERRED.equals(phase);
    }
}
