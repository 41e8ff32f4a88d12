package chokepoint.deploy;

import chokepoint.config.ChokepointConfig;
import chokepoint.config.SlackSettings;
import chokepoint.config.SourceConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code ./chokepoint demo}: the pipeline on the {@link DemoStory}, its feeds and a Slack stand-in that prints what
 * it receives, with the data in {@code data-dir/demo} (emptied first unless kept: notices published by an earlier
 * demo would not be published again, and the page would stay empty). The feeds start releasing once the pipeline
 * is ready.
 */
record DemoRun(Pipeline pipeline, DemoFeed feed, DemoSlackReceiver slack) implements AutoCloseable {

    static final int PER_STEP = 3;

    static DemoRun start(ChokepointConfig settings, Duration step, boolean keep, PrintStream slackOut, PrintStream err)
            throws IOException {
        Path demoData = settings.dataDir().resolve("demo");
        if (!keep && Files.exists(demoData)) {
            try (var files = Files.walk(demoData)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
            err.println("demo: emptied " + demoData + " (an earlier demo's data; --keep keeps it)");
        }
        DemoFeed feed = DemoFeed.start(PER_STEP, step);
        DemoSlackReceiver slack = DemoSlackReceiver.start(slackOut);
        List<String> allowed = new ArrayList<>(settings.ingest().allowedPrivate());
        allowed.add(feed.hostPort());
        List<SlackSettings.Webhook> hooks = new ArrayList<>(settings.slack().webhooks());
        hooks.add(new SlackSettings.Webhook("demo-receiver", slack.webhookUrl()));
        List<String> receivers = new ArrayList<>(settings.delivery().allowedPrivate());
        receivers.add(slack.hostPort());
        List<SourceConfig> sources = new ArrayList<>();
        for (DemoStory.Source source : DemoStory.Source.values()) {
            // The story's notices are news arriving now, from the first poll on: no silent baseline.
            sources.add(new SourceConfig(source.sourceId, "rss", feed.url(source), Duration.ofSeconds(2),
                    source.jurisdiction, source.lang).withBaseline(false));
        }
        ChokepointConfig demo = settings
                .withDelivery(settings.delivery().withAllowedPrivate(receivers))
                .withDataDir(demoData)
                .withIngest(settings.ingest().withAllowedPrivate(allowed))
                .withSources(sources)
                .withSlack(new SlackSettings(hooks))
                // The demo runs on one machine for the person watching it: its dossiers open from the page without a token.
                .withDossiers(settings.dossiers().withOpen(true));
        Pipeline pipeline;
        try {
            pipeline = Pipeline.start(demo);
        } catch (IOException | RuntimeException e) {
            feed.close();
            slack.close();
            throw e;
        }
        feed.begin();
        err.println("demo: releasing " + feed.total() + " real notices (MOFCOM, EU Official Journal, US Federal Register), "
                + PER_STEP + " every " + step.toSeconds() + " s; open http://localhost:" + pipeline.httpPort()
                + "/ and watch; breaches are printed here by the demo Slack receiver.");
        err.println("demo: the admin token is in " + demoData.resolve("admin-token") + "; after the demo, "
                + "./chokepoint replay --demo --from ... --to ... replays its data.");
        return new DemoRun(pipeline, feed, slack);
    }

    /** What the demo's Slack stand-in received, as Block Kit JSON. */
    public java.util.List<String> slackMessages() {
        return slack.messages();
    }

    @Override
    public void close() {
        pipeline.close();
        feed.close();
        slack.close();
    }
}
