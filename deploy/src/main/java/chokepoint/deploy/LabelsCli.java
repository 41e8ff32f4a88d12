package chokepoint.deploy;

import chokepoint.config.ChokepointConfig;
import chokepoint.records.Correction;
import chokepoint.records.Item;
import chokepoint.records.Json;
import chokepoint.streams.corpus.CorrectionExport;
import chokepoint.topics.TopicReader;
import chokepoint.topics.Topics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code ./chokepoint labels export}: analysts' corrections as corpus items, for the next {@code ./chokepoint train}. */
@Command(name = "labels", description = "Analysts' corrections as labelled data.", subcommands = LabelsCli.Export.class)
final class LabelsCli implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    @Command(name = "export", description = "Write every correction in force (chokepoint.corrections) in the corpus "
            + "format (labelledBy \"analyst:<name>\"), with the item's title and text as ingested; JSON Lines to "
            + "standard output or to FILE.")
    static final class Export implements Callable<Integer> {
        @CommandLine.Mixin
        Chokepoint.ConfigOption config;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write here instead of standard output "
                + "(e.g. corpus/items/news/analysts.jsonl; check it with ./chokepoint corpus validate)")
        Path output;

        @Override
        public Integer call() throws Exception {
            ChokepointConfig settings = config.load();
            Topics.usePrefix(settings.kafka().topicPrefix());
            try (ClusterAccess cluster = ClusterAccess.open(settings, "labels export", System.err)) {
                Map<String, Correction> corrections = new TreeMap<>();
                TopicReader.readAll(cluster.clients(), Topics.CORRECTIONS, (id, c) -> {
                    if (c == null) {
                        corrections.remove(id);
                    } else {
                        corrections.put(id, c);
                    }
                });
                Map<String, String> wanted = new HashMap<>();
                corrections.values().forEach(c -> wanted.put(c.itemId() == null ? c.indicatorId() : c.itemId(), c.indicatorId()));
                Map<String, Item> items = new HashMap<>();
                if (!wanted.isEmpty()) {
                    TopicReader.readAll(cluster.clients(), Topics.ITEMS, (id, item) -> {
                        if (item != null && wanted.containsKey(id)) {
                            items.put(id, item);
                        }
                    });
                }
                List<String> lines = new ArrayList<>();
                int missing = 0;
                for (Correction c : corrections.values()) {
                    Item item = items.get(c.itemId() == null ? c.indicatorId() : c.itemId());
                    if (item == null) {
                        missing++;
                        System.err.println("labels export: item " + c.itemId() + " of indicator " + c.indicatorId()
                                + " is no longer on " + Topics.ITEMS.name() + ": skipped");
                        continue;
                    }
                    lines.add(Json.MAPPER.writeValueAsString(CorrectionExport.item(c, item)));
                }
                if (output == null) {
                    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
                    lines.forEach(out::println);
                } else {
                    Path parent = output.toAbsolutePath().getParent();
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                    Files.write(output, lines, StandardCharsets.UTF_8);
                }
                System.err.printf("labels export: %d corrections written%s%n", lines.size(),
                        missing == 0 ? "" : ", " + missing + " skipped");
                return 0;
            }
        }
    }
}
