package chokepoint.streams.fuse;

import chokepoint.records.Measure;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The indexed {@link ActSubjects} answers as a scan of every subject does (the way it answered before it was indexed):
 * the same act for talk, the same talk for an act, the same subjects forgotten at the window's end and over capacity.
 */
class ActSubjectsTest {

    /** Subjects over about 15 days are kept: both the window's end and the capacity forget some. */
    private static final int CAPACITY = 1_400;
    private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    private static final String[] ACTORS = {null, "CN", "US", "EU"};
    private static final String[] WORDS = {"rare", "earth", "gallium", "entities", "listing", "magnets", "steel", "pork",
            "brandy", "drones", "chips", "lithium"};

    @Test
    void answersAsAScanOfEverySubjectDoes() {
        Random random = new Random(20261207);
        ActSubjects indexed = new ActSubjects(CAPACITY);
        Map<String, ActSubject> scanned = new HashMap<>();
        List<String> forgottenByIndex = new ArrayList<>();
        List<String> forgottenByScan = new ArrayList<>();
        int matched = 0;
        for (int i = 0; i < 3_000; i++) {
            ActSubject subject = subject(random, i);
            ActSubject probe = subject(random, 100_000 + i);
            String expectedAct = actOf(scanned, probe);
            String expectedTalk = talkAbout(scanned, probe);
            assertEquals(expectedAct, indexed.actOf(probe), "act of " + probe);
            assertEquals(expectedTalk, indexed.talkAbout(probe), "talk about " + probe);
            matched += (expectedAct != null ? 1 : 0) + (expectedTalk != null ? 1 : 0);
            indexed.remember(subject);
            scanned.put(subject.itemId(), subject);
            indexed.expire(forgottenByIndex::add);
            expire(scanned, CAPACITY, forgottenByScan::add);
            assertEquals(Set.copyOf(forgottenByScan), Set.copyOf(forgottenByIndex), "forgotten after " + subject);
            assertEquals(scanned.size(), indexed.size());
        }
        assertTrue(matched > 100, "the probes found acts and talk " + matched + " times: the comparison compared something");
        assertTrue(forgottenByScan.size() > 1_000, forgottenByScan.size() + " forgotten");
    }

    private static ActSubject subject(Random random, int n) {
        List<String> words = new ArrayList<>();
        for (int w = 0; w < 3 + random.nextInt(3); w++) {
            words.add(WORDS[random.nextInt(5 + n % 7)]);
        }
        boolean act = random.nextBoolean();
        Instant seen = START.plus(Duration.ofHours(n % 100_000 / 4 + random.nextInt(48)));
        String event = random.nextInt(10) == 0 ? null : "e" + random.nextInt(400);
        return new ActSubject(event, "i" + n, act, !act, String.join(" ", words), Measure.EXPORT_CONTROL,
                ACTORS[random.nextInt(ACTORS.length)], List.of(), seen);
    }

    // The scan the index replaced, as it was.

    private static String actOf(Map<String, ActSubject> all, ActSubject talk) {
        return candidates(all, talk, true).stream().filter(talk::isAbout).map(ActSubject::eventId).findFirst().orElse(null);
    }

    private static String talkAbout(Map<String, ActSubject> all, ActSubject act) {
        Set<String> withAct = new HashSet<>();
        all.values().stream().filter(ActSubject::act).forEach(s -> withAct.add(s.eventId()));
        return candidates(all, act, false).stream().filter(talk -> !withAct.contains(talk.eventId()) && talk.isAbout(act))
                .map(ActSubject::eventId).findFirst().orElse(null);
    }

    private static List<ActSubject> candidates(Map<String, ActSubject> all, ActSubject probe, boolean acts) {
        List<ActSubject> found = new ArrayList<>();
        for (ActSubject s : all.values()) {
            if (s.act() == acts && !s.itemId().equals(probe.itemId()) && s.eventId() != null
                    && (probe.actor() == null || s.actor() == null || probe.actor().equals(s.actor()))) {
                found.add(s);
            }
        }
        found.sort(Comparator.comparing(ActSubject::seenAt).thenComparing(ActSubject::itemId));
        return found;
    }

    private static void expire(Map<String, ActSubject> all, int capacity, java.util.function.Consumer<String> forgotten) {
        Instant newest = all.values().stream().map(ActSubject::seenAt).max(Comparator.naturalOrder()).orElseThrow();
        Instant horizon = newest.minus(ActSubject.WINDOW);
        List<ActSubject> old = new ArrayList<>(all.values().stream().filter(s -> s.seenAt().isBefore(horizon)).toList());
        if (all.size() - old.size() > capacity) {
            all.values().stream().filter(s -> !s.seenAt().isBefore(horizon))
                    .sorted(Comparator.comparing(ActSubject::seenAt).thenComparing(ActSubject::itemId))
                    .limit(all.size() - old.size() - capacity).forEach(old::add);
        }
        old.forEach(s -> {
            all.remove(s.itemId());
            forgotten.accept(s.itemId());
        });
    }
}
