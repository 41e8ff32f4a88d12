package chokepoint.alerts.threshold;

import java.time.Duration;

/** Durations as people say them: 7d, 12h, 90m. */
public final class Durations {

    private Durations() {
    }

    public static String human(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds >= 86_400 && seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds >= 3_600 && seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    /** The same for an ISO-8601 text such as PT168H; other text is returned as it is. */
    public static String human(String isoDuration) {
        try {
            return human(Duration.parse(isoDuration));
        } catch (RuntimeException e) {
            return isoDuration;
        }
    }
}
