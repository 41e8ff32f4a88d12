package chokepoint.alerts.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin token and the secret key: owner-only from their first instant, made once, never half-written. */
class PrivateFilesTest {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    @TempDir
    Path dataDir;

    @Test
    void theAdminTokenFileIsOwnerOnlyAndKeptAcrossStarts() throws IOException {
        String token = AccessTokens.generatedAdminToken(dataDir);
        Path file = dataDir.resolve("admin-token");
        assertEquals(OWNER_ONLY, Files.getPosixFilePermissions(file));
        assertTrue(token.length() >= 32, token.length() + " characters");
        assertEquals(token, AccessTokens.generatedAdminToken(dataDir), "the second start reads the same token");
        assertEquals(List.of("admin-token"), names(dataDir), "no temporary file left behind");
    }

    @Test
    void theSecretKeyFileIsOwnerOnlyAndKeptAcrossStarts() throws Exception {
        SecretBox first = SecretBox.fromSettings(null, dataDir);
        assertEquals(OWNER_ONLY, Files.getPosixFilePermissions(dataDir.resolve("secret.key")));
        String sealed = first.seal("https://hooks.slack.com/services/T0/B0/x");
        assertEquals("https://hooks.slack.com/services/T0/B0/x", SecretBox.fromSettings("", dataDir).open(sealed));
        assertEquals(List.of("secret.key"), names(dataDir));
    }

    @Test
    void instancesStartingAtOnceAllReadTheOneTokenThatWon() throws Exception {
        int instances = 8;
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> tokens = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                tokens.add(pool.submit(() -> {
                    start.await();
                    return AccessTokens.generatedAdminToken(dataDir);
                }));
            }
            start.countDown();
            Set<String> distinct = ConcurrentHashMap.newKeySet();
            for (Future<String> token : tokens) {
                distinct.add(token.get());
            }
            assertEquals(1, distinct.size(), "every instance reads the same token");
            assertEquals(OWNER_ONLY, Files.getPosixFilePermissions(dataDir.resolve("admin-token")));
            assertEquals(List.of("admin-token"), names(dataDir));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * While the files are made, a watcher lists the folder as fast as it can and looks at the permissions of
     * everything it sees, temporary files included: none may ever be readable by group or others.
     */
    @Test
    void noFileInTheFolderIsEverReadableByOthersWhileItIsMade() throws Exception {
        List<String> seen = new ArrayList<>();
        for (int round = 0; round < 50; round++) {
            Path folder = Files.createDirectory(dataDir.resolve("round-" + round));
            AtomicBoolean done = new AtomicBoolean();
            Thread watcher = new Thread(() -> {
                while (!done.get()) {
                    try (Stream<Path> entries = Files.list(folder)) {
                        entries.forEach(entry -> {
                            try {
                                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(entry);
                                if (!OWNER_ONLY.containsAll(mode)) {
                                    synchronized (seen) {
                                        seen.add(entry.getFileName() + " " + PosixFilePermissions.toString(mode));
                                    }
                                }
                            } catch (NoSuchFileException gone) {
                                // a temporary file removed between the listing and the look
                            } catch (IOException e) {
                                throw new IllegalStateException(e);
                            }
                        });
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            watcher.start();
            AccessTokens.generatedAdminToken(folder);
            SecretBox.fromSettings(null, folder);
            done.set(true);
            watcher.join();
        }
        assertEquals(List.of(), seen);
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
