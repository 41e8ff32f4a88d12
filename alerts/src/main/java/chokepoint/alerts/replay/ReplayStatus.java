package chokepoint.alerts.replay;

import java.time.Instant;

/**
 * A replay as the API and the page show it.
 *
 * @param state   RUNNING, DONE or FAILED
 * @param read    items read so far
 * @param total   items to read
 * @param phase   what it is doing
 * @param error   why it failed, or null
 * @param result  what it found, when DONE
 */
public record ReplayStatus(String id, String owner, Instant from, Instant to, boolean customRules, boolean customClassifier,
                           State state, long read, long total, String phase, Instant startedAt, Instant finishedAt,
                           String error, ReplayResult result) {

    public enum State { RUNNING, DONE, FAILED }

    ReplayStatus progressed(ReplayRun.Progress progress) {
        return new ReplayStatus(id, owner, from, to, customRules, customClassifier, state, progress.read(), progress.total(),
                progress.phase(), startedAt, finishedAt, error, result);
    }

    ReplayStatus done(ReplayResult found, Instant at) {
        return new ReplayStatus(id, owner, from, to, customRules, customClassifier, State.DONE, total, total, "done", startedAt,
                at, null, found);
    }

    ReplayStatus failed(String why, Instant at) {
        return new ReplayStatus(id, owner, from, to, customRules, customClassifier, State.FAILED, read, total, "failed", startedAt,
                at, why, null);
    }
}
