package chokepoint.alerts.threshold;

import chokepoint.config.ThresholdRule;
import chokepoint.records.Breach;
import chokepoint.records.UncountedIndicator;
import chokepoint.topics.RecordTime;
import chokepoint.topics.Topics;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts each rule's indicators per group over a sliding window of indicator time and raises a breach when the group
 * crosses the rule's level ({@link Evaluation}): FIRING once at the crossing, updated under the same id while more
 * indicators arrive (coalesced: at most one update per breach each {@code updateInterval}), RESOLVED when the window
 * has moved on, when the rule was changed or deleted, or when the indicators that made it were withdrawn.
 *
 * <p>Every indicator a rule selects counts in the window of its own time: one that arrives after newer ones (a
 * poll that brings several notices, the notices published during an outage) raises the breach of its time or joins
 * it, up to the rule's grace behind the group's newest indicator; older ones are written to
 * {@code chokepoint.uncounted} with the reason. Stream time, not the wall clock, moves the windows, so replays and
 * tests give the breaches live running gives; rule changes are applied within a second of wall-clock time.
 *
 * <p>State per group is of constant size ({@link GroupState}); the indicators are one record each
 * ({@link RememberedRefs}) and the breaches too ({@link Episodes}).
 */
final class ThresholdProcessor implements Processor<String, RuleHits, String, Object> {

    static final String GROUPS = "threshold-groups";
    static final String PENDING = "threshold-pending";
    static final String DUE = "threshold-due";
    /**
     * How often stream time is checked for windows that emptied without a new indicator arriving. Each check reads
     * every group's state, so it runs hourly: windows are days long, and a group that receives an indicator is
     * brought up to date at once anyway.
     */
    private static final Duration RESOLVE_CHECK = Duration.ofHours(1);
    private static final Duration RULE_CHECK = Duration.ofSeconds(1);
    /** How often, in stream time, every group is visited to forget what left its memory, and idle groups. */
    private static final Duration FORGET_CHECK = Duration.ofDays(1);
    /** A breach carries the newest indicators of its window; its figures count them all. */
    private static final int MAX_INDICATORS_IN_BREACH = 50;

    private final RuleBook rules;
    private final Duration updateInterval;
    private final boolean uncountedOut;
    private ProcessorContext<String, Object> context;
    private GroupStates groups;
    private KeyValueStore<String, String> pending;
    private KeyValueStore<String, String> due;
    private RememberedRefs refs;
    private RecentWindows windows;
    private Episodes episodes;
    private long rulesApplied = Long.MIN_VALUE;
    /** The keys in {@code pending}, so that a burst of hits on one firing group writes the store once. */
    private final java.util.Set<String> pendingKeys = new java.util.HashSet<>();

    /**
     * @param updateInterval least time between two updates of one firing breach (wall clock); zero sends each at once
     * @param uncountedOut   whether indicators too late to count are written out (live), or only left uncounted
     */
    ThresholdProcessor(RuleBook rules, Duration updateInterval, boolean uncountedOut) {
        this.rules = rules;
        this.updateInterval = updateInterval;
        this.uncountedOut = uncountedOut;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.refs = new RememberedRefs(context.getStateStore(RememberedRefs.STORE));
        this.groups = new GroupStates(context.getStateStore(GROUPS), refs);
        this.pending = context.getStateStore(PENDING);
        this.due = context.getStateStore(DUE);
        this.windows = new RecentWindows(refs);
        this.episodes = new Episodes(context.getStateStore(Episodes.STORE));
        rules.loadFrom(context.getStateStore(RuleBook.STORE));
        try (KeyValueIterator<String, String> held = pending.all()) {
            held.forEachRemaining(entry -> pendingKeys.add(entry.key));
        }
        context.schedule(RESOLVE_CHECK, PunctuationType.STREAM_TIME, this::resolveDue);
        context.schedule(FORGET_CHECK, PunctuationType.STREAM_TIME, this::forgetIdle);
        context.schedule(RULE_CHECK, PunctuationType.WALL_CLOCK_TIME, ignored -> applyRuleChanges());
        if (!updateInterval.isZero()) {
            context.schedule(updateInterval, PunctuationType.WALL_CLOCK_TIME, ignored -> sendPendingUpdates());
        }
    }

    @Override
    public void process(Record<String, RuleHits> record) {
        applyRuleChanges();
        for (RuleHit hit : record.value().resolved()) {
            count(hit);
        }
    }

    private void count(RuleHit hit) {
        String key = hit.stateKey();
        GroupState group = groups.get(key);
        if (hit.retract()) {
            if (group != null) {
                windows.changed(key);
                groups.put(key, track(key, withdraw(key, group, hit.ref()), true));
            }
            return;
        }
        ThresholdRule rule = rules.get(hit.ruleId());
        if (rule == null) {
            return;
        }
        group = group == null ? GroupState.empty(rule) : group;
        Breach.IndicatorRef ref = hit.ref();
        Instant at = ref.occurredAt();
        if (group.newest() != null && !at.isAfter(group.newest().minus(rule.grace()))) {
            uncounted(hit, group.newest());
            return;
        }
        RememberedRefs.Seen seen = remember(key, group, ref);
        if (seen != RememberedRefs.Seen.NEW) {
            // Seen before (a fusion update, a replayed record): counted once; a firing breach shows the better copy.
            if (seen == RememberedRefs.Seen.CHANGED) {
                windows.changed(key);
                if (group.firing()) {
                    update(key, group, group.newest());
                }
            }
            return;
        }
        boolean inOrder = group.newest() == null || !at.isBefore(group.newest());
        if (inOrder) {
            GroupState counted = inOrder(key, group, ref);
            windows.counted(key, group.newest(), group.rule().span(), ref);
            groups.counted(key, track(key, counted, false));
        } else {
            windows.changed(key);
            groups.put(key, track(key, late(key, group, ref), true));
        }
    }

    /**
     * Keeps the reference in the group. One newer than the group's clock cannot be there yet (a group's references
     * are never newer than its clock), so it is written without the lookup that every hit paid before.
     */
    private RememberedRefs.Seen remember(String key, GroupState group, Breach.IndicatorRef ref) {
        return group.newest() == null || ref.occurredAt().isAfter(group.newest())
                ? refs.add(key, ref)
                : refs.remember(key, ref);
    }

    /** The group's clock moves to the new indicator's time: what left the window is taken out, then it counts. */
    private GroupState inOrder(String key, GroupState group, Breach.IndicatorRef ref) {
        Instant at = ref.occurredAt();
        Instant previous = group.newest();
        GroupState moved = moveClock(key, group, at);
        // The moved figures do not count the new indicator yet: they say whether the group still fires without it.
        boolean stillFires = moved.firing() && (ThresholdRule.ESCALATION.equals(moved.rule().kind())
                ? fires(key, moved, at, ref.id())
                : Evaluation.fromFigures(moved.rule(), moved.count(), moved.severitySum(), moved.baselineCount()).fires());
        if (moved.firing() && !stillFires) {
            // The open breach's window emptied before this indicator: it ends first, at the moment it emptied, so that
            // an indicator long after starts a breach of its own.
            // Its record is of that moment too, so that it gathers what the breach held, not the new indicator.
            Instant emptied = Moments.earlier(previous.plus(group.rule().window()), at.minusMillis(1));
            moved = resolve(key, moved, emptied, emptied, Breach.WINDOW_MOVED_ON);
        }
        GroupState counted = moved.withFigures(at, moved.count() + 1, moved.severitySum() + ref.severity(), moved.baselineCount());
        return evaluate(key, counted, at, at, true);
    }

    /**
     * An indicator older than the group's newest counts at its own time: it joins the breach that was firing then,
     * or raises the breach of the moment the group crossed because of it (resolved at once when the group is below
     * its level at its clock), or simply counts.
     */
    private GroupState late(String key, GroupState group, Breach.IndicatorRef ref) {
        ThresholdRule rule = group.rule();
        Instant at = ref.occurredAt();
        Instant clock = group.newest();
        GroupState counted = group;
        if (at.isAfter(clock.minus(rule.window()))) {
            counted = group.withFigures(clock, group.count() + 1, group.severitySum() + ref.severity(), group.baselineCount());
        } else if (at.isAfter(clock.minus(rule.span()))) {
            counted = group.withFigures(clock, group.count(), group.severitySum(), group.baselineCount() + 1);
        }
        Instant end = Moments.earlier(clock, at.plus(rule.span()));
        List<Breach.IndicatorRef> around = refs.between(key, at.minus(rule.span()), end);
        Instant crossing = Evaluation.firstCrossing(rule, around, at, end);
        Episode joined = episodes.gathering(key, crossing == null ? at : crossing, rule.window(), rule.memory());
        if (joined == null && crossing != null) {
            // A breach that began soon after this crossing is the same episode, begun earlier than it knew.
            joined = episodes.firedBetween(key, crossing, crossing.plus(rule.window())).stream().findFirst().orElse(null);
        }
        if (joined != null) {
            return firesAgainToday(key, join(key, counted, joined, at));
        }
        if (crossing == null) {
            return counted;
        }
        Episode raised = reopenOrNew(key, rule, crossing);
        if (!counted.firing() && fires(key, counted, clock, null)) {
            // It still fires today: this is the group's open breach.
            GroupState opened = counted.withOpen(raised);
            emit(key, opened, raised, Breach.State.FIRING, clock, null);
            return opened;
        }
        emit(key, counted, raised, Breach.State.FIRING, crossing, null);
        Instant fell = Evaluation.fellBelow(rule, around, crossing, end);
        Episode ended = raised.resolved(fell);
        episodes.put(key, ended);
        emit(key, counted, ended, Breach.State.RESOLVED, fell, Breach.WINDOW_MOVED_ON);
        return counted;
    }

    /**
     * A group left below its level at its clock (a breach raised late and resolved at once) that a later late indicator
     * brings back to its level fires again: in the order the indicators happened it never stopped firing.
     */
    private GroupState firesAgainToday(String key, GroupState group) {
        Instant clock = group.newest();
        if (group.firing() || !fires(key, group, clock, null)) {
            return group;
        }
        Episode raised = reopenOrNew(key, group.rule(), clock);
        GroupState opened = group.withOpen(raised);
        emit(key, opened, raised, Breach.State.FIRING, clock, null);
        return opened;
    }

    /** A late indicator joins a breach: an open one is updated, a resolved one says again what it gathered. */
    private GroupState join(String key, GroupState group, Episode episode, Instant at) {
        if (episode.open()) {
            update(key, group, group.newest());
        } else {
            emit(key, group, episode, Breach.State.RESOLVED, episode.resolvedAt(), Breach.WINDOW_MOVED_ON);
        }
        return group;
    }

    /** An indicator that no longer counts here leaves the group; a breach it held up resolves. */
    private GroupState withdraw(String key, GroupState group, Breach.IndicatorRef ref) {
        if (!refs.contains(key, ref)) {
            return group;
        }
        refs.delete(key, ref);
        ThresholdRule rule = group.rule();
        Instant at = ref.occurredAt();
        Instant clock = group.newest();
        GroupState less = group;
        if (at.isAfter(clock.minus(rule.window()))) {
            less = group.withFigures(clock, group.count() - 1, group.severitySum() - ref.severity(), group.baselineCount());
        } else if (at.isAfter(clock.minus(rule.span()))) {
            less = group.withFigures(clock, group.count(), group.severitySum(), group.baselineCount() - 1);
        }
        if (!less.firing()) {
            return less;
        }
        if (fires(key, less, clock, null)) {
            update(key, less, clock);
            return less;
        }
        return resolve(key, less, clock, clock, Breach.INDICATOR_WITHDRAWN);
    }

    /**
     * Moves the group's clock to {@code at}: indicators that left the window (or the baseline) come out of its
     * figures. Only those that left are read, so each indicator is read here at most twice in its life.
     */
    private GroupState moveClock(String key, GroupState group, Instant at) {
        if (group.newest() == null) {
            return group.withFigures(at, 0, 0, 0);
        }
        return figuresAt(key, group, at);
    }

    /** The group's figures at {@code at}, not before its clock, from its figures at its clock and what left since. */
    private GroupState figuresAt(String key, GroupState group, Instant at) {
        ThresholdRule rule = group.rule();
        Instant before = group.newest();
        int count = group.count();
        long sum = group.severitySum();
        int baseline = group.baselineCount();
        for (RecentWindows.Entry left : windows.between(key, before, rule.span(), before.minus(rule.window()),
                at.minus(rule.window()))) {
            count--;
            sum -= left.severity();
            baseline++;
        }
        if (rule.comparesBaseline()) {
            baseline -= windows.between(key, before, rule.span(), before.minus(rule.baseline()),
                    at.minus(rule.baseline())).size();
        } else {
            baseline = 0;
        }
        return group.withFigures(at, count, sum, baseline);
    }

    /** Whether the group is still at its level at {@code now}, later than its clock, with nothing new. */
    private boolean firesLater(String key, GroupState group, Instant now) {
        if (ThresholdRule.ESCALATION.equals(group.rule().kind())) {
            return fires(key, group, now, null);
        }
        GroupState later = figuresAt(key, group, now);
        return Evaluation.fromFigures(group.rule(), later.count(), later.severitySum(), later.baselineCount()).fires();
    }

    /** Deletes what left the group's memory, at most once a day of its clock: the work is a range read. */
    private GroupState forgetOld(String key, GroupState group) {
        Instant horizon = group.newest().minus(group.rule().memory());
        if (group.forgotten() != null && horizon.isBefore(group.forgotten().plus(Duration.ofDays(1)))) {
            return group;
        }
        refs.forget(key, horizon);
        episodes.forget(key, horizon);
        return group.withForgotten(horizon);
    }

    /**
     * Brings a group up to {@code now}: raises, updates or resolves its breach. {@code changed} says whether a new
     * indicator arrived (an update is only worth a record then).
     */
    private GroupState evaluate(String key, GroupState group, Instant now, Instant crossingAt, boolean changed) {
        boolean fires = fires(key, group, now, null);
        if (!group.firing() && fires) {
            Episode raised = reopenOrNew(key, group.rule(), crossingAt);
            GroupState opened = group.withOpen(raised);
            emit(key, opened, raised, Breach.State.FIRING, now, null);
            notPending(key);
            return opened;
        }
        if (group.firing() && !fires) {
            return resolve(key, group, now, now, Breach.WINDOW_MOVED_ON);
        }
        if (group.firing() && changed) {
            update(key, group, now);
        }
        return group;
    }

    /**
     * Opens a breach crossing at {@code at}: the one resolved less than a window before if there is one (a group that
     * dips below its level and comes back is one episode, not a repeat), else a new one.
     */
    private Episode reopenOrNew(String key, ThresholdRule rule, Instant at) {
        Episode last = episodes.lastBefore(key, at);
        Episode opened = last != null && !last.open() && at.isBefore(last.resolvedAt().plus(rule.window()))
                ? last.reopened()
                : new Episode(chokepoint.records.BreachIds.of(rule.id(), key.substring(key.indexOf('|') + 1), at), at, null);
        episodes.put(key, opened);
        return opened;
    }

    private GroupState resolve(String key, GroupState group, Instant resolvedAt, Instant now, String reason) {
        Episode ended = group.open().resolved(resolvedAt);
        episodes.put(key, ended);
        notPending(key);
        GroupState resolved = group.withOpen(null);
        emit(key, resolved, ended, Breach.State.RESOLVED, now, reason);
        return resolved;
    }

    /** A firing breach gathered something: sent at once, or at the next update round. */
    private void update(String key, GroupState group, Instant now) {
        if (updateInterval.isZero()) {
            emit(key, group, group.open(), Breach.State.FIRING, now, null);
        } else if (pendingKeys.add(key)) {
            pending.put(key, group.open().breachId());
        }
    }

    private void notPending(String key) {
        if (pendingKeys.remove(key)) {
            pending.delete(key);
        }
    }

    private void sendPendingUpdates() {
        for (String key : List.copyOf(pendingKeys)) {
            GroupState group = groups.get(key);
            if (group != null && group.firing()) {
                emit(key, group, group.open(), Breach.State.FIRING, group.newest(), null);
            }
            notPending(key);
        }
    }

    /** Whether the group is at or above its level at {@code now}, leaving out {@code without} (an indicator id). */
    private boolean fires(String key, GroupState group, Instant now, String without) {
        ThresholdRule rule = group.rule();
        boolean atClock = now.equals(group.newest());
        if (atClock && without == null && !ThresholdRule.ESCALATION.equals(rule.kind())) {
            return Evaluation.fromFigures(rule, group.count(), group.severitySum(), group.baselineCount()).fires();
        }
        List<Breach.IndicatorRef> remembered = refs.between(key, now.minus(rule.span()), now);
        if (without != null) {
            remembered.removeIf(ref -> ref.id().equals(without));
        }
        return Evaluation.of(rule, remembered, now).fires();
    }

    private void uncounted(RuleHit hit, Instant newest) {
        if (uncountedOut) {
            UncountedIndicator skipped = new UncountedIndicator(hit.ref().id(), hit.ref().title(), hit.ruleId(),
                    hit.groupKey(), hit.ref().occurredAt(), newest, "older than the rule's grace ("
                    + Durations.human(rules.get(hit.ruleId()).grace()) + ") behind its group's newest indicator");
            context.forward(new Record<>(hit.ref().id() + "|" + hit.stateKey(), (Object) skipped,
                    RecordTime.of(newest, Instant.ofEpochMilli(context.currentSystemTimeMs()), Topics.UNCOUNTED)));
        }
    }

    /**
     * Applies rules changed since the last look to the groups that follow them: a deleted rule resolves its breaches
     * and forgets its groups; a rule whose selectors changed does too and counts anew (its memory was chosen by the
     * old selectors); any other change (level, window, kind, name) re-evaluates each group at its clock at once.
     */
    private void applyRuleChanges() {
        long version = rules.version();
        if (version == rulesApplied) {
            return;
        }
        rulesApplied = version;
        groups.all().forEach((key, group) -> {
            if (!group.rule().sameRuleAs(rules.get(group.rule().id()))) {
                applyRule(key, group);
            }
        });
    }

    private void applyRule(String key, GroupState group) {
        ThresholdRule before = group.rule();
        ThresholdRule now = rules.get(before.id());
        if (now == null || !RuleSelector.sameSelection(before, now)) {
            if (group.firing()) {
                resolve(key, group, group.newest(), group.newest(), now == null ? Breach.RULE_DELETED : Breach.RULE_CHANGED);
            }
            refs.forget(key, null);
            windows.changed(key);
            episodes.forget(key, null);
            notPending(key);
            track(key, group.withOpen(null), false);
            groups.delete(key);
            return;
        }
        Instant clock = group.newest();
        windows.changed(key);
        GroupState recounted = group.withRule(now).recountedAt(clock, refs.between(key, clock.minus(now.span()), clock));
        boolean fires = fires(key, recounted, clock, null);
        GroupState next;
        if (recounted.firing() && !fires) {
            next = resolve(key, recounted, clock, clock, Breach.RULE_CHANGED);
        } else {
            next = evaluate(key, recounted, clock, clock, true);
        }
        groups.put(key, track(key, next, true));
    }

    /**
     * Keeps a firing group listed in the {@code threshold-due} store under the moment its level may first fall: its
     * oldest indicator in the window plus the window. Found again only when that indicator may have changed (it left
     * the window, or {@code recheck}: an older one arrived late or one was withdrawn), so a burst on a firing group
     * reads nothing for it.
     */
    private GroupState track(String key, GroupState group, boolean recheck) {
        Instant wanted = null;
        if (group.firing()) {
            if (!recheck && group.due() != null && group.due().isAfter(group.newest())) {
                return group;
            }
            wanted = mayFallAt(key, group, group.newest());
        }
        if (java.util.Objects.equals(wanted, group.due())) {
            return group;
        }
        if (group.due() != null) {
            due.delete(dueKey(group.due(), key));
        }
        if (wanted != null) {
            due.put(dueKey(wanted, key), key);
        }
        return group.withDue(wanted);
    }

    /**
     * The first moment a group's level may fall with nothing new arriving, from {@code figures} (its figures at
     * {@code at}): when enough of its window's indicators have left that its count or severity sum is below the level;
     * for a rate or an escalation rule, when its oldest leaves. Every moment listed costs a visit with reads and
     * writes, and a group far above its level was visited each time one of its indicators left.
     */
    private Instant mayFallAt(String key, GroupState figures, Instant at) {
        ThresholdRule rule = figures.rule();
        Breach.IndicatorRef falls = refs.leaving(key, at.minus(rule.window()), at, (left, severityLeft) -> switch (rule.kind()) {
            case ThresholdRule.SEVERITY_SUM -> figures.severitySum() - severityLeft < rule.threshold();
            case ThresholdRule.RATE, ThresholdRule.ESCALATION -> true;
            default -> figures.count() - left < rule.threshold();
        });
        return falls == null ? at : falls.occurredAt().plus(rule.window());
    }

    private static String dueKey(Instant at, String stateKey) {
        return Moments.sortable(at) + "|" + stateKey;
    }

    /**
     * Resolves breaches whose window emptied while nothing arrived for their group: only the groups whose level may
     * have fallen by stream time are read (the {@code threshold-due} store, in time order), so the hourly check costs
     * what is due, not every group.
     */
    private void resolveDue(long streamTime) {
        Instant now = Instant.ofEpochMilli(streamTime);
        List<String> dueKeys = new ArrayList<>();
        try (KeyValueIterator<String, String> reached = due.range(dueKey(Instant.ofEpochMilli(Long.MIN_VALUE), ""), dueKey(now, "~"))) {
            reached.forEachRemaining(entry -> dueKeys.add(entry.value));
        }
        for (String key : dueKeys) {
            GroupState group = groups.get(key);
            if (group == null || !group.firing()) {
                continue;
            }
            if (!now.isAfter(group.newest()) || firesLater(key, group, now)) {
                // Still at its level: listed again under the first moment it may fall from here.
                Instant at = now.isAfter(group.newest()) ? now : group.newest();
                Instant next = mayFallAt(key, at.equals(group.newest()) ? group : figuresAt(key, group, at), at);
                if (next.isAfter(group.due())) {
                    due.delete(dueKey(group.due(), key));
                    due.put(dueKey(next, key), key);
                    groups.put(key, group.withDue(next));
                }
                continue;
            }
            Instant emptied = Moments.earlier(now, group.newest().plus(group.rule().window()));
            Episode ended = group.open().resolved(emptied);
            episodes.put(key, ended);
            notPending(key);
            emit(key, group, ended, Breach.State.RESOLVED, now, Breach.WINDOW_MOVED_ON);
            groups.put(key, track(key, group.withOpen(null), false));
        }
    }

    /** Daily in stream time: forgets what left each group's memory, and groups idle for longer than it. */
    private void forgetIdle(long streamTime) {
        Instant now = Instant.ofEpochMilli(streamTime);
        groups.all().forEach((key, group) -> {
            if (group.newest() == null) {
                return;
            }
            if (!group.firing() && !now.isBefore(group.newest().plus(group.rule().memory()))) {
                refs.forget(key, null);
                windows.changed(key);
                episodes.forget(key, null);
                groups.delete(key);
                return;
            }
            GroupState kept = forgetOld(key, group);
            if (!kept.equals(group)) {
                groups.put(key, kept);
            }
        });
    }

    private void emit(String key, GroupState group, Episode episode, Breach.State state, Instant now, String reason) {
        ThresholdRule rule = group.rule();
        String groupKey = key.substring(key.indexOf('|') + 1);
        List<Breach.IndicatorRef> remembered = refs.between(key, now.minus(rule.span()), now);
        Evaluation evaluation = Evaluation.of(rule, remembered, now);
        List<Breach.IndicatorRef> inside = state == Breach.State.RESOLVED
                // The resolution keeps the breach's evidence: what it gathered while it fired, not the empty window.
                ? refs.between(key, episode.firedAt().minus(rule.window()), now)
                : evaluation.inside();
        String actor = groupKey.equals("all") ? null : groupKey.split("->")[0];
        java.util.Set<String> sectors = AciAdvisor.collect(inside, Breach.IndicatorRef::sectors);
        Breach breach = new Breach(episode.breachId(), rule.id(), rule.name(), rule.kind(), groupKey, actor,
                List.copyOf(AciAdvisor.collect(inside, Breach.IndicatorRef::targets)), List.copyOf(sectors), state,
                inside.size(), evaluation.value(), rule.threshold(), rule.window().toString(), episode.firedAt(), now,
                inside.subList(Math.max(0, inside.size() - MAX_INDICATORS_IN_BREACH), inside.size()),
                AciAdvisor.criteria(inside, rule.window()), AciAdvisor.responseOptions(inside),
                actor == null ? List.of() : AciAdvisor.counterLeverage(actor, sectors), reason);
        // The breach's own times say when; the record's timestamp must be one the broker takes (an indicator dated
        // hours ahead once made a breach the broker refused, and the application stopped).
        context.forward(new Record<>(breach.id(), (Object) breach,
                RecordTime.of(now, Instant.ofEpochMilli(context.currentSystemTimeMs()), Topics.BREACHES)));
    }
}
