package chokepoint.ingest;

import chokepoint.records.Breach;
import chokepoint.records.SourceState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceHealthTest {

    private static final Instant T0 = Instant.parse("2025-10-01T00:00:00Z");

    /** A source that brought something new every day for a week. */
    private static SourceState dailySource() {
        SourceState state = SourceState.initial("daily");
        for (int day = 0; day < 7; day++) {
            state = state.withNewItems(T0.plus(Duration.ofDays(day)));
        }
        return state;
    }

    @Test
    void aSourceSilentForFiveTimesItsRhythmRaisesASilenceBreachResolvedWhenItSpeaksAgain() {
        SourceState state = dailySource();
        assertEquals(1.0, state.itemsPerDay(), 0.01);
        Instant lastItem = T0.plus(Duration.ofDays(6));
        assertNull(SourceHealth.onSuccess(state, state, 0, lastItem.plus(Duration.ofDays(4))), "four quiet days are normal enough");

        Breach silent = SourceHealth.onSuccess(state, state, 0, lastItem.plus(Duration.ofDays(6)));
        assertEquals(Breach.State.FIRING, silent.state());
        assertEquals("Source silent: daily", silent.ruleName());
        SourceState tracked = SourceHealth.track(state, silent);
        assertEquals(silent.id(), tracked.healthBreachId());

        assertNull(SourceHealth.onSuccess(tracked, tracked, 0, lastItem.plus(Duration.ofDays(7))), "still silent: no repeat");
        Breach back = SourceHealth.onSuccess(tracked, tracked, 2, lastItem.plus(Duration.ofDays(8)));
        assertEquals(Breach.State.RESOLVED, back.state());
        assertEquals(silent.id(), back.id());
        assertNull(SourceHealth.track(tracked, back).healthBreachId());
    }

    @Test
    void aFailureBreachResolvesAtTheNextSuccess() {
        SourceState failing = new SourceState("broken", null, null, T0, null, 500, "HTTP 500", 3, 0, null, null, null);
        Breach raised = SourceHealth.onFailure(failing, T0);
        assertTrue(raised.id().startsWith("source-health~broken~"), raised.id());
        SourceState tracked = failing.withHealthBreach(raised.id());
        Breach resolved = SourceHealth.onSuccess(tracked, tracked, 0, T0.plusSeconds(60));
        assertEquals(Breach.State.RESOLVED, resolved.state());
        assertEquals(raised.id(), resolved.id());
    }

    @Test
    void aNewSourceWithoutARhythmIsNeverCalledSilent() {
        SourceState fresh = SourceState.initial("new").withNewItems(T0);
        assertNull(SourceHealth.onSuccess(fresh, fresh, 0, T0.plus(Duration.ofDays(30))));
    }

    @Test
    void aSourceThatNeverFoundAnythingIsSilentADayAfterItsFirstPoll() {
        SourceState never = SourceState.initial("never").succeeded(T0, 200, null, null, 0, 0);
        assertEquals(T0, never.firstSeen());
        assertNull(SourceHealth.onSuccess(never, never, 0, T0.plus(Duration.ofHours(20))), "not yet a day");
        Breach silent = SourceHealth.onSuccess(never, never, 0, T0.plus(Duration.ofHours(25)));
        assertEquals(Breach.State.FIRING, silent.state());
        assertTrue(silent.criteria().get(0).figure().contains("nothing since it was first polled"), silent.criteria().toString());
        SourceState listing = SourceState.initial("quiet").succeeded(T0, 200, null, null, 0, 12);
        assertNull(SourceHealth.onSuccess(listing, listing, 0, T0.plus(Duration.ofDays(3))),
                "a source that lists entries, none of them new, is alive (a filtered sitemap, a baseline list)");
    }
}
