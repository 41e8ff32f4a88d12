package chokepoint.streams.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which split each corpus item belongs to. Within each family, by time: the newest ~20% are test, the next ~15% dev,
 * the rest train (a model is judged on what came after what it learned from). The split is frozen once, when the
 * corpus is complete, into {@code splits/test.ids}, {@code dev.ids} and {@code train.ids} with the SHA-256 of the test
 * list in {@code splits/test.sha256}; after that the test split never changes: items added later go to dev (a stable ~15%
 * by a hash of their id) or train, never to test. Before freezing, the split is computed afresh from the items.
 */
public final class Splits {

    static final double TEST_SHARE = 0.20;
    static final double DEV_SHARE = 0.15;
    public static final String TEST_IDS = "splits/test.ids";
    public static final String DEV_IDS = "splits/dev.ids";
    public static final String TEST_HASH = "splits/test.sha256";
    public static final String TRAIN_IDS = "splits/train.ids";

    private final Set<String> test;
    private final Set<String> dev;
    private final Set<String> train;
    private final String recordedHash;

    private Splits(Set<String> test, Set<String> dev, Set<String> train, String recordedHash) {
        this.test = test;
        this.dev = dev;
        this.train = train;
        this.recordedHash = recordedHash;
    }

    /** The frozen split of a corpus folder, or an unfrozen one (empty lists) when {@code splits/test.ids} is absent. */
    public static Splits read(Path root) {
        Path testFile = root.resolve(TEST_IDS);
        if (!Files.exists(testFile)) {
            return new Splits(Set.of(), Set.of(), Set.of(), null);
        }
        try {
            String hash = Files.exists(root.resolve(TEST_HASH))
                    ? Files.readString(root.resolve(TEST_HASH), StandardCharsets.UTF_8).strip().split("\\s+")[0] : "";
            return new Splits(ids(testFile), optionalIds(root.resolve(DEV_IDS)), optionalIds(root.resolve(TRAIN_IDS)), hash);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the split of " + root, e);
        }
    }

    private static Set<String> optionalIds(Path file) throws IOException {
        return Files.exists(file) ? ids(file) : Set.of();
    }

    private static Set<String> ids(Path file) throws IOException {
        Set<String> ids = new TreeSet<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                ids.add(line.strip());
            }
        }
        return ids;
    }

    public boolean frozen() {
        return recordedHash != null;
    }

    public Set<String> testIds() {
        return test;
    }

    public Set<String> devIds() {
        return dev;
    }

    /** The hash written when the split was frozen (empty when the file is missing); null when not frozen. */
    public String recordedHash() {
        return recordedHash;
    }

    /** The hash of the test ids as they are listed now. */
    public String currentHash() {
        return hashOf(test);
    }

    /** SHA-256 of the sorted ids, one per line: what {@code test.sha256} records. */
    public static String hashOf(Set<String> ids) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String id : new TreeSet<>(ids)) {
                digest.update((id + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The split of every item, in the corpus's order. */
    public Map<String, Split> assign(Corpus corpus) {
        Map<String, Split> assigned = frozen() ? new LinkedHashMap<>() : proposed(corpus.items());
        if (frozen()) {
            for (CorpusItem item : corpus.items()) {
                assigned.put(item.id(), test.contains(item.id()) ? Split.TEST
                        : dev.contains(item.id()) ? Split.DEV : train.contains(item.id()) ? Split.TRAIN
                        : laterToDev(item.id()) ? Split.DEV : Split.TRAIN);
            }
        }
        return assigned;
    }

    /** The items of one split, in the corpus's order. */
    public List<CorpusItem> of(Corpus corpus, Split split) {
        Map<String, Split> assigned = assign(corpus);
        return corpus.items().stream().filter(i -> assigned.get(i.id()) == split).toList();
    }

    public Set<String> trainIds() {
        return train;
    }

    /** An item added after the freeze goes to dev with the dev share of the non-test part, by a stable hash of its id. */
    static boolean laterToDev(String id) {
        int bucket = Math.floorMod(hashOf(Set.of(id)).hashCode(), 1000);
        return bucket < Math.round(1000 * DEV_SHARE / (1 - TEST_SHARE));
    }

    /** Per family, newest first (date, then id for a stable order): the first 20% test, the next 15% dev. */
    static Map<String, Split> proposed(List<CorpusItem> items) {
        Map<String, List<CorpusItem>> byFamily = new LinkedHashMap<>();
        items.forEach(i -> byFamily.computeIfAbsent(String.valueOf(i.family()), f -> new ArrayList<>()).add(i));
        Map<String, Split> assigned = new LinkedHashMap<>();
        items.forEach(i -> assigned.put(i.id(), Split.TRAIN));
        byFamily.values().forEach(family -> {
            List<CorpusItem> newestFirst = new ArrayList<>(family);
            newestFirst.sort(Comparator.comparing((CorpusItem i) -> String.valueOf(i.date())).reversed()
                    .thenComparing(i -> String.valueOf(i.id())));
            int tests = (int) Math.round(newestFirst.size() * TEST_SHARE);
            int devs = (int) Math.round(newestFirst.size() * DEV_SHARE);
            for (int k = 0; k < newestFirst.size(); k++) {
                assigned.put(newestFirst.get(k).id(), k < tests ? Split.TEST : k < tests + devs ? Split.DEV : Split.TRAIN);
            }
        });
        return assigned;
    }

    /**
     * Writes the split as it is proposed now into the three files. Refused when it is already frozen: the test split
     * is made once.
     */
    public static Splits freeze(Corpus corpus) throws IOException {
        Path root = corpus.root();
        if (Files.exists(root.resolve(TEST_IDS))) {
            throw new IllegalStateException("the split is already frozen (" + root.resolve(TEST_IDS)
                    + "): the test split is made once; new items go to train or dev by themselves");
        }
        Map<String, Split> proposed = proposed(corpus.items());
        Set<String> test = new TreeSet<>();
        Set<String> dev = new TreeSet<>();
        Set<String> train = new TreeSet<>();
        proposed.forEach((id, split) -> (split == Split.TEST ? test : split == Split.DEV ? dev : train).add(id));
        Files.createDirectories(root.resolve("splits"));
        Files.write(root.resolve(TEST_IDS), test, StandardCharsets.UTF_8);
        Files.write(root.resolve(DEV_IDS), dev, StandardCharsets.UTF_8);
        Files.write(root.resolve(TRAIN_IDS), train, StandardCharsets.UTF_8);
        Files.writeString(root.resolve(TEST_HASH), hashOf(test) + "  test.ids\n", StandardCharsets.UTF_8);
        return read(root);
    }
}
