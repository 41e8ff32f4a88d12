package chokepoint.streams.fuse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The subjects of recent acts and of recent talk about acts that found no act yet, in memory, rebuilt from the
 * changelogged store {@link FuseProcessor#SUBJECTS} when the task starts. Acts are few (hundreds a month, where
 * items are thousands a day), so a scan of those of one actor is cheap.
 */
final class ActSubjects {

    private final int capacity;
    private final Map<String, ActSubject> byItem = new HashMap<>();
    private Instant newest;

    /** @param capacity the most subjects kept; beyond it the oldest fall out even inside the window */
    ActSubjects(int capacity) {
        this.capacity = capacity;
    }

    void remember(ActSubject subject) {
        byItem.put(subject.itemId(), subject);
        if (newest == null || subject.seenAt().isAfter(newest)) {
            newest = subject.seenAt();
        }
    }

    /** The event of the act this talk is about, the earliest when several are. */
    String actOf(ActSubject talk) {
        return candidates(talk, true).stream().filter(talk::isAbout).map(ActSubject::eventId).findFirst().orElse(null);
    }

    /** The event of talk that came before its act and is about this act, unless another act has joined it since. */
    String talkAbout(ActSubject act) {
        java.util.Set<String> withAct = new java.util.HashSet<>();
        byItem.values().stream().filter(ActSubject::act).forEach(s -> withAct.add(s.eventId()));
        return candidates(act, false).stream().filter(talk -> !withAct.contains(talk.eventId()) && talk.isAbout(act))
                .map(ActSubject::eventId).findFirst().orElse(null);
    }

    private List<ActSubject> candidates(ActSubject probe, boolean acts) {
        List<ActSubject> found = new ArrayList<>();
        for (ActSubject s : byItem.values()) {
            if (s.act() == acts && !s.itemId().equals(probe.itemId()) && s.eventId() != null
                    && (probe.actor() == null || s.actor() == null || probe.actor().equals(s.actor()))) {
                found.add(s);
            }
        }
        found.sort(Comparator.comparing(ActSubject::seenAt).thenComparing(ActSubject::itemId));
        return found;
    }

    /** Forgets what is older than the window behind the newest, or over capacity, telling {@code forgotten} each item. */
    void expire(Consumer<String> forgotten) {
        if (newest == null) {
            return;
        }
        Instant horizon = newest.minus(ActSubject.WINDOW);
        List<ActSubject> old = new ArrayList<>();
        byItem.values().stream().filter(s -> s.seenAt().isBefore(horizon)).forEach(old::add);
        if (byItem.size() - old.size() > capacity) {
            byItem.values().stream().filter(s -> !s.seenAt().isBefore(horizon)).sorted(Comparator.comparing(ActSubject::seenAt))
                    .limit(byItem.size() - old.size() - capacity).forEach(old::add);
        }
        for (ActSubject s : old) {
            byItem.remove(s.itemId());
            forgotten.accept(s.itemId());
        }
    }

    int size() {
        return byItem.size();
    }
}
