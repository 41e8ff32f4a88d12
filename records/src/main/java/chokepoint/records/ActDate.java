package chokepoint.records;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;

/**
 * A date an act's text gives itself: "自2025年12月1日起正式实施" (effective), "暂停实施至2026年11月10日" (until),
 * "This rule is effective March 4, 2025", "shall enter into force on the day following that of its publication".
 * What an {@code until} ends depends on what the act does: a suspension's end, an extension's or a measure's expiry.
 *
 * @param kind {@link #EFFECTIVE} or {@link #UNTIL}
 * @param date the calendar day, in the issuer's zone ({@link #zoneOf})
 */
public record ActDate(String kind, LocalDate date) {

    public static final String EFFECTIVE = "effective";
    public static final String UNTIL = "until";

    /** The zone a publisher of this jurisdiction dates its documents (and its measures' days) in. */
    public static ZoneId zoneOf(String jurisdiction) {
        String code = jurisdiction == null ? "" : jurisdiction.toUpperCase(Locale.ROOT);
        return switch (code) {
            case "CN" -> ZoneId.of("Asia/Shanghai");
            case "JP" -> ZoneId.of("Asia/Tokyo");
            case "KR" -> ZoneId.of("Asia/Seoul");
            case "US" -> ZoneId.of("America/New_York");
            case "GB" -> ZoneId.of("Europe/London");
            case "EU", "NL", "DE", "FR", "BE", "IT", "ES" -> ZoneId.of("Europe/Brussels");
            default -> ZoneId.of("UTC");
        };
    }
}
