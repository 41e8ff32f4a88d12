package chokepoint.records;

import java.util.ArrayList;
import java.util.List;

/**
 * A record that says which of the fields its readers rely on it lacks. {@code {}} is valid JSON and deserializes
 * into a record of nulls, which once stopped the delivery worker (a breach without a state) and the live page's
 * follower; the topics' serde refuses such a record as unreadable, so that every reader sends it to the dead letters
 * like any other bytes it cannot read.
 */
public interface Complete {

    /** The names of required fields that are missing; empty when the record is complete. */
    List<String> missing();

    /** The names among {@code names} whose value in {@code values} (same order) is null. */
    static List<String> nulls(String[] names, Object... values) {
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if (values[i] == null) {
                missing.add(names[i]);
            }
        }
        return missing;
    }
}
