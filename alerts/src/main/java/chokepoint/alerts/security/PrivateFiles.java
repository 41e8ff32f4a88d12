package chokepoint.alerts.security;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Secrets written to the data folder (the admin token, the secret key) come into existence readable by their owner
 * only, complete, and at most once:
 * <ol>
 *   <li>a temporary file is created with mode 0600 in the same system call that creates it (O_CREAT|O_EXCL with the
 *   mode; the umask can only take permissions away), so no one else can open it even for an instant;</li>
 *   <li>the secret is written and forced to disk;</li>
 *   <li>it is given its name by a hard link, which fails if the name exists: two processes starting at once both
 *   read the one secret that won, and no reader ever sees an empty or half-written file.</li>
 * </ol>
 */
final class PrivateFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    /**
     * Writes {@code content} to {@code file} unless it exists, and returns what the file holds then (ours, or the one
     * another process made first).
     */
    static String createOnce(Path file, String content) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        boolean posix = folder.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] ownerOnly = posix
                ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
        Path temporary = Files.createTempFile(folder, "." + file.getFileName(), ".tmp", ownerOnly);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(StandardCharsets.UTF_8.encode(content));
                channel.force(true);
            }
            try {
                Files.createLink(file, temporary);
            } catch (FileAlreadyExistsException lost) {
                // Another process made it first: theirs is the secret.
            } catch (UnsupportedOperationException | IOException noHardLinks) {
                if (Files.exists(file)) {
                    return Files.readString(file, StandardCharsets.UTF_8);
                }
                // A file system without hard links: a plain move, which keeps the 0600 mode it was created with.
                Files.move(temporary, file);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
