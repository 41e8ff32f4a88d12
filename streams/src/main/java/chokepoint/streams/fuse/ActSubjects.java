package chokepoint.streams.fuse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The subjects of recent acts and of recent talk about acts that found no act yet, in memory, rebuilt from the
 * changelogged store {@link FuseProcessor#SUBJECTS} when the task starts.
 * <p>
 * Kept in the order they were seen, and again by act or talk and by actor: a probe reads only the subjects of its own
 * actor (and those of no actor), and the window's end is cut at its oldest. At a million items a day the index holds
 * its capacity of subjects, and a scan of all of them for every item with a measure was most of fusion's time.
 */
final class ActSubjects {

    private static final Comparator<ActSubject> SEEN = Comparator.comparing(ActSubject::seenAt).thenComparing(ActSubject::itemId);

    private final int capacity;
    private final Map<String, ActSubject> byItem = new HashMap<>();
    /** Every subject in the order seen: the window's end and the capacity cut from its head. */
    private final NavigableSet<ActSubject> bySeen = new TreeSet<>(SEEN);
    /** Acts (true) and talk (false), each by actor (the empty string for none), in the order seen. */
    private final Map<Boolean, Map<String, NavigableSet<ActSubject>>> byKindAndActor =
            Map.of(true, new HashMap<>(), false, new HashMap<>());
    /** How many acts each event holds here: talk about an act already joined by another act is left alone. */
    private final Map<String, Integer> actsByEvent = new HashMap<>();
    private Instant newest;

    /** @param capacity the most subjects kept; beyond it the oldest fall out even inside the window */
    ActSubjects(int capacity) {
        this.capacity = capacity;
    }

    void remember(ActSubject subject) {
        forget(byItem.get(subject.itemId()));
        byItem.put(subject.itemId(), subject);
        bySeen.add(subject);
        byKindAndActor.get(subject.act()).computeIfAbsent(actorKey(subject.actor()), a -> new TreeSet<>(SEEN)).add(subject);
        if (subject.act() && subject.eventId() != null) {
            actsByEvent.merge(subject.eventId(), 1, Integer::sum);
        }
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
        return candidates(act, false).stream().filter(talk -> !actsByEvent.containsKey(talk.eventId()) && talk.isAbout(act))
                .map(ActSubject::eventId).findFirst().orElse(null);
    }

    /**
     * Acts or talk other than the probe itself, in an event, of the probe's actor or of none (of any actor when the
     * probe names none), in the order seen.
     */
    private List<ActSubject> candidates(ActSubject probe, boolean acts) {
        Map<String, NavigableSet<ActSubject>> byActor = byKindAndActor.get(acts);
        List<NavigableSet<ActSubject>> sources = probe.actor() == null ? List.copyOf(byActor.values())
                : Stream.of(byActor.get(probe.actor()), byActor.get(actorKey(null))).filter(Objects::nonNull).toList();
        List<ActSubject> found = new ArrayList<>();
        for (NavigableSet<ActSubject> source : sources) {
            for (ActSubject s : source) {
                if (!s.itemId().equals(probe.itemId()) && s.eventId() != null) {
                    found.add(s);
                }
            }
        }
        if (sources.size() > 1) {
            found.sort(SEEN);
        }
        return found;
    }

    /** Forgets what is older than the window behind the newest, or over capacity, telling {@code forgotten} each item. */
    void expire(Consumer<String> forgotten) {
        if (newest == null) {
            return;
        }
        Instant horizon = newest.minus(ActSubject.WINDOW);
        while (!bySeen.isEmpty() && (bySeen.first().seenAt().isBefore(horizon) || bySeen.size() > capacity)) {
            ActSubject oldest = bySeen.first();
            forget(oldest);
            forgotten.accept(oldest.itemId());
        }
    }

    private void forget(ActSubject subject) {
        if (subject == null) {
            return;
        }
        byItem.remove(subject.itemId());
        bySeen.remove(subject);
        Map<String, NavigableSet<ActSubject>> byActor = byKindAndActor.get(subject.act());
        NavigableSet<ActSubject> sameActor = byActor.get(actorKey(subject.actor()));
        if (sameActor != null) {
            sameActor.remove(subject);
            if (sameActor.isEmpty()) {
                byActor.remove(actorKey(subject.actor()));
            }
        }
        if (subject.act() && subject.eventId() != null) {
            actsByEvent.computeIfPresent(subject.eventId(), (event, n) -> n > 1 ? n - 1 : null);
        }
    }

    private static String actorKey(String actor) {
        return actor == null ? "" : actor;
    }

    int size() {
        return byItem.size();
    }
}
