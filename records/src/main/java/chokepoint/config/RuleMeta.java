package chokepoint.config;

import java.time.Instant;

/**
 * Who last wrote a threshold rule, and from where, as the control application stored it on {@code chokepoint.rules}.
 *
 * @param version how many changes were stored (1 for the first)
 * @param origin  {@code file} (seeded from the configuration file) or {@code api} (written through the rules API);
 *                the file never overwrites a rule whose origin is {@code api}, nor brings back a deleted one
 * @param by      who wrote it: the API token's owner, or {@code configuration file}
 * @param at      when
 * @param change  the id of the change that wrote it, which its writer waits to see
 * @param deleted the rule was deleted: kept as a record so that no later seeding brings it back
 */
public record RuleMeta(long version, String origin, String by, Instant at, String change, boolean deleted) {

    public static final String FILE = "file";
    public static final String API = "api";
}
