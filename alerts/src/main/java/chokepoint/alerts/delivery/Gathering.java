package chokepoint.alerts.delivery;

import chokepoint.records.Breach;

import java.util.ArrayList;
import java.util.List;

/**
 * What is gathering for one recipient during its group wait: each breach once, in its newest version, with the phase
 * the message will tell. Kept in a changelogged store until the message leaves.
 *
 * @param first when the first of them arrived (wall clock)
 * @param last  when the latest arrived
 */
record Gathering(Address to, long first, long last, List<Entry> entries) {

    record Entry(Breach breach, String phase) {
    }

    Gathering {
        entries = List.copyOf(entries);
    }

    static Gathering empty(Address to, long now) {
        return new Gathering(to, now, now, List.of());
    }

    Entry find(String breachId) {
        return entries.stream().filter(e -> e.breach().id().equals(breachId)).findFirst().orElse(null);
    }

    /** With {@code entry} in place of an older version of its breach, or added after the others; {@code to} the newest. */
    Gathering with(Address newTo, Entry entry, long now) {
        List<Entry> next = new ArrayList<>(entries);
        int at = indexOf(entry.breach().id());
        if (at >= 0) {
            next.set(at, entry);
        } else {
            next.add(entry);
        }
        return new Gathering(newTo, entries.isEmpty() ? now : first, now, next);
    }

    Gathering without(String breachId) {
        List<Entry> next = new ArrayList<>(entries);
        next.removeIf(e -> e.breach().id().equals(breachId));
        return new Gathering(to, first, last, next);
    }

    private int indexOf(String breachId) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).breach().id().equals(breachId)) {
                return i;
            }
        }
        return -1;
    }
}
