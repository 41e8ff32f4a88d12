package chokepoint.alerts.control;

import chokepoint.config.ConfigLoader;
import chokepoint.config.RuleMeta;
import chokepoint.config.ThresholdRule;
import chokepoint.config.RuleChange;
import chokepoint.records.Subscription;
import chokepoint.records.SubscriptionChange;
import chokepoint.records.SubscriptionOutcome;
import chokepoint.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The control application as the one writer of rules and subscriptions: what an operator says through the API stays
 * said across restarts (the configuration file seeds, never overwrites an edit, never brings back a deletion), and a
 * Streams reset, which loses the application's stores and changelogs, loses no version: the stores are rebuilt from
 * the topics they write.
 */
class ControlTopologyTest {

    private static final ConfigLoader LOADER = new ConfigLoader(Map.of());
    private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");

    private final List<TopologyTestDriver> drivers = new ArrayList<>();
    /** What the application wrote to its output topics, as a broker would keep it across restarts. */
    private final Map<String, ThresholdRule> rulesTopic = new LinkedHashMap<>();
    private final Map<String, Subscription> subscriptionsTopic = new LinkedHashMap<>();

    private TestInputTopic<String, RuleChange> ruleChanges;
    private TestInputTopic<String, ThresholdRule> rulesIn;
    private TestOutputTopic<String, ThresholdRule> rulesOut;
    private TestInputTopic<String, SubscriptionChange> subscriptionChanges;
    private TestInputTopic<String, Subscription> subscriptionsIn;
    private TestOutputTopic<String, Subscription> subscriptionsOut;
    private TestOutputTopic<String, SubscriptionOutcome> outcomes;

    /**
     * Starts the application with empty state, as after a Streams reset (or on a new machine): it first reads back
     * what the topics hold, as it does at start from its read-back sources.
     */
    private void startFresh() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "control-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/control-test-" + System.nanoTime());
        TopologyTestDriver driver = new TopologyTestDriver(ControlTopology.build(), props);
        drivers.add(driver);
        ruleChanges = driver.createInputTopic(Topics.RULE_CHANGES.name(), Serdes.String().serializer(), Topics.RULE_CHANGES.valueSerde().serializer());
        rulesIn = driver.createInputTopic(Topics.RULES.name(), Serdes.String().serializer(), Topics.RULES.valueSerde().serializer());
        rulesOut = driver.createOutputTopic(Topics.RULES.name(), Serdes.String().deserializer(), Topics.RULES.valueSerde().deserializer());
        subscriptionChanges = driver.createInputTopic(Topics.SUBSCRIPTION_CHANGES.name(), Serdes.String().serializer(),
                Topics.SUBSCRIPTION_CHANGES.valueSerde().serializer());
        subscriptionsIn = driver.createInputTopic(Topics.SUBSCRIPTIONS.name(), Serdes.String().serializer(),
                Topics.SUBSCRIPTIONS.valueSerde().serializer());
        subscriptionsOut = driver.createOutputTopic(Topics.SUBSCRIPTIONS.name(), Serdes.String().deserializer(),
                Topics.SUBSCRIPTIONS.valueSerde().deserializer());
        outcomes = driver.createOutputTopic(Topics.SUBSCRIPTION_OUTCOMES.name(), Serdes.String().deserializer(),
                Topics.SUBSCRIPTION_OUTCOMES.valueSerde().deserializer());
        rulesTopic.forEach(rulesIn::pipeInput);
        subscriptionsTopic.forEach(subscriptionsIn::pipeInput);
    }

    @AfterEach
    void tearDown() {
        drivers.forEach(TopologyTestDriver::close);
    }

    private static ThresholdRule rule(String id, int threshold) {
        return LOADER.readRule("id: " + id + "\nname: " + id + "\nmeasures: [EXPORT_CONTROL]\nwindow: 7d\nthreshold: " + threshold + "\n");
    }

    private void change(String action, String ruleId, ThresholdRule rule, String by) {
        ruleChanges.pipeInput(ruleId, new RuleChange(action + "-" + ruleId + "-" + System.nanoTime(), ruleId, action, rule, by, NOW));
    }

    /** Reads what the application wrote to the rules topic, keeps it as the broker would, and returns it. */
    private List<ThresholdRule> written() {
        List<ThresholdRule> out = new ArrayList<>();
        rulesOut.readKeyValuesToList().forEach(kv -> {
            out.add(kv.value);
            rulesTopic.put(kv.key, kv.value);
        });
        return out;
    }

    @Test
    void theFileSeedsRulesButNeverOverwritesAnEditNorBringsBackADeletionAcrossRestarts() {
        startFresh();
        change(RuleChange.SEED, "edited", rule("edited", 2), "configuration file");
        change(RuleChange.SEED, "deleted", rule("deleted", 2), "configuration file");
        change(RuleChange.SEED, "file-only", rule("file-only", 2), "configuration file");
        List<ThresholdRule> seeded = written();
        assertEquals(3, seeded.size());
        assertTrue(seeded.stream().allMatch(r -> r.meta().version() == 1 && RuleMeta.FILE.equals(r.meta().origin())));

        change(RuleChange.PUT, "edited", rule("edited", 5), "alice");
        change(RuleChange.DELETE, "deleted", null, "alice");
        List<ThresholdRule> edits = written();
        assertEquals(5, edits.get(0).threshold());
        assertEquals(new RuleMeta(2, RuleMeta.API, "alice", NOW, edits.get(0).meta().change(), false), edits.get(0).meta());
        assertTrue(edits.get(1).deleted(), "a deletion is kept as a record, so the file cannot bring the rule back");

        // A restart of every process: the file offers its rules again.
        startFresh();
        change(RuleChange.SEED, "edited", rule("edited", 2), "configuration file");
        change(RuleChange.SEED, "deleted", rule("deleted", 2), "configuration file");
        change(RuleChange.SEED, "file-only", rule("file-only", 2), "configuration file");
        assertTrue(written().isEmpty(), "the edit stays edited, the deletion stays deleted, the unchanged file rule is not rewritten");
        assertEquals(5, rulesTopic.get("edited").threshold());
        assertTrue(rulesTopic.get("deleted").deleted());

        // The operator edits the file: a rule the file owns follows it; one edited through the API does not.
        change(RuleChange.SEED, "file-only", rule("file-only", 3), "configuration file");
        change(RuleChange.SEED, "edited", rule("edited", 9), "configuration file");
        List<ThresholdRule> afterFileEdit = written();
        assertEquals(1, afterFileEdit.size());
        assertEquals(3, afterFileEdit.get(0).threshold());
        assertEquals(2, afterFileEdit.get(0).meta().version());
    }

    @Test
    void aRuleWrittenBeforeTheControlApplicationIsAdoptedWhenTheFileAgreesAndKeptWhenItDiffers() {
        rulesTopic.put("same", rule("same", 2));
        rulesTopic.put("edited-long-ago", rule("edited-long-ago", 4));
        startFresh();
        change(RuleChange.SEED, "same", rule("same", 2), "configuration file");
        change(RuleChange.SEED, "edited-long-ago", rule("edited-long-ago", 2), "configuration file");
        List<ThresholdRule> out = written();
        assertEquals(1, out.size(), "only the rule the file agrees with is adopted: " + out);
        assertEquals("same", out.get(0).id());
        assertEquals(RuleMeta.FILE, out.get(0).meta().origin());
        assertEquals(4, rulesTopic.get("edited-long-ago").threshold());
    }

    private static Subscription subscription(String name, long version) {
        return new Subscription("sub-1", "alice", name, null, List.of(), null, null, List.of(), false, NOW, NOW, version);
    }

    private SubscriptionOutcome changeSubscription(long fromVersion, Subscription value) {
        subscriptionChanges.pipeInput("sub-1", new SubscriptionChange("c-" + System.nanoTime(), "sub-1", fromVersion, value, "alice", NOW));
        subscriptionsOut.readKeyValuesToList().forEach(kv -> subscriptionsTopic.put(kv.key, kv.value));
        return outcomes.readValue();
    }

    @Test
    void aStreamsResetKeepsSubscriptionEditsWorking() {
        startFresh();
        assertTrue(changeSubscription(0, subscription("created", 0)).accepted());
        assertTrue(changeSubscription(1, subscription("renamed", 1)).accepted());
        assertEquals(2, subscriptionsTopic.get("sub-1").version());

        // A reset: the application's stores and changelogs are gone; the subscriptions topic is not.
        startFresh();
        SubscriptionOutcome edit = changeSubscription(2, subscription("after the reset", 2));
        assertTrue(edit.accepted(), "the version came back with the subscription: " + edit.reason());
        assertEquals(3, subscriptionsTopic.get("sub-1").version());
        SubscriptionOutcome stale = changeSubscription(1, subscription("stale", 1));
        assertTrue(!stale.accepted() && stale.version() == 3, "a change from an old version is still refused");
        assertNull(outcomes.isEmpty() ? null : outcomes.readValue());
    }
}
