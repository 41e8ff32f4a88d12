package chokepoint.deploy;

import chokepoint.alerts.replay.ReplayRequest;
import chokepoint.alerts.replay.ReplayResult;
import chokepoint.alerts.replay.ReplayRun;
import chokepoint.config.ChokepointConfig;

import java.io.PrintStream;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * {@code ./chokepoint replay}: a replay from the command line, against the configured cluster, or the embedded
 * broker's data: through the running {@code ./chokepoint run} when there is one, else with a broker of its own on
 * the same data folder. Shows a progress bar on standard error and a summary table on standard output.
 */
final class ReplayCommand {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private ReplayCommand() {
    }

    static int run(ChokepointConfig config, ReplayRequest request, PrintStream out, PrintStream err) throws Exception {
        try (ClusterAccess cluster = ClusterAccess.open(config, "replay", err)) {
            ProgressBar bar = new ProgressBar(err);
            ReplayResult result = new ReplayRun("cli-" + UUID.randomUUID().toString().substring(0, 8), config, cluster.clients(),
                    request, bar::show).run();
            bar.finish();
            print(result, out);
            return 0;
        }
    }

    static void print(ReplayResult result, PrintStream out) {
        out.printf("%d items replayed in %.1f s (%.0f items/s), %d indicators%n%n", result.itemsRead(), result.seconds(),
                result.itemsPerSecond(), result.indicators());
        out.printf("%-17s  %-28s  %-12s  %5s  %-6s  %-6s%n", "fired at (UTC)", "rule", "group", "count", "replay", "live");
        for (ReplayResult.BreachRow row : result.breaches()) {
            out.printf("%-17s  %-28s  %-12s  %5d  %-6s  %-6s%n", WHEN.format(row.firedAt()), cut(row.ruleId(), 28),
                    cut(row.groupKey(), 12), row.count(), row.inReplay() ? "yes" : "-", row.inLive() ? "yes" : "-");
        }
        out.printf("%nbreaches: %d in both, %d only in the replay, %d only live%n", result.both(), result.onlyReplay(), result.onlyLive());
        out.printf("indicators classified differently now: %d%n", result.changedCount());
        for (ReplayResult.Change change : result.changes().subList(0, Math.min(20, result.changes().size()))) {
            out.printf("  %s: %s %s %s → %s %s %s  %s%n", change.itemId(), change.liveMeasure(), change.liveStage(), change.liveActor(),
                    change.replayMeasure(), change.replayStage(), change.replayActor(), cut(change.title() == null ? "" : change.title(), 60));
        }
    }

    private static String cut(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }

    /** A one-line bar redrawn in place on a terminal, a line per phase otherwise. */
    private static final class ProgressBar {
        private final PrintStream err;
        private final boolean terminal = System.console() != null;
        private String lastPhase = "";
        private long lastDraw;

        ProgressBar(PrintStream err) {
            this.err = err;
        }

        synchronized void show(ReplayRun.Progress progress) {
            long now = System.currentTimeMillis();
            boolean newPhase = !progress.phase().equals(lastPhase);
            if (!newPhase && now - lastDraw < 250) {
                return;
            }
            lastDraw = now;
            lastPhase = progress.phase();
            int percent = progress.total() == 0 ? 0 : (int) (100 * progress.read() / progress.total());
            String bar = "#".repeat(percent / 4) + ".".repeat(25 - percent / 4);
            String line = String.format("[%s] %3d%%  %,d/%,d records  %s", bar, percent, progress.read(), progress.total(), progress.phase());
            if (terminal) {
                err.print("\r" + line + "   ");
            } else if (newPhase) {
                err.println(line);
            }
        }

        void finish() {
            if (terminal) {
                err.println();
            }
        }
    }
}
