package chokepoint.deploy;

import chokepoint.config.ChokepointConfig;
import chokepoint.config.SourceConfig;
import chokepoint.ingest.IngestWorker;
import chokepoint.ingest.feed.FeedParser;
import chokepoint.ingest.feed.SourceCheck;
import chokepoint.outbound.FetchRefused;
import chokepoint.outbound.GuardedHttpClient;
import chokepoint.records.Indicator;
import chokepoint.records.Item;
import chokepoint.streams.classify.Classifier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./chokepoint sources …}: the configured sources, and what each would publish now. */
@Command(name = "sources", description = "The configured sources: list them, or check what they would publish.",
        subcommands = {SourcesCommand.Check.class, SourcesCommand.ListSources.class})
final class SourcesCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "list", description = "The sources grouped by jurisdiction and publisher: kind, interval, publishing "
            + "windows, address, where the format was checked, and when each last found something (read from Kafka when it answers).")
    static final class ListSources implements Callable<Integer> {
        @CommandLine.Mixin
        Chokepoint.ConfigOption config;

        @Override
        public Integer call() {
            ChokepointConfig loaded = config.load();
            System.out.print(SourcesListing.render(loaded.sources(), states(loaded), Instant.now()));
            return 0;
        }

        /** The sources' states, or null when no broker answers within a second (nothing is started for a list). */
        private static java.util.Map<String, chokepoint.records.SourceState> states(ChokepointConfig loaded) {
            String bootstrap = loaded.kafka().bootstrapServers() == null || loaded.kafka().bootstrapServers().isBlank()
                    ? "127.0.0.1:" + loaded.kafka().embeddedPort() : loaded.kafka().bootstrapServers();
            String first = bootstrap.split(",")[0].trim();
            int colon = first.lastIndexOf(':');
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress(first.substring(0, colon), Integer.parseInt(first.substring(colon + 1))), 1000);
            } catch (java.io.IOException | RuntimeException e) {
                return null;
            }
            java.util.Map<String, chokepoint.records.SourceState> states = new java.util.HashMap<>();
            chokepoint.topics.TopicReader.readAll(chokepoint.kafka.KafkaClients.of(bootstrap, loaded.kafka().client()),
                    chokepoint.topics.Topics.INGEST_SOURCES, (id, state) -> {
                        if (state != null) {
                            states.put(id, state);
                        }
                    });
            return states;
        }
    }

    @Command(name = "check", description = "Fetch each source once, now, through the same guarded client and adapter as "
            + "the worker, and print what would be published (title, date, link, identifiers, classification), publishing "
            + "nothing. With --file, run the adapter on a saved answer instead; with --detail, read a saved document page "
            + "of a site without a feed.")
    static final class Check implements Callable<Integer> {
        @CommandLine.Mixin
        Chokepoint.ConfigOption config;

        @Parameters(paramLabel = "ID", arity = "0..*", description = "sources to check (default: all)")
        List<String> ids = new ArrayList<>();

        @Option(names = "--file", paramLabel = "SAVED_RESPONSE", description = "a saved answer of the source's request")
        Path file;

        @Option(names = "--detail", paramLabel = "SAVED_PAGE", description = "a saved document page (html sources)")
        Path detail;

        @Option(names = "--content-type", paramLabel = "TYPE", description = "the saved answer's Content-Type, for its charset")
        String contentType;

        @Option(names = "--limit", description = "items shown per source (default: ${DEFAULT-VALUE})")
        int limit = 10;

        @Override
        public Integer call() throws Exception {
            ChokepointConfig settings = config.load();
            List<SourceConfig> sources = settings.sources().stream().filter(s -> ids.isEmpty() || ids.contains(s.id())).toList();
            if (sources.isEmpty() || ids.stream().anyMatch(id -> settings.sources().stream().noneMatch(s -> s.id().equals(id)))) {
                System.err.println("sources check: no source " + ids + " in the configuration; `./chokepoint sources list` names them");
                return 2;
            }
            if ((file != null || detail != null) && sources.size() != 1) {
                System.err.println("sources check: --file and --detail read one saved answer: name one source");
                return 2;
            }
            Classifier classifier = Classifier.bundled(Clock.systemUTC());
            int failing = 0;
            try (GuardedHttpClient http = new GuardedHttpClient(IngestWorker.outbound(settings.ingest()))) {
                for (SourceConfig source : sources) {
                    failing += check(source, http, classifier, System.out) ? 0 : 1;
                }
            }
            return failing == 0 ? 0 : 1;
        }

        private boolean check(SourceConfig source, GuardedHttpClient http, Classifier classifier, PrintStream out) throws Exception {
            out.printf("%s (%s) %s%n", source.id(), source.kind(), file != null ? file : detail != null ? detail : source.url());
            Instant now = Instant.now();
            SourceCheck.Found found;
            try {
                if (detail != null) {
                    found = SourceCheck.detail(source, Files.readAllBytes(detail), contentType, source.url(), now);
                } else if (file != null) {
                    found = SourceCheck.file(source, Files.readAllBytes(file), contentType, now);
                } else {
                    found = SourceCheck.live(source, http, now);
                }
            } catch (FetchRefused | FeedParser.InvalidFeed e) {
                out.println("  FAILING: " + e.getMessage());
                out.println();
                return false;
            }
            out.printf("  %d listed, %d item(s) would be published%s%n", found.listed(), found.items().size(),
                    found.note() == null ? "" : "; " + found.note());
            for (Item item : found.items().stream().limit(limit).toList()) {
                Indicator indicator = classifier.classify(item);
                out.printf("  %s  %s%n", item.published() != null ? item.published()
                        : "date unread" + (item.publishedRaw() == null ? "" : " (" + item.publishedRaw() + ")"), item.title());
                out.printf("      %s%n", item.url() == null ? "(no link)" : item.url());
                out.printf("      %s %s actor %s%s%s%n", indicator.measure(), indicator.stage() == null ? "" : indicator.stage(),
                        indicator.actor() == null ? "?" : indicator.actor(),
                        indicator.references().isEmpty() ? "" : "  identifiers " + indicator.references(),
                        item.fields().isEmpty() ? "" : "  fields " + item.fields());
            }
            out.println();
            return true;
        }
    }
}
