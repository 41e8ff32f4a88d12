package chokepoint.alerts.threshold;

import chokepoint.alerts.DriverProperties;
import chokepoint.config.ConfigLoader;
import chokepoint.config.ThresholdRule;
import chokepoint.records.Breach;
import chokepoint.records.Indicator;
import chokepoint.records.Json;
import chokepoint.records.Measure;
import chokepoint.records.Stage;
import chokepoint.topics.JsonSerde;
import chokepoint.topics.Lane;
import chokepoint.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * State written by the version before the binary group layout (binary JSON groups, references with their gist) is
 * read by this one: an upgrade keeps every window.
 */
class ThresholdStateUpgradeTest {

    private static final Instant T0 = Instant.parse("2025-10-09T00:00:00Z");
    private static final String THREE_IN_A_WEEK = """
            id: ec-three
            name: Export controls, 3 in 7 days
            measures: [EXPORT_CONTROL]
            window: 7d
            threshold: 3
            """;

    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> indicators;
    private TestOutputTopic<String, Breach> breaches;

    @BeforeEach
    void setUp() {
        Properties props = DriverProperties.of("threshold-upgrade-test");
        driver = new TopologyTestDriver(ThresholdTopology.build(Lane.live(), 3, Duration.ZERO), props);
        indicators = driver.createInputTopic(Topics.INDICATORS.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        breaches = driver.createOutputTopic(Topics.BREACHES.name(), Topics.BREACHES.keySerde().deserializer(),
                Topics.BREACHES.valueSerde().deserializer());
        TestInputTopic<String, byte[]> rules = driver.createInputTopic(Topics.RULES.name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        ThresholdRule rule = new ConfigLoader(Map.of()).readRule(THREE_IN_A_WEEK);
        rules.pipeInput(rule.id(), Topics.RULES.valueSerde().serializer().serialize("t", rule));
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    @Test
    void aGroupWrittenAsBinaryJsonIsReadAndTheNewLayoutRoundTrips() {
        ThresholdRule rule = new ConfigLoader(Map.of()).readRule(THREE_IN_A_WEEK);
        GroupState group = new GroupState(rule, T0, 3, 15, 0, new Episode("b-1", T0.minusSeconds(60), null), null,
                T0.plus(Duration.ofDays(7)).plusNanos(5));
        GroupStateSerde serde = new GroupStateSerde();
        byte[] legacy = JsonSerde.state(GroupState.class).serializer().serialize("t", group);
        assertNotEquals(GroupStateSerde.VERSION, legacy[0], "binary JSON never begins with the version byte");
        assertEquals(group, serde.deserializer().deserialize("t", legacy));
        byte[] binary = serde.serializer().serialize("t", group);
        assertEquals(GroupStateSerde.VERSION, binary[0]);
        assertEquals(group, serde.deserializer().deserialize("t", binary));
        binary[0] = GroupStateSerde.FIGURES_UP_TO_DATE;
        assertEquals(group, serde.deserializer().deserialize("t", binary), "the version before's layout is read alike");
        GroupState quiet = GroupState.empty(rule);
        assertEquals(quiet, serde.deserializer().deserialize("t", serde.serializer().serialize("t", quiet)));
    }

    @Test
    void storeKeysKeepTheMomentsTheyWereWrittenWith() {
        for (Instant at : List.of(T0, Instant.EPOCH, Instant.parse("1969-07-20T20:17:40Z"), Instant.ofEpochMilli(-1),
                Instant.parse("2999-12-31T23:59:59.999Z"))) {
            assertEquals(String.format("%016x", at.toEpochMilli() ^ Long.MIN_VALUE), Moments.sortable(at), at.toString());
        }
    }

    @Test
    void aReferenceIsKeptWithoutItsGistAndOneKeptWithItIsReadAlike() throws Exception {
        Breach.IndicatorRef ref = Breach.IndicatorRef.of(indicator("a", T0));
        assertNotNull(ref.gist(), "a Chinese title has a gist");
        byte[] withGist = Json.STATE_MAPPER.writeValueAsBytes(ref);
        byte[] without = StateJson.MAPPER.writeValueAsBytes(ref);
        assertTrue(without.length < withGist.length, "the gist is left out");
        assertEquals(ref, StateJson.MAPPER.readValue(withGist, Breach.IndicatorRef.class));
        assertEquals(ref, StateJson.MAPPER.readValue(without, Breach.IndicatorRef.class));
    }

    @Test
    void windowsWrittenByTheVersionBeforeKeepCounting() throws Exception {
        pipe("a", T0);
        pipe("b", T0.plus(Duration.ofDays(1)));
        assertTrue(breaches.isEmpty(), "two are below the level");

        int rewritten = rewrite("threshold-groups", bytes -> {
            GroupState group = new GroupStateSerde().deserializer().deserialize("t", bytes);
            return JsonSerde.state(GroupState.class).serializer().serialize("t", group);
        });
        rewritten += rewrite("threshold-refs", bytes -> {
            try {
                return Json.STATE_MAPPER.writeValueAsBytes(StateJson.MAPPER.readValue(bytes, Breach.IndicatorRef.class));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        rewritten += rewrite("threshold-counted", bytes -> {
            try {
                assertEquals(1, bytes[0], "kept with its time ahead");
                return Json.STATE_MAPPER.writeValueAsBytes(StateJson.MAPPER.readValue(bytes, 13, bytes.length - 13,
                        SelectRules.Counted.class));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(5, rewritten, "one group, its two references, where the two were counted");

        pipe("b", T0.plus(Duration.ofDays(1)));
        assertTrue(breaches.isEmpty(), "an indicator kept by the version before is recognised, not counted again");
        pipe("c", T0.plus(Duration.ofDays(2)));
        Breach fired = breaches.readValue();
        assertEquals(Breach.State.FIRING, fired.state());
        assertEquals(3, fired.count());
        assertEquals(List.of("a", "b", "c"), fired.indicators().stream().map(Breach.IndicatorRef::id).toList());
        assertNotNull(fired.indicators().get(0).gist(), "the breach still carries each reference's gist");
        assertEquals(GroupStateSerde.VERSION, rawValues("threshold-groups").get(0)[0],
                "the group is written in the new layout once it changes");
    }

    /**
     * What the processor keeps in memory (each group's state and its window's times, {@link GroupStates},
     * {@link RecentWindows}) is not in the changelogs: an application whose stores are restored from them (an instance
     * started on another machine, a task moved) starts with nothing in memory, and raises, updates and resolves what
     * one left running does. Restored twice here, mid-window and while a breach fires.
     */
    @Test
    void windowsRestoredFromTheChangelogsKeepCounting() {
        List<Instant> times = List.of(T0, T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(2)),
                T0.plus(Duration.ofDays(7)).plus(Duration.ofHours(1)), T0.plus(Duration.ofDays(9)).plus(Duration.ofHours(1)),
                T0.plus(Duration.ofDays(10)), T0.plus(Duration.ofDays(10)).plus(Duration.ofHours(2)));
        List<String> running = breachesOf(times, List.of());
        List<String> restored = breachesOf(times, List.of(2, 4, 5));
        assertTrue(running.size() >= 4, "it fires, is updated and resolves: " + running);
        assertEquals(running, restored);
    }

    /**
     * The changelogs main's build before the fourth round (812041f) wrote, taken mid-window and while breaches fire
     * ({@link RestoreScenario}, recorded with that build's classes), restored into this version: it makes the breaches
     * main made after each point. Its groups' clocks are always up to date (version 1 records), so nothing is caught up.
     */
    @Test
    void changelogsOfTheVersionBeforeRestoredMakeItsBreaches() throws java.io.IOException {
        RestoreScenario.Run before;
        try (var in = getClass().getResourceAsStream(RestoreScenario.RECORDING)) {
            before = RestoreScenario.read(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList());
        }
        assertTrue(before.breaches().size() > 30, "the recording fires, updates and resolves: " + before.breaches().size());
        assertTrue(before.upTo(RestoreScenario.indicators()).get("threshold-groups").stream()
                .allMatch(record -> record.value == null || record.value[0] == GroupStateSerde.FIGURES_UP_TO_DATE));
        assertEquals(before.breaches(), RestoreScenario.run(0, Map.of(), List.of()).breaches(),
                "this version, run whole, makes the breaches the version before made");
        for (int at : RestoreScenario.RESTORE_BEFORE) {
            assertEquals(before.breachesFrom(at), RestoreScenario.run(at, before.upTo(at), List.of()).breaches(),
                    "restored before indicator r" + at);
        }
    }

    /**
     * This version writes a group's state only when more than its clock and figures change, so the changelogs hold
     * clocks behind the groups' newest references; restored (mid-window, while breaches fire), the groups catch up
     * from those references and make the breaches of the run that never stopped.
     */
    @Test
    void changelogsOfThisVersionRestoredMidWindowAndWhileFiringMakeTheSameBreaches() {
        RestoreScenario.Run whole = RestoreScenario.run(0, Map.of(), RestoreScenario.RESTORE_BEFORE);
        int last = RestoreScenario.RESTORE_BEFORE.get(RestoreScenario.RESTORE_BEFORE.size() - 1);
        long groupRecords = whole.upTo(last).get("threshold-groups").size();
        assertTrue(groupRecords < 3L * last, "fewer group records than rule hits (" + groupRecords + " for " + 3 * last
                + "): states were left behind their references");
        for (int at : RestoreScenario.RESTORE_BEFORE) {
            assertEquals(whole.breachesFrom(at), RestoreScenario.run(at, whole.upTo(at), List.of()).breaches(),
                    "restored before indicator r" + at);
        }
    }

    private static final List<String> STORES = List.of("threshold-counted", "threshold-groups", "threshold-refs",
            "threshold-episodes", "threshold-pending", "threshold-due");

    /**
     * The breaches of indicators at {@code times}; before those at {@code restoreBefore} the application is closed and
     * a new one's stores are given every record its changelogs hold, in order, as a restoration writes them.
     */
    private List<String> breachesOf(List<Instant> times, List<Integer> restoreBefore) {
        List<String> seen = new ArrayList<>();
        Map<String, List<KeyValue<byte[], byte[]>>> changelogs = new java.util.HashMap<>();
        TopologyTestDriver own = null;
        try {
            for (int i = 0; i < times.size(); i++) {
                if (own == null || restoreBefore.contains(i)) {
                    if (own != null) {
                        collect(own, changelogs);
                        own.close();
                    }
                    own = started();
                    RestoreScenario.restore(own, changelogs);
                }
                String id = "r" + i;
                own.createInputTopic(Topics.INDICATORS.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer())
                        .pipeInput(id, Topics.INDICATORS.valueSerde().serializer().serialize("t", indicator(id, times.get(i))),
                                times.get(i));
                own.createOutputTopic(Topics.BREACHES.name(), Topics.BREACHES.keySerde().deserializer(),
                        Topics.BREACHES.valueSerde().deserializer()).readValuesToList().forEach(breach -> seen.add(
                        breach.id() + " " + breach.state() + " " + breach.count() + " " + breach.updatedAt() + " "
                                + breach.indicators().stream().map(Breach.IndicatorRef::id).toList()));
            }
        } finally {
            if (own != null) {
                own.close();
            }
        }
        return seen;
    }

    private static TopologyTestDriver started() {
        TopologyTestDriver started = new TopologyTestDriver(ThresholdTopology.build(Lane.live(), 3, Duration.ZERO),
                DriverProperties.of("threshold-restore-test"));
        // The rules' store is not kept: every instance reads the rules topic again at its start.
        ThresholdRule rule = new ConfigLoader(Map.of()).readRule(THREE_IN_A_WEEK);
        started.createInputTopic(Topics.RULES.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer())
                .pipeInput(rule.id(), Topics.RULES.valueSerde().serializer().serialize("t", rule));
        return started;
    }

    /** Adds what each store's changelog received since the last look. */
    private static void collect(TopologyTestDriver from, Map<String, List<KeyValue<byte[], byte[]>>> changelogs) {
        for (String store : STORES) {
            changelogs.computeIfAbsent(store, ignored -> new ArrayList<>()).addAll(from.createOutputTopic(
                    "threshold-restore-test-" + store + "-changelog", Serdes.ByteArray().deserializer(),
                    Serdes.ByteArray().deserializer()).readKeyValuesToList());
        }
    }

    /** Rewrites every value of a store, below its serde, as {@code old} turns it; returns how many. */
    private int rewrite(String name, Function<byte[], byte[]> old) {
        KeyValueStore<Bytes, byte[]> raw = raw(name);
        List<KeyValue<Bytes, byte[]>> all = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = raw.all()) {
            it.forEachRemaining(all::add);
        }
        all.forEach(entry -> raw.put(entry.key, old.apply(entry.value)));
        return all.size();
    }

    private List<byte[]> rawValues(String name) {
        List<byte[]> values = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = raw(name).all()) {
            it.forEachRemaining(entry -> values.add(entry.value));
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private KeyValueStore<Bytes, byte[]> raw(String name) {
        return (KeyValueStore<Bytes, byte[]>) ((WrappedStateStore<?, ?, ?>) driver.getKeyValueStore(name)).wrapped();
    }

    private void pipe(String id, Instant at) {
        indicators.pipeInput(id, Topics.INDICATORS.valueSerde().serializer().serialize("t", indicator(id, at)), at);
    }

    private static Indicator indicator(String id, Instant at) {
        return new Indicator(id, id, "src", "rss", "https://example.org/" + id, "商务部 海关总署公告 关于对镓相关物项实施出口管制 " + id,
                Measure.EXPORT_CONTROL, Stage.IMPOSED, "CN", List.of("US"), List.of("semiconductors"), List.of(), List.of(),
                List.of(), 5, List.of(), List.of(), "v1", List.of(), at, at);
    }

}
