package chokepoint.records;

import java.time.Instant;

/**
 * An indicator a threshold rule selected but did not count, with the reason, on {@code chokepoint.uncounted}: silence
 * about a notice must be visible, never implied.
 *
 * @param indicatorId the indicator
 * @param title       its title
 * @param ruleId      the rule that selected it
 * @param groupKey    the group it fell in
 * @param occurredAt  the indicator's time
 * @param groupNewest the group's newest indicator time when it arrived
 * @param reason      why it was not counted
 */
public record UncountedIndicator(String indicatorId, String title, String ruleId, String groupKey, Instant occurredAt,
                                 Instant groupNewest, String reason) implements Complete {
    @Override
    public java.util.List<String> missing() {
        return Complete.nulls(new String[]{"indicatorId", "ruleId"}, indicatorId, ruleId);
    }
}
